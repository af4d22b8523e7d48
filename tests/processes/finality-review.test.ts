/**
 * 终本 (finality-review.bpmn) on the engine with the real workers, on the controlled clock: the
 * five conditions, 约谈 and both approval paths, the quality check's return, the ruling and the
 * 7-day database entry with its warning, then 5 years of 6-monthly checks (10 timer cycles in
 * milliseconds) with the 失信 deletion after two empty checks, a lead from the hotline (message)
 * and property found by a check, each leading into restoration.
 *
 * The inquiry simulator answers by the respondent's idNumber: ending in 1 nothing, in 3 a deposit.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import { CreditPublicationSimulator, getCreditPublication } from '../../workers/court-systems/credit/index.js';
import { DAY, ProcessHarness } from '../support/process-harness.js';

const START = '2026-03-02T09:00:00+08:00';
let h: ProcessHarness;
let credit: CreditPublicationSimulator;
beforeAll(async () => {
  h = await ProcessHarness.start({ startAt: START, deploy: ['finality-review.bpmn', 'restoration.bpmn', 'asset-control.bpmn'] });
  credit = getCreditPublication(h.workers!.context) as CreditPublicationSimulator;
}, 180_000);
afterAll(() => h?.close());

let seq = 300;
const newCase = (idNumber = '411330198805051231', extra: Record<string, unknown> = {}) => {
  seq++;
  return {
    caseId: `finality-case-${seq}`,
    caseNumber: `（2025）豫1330执${seq}号`,
    courtCode: '豫1330',
    applicant: { name: '张三', kind: 'person' },
    respondents: [{ name: '李四', kind: 'person', idNumber }],
    claimAmount: 120000,
    amountRecovered: 20000,
    filedAt: '2025-10-09T02:00:00.000Z',
    team: '执行团队',
    ...extra,
  };
};
const checklist = {
  noticeAndReportOrderIssued: true,
  consumptionRestricted: true,
  assetSearchExhausted: true,
  debtorLocatedOrSanctioned: true,
  fullNetworkSearchWithin3Months: true,
  traditionalMeasureTaken: true,
  noUnverifiedLeads: true,
  outstandingAmount: 100000,
  searchSummary: '总对总、点对点查询均未发现可供执行财产，已实地调查被执行人住所',
};
const interview = (applicantConsent: boolean) => ({
  interviewDate: '2026-03-02',
  interviewMethod: 'in-person',
  measuresExplained: '已告知执行措施、财产调查情况、终本依据及法律后果',
  applicantOpinion: applicantConsent ? '同意终结本次执行程序' : '不同意终本，要求继续执行',
  applicantConsent,
});

const noIncidents = async (pi: string) => {
  const incidents = await h.incidents(pi);
  if (incidents.length) throw new Error(`incidents: ${incidents.map((i) => `${i.elementId}: ${i.errorMessage}`).join('; ')}`);
};
const waitActive = (pi: string, elementId: string) =>
  h.until(`${elementId} active in ${pi}`, 30_000, async () => (await noIncidents(pi), (await h.active(pi)).includes(elementId)));
const waitVariable = async (pi: string, name: string, test: (value: any) => boolean) => {
  try {
    return await h.until(`${name} in ${pi}`, 60_000, async () => (await noIncidents(pi), test((await h.variables(pi))[name])));
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${name} = ${JSON.stringify((await h.variables(pi))[name])}, active: ${(await h.active(pi)).join(', ')}`);
  }
};
/** moves the clock to the next pending timer of the element and returns its due date */
const fireTimer = async (pi: string, elementId: string) => {
  const { items } = await h.rest<{ items: { dueDate: string }[] }>('POST', '/x-engine/v1/timers/search', { filter: { processInstanceKey: pi, elementId } });
  expect(items, `pending timer ${elementId}`).toHaveLength(1);
  const due = Date.parse(items[0]!.dueDate);
  await h.advanceClock(due - h.now());
  return due;
};
const documentText = async (caseId: string, kind: string) => {
  const docs = h.documents.listByCase(caseId).filter((d) => d.kind === kind);
  expect(docs.length, `${kind} of ${caseId}`).toBeGreaterThan(0);
  return Promise.all(docs.map(async (d) => (await JSZip.loadAsync(h.documents.read(d.id)!.content)).file('word/document.xml')!.async('string')));
};
/** 终本 approved with the applicant's consent, the ruling made and the case entered: returns the monitoring instance */
const closeCase = async (variables: Record<string, unknown>) => {
  const pi = await h.createInstance('finality-review', variables);
  await h.completeTask(pi, 'conditionsChecklist', checklist);
  await h.completeTask(pi, 'applicantInterview', interview(true));
  await h.completeTask(pi, 'qualityCheck', { qualityResult: 'pass', qualityComment: '符合实质终本条件' });
  await h.completeTask(pi, 'enterDatabase', { finalityEnteredAt: '2026-03-03', finalityDatabaseReference: 'ZB-2026-0001' });
  return monitoringOf(pi, variables.caseNumber as string);
};
/** 结案 at 终本: the review instance ends and a new instance of the same process, started by message, watches the case */
const monitoringOf = async (review: string, caseNumber: string) => {
  await h.waitForCompletion(review);
  expect(await h.variables(review)).toMatchObject({ finalityOutcome: 'closed' });
  const monitoring = await h.waitForInstanceWith('finality-review', { caseNumber });
  expect(monitoring).not.toBe(review);
  await waitActive(monitoring, 'awaitLead');
  expect(await h.variables(monitoring)).toMatchObject({ caseNumber, startedByProcessInstanceKey: review });
  return monitoring;
};

