/**
 * 失信 / 限高 (credit-sanctions.bpmn) on the engine with the real workers and the credit-publication
 * simulator, on the controlled clock: each gateway branch (excluded, not approved, restriction or
 * 失信, grace or none, each request kind), the grace-period timer and message, the listing-term
 * timer, and the documents the decision produces.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import { CreditPublicationSimulator, getCreditPublication } from '../../workers/court-systems/credit/index.js';
import { DAY, ProcessHarness } from '../support/process-harness.js';

let h: ProcessHarness;
let credit: CreditPublicationSimulator;
beforeAll(async () => {
  h = await ProcessHarness.start({ startAt: '2026-03-02T09:00:00+08:00', deploy: ['credit-sanctions.bpmn'] });
  credit = getCreditPublication(h.workers!.context) as CreditPublicationSimulator;
}, 180_000);
afterAll(() => h?.close());

let seq = 200;
const newCase = (extra: Record<string, unknown> = {}) => {
  seq++;
  return {
    caseId: `credit-case-${seq}`,
    caseNumber: `（2026）豫1330执${seq}号`,
    courtCode: '豫1330',
    applicant: { name: '张三', kind: 'person' },
    respondents: [{ name: '李四', kind: 'person', idNumber: '411330199001011234' }],
    claimAmount: 80000,
    ...extra,
  };
};
const blacklist = (extra: Record<string, unknown> = {}) => ({
  sanctionType: 'blacklist',
  sanctionGround: '2',
  securityAdequate: false,
  seizedAssetsSufficient: false,
  debtorIsMinor: false,
  gracePeriodMonths: 0,
  factsAndReasons: '被执行人以暴力方法抗拒执行，情节严重',
  ...extra,
});
const waitActive = (pi: string, elementId: string) =>
  h.until(`${elementId} active in ${pi}`, 30_000, async () => {
    const incidents = await h.incidents(pi);
    if (incidents.length) throw new Error(`incidents: ${incidents.map((i) => `${i.elementId}: ${i.errorMessage}`).join('; ')}`);
    return (await h.active(pi)).includes(elementId);
  });
const writesOf = (caseNumber: string) => credit.writes.filter((w) => w.includes(caseNumber));
const documentText = async (caseId: string, kind: string) => {
  const doc = h.documents.listByCase(caseId).find((d) => d.kind === kind);
  expect(doc, `${kind} of ${caseId}`).toBeDefined();
  return (await JSZip.loadAsync(h.documents.read(doc!.id)!.content)).file('word/document.xml')!.async('string');
};
/** proposes and has the president sign; returns the instance */
const signed = async (variables: Record<string, unknown>, proposal: Record<string, unknown>) => {
  const pi = await h.createInstance('credit-sanctions', variables);
  const propose = await h.completeTask(pi, 'proposeSanction', proposal);
  expect(propose.candidateGroups).toEqual(['执行团队']);
  const sign = await h.completeTask(pi, 'presidentSign', { presidentDecision: 'approve' });
  expect(sign.candidateGroups).toEqual(['院领导']);
  return pi;
};

