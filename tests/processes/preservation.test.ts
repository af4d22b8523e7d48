/**
 * 财产保全 (preservation.bpmn) on the engine with the real workers, on the controlled clock: the
 * three kinds with their 48-hour and 5-day ruling periods, security and its BPMN error, the 30-day
 * rule of 诉前保全 (lapse, or conversion when the suit is filed), the measure's term with the
 * renewal warning, renewal, lapse (after the review or while it is open), 复议 and release.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, saveHolidayYear } from '../../common/calendar.js';
import { DAY, HOUR, ProcessHarness } from '../support/process-harness.js';

let h: ProcessHarness;
beforeAll(async () => {
  h = await ProcessHarness.start({ startAt: '2026-03-02T09:00:00+08:00', deploy: ['preservation.bpmn'] });
  // the measures' terms run into years the seeded table does not cover: an administrator's entries
  for (const year of [2027, 2028, 2029]) saveHolidayYear(h.holidaysFile, year, { holidays: { [`${year}-01-01`]: '元旦' }, workdays: {} });
}, 180_000);
afterAll(() => h?.close());

let seq = 500;
const newCase = (extra: Record<string, unknown> = {}) => {
  seq++;
  return {
    caseId: `preservation-case-${seq}`,
    caseNumber: `（2026）豫1330执保${seq}号`,
    courtCode: '豫1330',
    applicant: { name: '桐柏县宏达建材有限公司', kind: 'organization' },
    respondents: [{ name: '李四', kind: 'person', idNumber: '411330198805051231' }],
    claimAmount: 200000,
    ...extra,
  };
};
const grant = (extra: Record<string, unknown> = {}) => ({
  measureType: 'deposit',
  measureTarget: '中国农业银行桐柏县支行账户 622848******1231 内存款',
  preservationDecision: 'grant',
  reviewOpinion: '申请符合法律规定',
  ...extra,
});
const executed = { assistingUnit: '中国农业银行桐柏县支行', measureReference: 'XZ-2026-001', securedAmount: 200000 };
const noIncidents = async (pi: string) => {
  const incidents = await h.incidents(pi);
  if (incidents.length) throw new Error(`incidents: ${incidents.map((i) => `${i.elementId}: ${i.errorMessage}`).join('; ')}`);
};
const waitActive = (pi: string, elementId: string) =>
  h.until(`${elementId} active in ${pi}`, 30_000, async () => (await noIncidents(pi), (await h.active(pi)).includes(elementId)));
const documentText = async (caseId: string, kind: string) => {
  const doc = h.documents.listByCase(caseId).find((d) => d.kind === kind);
  expect(doc, `${kind} of ${caseId}`).toBeDefined();
  return (await JSZip.loadAsync(h.documents.read(doc!.id)!.content)).file('word/document.xml')!.async('string');
};
const addYears = (iso: string | number, years: number) => {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
};
const calendar = () => createCalendar({ holidaysFile: h.holidaysFile });

describe('preservation (财产保全)', { timeout: 120_000 }, () => {
  it('驳回: the application is refused at review', async () => {
    const c = newCase({ preservationKind: 'in-suit' });
    const pi = await h.createInstance('preservation', c);
    await h.completeTask(pi, 'reviewApplication', grant({ preservationDecision: 'reject', reviewOpinion: '申请保全的财产不明确' }));
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ preservationOutcome: 'rejected' });
    expect(h.documents.listByCase(c.caseId)).toEqual([]);
  });

  it('诉前保全 without enough security: the BPMN error asks for it; refusing ends with 驳回 (CPL 104)', async () => {
    const c = newCase({ preservationKind: 'pre-suit', securityAmount: 50000 });
    const pi = await h.createInstance('preservation', c);
    const review = await h.waitForTask(pi, 'reviewApplication');
    expect(Date.parse(review.dueDate!) - h.now()).toBe(48 * HOUR);
    await h.completeTask(pi, 'reviewApplication', grant());

    const supplement = await h.waitForTask(pi, 'supplementSecurity');
    expect(supplement.candidateGroups).toEqual(['立案庭']);
    expect(await h.variables(pi)).toMatchObject({ securityRequired: true, securityMinimum: 200000, securityShortfall: 150000 });
    await h.completeTask(pi, 'supplementSecurity', { securitySupplied: false });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ preservationOutcome: 'rejected' });
    expect(await h.visited(pi)).toContain('rejectedNoSecurity');
  });

  it('执行前保全: the follow-up deadline is 5 days after the performance period ends (SPI 163)', async () => {
    const c = newCase({ preservationKind: 'pre-enforcement', performanceDeadline: '2026-03-20T00:00:00+08:00' });
    const pi = await h.createInstance('preservation', c);
    const review = await h.waitForTask(pi, 'reviewApplication');
    expect(new Date(review.dueDate!).toISOString()).toBe(calendar().addCalendarDays(h.now(), 5).toISOString());
    await h.completeTask(pi, 'reviewApplication', grant());
    await h.completeTask(pi, 'executeMeasure', executed);
    await waitActive(pi, 'awaitFollowUp');
    expect((await h.variables(pi)).followUpDeadline).toBe(calendar().addCalendarDays('2026-03-20T00:00:00+08:00', 5).toISOString());
    await h.cancel(pi);
  });

  it('复议 (PP 25): the measure stays in force while 立案庭 reviews within 10 days; upheld it goes on, revoked it is released', async () => {
    const c = newCase({ preservationKind: 'in-suit', urgent: true });
    const pi = await h.createInstance('preservation', c);
    await h.completeTask(pi, 'reviewApplication', grant());
    await h.completeTask(pi, 'executeMeasure', executed);
    await waitActive(pi, 'measureInForce');
    const { measure } = await h.variables(pi);

    await h.publishMessage('preservation.reconsideration', c.caseNumber, { reconsiderationReason: '冻结数额超过请求数额' });
    const review = await h.waitForTask(pi, 'reviewReconsideration');
    expect(review.candidateGroups).toEqual(['立案庭']);
    expect(new Date(review.dueDate!).toISOString()).toBe(calendar().addCalendarDays(h.now(), 10).toISOString());
    await h.completeTask(pi, 'reviewReconsideration', { reconsiderationDecision: 'uphold', reconsiderationOpinion: '冻结数额未超过请求数额' });
    await h.until('in force again', 30_000, async () => (await h.visited(pi)).includes('reconsiderationGateway') && (await h.active(pi)).includes('measureInForce'));
    expect((await h.variables(pi)).measure).toEqual(measure);

    await h.publishMessage('preservation.reconsideration', c.caseNumber, { reconsiderationReason: '被申请人已提供担保' });
    await h.completeTask(pi, 'reviewReconsideration', { reconsiderationDecision: 'revoke', releaseReason: '复议成立，撤销原保全裁定', reconsiderationOpinion: '理由成立' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ preservationOutcome: 'released', releaseReason: '复议成立，撤销原保全裁定', measure: { status: 'released' } });
    expect(await documentText(c.caseId, '解除保全裁定书')).toContain('复议成立，撤销原保全裁定');
  });

  it('诉前保全, security supplied, no suit within 30 days: released (CPL 104) with a 解除保全裁定书', async () => {
    const c = newCase({ preservationKind: 'pre-suit', securityAmount: 100000 });
    const pi = await h.createInstance('preservation', c);
    await h.completeTask(pi, 'reviewApplication', grant());
    await h.completeTask(pi, 'supplementSecurity', { securityAmount: 200000, securitySupplied: true });

    // 诉前: executed at once (within 24 hours), by 保全组
    const execute = await h.waitForTask(pi, 'executeMeasure');
    expect(execute.candidateGroups).toEqual(['保全组']);
    expect(Date.parse(execute.dueDate!) - h.now()).toBe(24 * HOUR);
    const ruling = await documentText(c.caseId, '保全裁定书');
    expect(ruling).toContain('诉前财产保全');
    expect(ruling).toContain('冻结被申请人李四名下中国农业银行桐柏县支行账户');
    expect(ruling).toContain('人民币200,000.00元');
    await h.completeTask(pi, 'executeMeasure', executed);

    await waitActive(pi, 'awaitFollowUp');
    const { followUpDeadline } = await h.variables(pi);
    expect(followUpDeadline).toBe(calendar().addCalendarDays(h.now(), 30).toISOString());
    await h.advanceClock(Date.parse(followUpDeadline) - h.now() - 1);
    expect(await h.active(pi)).toContain('awaitFollowUp');
    await h.advanceClock(1);
    await h.waitForCompletion(pi);

    const vars = await h.variables(pi);
    expect(vars).toMatchObject({ preservationOutcome: 'released-no-follow-up', measure: { status: 'released' } });
    expect(await documentText(c.caseId, '解除保全裁定书')).toContain('申请人未在法定期间内起诉');
  });

  it('诉讼保全: 5-day ruling with its warning, 1-year deposit term, renewal warning, renewal for another year, then release on application', async () => {
    const c = newCase({ preservationKind: 'in-suit' });
    const pi = await h.createInstance('preservation', c);
    const review = await h.waitForTask(pi, 'reviewApplication');
    expect(review.candidateGroups).toEqual(['立案庭']);
    expect(new Date(review.dueDate!).toISOString()).toBe(calendar().addCalendarDays(h.now(), 5).toISOString());

    await h.advanceClock(Date.parse(review.dueDate!) - h.now());
    await h.until('ruling warning', 30_000, async () => (await h.visited(pi)).includes('rulingOverdueWarning'));
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '保全审查', notify: '立案庭' });

    await h.completeTask(pi, 'reviewApplication', grant());
    const execute = await h.waitForTask(pi, 'executeMeasure');
    expect(new Date(execute.dueDate!).toISOString()).toBe(calendar().addCalendarDays(h.now(), 5).toISOString());
    await h.completeTask(pi, 'executeMeasure', executed);
    await waitActive(pi, 'measureInForce');

    const registered = await h.variables(pi);
    const startedAt = registered.measure.startedAt as string;
    expect(registered.measure).toMatchObject({ measureType: 'deposit', measureName: '冻结银行存款', renewals: [], status: 'in-force' });
    expect(registered.measureExpiresAt).toBe(addYears(startedAt, 1));
    expect(registered.renewalWarningAt).toBe(new Date(Date.parse(registered.measureExpiresAt) - 15 * DAY).toISOString());
    expect(registered.followUpDeadline).toBeNull();
    expect(await documentText(c.caseId, '保全期限告知书')).toContain('届满七日前');

    // the renewal warning, 15 days before expiry
    await h.advanceClock(Date.parse(registered.renewalWarningAt) - h.now());
    const renewal = await h.waitForTask(pi, 'renewalReview');
    expect(renewal.candidateGroups).toEqual(['保全组']);
    expect(await documentText(c.caseId, '保全续行提示书')).toContain('期限届满');
    await h.completeTask(pi, 'renewalReview', { renewalApplied: true, renewalDecision: 'renew' });
    await h.until('renewed and in force', 30_000, async () => (await h.visited(pi)).includes('renewMeasure') && (await h.active(pi)).includes('measureInForce'));
    const renewed = await h.variables(pi);
    expect(renewed.measureExpiresAt).toBe(addYears(startedAt, 2));
    expect(renewed.measure.renewals).toHaveLength(1);

    await h.publishMessage('preservation.release', c.caseNumber, { releaseReason: '被申请人提供了充分有效的担保' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ preservationOutcome: 'released', releaseReason: '被申请人提供了充分有效的担保', measure: { status: 'released' } });
    expect(await documentText(c.caseId, '解除保全裁定书')).toContain('被申请人提供了充分有效的担保');
  });

  it('诉前保全 converted by the suit (PP 17); not renewed, it lapses at expiry; left unreviewed, it lapses too', async () => {
    const c = newCase({ preservationKind: 'pre-suit', securityAmount: 200000 });
    const pi = await h.createInstance('preservation', c);
    await h.completeTask(pi, 'reviewApplication', grant({ measureType: 'real-estate', measureTarget: '桐柏县城关镇淮源大道 123 号房产' }));
    await h.completeTask(pi, 'executeMeasure', executed);
    await waitActive(pi, 'awaitFollowUp');
    await h.publishMessage('preservation.follow-up-filed', c.caseNumber, { suitCaseNumber: '（2026）豫1330民初88号' });
    await waitActive(pi, 'measureInForce');
    const vars = await h.variables(pi);
    expect(vars.measureExpiresAt).toBe(addYears(vars.measure.startedAt, 3));

    await h.advanceClock(Date.parse(vars.renewalWarningAt) - h.now());
    await h.completeTask(pi, 'renewalReview', { renewalApplied: false, renewalDecision: 'lapse' });
    await waitActive(pi, 'awaitExpiry');
    await h.advanceClock(Date.parse(vars.measureExpiresAt) - h.now());
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ preservationOutcome: 'lapsed', measure: { status: 'lapsed' } });
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['followUpFiled', 'awaitExpiry', 'lapseMeasure']));
    expect(h.documents.listByCase(c.caseId).map((d) => d.kind)).not.toContain('解除保全裁定书');

    // the review left open until the term ends: the boundary timer lapses the measure
    const open = newCase({ preservationKind: 'in-suit', urgent: true });
    const pj = await h.createInstance('preservation', open);
    await h.completeTask(pj, 'reviewApplication', grant({ measureType: 'movables' }));
    await h.completeTask(pj, 'executeMeasure', executed);
    await waitActive(pj, 'measureInForce');
    const term = await h.variables(pj);
    expect(term.measureExpiresAt).toBe(addYears(term.measure.startedAt, 2));
    await h.advanceClock(Date.parse(term.renewalWarningAt) - h.now());
    await h.waitForTask(pj, 'renewalReview');
    await h.advanceClock(Date.parse(term.measureExpiresAt) - h.now());
    await h.waitForCompletion(pj);
    expect(await h.variables(pj)).toMatchObject({ preservationOutcome: 'lapsed' });
    expect((await h.elementInstances(pj)).map((e) => e.elementId)).toContain('measureExpired');
  });
});