describe('finality-review (终本)', { timeout: 120_000 }, () => {
  it('not eligible: fewer than 3 months since 立案 and an unchecked condition end the review', async () => {
    const c = newCase(undefined, { filedAt: '2026-01-15T02:00:00.000Z' });
    const pi = await h.createInstance('finality-review', c);
    const task = await h.completeTask(pi, 'conditionsChecklist', { ...checklist, assetSearchExhausted: false });
    expect(task.candidateGroups).toEqual(['执行团队']);
    await h.waitForCompletion(pi);

    const vars = await h.variables(pi);
    expect(vars).toMatchObject({ conditionsMet: false, finalityOutcome: 'not-eligible', finalityEligibleFrom: '2026-04-15T02:00:00.000Z' });
    expect(vars.unmetConditions).toEqual(['③ 财产调查措施尚未穷尽', '④ 自立案之日起未满 3 个月（2026-04-15 后方可终本）']);
    expect(await h.visited(pi)).toContain('notEligible');
  });

  it('applicant disagrees: 合议庭 and 院领导 approve, the quality check returns it once, then the ruling and the 7-day entry with its warning', async () => {
    const c = newCase();
    const pi = await h.createInstance('finality-review', c);
    await h.completeTask(pi, 'conditionsChecklist', checklist);
    await h.completeTask(pi, 'applicantInterview', interview(false));
    expect((await h.completeTask(pi, 'panelReview', { panelDecision: 'approve', panelOpinion: '已穷尽财产调查措施' })).candidateGroups).toEqual(['合议庭']);
    expect((await h.completeTask(pi, 'presidentApproval', { presidentDecision: 'approve' })).candidateGroups).toEqual(['院领导']);
    expect((await h.completeTask(pi, 'qualityCheck', { qualityResult: 'return', qualityComment: '缺少传统调查记录' })).candidateGroups).toEqual(['终本管理组']);

    // back to the checklist; this time the applicant signs
    await h.completeTask(pi, 'conditionsChecklist', checklist);
    await h.completeTask(pi, 'applicantInterview', interview(true));
    await h.completeTask(pi, 'qualityCheck', { qualityResult: 'pass', qualityComment: '符合实质终本条件' });

    const entry = await h.waitForTask(pi, 'enterDatabase');
    expect(entry.candidateGroups).toEqual(['终本管理组']);
    const due = createCalendar({ holidaysFile: h.holidaysFile }).addCalendarDays(h.now(), 7).toISOString();
    expect(new Date(entry.dueDate!).toISOString()).toBe(due);
    expect((await h.variables(pi)).finalityEntryDue).toBe(due);

    const [ruling] = await documentText(c.caseId, '终本裁定书');
    expect(ruling).toContain(c.caseNumber);
    expect(ruling).toContain('终结本次执行程序');
    expect(ruling).toContain('人民币20,000.00元');
    expect((await h.variables(pi)).finalityRulingDocument).toMatchObject({ kind: '终本裁定书' });

    // not entered in 7 days: the warning, and the task stays open
    await fireTimer(pi, 'entryOverdue');
    await waitVariable(pi, 'lastAlert', (a) => a?.stage === '录入终本案件库');
    expect((await h.waitForTask(pi, 'enterDatabase')).userTaskKey).toBe(entry.userTaskKey);
    await h.completeTask(pi, 'enterDatabase', { finalityEnteredAt: '2026-03-10', finalityDatabaseReference: 'ZB-2026-0002' });
    const monitoring = await monitoringOf(pi, c.caseNumber);

    const visited = await h.visited(pi);
    expect(visited.filter((e) => e === 'conditionsChecklist')).toHaveLength(2);
    expect(visited).toEqual(expect.arrayContaining(['panelReview', 'presidentApproval', 'generateRuling', 'entryOverdueWarning', 'handedToMonitoring']));
    expect(await h.visited(monitoring)).toEqual(['monitoringRequested', 'monitoringStarted', 'leadMerge']);
    await h.cancel(monitoring);
  });

  it('合议庭 or 院领导 refusing ends without a ruling', async () => {
    const byPanel = newCase();
    const pi = await h.createInstance('finality-review', byPanel);
    await h.completeTask(pi, 'conditionsChecklist', checklist);
    await h.completeTask(pi, 'applicantInterview', interview(false));
    await h.completeTask(pi, 'panelReview', { panelDecision: 'reject', panelOpinion: '仍有财产线索未核实' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ finalityOutcome: 'rejected' });
    expect(await h.visited(pi)).toContain('panelRejected');

    const byPresident = newCase();
    const pj = await h.createInstance('finality-review', byPresident);
    await h.completeTask(pj, 'conditionsChecklist', checklist);
    await h.completeTask(pj, 'applicantInterview', interview(false));
    await h.completeTask(pj, 'panelReview', { panelDecision: 'approve', panelOpinion: '同意' });
    await h.completeTask(pj, 'presidentApproval', { presidentDecision: 'reject', presidentComment: '继续执行' });
    await h.waitForCompletion(pj);
    expect(await h.visited(pj)).toContain('presidentRejected');
    expect(h.documents.listByCase(byPanel.caseId).concat(h.documents.listByCase(byPresident.caseId))).toEqual([]);
  });

  it('a lead from the hotline: a false one is recorded and waited past, a true one restores the case (执恢) back into asset control', async () => {
    const c = newCase();
    const pi = await closeCase(c);

    await h.publishMessage('finality-review.lead', c.caseNumber, { lead: { source: 'hotline', content: '被执行人在桐柏县城关镇经营门面房', receivedBy: '值班员' } });
    const verify = await h.waitForTask(pi, 'verifyLead');
    expect(verify.candidateGroups).toEqual(['终本管理组']);
    expect(new Date(verify.dueDate!).toISOString()).toBe(createCalendar({ holidaysFile: h.holidaysFile }).addCalendarDays(h.now(), 7).toISOString());
    await h.completeTask(pi, 'verifyLead', { verificationRecord: '实地核查，门面房系他人所有', leadValid: false });
    await h.until('waiting for leads again', 30_000, async () => (await h.visited(pi)).includes('leadGateway') && (await h.active(pi)).includes('awaitLead'));

    await h.publishMessage('finality-review.lead', c.caseNumber, { lead: { source: 'hotline', content: '被执行人新购车辆', receivedBy: '值班员' } });
    await h.completeTask(pi, 'verifyLead', { verificationRecord: '经车管所核实，车辆登记在被执行人名下', leadValid: true });

    const [restoration] = await h.until('restoration called', 30_000, async () => {
      await noIncidents(pi);
      const called = await h.calledInstances(pi, 'restoration');
      return called.length ? called : undefined;
    });
    const [assetControl] = await h.until('asset control called', 30_000, async () => {
      const called = await h.calledInstances(restoration!, 'asset-control');
      return called.length ? called : undefined;
    });
    const restored = await h.variables(restoration!);
    expect(restored).toMatchObject({ restorationTrigger: 'lead', originalCaseNumber: c.caseNumber });
    expect(restored.restoredCaseNumber).toMatch(/^（2026）豫1330执恢\d+号$/);
    expect(await h.variables(assetControl!)).toMatchObject({ caseNumber: restored.restoredCaseNumber, caseType: '执恢', claimAmount: 100000 });
    const [notice] = await documentText(c.caseId, '恢复执行通知书');
    expect(notice).toContain(restored.restoredCaseNumber);
    expect(notice).toContain('经核实举报线索属实');
    expect(await h.active(pi)).toEqual(['restore']);
    await h.cancel(pi);
  });

  it('a lead reported while the case is still being approved waits (time to live) and is verified once monitoring starts', async () => {
    const c = newCase();
    const pi = await h.createInstance('finality-review', c);
    await h.completeTask(pi, 'conditionsChecklist', checklist);
    // the server publishes hotline leads with a time to live of 30 days
    await h.rest('POST', '/v2/messages/publication', {
      name: 'finality-review.lead', correlationKey: c.caseNumber, timeToLive: 30 * DAY, messageId: `lead-${c.caseId}`,
      variables: { lead: { source: '24小时举报电话', content: '被执行人在外地务工', receivedBy: '值班员' } },
    });
    await h.completeTask(pi, 'applicantInterview', interview(true));
    await h.completeTask(pi, 'qualityCheck', { qualityResult: 'pass', qualityComment: '符合' });
    await h.completeTask(pi, 'enterDatabase', { finalityEnteredAt: '2026-03-03', finalityDatabaseReference: 'ZB-2026-0003' });
    await h.waitForCompletion(pi);
    const monitoring = await h.waitForInstanceWith('finality-review', { caseNumber: c.caseNumber });
    await h.waitForTask(monitoring, 'verifyLead');
    expect((await h.variables(monitoring)).lead).toMatchObject({ content: '被执行人在外地务工' });
    await h.cancel(monitoring);
  });

  it('a check that finds property restores the case at once', async () => {
    const c = newCase('411330198805051233');
    const pi = await closeCase(c);
    await fireTimer(pi, 'checkDue');
    const [restoration] = await h.until('restoration called', 30_000, async () => {
      await noIncidents(pi);
      const called = await h.calledInstances(pi, 'restoration');
      return called.length ? called : undefined;
    });
    expect(await h.variables(restoration!)).toMatchObject({ restorationTrigger: 'property-found' });
    const vars = await h.variables(pi);
    expect(vars.lastCheck).toMatchObject({ checkNumber: 1, propertyFound: true });
    expect(vars.lastCheck.assets[0]).toMatchObject({ kind: 'deposit', amount: 20000 });
    // the escalation end event threw RESTORE, which ended the monitoring sub-process
    expect((await h.elementInstances(pi)).map((e) => e.elementId)).toContain('propertyFound');
    expect(await h.active(pi)).toEqual(['restore']);
    await h.cancel(pi);
  });
  // last: it moves the shared clock 5 years on, past the holiday table (which ends with 2026)
  it('five years of 6-monthly checks: each result is sent to the applicant, 失信 is deleted once after two empty checks, and monitoring ends after the tenth', async () => {
    // no creditListed: in enforcement-case credit-sanctions runs in parallel, so credit.delete asks the publication system
    const c = newCase('411330198805051231');
    const respondent = c.respondents[0]!;
    await credit.publish({
      entryId: `SX:${c.caseNumber}:${respondent.idNumber}`, kind: 'blacklist', caseNumber: c.caseNumber, courtCode: '豫1330',
      respondent: { name: respondent.name, idNumber: respondent.idNumber }, ground: '1', publishedAt: '2025-12-01T00:00:00.000Z',
    });
    const pi = await closeCase(c);
    const monitoringFrom = h.now();

    const dues: number[] = [];
    for (let check = 1; check <= 10; check++) {
      dues.push(await fireTimer(pi, 'checkDue'));
      await waitVariable(pi, 'checksDone', (n) => n === check);
      if (check < 10) await h.until(`check ${check} recorded`, 30_000, async () => (await h.visited(pi)).filter((e) => e === 'checkRecorded').length === check);
      if (check === 1) {
        const after1 = await h.variables(pi);
        expect(after1.emptyChecks).toBe(1);
        expect(after1.creditDeleted).toBeUndefined();
      }
      if (check === 2) expect(await h.variables(pi)).toMatchObject({ emptyChecks: 2, creditDeleted: true });
    }
    await h.waitForCompletion(pi);

    // every 6 months from the entry, for 5 years
    const monthsAfter = (months: number) => {
      const d = new Date(monitoringFrom);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString();
    };
    expect(dues.map((d) => new Date(d).toISOString())).toEqual([6, 12, 18, 24, 30, 36, 42, 48, 54, 60].map(monthsAfter));
    const vars = await h.variables(pi);
    expect(vars).toMatchObject({ finalityOutcome: 'monitoring-ended', checksDone: 10, emptyChecks: 10, creditDeleted: true });
    expect(vars.checkHistory.map((c: { checkNumber: number }) => c.checkNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(credit.writes.filter((w) => w.startsWith('remove') && w.includes(c.caseNumber))).toHaveLength(1);
    expect((await h.visited(pi)).filter((e) => e === 'deleteCredit')).toHaveLength(1);
    expect((await credit.get(`SX:${c.caseNumber}:${respondent.idNumber}`))?.deletionReason).toContain('SX 10(4)');
    const notices = await documentText(c.caseId, '终本后财产查询结果告知书');
    expect(notices).toHaveLength(10);
    expect(notices.join('')).toContain('本次查询未发现被执行人有可供执行的财产');
    expect(await h.visited(pi)).toContain('monitoringCompleted');
  }, 180_000);

});
