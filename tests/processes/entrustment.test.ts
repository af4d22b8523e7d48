/**
 * 委托执行 and 事项委托 (processes/entrustment.bpmn, DOMAIN.md §4) on the engine with the real
 * workers and the entrustment-system simulator, on the controlled clock: sending a whole case
 * (renewal of expiring measures, the 7-day filing, the 30-day supplement, 销案 and the applicant's
 * notice, the 30-day status and 6-month escalation clocks, return), sending a single act, and
 * receiving both (started by the system's report through the court inbox, once per entrustment;
 * 7-day filing review, supplements, 15-day start, 30-day report, 6 months, return with approval). The other court's answers come from the entrustment-system simulator through the
 * court inbox, as the messages the model documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, type Calendar } from '../../common/calendar.js';
import { CourtInbox } from '../../workers/court-systems/inbound.js';
import { getEntrustmentSystem } from '../../workers/court-systems/entrustment/entrustment-system.js';
import type { EntrustmentSystemSimulator } from '../../workers/court-systems/entrustment/entrustment-system.simulator.js';
import { ProcessHarness } from '../support/process-harness.js';

// Wednesday 6 May 2026, 09:00 in Beijing, after the 劳动节 holiday
const START = '2026-05-06T09:00:00+08:00';

const CASE = {
  caseId: 'e0c10000-0000-4000-8000-000000000001',
  caseNumber: '（2026）豫1330执305号',
  caseType: '执',
  courtCode: '豫1330',
  applicant: { name: '桐柏县某某农资有限公司', kind: 'organization', idNumber: '91411330MA00000001', phone: '0377-68000000', address: '桐柏县城关镇' },
  respondents: [{ name: '陈某', kind: 'person', idNumber: '411302198001011111', phone: '13700000000', address: '南阳市宛城区' }],
  claimAmount: 150000,
  basisDocument: { court: '本院', number: '（2025）豫1330民初321号', kind: '民事判决书' },
  caseOfficer: 'zhaofg',
  team: '执行团队',
};
const WANCHENG = '河南省南阳市宛城区人民法院';

describe('entrustment (委托执行 / 事项委托)', { timeout: 240_000 }, () => {
  let h: ProcessHarness;
  let calendar: Calendar;
  let sim: EntrustmentSystemSimulator;

  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START, deploy: ['entrustment.bpmn'] });
    // the tests share one clock that runs past the seeded table
    h.addHolidayFixtures(2027, 2028);
    calendar = createCalendar({ holidaysFile: h.holidaysFile });
    sim = getEntrustmentSystem(h.workers!.context) as EntrustmentSystemSimulator;
  }, 240_000);
  afterAll(() => h?.close());

  const days = (n: number, from = h.now()) => calendar.addCalendarDays(new Date(from), n).toISOString();
  const expectDue = (t: { dueDate?: string }, iso: string) => expect(Date.parse(t.dueDate!)).toBe(Date.parse(iso));
  const latestText = (caseId: string, kind: string) => h.latestDocumentText(caseId, kind);
  const noticeTypes = (entrustmentId: string) => sim.noticesOf(entrustmentId).map((n) => n.notice.type);

  /** an outgoing whole-case entrustment, sent: returns the instance and the system's id */
  const sendCase = async (variables: Record<string, unknown> = {}) => {
    const pi = await h.createInstance('entrustment', { ...CASE, entrustmentKind: 'case', entrustedCourt: WANCHENG, entrustedCourtCode: '豫1302', ...variables });
    await h.completeTask(pi, 'prepareCaseEntrustment', { noLocalAssets: true, remoteAssets: '南阳市宛城区某小区住宅一套', expiringMeasures: false, entrustDecision: 'entrust', entrustReason: '本院辖区无财产' });
    await h.waitForActive(pi, 'awaitFiling');
    return { pi, entrustmentId: (await h.variables(pi)).entrustmentId as string };
  };

  it('委托执行: expiring measures renewed first, letter sent and reported up, filing late warns, 销案 and the applicant told in 7 days; 30 days and 6 months are followed up', async () => {
    const pi = await h.createInstance('entrustment', { ...CASE, entrustmentKind: 'case', entrustedCourt: WANCHENG, entrustedCourtCode: '豫1302' });
    const review = await h.waitForTask(pi, 'prepareCaseEntrustment');
    expect(review).toMatchObject({ candidateGroups: ['执行团队'], assignee: CASE.caseOfficer });
    await h.completeTask(pi, 'prepareCaseEntrustment', { noLocalAssets: true, remoteAssets: '宛城区住宅一套', expiringMeasures: true, entrustDecision: 'entrust', entrustReason: '本院辖区无财产' });
    const renewal = await h.waitForTask(pi, 'renewMeasures');
    expect(renewal.candidateGroups).toEqual(['查控组']);
    await h.completeTask(pi, 'renewMeasures', { renewedMeasures: '续封宛城区住宅', renewedUntil: '2029-05-06' });

    await h.waitForActive(pi, 'awaitFiling');
    const sent = await h.variables(pi);
    expect(sent).toMatchObject({ entrustmentDirection: 'outgoing', reportedToHigherCourt: true, filingDue: days(7) });
    const [record] = sim.sent.filter((s) => s.entrustmentId === sent.entrustmentId);
    expect(record).toMatchObject({ kind: 'case', entrustedCourt: WANCHENG, caseNumber: CASE.caseNumber, entrustingCourt: '河南省桐柏县人民法院' });
    expect(record!.documentIds).toHaveLength(1);
    const letter = await latestText(CASE.caseId, '委托执行函');
    expect(letter).toContain(`${WANCHENG}：`);
    expect(letter).toContain('申请执行陈某一案');

    // the entrusted court has not filed in 7 days: a warning, and the process keeps waiting
    await h.advanceTo(sent.filingDue);
    await h.waitForVisit(pi, 'filingWarningSent');
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '受托法院立案' });
    expect(await h.active(pi)).toContain('awaitFiling');

    sim.answer(sent.entrustmentId, 'filed', { entrustedCaseNumber: '（2026）豫1302执委12号', entrustedOfficer: '孙法官' });
    const notify = await h.waitForTask(pi, 'notifyApplicant');
    expect(notify.candidateGroups).toEqual(['内勤']);
    expectDue(notify, days(7));
    expect(await h.variables(pi)).toMatchObject({ ownCaseClosed: true, closingMethod: '委托执行' });
    const notice = await latestText(CASE.caseId, '委托执行告知书');
    expect(notice).toContain('案号为（2026）豫1302执委12号，承办人为孙法官');
    await h.completeTask(pi, 'notifyApplicant', { applicantNoticeMethod: 'post', applicantNotifiedAt: '2026-05-20' });

    await h.waitForActive(pi, 'awaitOutcome');
    const { statusReportDue, escalationDue } = await h.variables(pi);
    expect(statusReportDue).toBe(days(30));
    expect(Date.parse(escalationDue) - h.now()).toBeGreaterThan(180 * 24 * 3600_000);
    await h.advanceTo(statusReportDue);
    await h.waitForVisit(pi, 'statusRequested');
    expect(noticeTypes(sent.entrustmentId)).toEqual(['status-request']);
    await h.advanceTo(escalationDue);
    const advise = await h.waitForTask(pi, 'adviseEscalation');
    expect(advise.assignee).toBe(CASE.caseOfficer);
    await h.completeTask(pi, 'adviseEscalation', { escalationAdvisedAt: '2026-11-10', escalationRecord: '电话告知申请执行人可申请提级执行' });

    sim.answer(sent.entrustmentId, 'concluded', { entrustmentOutcome: 'completed', amountCollected: 150000 });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'completed', amountCollected: 150000, entrustedOfficer: '孙法官' });
    // the non-interrupting clocks fired once each
    expect(noticeTypes(sent.entrustmentId)).toEqual(['status-request']);
  });

  it('incomplete file: supplemented within 30 days and filed; asked again and not supplemented → deemed withdrawn', async () => {
    const { pi, entrustmentId } = await sendCase();
    sim.answer(entrustmentId, 'incomplete', { missingMaterials: '申请执行书原件' });
    const supplement = await h.waitForTask(pi, 'completeFile');
    expectDue(supplement, days(30));
    await h.completeTask(pi, 'completeFile', { supplementedMaterials: '已补送申请执行书原件' });
    await h.waitForActive(pi, 'awaitFiling');
    expect(noticeTypes(entrustmentId)).toEqual(['supplement']);
    expect(sim.noticesOf(entrustmentId)[0]!.notice).toEqual({ type: 'supplement', materials: '已补送申请执行书原件' });
    expect((await h.variables(pi)).filingDue).toBe(days(7));

    sim.answer(entrustmentId, 'incomplete', { missingMaterials: '被执行人财产状况材料' });
    const again = await h.waitForTask(pi, 'completeFile');
    await h.advanceTo(again.dueDate!);
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'withdrawn', missingMaterials: '被执行人财产状况材料' });
    expect(await h.visited(pi)).toContain('supplementOverdue');
    expect(noticeTypes(entrustmentId)).toEqual(['supplement']);
  });

  it('returned by the entrusted court: the 承办人 restores the case; not entrusting at all ends at once', async () => {
    const { pi, entrustmentId } = await sendCase();
    sim.answer(entrustmentId, 'filed', { entrustedCaseNumber: '（2026）豫1302执委20号', entrustedOfficer: '周法官' });
    await h.completeTask(pi, 'notifyApplicant', { applicantNoticeMethod: 'electronic', applicantNotifiedAt: '2026-05-08' });
    await h.waitForActive(pi, 'awaitOutcome');
    sim.answer(entrustmentId, 'concluded', { entrustmentOutcome: 'returned', returnReason: '委托不当：被执行人财产已处置' });
    const handling = await h.waitForTask(pi, 'handleReturn');
    expect(handling.assignee).toBe(CASE.caseOfficer);
    await h.completeTask(pi, 'handleReturn', { returnHandling: 'restore' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'returned', returnHandling: 'restore' });

    const kept = await h.createInstance('entrustment', { ...CASE, entrustmentKind: 'case', entrustedCourt: WANCHENG });
    await h.completeTask(kept, 'prepareCaseEntrustment', { noLocalAssets: false, remoteAssets: '无', entrustDecision: 'keep', entrustReason: '本院辖区有可供执行财产' });
    await h.waitForCompletion(kept);
    expect(await h.variables(kept)).toMatchObject({ entrustmentResult: 'notEntrusted' });
    expect(await h.visited(kept)).not.toContain('sendEntrustment');
  });

  it('事项委托 sent: the letter names the act, the reply is chased when the SLA passes', async () => {
    const pi = await h.createInstance('entrustment', {
      ...CASE, caseId: 'e0c10000-0000-4000-8000-000000000002', entrustmentKind: 'matter', entrustedCourt: WANCHENG, entrustedMatter: '查询被执行人陈某名下不动产登记信息',
    });
    await h.waitForActive(pi, 'awaitMatterReply');
    const { entrustmentId, matterDue } = await h.variables(pi);
    expect(matterDue).toBe(days(30));
    expect(sim.sent.find((s) => s.entrustmentId === entrustmentId)).toMatchObject({ kind: 'matter', matter: '查询被执行人陈某名下不动产登记信息' });
    const letter = await latestText('e0c10000-0000-4000-8000-000000000002', '事项委托函');
    expect(letter).toContain('需在你院辖区内办理下列事项：查询被执行人陈某名下不动产登记信息');
    expect(await h.visited(pi)).not.toContain('prepareCaseEntrustment');

    await h.advanceTo(matterDue);
    await h.waitForVisit(pi, 'matterChased');
    expect(noticeTypes(entrustmentId)).toEqual(['chase']);
    sim.answer(entrustmentId, 'matter-replied', { matterResult: '被执行人名下有住宅一套，已登记查询' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'completed', matterResult: '被执行人名下有住宅一套，已登记查询' });
  });

  it('委托执行 received: review within 7 days, supplement, filing notice with the 承办人, start within 15 days, report at 30 days, warn at 6 months; return refused, then completed', async () => {
    sim.receive({
      entrustmentId: 'WT-IN-1', kind: 'case', entrustingCourt: '河南省郑州市金水区人民法院', entrustingCaseNumber: '（2026）豫0105执77号',
      applicant: { name: '郑州某某科技有限公司', kind: 'organization' }, respondents: [{ name: '桐柏某某矿业有限公司', kind: 'organization' }],
      claimAmount: 500000, basisDocument: { court: '郑州市金水区人民法院', number: '（2025）豫0105民初900号', kind: '民事判决书' },
      materials: ['委托执行函', '申请执行书', '生效法律文书副本'],
    });
    // the system reports it; the court inbox's message starts the receiving side
    const pi = await h.waitForInstanceWith('entrustment', { entrustmentId: 'WT-IN-1' });
    expect(await h.variables(pi)).toMatchObject({ entrustmentDirection: 'incoming', entrustmentKind: 'case', entrustingCourt: '河南省郑州市金水区人民法院' });
    // the same report read again (a second inbox, or one that lost its cursor) starts nothing: same message id
    const replay = new CourtInbox([{
      inboundName: sim.inboundName,
      pollEvents: async () => ({ events: (await sim.pollEvents(undefined)).events.filter((e) => e.message === 'entrustment.received' && e.correlationKey === 'WT-IN-1') }),
    }], { publisher: h.workers!.context.messages });
    expect(await replay.pollOnce()).toBe(1);
    // a message with the same key while the instance runs starts nothing either (Zeebe: one live instance per correlation key)
    await h.publishMessage('entrustment.received', 'WT-IN-1', { entrustmentDirection: 'incoming', entrustmentId: 'WT-IN-1' });
    expect(await h.instancesWith('entrustment', { entrustmentId: 'WT-IN-1' })).toEqual([pi]);
    expect((await h.visited(pi))[0]).toBe('incomingReceived');
    const review = await h.waitForTask(pi, 'reviewIncomingCase');
    expect(review.candidateGroups).toEqual(['立案庭']);
    expectDue(review, days(7));
    expect(await h.variables(pi)).toMatchObject({ entrustmentKind: 'case', entrustingCourt: '河南省郑州市金水区人民法院', caseNumber: '（2026）豫0105执77号' });

    await h.completeTask(pi, 'reviewIncomingCase', { fileReview: 'supplement', missingMaterials: '委托执行案件审批表' });
    await h.waitForActive(pi, 'awaitSupplement');
    expect(sim.noticesOf('WT-IN-1').map((n) => n.notice)).toEqual([{ type: 'request-supplement', missingMaterials: '委托执行案件审批表' }]);
    expect((await h.variables(pi)).supplementDue).toBe(days(30));
    sim.answer('WT-IN-1', 'supplemented', { supplementedMaterials: '委托执行案件审批表' });
    await h.completeTask(pi, 'reviewIncomingCase', { fileReview: 'file', entrustedCaseNumber: '（2026）豫1330执委5号', caseOfficer: 'zhaofg' });

    const startTask = await h.waitForTask(pi, 'startEnforcement');
    expectDue(startTask, days(15));
    expect(startTask.candidateGroups).toEqual(['执行团队']);
    const filing = sim.noticesOf('WT-IN-1')[1]!.notice;
    expect(filing).toMatchObject({ type: 'filing', caseNumber: '（2026）豫1330执委5号', officer: 'zhaofg' });
    const notice = await latestText('（2026）豫1330执委5号', '受托立案通知书');
    expect(notice).toContain('河南省郑州市金水区人民法院：');
    expect(notice).toContain('案号为（2026）豫1330执委5号，承办人为zhaofg');
    await h.completeTask(pi, 'startEnforcement', { enforcementStartedAt: '2026-05-12', firstMeasures: '查封桐柏某某矿业有限公司采矿设备' });

    const enforce = await h.waitForTask(pi, 'enforceEntrustedCase');
    expect(enforce.assignee).toBe('zhaofg');
    const { statusReportDue, escalationDue } = await h.variables(pi);
    await h.advanceTo(statusReportDue);
    await h.waitForVisit(pi, 'statusReported');
    expect(sim.noticesOf('WT-IN-1')[2]!.notice).toEqual({ type: 'status-report', status: '已采取措施：查封桐柏某某矿业有限公司采矿设备' });
    await h.advanceTo(escalationDue);
    await h.waitForVisit(pi, 'sixMonthsWarned');
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '受托执行 6 个月未执结', notify: '院领导' });

    await h.completeTask(pi, 'enforceEntrustedCase', { enforcementResult: 'return', returnReason: '被执行人财产不在本院辖区' });
    const approval = await h.waitForTask(pi, 'approveReturn');
    expect(approval.candidateGroups).toEqual(['院领导']);
    await h.completeTask(pi, 'approveReturn', { returnApproval: 'refused' });
    await h.completeTask(pi, 'enforceEntrustedCase', { enforcementResult: 'completed', amountCollected: 500000, enforcementSummary: '拍卖采矿设备，款项已划付' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'completed', amountCollected: 500000 });
    expect(sim.noticesOf('WT-IN-1').at(-1)!.notice).toEqual({ type: 'result', amountCollected: 500000, summary: '拍卖采矿设备，款项已划付' });
  });

  it('received and not supplemented in 30 days: deemed withdrawn, file returned; an approved return goes back within 15 days', async () => {
    const withdrawn = await h.createInstance('entrustment', { entrustmentDirection: 'incoming', entrustmentId: 'WT-IN-2' });
    await h.completeTask(withdrawn, 'reviewIncomingCase', { fileReview: 'supplement', missingMaterials: '生效法律文书副本' });
    await h.waitForActive(withdrawn, 'awaitSupplement');
    await h.advanceTo((await h.variables(withdrawn)).supplementDue);
    await h.waitForCompletion(withdrawn);
    expect(await h.variables(withdrawn)).toMatchObject({ entrustmentResult: 'withdrawn' });
    expect(sim.noticesOf('WT-IN-2').map((n) => n.notice)).toEqual([
      { type: 'request-supplement', missingMaterials: '生效法律文书副本' },
      { type: 'return', reason: '委托法院逾期未补齐材料，视为撤回委托' },
    ]);

    const returned = await h.createInstance('entrustment', { entrustmentDirection: 'incoming', entrustmentId: 'WT-IN-3' });
    await h.completeTask(returned, 'reviewIncomingCase', { fileReview: 'file', entrustedCaseNumber: '（2026）豫1330执委6号', caseOfficer: 'lifg' });
    await h.completeTask(returned, 'startEnforcement', { enforcementStartedAt: '2026-05-15', firstMeasures: '网络查控' });
    await h.completeTask(returned, 'enforceEntrustedCase', { enforcementResult: 'return', returnReason: '被执行人已在委托法院辖区履行' });
    await h.completeTask(returned, 'approveReturn', { returnApproval: 'approved', higherCourtApproval: '豫高法执委〔2026〕3号' });
    await h.waitForCompletion(returned);
    expect(await h.variables(returned)).toMatchObject({ entrustmentResult: 'returned' });
    expect(sim.noticesOf('WT-IN-3').at(-1)!.notice).toEqual({ type: 'return', reason: '被执行人已在委托法院辖区履行' });
  });

  it('事项委托 received: routed to 查控组, warned when overdue, answered', async () => {
    sim.receive({
      entrustmentId: 'WT-IN-4', kind: 'matter', entrustingCourt: '湖北省随州市曾都区人民法院', entrustingCaseNumber: '（2026）鄂1303执55号',
      applicant: { name: '随州某某公司' }, respondents: [{ name: '桐柏某某' }], matter: '送达执行通知书', materials: ['事项委托函'],
    });
    const pi = await h.waitForInstanceWith('entrustment', { entrustmentId: 'WT-IN-4' });
    const handling = await h.waitForTask(pi, 'handleMatter');
    expect(handling.candidateGroups).toEqual(['查控组']);
    expectDue(handling, days(30));
    expect(await h.variables(pi)).toMatchObject({ entrustmentKind: 'matter', entrustedMatter: '送达执行通知书' });
    await h.advanceTo(handling.dueDate!);
    await h.waitForVisit(pi, 'matterWarningSent');
    await h.completeTask(pi, 'handleMatter', { matterResult: '已直接送达被执行人', matterHandledAt: '2026-06-10' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'completed' });
    expect(sim.noticesOf('WT-IN-4').map((n) => n.notice)).toEqual([{ type: 'matter-reply', result: '已直接送达被执行人' }]);
  });

  it('bad input is an incident naming the variable', async () => {
    const pi = await h.createInstance('entrustment', { ...CASE, entrustmentKind: 'whole', entrustedCourt: WANCHENG });
    const [incident] = await h.until('an incident', h.waitMs, async () => {
      const found = await h.incidents(pi);
      return found.length ? found : undefined;
    });
    expect(incident).toMatchObject({ elementId: 'registerEntrustment' });
    expect(incident!.errorMessage).toContain('流程变量 entrustmentKind 应为 case（委托执行）或 matter（事项委托），实际为 "whole"');
    await h.cancel(pi);
  });
});