describe('credit-sanctions (失信 / 限高)', { timeout: 120_000 }, () => {
  it('限制消费 only: the order is made and published; lifting on security needs 院领导 and ends the sanction', async () => {
    const c = newCase();
    const pi = await signed(c, { sanctionType: 'restriction', factsAndReasons: '被执行人未按执行通知履行义务' });
    await waitActive(pi, 'listed');

    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['checkEligibility', 'generateRestrictionOrder', 'publish']));
    expect(await h.visited(pi)).not.toContain('generateBlacklistDecision');
    expect(writesOf(c.caseNumber)).toEqual([`publish XG:${c.caseNumber}:411330199001011234`]);
    expect(await h.variables(pi)).toMatchObject({ creditListed: false, listingExpiresAt: null, listingAllowed: true });
    const order = await documentText(c.caseId, '限制消费令');
    expect(order).toContain(c.caseNumber);
    expect(order).toContain('李四');

    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'lift', reason: '被执行人提供了确实有效的担保' } });
    const review = await h.completeTask(pi, 'reviewLift', { liftGround: 'security', liftDecision: 'approve', liftOpinion: '担保充分，同意解除' });
    expect(review.candidateGroups).toEqual(['院领导']);
    await h.waitForCompletion(pi);

    expect(await h.variables(pi)).toMatchObject({ sanctionOutcome: 'lifted', restrictionLifted: true });
    expect((await credit.get(`XG:${c.caseNumber}:411330199001011234`))?.status).toBe('lifted');
  });

  it('失信 with a 2-month grace period: published when it ends, corrected once (a rejected request changes nothing), deleted when the 2-year term ends', async () => {
    const c = newCase();
    const pi = await signed(c, blacklist({ gracePeriodMonths: 2 }));
    await waitActive(pi, 'awaitGrace');

    const decision = await documentText(c.caseId, '失信决定书');
    expect(decision).toContain('以伪造证据、暴力、威胁等方法妨碍、抗拒执行');
    expect(decision).toContain('期限为2年');
    await documentText(c.caseId, '限制消费令');
    expect(writesOf(c.caseNumber)).toEqual([]);

    await h.advanceClock(59 * DAY);
    expect(await h.active(pi)).toContain('awaitGrace');
    await h.advanceClock(2 * DAY);
    await waitActive(pi, 'listed');

    const entryId = `SX:${c.caseNumber}:411330199001011234`;
    expect(writesOf(c.caseNumber)).toEqual([`publish ${entryId}`, `publish XG:${c.caseNumber}:411330199001011234`]);
    const vars = await h.variables(pi);
    expect(vars.creditListed).toBe(true);
    expect(vars.listingExpiresAt).toBe('2028-05-02T01:00:00.000Z');

    // a correction the reviewer rejects, then one that is well-founded (SX 12: review in 15 days)
    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'correction', reason: '身份证号有误' } });
    const review = await h.waitForTask(pi, 'reviewCorrection');
    // 15 days, moved past the weekend when the last day is not a working day (民诉法 §85)
    expect(review.dueDate && new Date(review.dueDate).toISOString()).toBe(createCalendar({ holidaysFile: h.holidaysFile }).addCalendarDays(h.now(), 15).toISOString());
    await h.completeTask(pi, 'reviewCorrection', { correctionDecision: 'reject', correctionOpinion: '信息无误' });
    await waitActive(pi, 'listed');
    expect(writesOf(c.caseNumber)).toHaveLength(2);

    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'correction', reason: '姓名有误' } });
    await h.completeTask(pi, 'reviewCorrection', { correctionDecision: 'correct', correctedInformation: '被执行人姓名更正为李肆', correctionOpinion: '理由成立' });
    await h.until('corrected and listed again', 15_000, async () => (await h.visited(pi)).includes('correctEntry') && (await h.active(pi)).includes('listed'));
    expect(writesOf(c.caseNumber)).toHaveLength(3);
    expect((await credit.get(entryId))?.corrections.map((x) => x.changes)).toEqual([{ note: '被执行人姓名更正为李肆' }]);

    // the listing term (2 years from publication) ends
    await h.advanceClock(Date.parse(vars.listingExpiresAt) - h.now());
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ sanctionOutcome: 'expired', creditDeleted: true, creditDeletionReason: '失信期限届满（SX 2）' });
    expect((await credit.get(entryId))?.status).toBe('deleted');
  });

  it('失信 performed within the grace period: nothing is published', async () => {
    const c = newCase();
    const pi = await signed(c, blacklist({ gracePeriodMonths: 3 }));
    await waitActive(pi, 'awaitGrace');
    await h.advanceClock(30 * DAY);
    await h.publishMessage('credit-sanctions.performed', c.caseNumber, { performedAt: new Date(h.now()).toISOString() });
    await h.waitForCompletion(pi);

    expect(await h.variables(pi)).toMatchObject({ sanctionOutcome: 'performed-in-grace' });
    expect(await h.visited(pi)).toContain('performedInGrace');
    expect(writesOf(c.caseNumber)).toEqual([]);
  });

  it('失信 for ground 1 has no term; a lift request while listed is refused (XG 1); deletion on performance also lifts the restriction', async () => {
    const c = newCase();
    const pi = await signed(c, blacklist({ sanctionGround: '1' }));
    await waitActive(pi, 'listed');
    expect(await h.variables(pi)).toMatchObject({ listingExpiresAt: null, listingTermYears: null });

    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'lift', reason: '申请执行人同意' } });
    await h.completeTask(pi, 'reviewLift', { liftGround: 'applicant-consent', liftDecision: 'approve', liftOpinion: '同意' });
    // the worker's retries back off on the engine's clock: move it on until they are used up
    const [incident] = await h.until('the lift refused', 30_000, async () => {
      const found = await h.incidents(pi);
      if (!found.length) await h.advanceClock(20_000);
      return found.length ? found : undefined;
    });
    expect(incident).toMatchObject({ elementId: 'liftRestriction' });
    expect(incident!.errorMessage).toContain('仍在失信被执行人名单中，应当限制消费（XG 1）');
    await h.cancel(pi);

    const again = await signed({ ...c, caseId: `${c.caseId}-b` }, blacklist({ sanctionGround: '1' }));
    await waitActive(again, 'listed');
    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'deletion', reason: '被执行人已全部履行' } });
    await h.waitForCompletion(again);
    expect(await h.variables(again)).toMatchObject({ sanctionOutcome: 'deleted', creditDeleted: true, restrictionLifted: true });
    expect((await credit.get(`SX:${c.caseNumber}:411330199001011234`))?.status).toBe('deleted');
    expect((await credit.get(`XG:${c.caseNumber}:411330199001011234`))?.status).toBe('lifted');
    // the second instance published the same entries: the system saw each publication once
    expect(writesOf(c.caseNumber).filter((w) => w.startsWith('publish'))).toHaveLength(2);
  });

  it('a correction or lift that is rejected keeps the listing', async () => {
    const c = newCase();
    const pi = await signed(c, { sanctionType: 'restriction', factsAndReasons: '被执行人未按执行通知履行义务' });
    await waitActive(pi, 'listed');
    await h.publishMessage('credit-sanctions.request', c.caseNumber, { creditRequest: { kind: 'lift', reason: '申请解除' } });
    await h.completeTask(pi, 'reviewLift', { liftGround: 'other', liftDecision: 'reject', liftOpinion: '不符合解除条件' });
    await h.until('listed again', 15_000, async () => (await h.visited(pi)).includes('liftGateway') && (await h.active(pi)).includes('listed'));
    expect((await credit.get(`XG:${c.caseNumber}:411330199001011234`))?.status).toBe('published');
    await h.cancel(pi);
  });

  it('excluded (SX 3, 4): adequate security or a minor debtor cannot be listed', async () => {
    const c = newCase();
    const pi = await h.createInstance('credit-sanctions', c);
    await h.completeTask(pi, 'proposeSanction', blacklist({ securityAdequate: true }));
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ sanctionOutcome: 'excluded', listingAllowed: false, exclusionReasons: ['已提供充分有效担保（SX 3）'] });

    const minor = newCase({ respondents: [{ name: '王小', kind: 'person', idNumber: '411330201201011234' }] });
    const pj = await h.createInstance('credit-sanctions', minor);
    await h.completeTask(pj, 'proposeSanction', blacklist());
    await h.waitForCompletion(pj);
    expect(await h.variables(pj)).toMatchObject({ sanctionOutcome: 'excluded', exclusionReasons: ['被执行人王小为未成年人（SX 4）'] });
    expect(writesOf(minor.caseNumber)).toEqual([]);
  });

  it('not signed by the 院长: ends without documents or publication', async () => {
    const c = newCase();
    const pi = await h.createInstance('credit-sanctions', c);
    await h.completeTask(pi, 'proposeSanction', blacklist());
    await h.completeTask(pi, 'presidentSign', { presidentDecision: 'reject', presidentComment: '证据不足' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ sanctionOutcome: 'not-approved' });
    expect(h.documents.listByCase(c.caseId)).toEqual([]);
    expect(writesOf(c.caseNumber)).toEqual([]);
  });
});
