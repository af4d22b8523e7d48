/**
 * 司法网拍 (processes/auction.bpmn): pauses of the reference-price procedure and of the auction,
 * on the engine with the real workers and the auction-platform simulator, on the controlled clock.
 * - RP 28 暂缓网络询价或者委托评估 by `auction.suspended` while the platforms' or the appraiser's
 *   report is awaited: the report deadline stops and, on `auction.resumed` or when the 暂缓 term
 *   runs out, moves by the time paused (new due = due at the pause + paused time);
 * - NA 28: a termed 暂缓 ended early by `auction.resumed`, in the bidding and in pricing;
 * - RP 29 撤回 by `auction.pricing-withdrawn`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, type Calendar } from '../../common/calendar.js';
import { getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import type { AuctionPlatformSimulator, AuctionScenario } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { DAY, HOUR, ProcessHarness } from '../support/process-harness.js';

// Monday 2 March 2026, 09:00 in Beijing
const START = '2026-03-02T09:00:00+08:00';

const CASE = {
  caseId: 'a0c10000-0000-4000-8000-000000000028',
  caseNumber: '（2026）豫1330执228号',
  caseType: '执',
  courtCode: '豫1330',
  applicant: { name: '张三', kind: 'person', idNumber: '411330199001011234', phone: '13800000000', address: '桐柏县城关镇' },
  respondents: [{ name: '李四', kind: 'person', idNumber: '411330198505052345', phone: '13900000000', address: '桐柏县月河镇' }],
  claimAmount: 280000,
  basisDocument: { court: '本院', number: '（2025）豫1330民初789号', kind: '民事判决书' },
  caseOfficer: 'wangfg',
  team: '执行团队',
};

let assetSeq = 0;
const realEstate = () => ({
  id: `FC-P${++assetSeq}`,
  kind: 'realEstate',
  description: `桐柏县城关镇新华路${assetSeq}号住宅`,
  location: '桐柏县城关镇',
  estimatedValue: 300000,
});
const TERMS = { startingPrice: 210000, deposit: 21000, increment: 2000, auctionPlatform: '人民法院诉讼资产网', panelMembers: '王法官、赵法官、钱法官' };

describe('auction pauses (RP 28, NA 28, RP 29)', { timeout: 240_000 }, () => {
  let h: ProcessHarness;
  let calendar: Calendar;
  let sim: AuctionPlatformSimulator;

  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START, deploy: ['auction.bpmn'] });
    h.addHolidayFixtures(2027, 2028);
    calendar = createCalendar({ holidaysFile: h.holidaysFile });
    sim = getAuctionPlatform(h.workers!.context) as AuctionPlatformSimulator;
  }, 240_000);
  afterAll(() => h?.close());

  const days = (n: number, from = h.now()) => calendar.addCalendarDays(new Date(from), n).toISOString();
  const start = async (asset: Record<string, unknown>, scenario?: AuctionScenario) => {
    if (scenario) sim.script(String(asset.id), scenario);
    const pi = await h.createInstance('auction', { ...CASE, asset });
    return { pi, auctionKey: `${CASE.caseId}:${asset.id}` };
  };
  const ms = (iso: string) => Date.parse(iso);
  const subscribed = async (pi: string, elementId: string) => (await h.active(pi)).includes(elementId);

  /** 网络询价 chosen jointly: returns when the platforms' reports are awaited */
  const toOnlineEnquiry = async (pi: string) => {
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', partiesJointChoice: 'online' });
    await h.waitForActive(pi, 'onlineReportDue');
    return h.variables(pi);
  };
  /** 委托评估 required: returns the open 接收评估报告 task */
  const toAppraisal = async (pi: string) => {
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', appraisalRequired: true, partiesJointChoice: 'none' });
    await h.completeTask(pi, 'selectAppraiser', { appraiserSelection: 'agreed', appraiser: '河南某某房地产估价有限公司' });
    return h.waitForTask(pi, 'receiveAppraisalReport');
  };

  it('RP 28 中止 during 网络询价: the platforms are told, the report deadline stops, and on auction.resumed it moves by the time paused', async () => {
    const { pi, auctionKey } = await start(realEstate(), { onlineEnquiry: ['complete'] });
    const { onlineReportDue, onlineEnquiry } = await toOnlineEnquiry(pi);
    expect(onlineReportDue).toBe(days(3));

    await h.advanceClock(1 * DAY);
    const pausedAt = h.now();
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '中止', reason: '被执行人申请破产，案件中止执行', basis: 'RP 28（一）' } });
    await h.waitForActive(pi, 'pricingStayWindow');
    const paused = await h.variables(pi);
    expect(paused.pricingPause).toMatchObject({
      phase: 'online', kind: '中止', reason: '被执行人申请破产，案件中止执行', basis: 'RP 28（一）',
      dueAtPause: onlineReportDue, noticeBy: 'platform', notified: onlineEnquiry.platforms,
    });
    expect(ms(paused.pricingPause.pausedAt)).toBe(pausedAt);
    expect(sim.calls.filter((c) => c.operation === 'pause-enquiry')).toEqual([{ operation: 'pause-enquiry', key: onlineEnquiry.enquiryId }]);

    // the old deadline passes: nothing is collected while paused
    await h.advanceTo(ms(onlineReportDue) + 10 * DAY);
    expect(await h.visited(pi)).not.toContain('collectOnlineReports');
    expect(await subscribed(pi, 'pricingStayWindow')).toBe(true);

    const pausedFor = h.now() - pausedAt;
    await h.publishMessage('auction.resumed', auctionKey, { resumeReason: '破产申请被裁定不予受理' });
    await h.waitForActive(pi, 'onlineReportDue');
    const resumed = await h.variables(pi);
    expect(ms(resumed.onlineReportDue)).toBe(ms(onlineReportDue) + pausedFor);
    // two days were left at the pause: two days are left now
    expect(ms(resumed.onlineReportDue) - h.now()).toBe(ms(onlineReportDue) - pausedAt);
    expect(resumed.pricingPauses).toEqual([
      expect.objectContaining({ phase: 'online', kind: '中止', pausedMs: pausedFor, dueAfterResume: resumed.onlineReportDue, resumeReason: '破产申请被裁定不予受理' }),
    ]);
    expect(sim.calls.filter((c) => c.operation === 'resume-enquiry')).toEqual([{ operation: 'resume-enquiry', key: onlineEnquiry.enquiryId }]);
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['onlineEnquirySuspended', 'pausePricing', 'pricingStayLifted', 'resumePricing']));

    // one minute before the moved deadline nothing is collected; at it the reports are averaged
    await h.advanceTo(ms(resumed.onlineReportDue) - 60_000);
    expect(await h.visited(pi)).not.toContain('collectOnlineReports');
    await h.advanceTo(resumed.onlineReportDue);
    await h.waitForTask(pi, 'serveReferencePrice');
    expect(await h.variables(pi)).toMatchObject({ pricingMethod: 'online', referencePrice: 300000 });
    await h.cancel(pi);
  });

  it('RP 28 暂缓 with a term during 委托评估: the term runs out, the appraisal goes on with its 30-day deadline moved by the term', async () => {
    const { pi, auctionKey } = await start(realEstate());
    const report = await toAppraisal(pi);
    const { appraisalDue } = await h.variables(pi);
    expect(ms(report.dueDate!)).toBe(ms(appraisalDue));

    await h.advanceClock(10 * DAY);
    const pausedAt = h.now();
    // 20 of the 30 days were left; the 暂缓 runs 25 days, past the original deadline
    const until = days(25);
    expect(ms(until)).toBeGreaterThan(ms(appraisalDue) + DAY);
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '暂缓', reason: '评估材料与事实严重不符，需重新调查核实', until } });
    await h.waitForActive(pi, 'pricingPostponementWindow');
    const paused = await h.variables(pi);
    expect(paused.pricingPause).toMatchObject({ phase: 'appraisal', kind: '暂缓', until, dueAtPause: appraisalDue, noticeBy: 'written', notified: ['河南某某房地产估价有限公司'] });
    expect(await h.openTasks(pi, 'receiveAppraisalReport')).toEqual([]);

    // the original deadline passes during the 暂缓: no 评估报告逾期
    await h.advanceTo(ms(appraisalDue) + DAY);
    expect(await h.visited(pi)).not.toContain('appraisalReportOverdue');
    expect(await subscribed(pi, 'pricingPostponementWindow')).toBe(true);
    await h.advanceTo(until);

    const again = await h.waitForTask(pi, 'receiveAppraisalReport');
    const moved = ms(appraisalDue) + (ms(until) - pausedAt);
    expect(ms(again.dueDate!)).toBe(moved);
    expect(ms((await h.variables(pi)).appraisalDue)).toBe(moved);
    expect(again.candidateGroups).toEqual(['网拍组']);
    expect(await h.visited(pi)).toContain('pricingPostponementEnds');

    // the moved deadline still counts: 评估报告逾期 fires at it, not before
    await h.advanceTo(moved - 60_000);
    expect(await h.visited(pi)).not.toContain('appraisalReportOverdue');
    await h.advanceTo(moved);
    await h.waitForTask(pi, 'decideAppraisalExtension');
    await h.cancel(pi);
  });

  it('NA 28 in pricing: a termed 暂缓 of 委托评估 is ended early by auction.resumed; the deadline moves only by the time actually paused', async () => {
    const { pi, auctionKey } = await start(realEstate());
    await toAppraisal(pi);
    const { appraisalDue } = await h.variables(pi);
    await h.advanceClock(5 * DAY);
    const pausedAt = h.now();
    const until = days(30);
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '暂缓', reason: '被执行人提供担保申请暂缓执行', until } });
    await h.waitForActive(pi, 'pricingPostponementWindow');

    await h.advanceClock(4 * DAY);
    await h.publishMessage('auction.resumed', auctionKey, { resumeReason: '担保人撤回担保' });
    const report = await h.waitForTask(pi, 'receiveAppraisalReport');
    expect(ms(report.dueDate!)).toBe(ms(appraisalDue) + 4 * DAY);
    expect(ms(report.dueDate!)).toBeLessThan(ms(appraisalDue) + (ms(until) - pausedAt));
    const visited = await h.visited(pi);
    expect(visited).toContain('pricingResumedEarly');
    expect(visited).not.toContain('pricingPostponementEnds');
    expect((await h.variables(pi)).pricingPauses).toEqual([expect.objectContaining({ phase: 'appraisal', until, pausedMs: 4 * DAY })]);

    // the report arrives: pricing finishes as usual
    await h.completeTask(pi, 'receiveAppraisalReport', { appraisalReportNumber: '豫某评字〔2026〕第28号', referencePrice: 310000, appraisalValidUntil: '2027-06-30' });
    await h.waitForTask(pi, 'serveReferencePrice');
    expect(await h.variables(pi)).toMatchObject({ referencePrice: 310000, pricingMethod: 'appraisal' });
    await h.cancel(pi);
  });

  it('NA 28 in pricing: a termed 暂缓 of 网络询价 is ended early by auction.resumed', async () => {
    const { pi, auctionKey } = await start(realEstate(), { onlineEnquiry: ['complete'] });
    const { onlineReportDue } = await toOnlineEnquiry(pi);
    await h.advanceClock(2 * HOUR);
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '暂缓', reason: '其他应当暂缓的情形', until: days(15) } });
    await h.waitForActive(pi, 'pricingPostponementWindow');
    await h.advanceClock(3 * DAY);
    await h.publishMessage('auction.resumed', auctionKey);
    await h.waitForActive(pi, 'onlineReportDue');
    expect(ms((await h.variables(pi)).onlineReportDue)).toBe(ms(onlineReportDue) + 3 * DAY);
    expect(await h.visited(pi)).toContain('pricingResumedEarly');
    await h.cancel(pi);
  });

  it('NA 28 in the bidding: a termed 暂缓 is ended early by auction.resumed, then 恢复拍卖 within 5 days', async () => {
    const { pi, auctionKey } = await start(realEstate());
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    await h.completeTask(pi, 'partyNegotiation', { negotiationOutcome: 'agreed', referencePrice: 300000 });
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'direct', referenceServedAt: '2026-03-03' });
    await h.waitForActive(pi, 'objectionWindow');
    await h.advanceTo((await h.variables(pi)).objectionDue);
    await h.completeTask(pi, 'fixAuctionTerms', TERMS);
    await h.waitForActive(pi, 'notificationPeriodEnds');
    await h.advanceTo((await h.variables(pi)).partiesNotifiedUntil);
    await h.waitForActive(pi, 'biddingPhase');

    const until = days(20);
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '暂缓', reason: '被执行人提供担保申请暂缓', until } });
    await h.waitForActive(pi, 'postponementWindow');
    await h.advanceClock(6 * DAY);
    await h.publishMessage('auction.resumed', auctionKey, { resumeReason: '担保不足，提前恢复' });
    const resume = await h.waitForTask(pi, 'resumeAuction');
    expect(ms(resume.dueDate!)).toBe(ms(days(5)));
    expect(h.now()).toBeLessThan(ms(until));
    const visited = await h.visited(pi);
    expect(visited).toContain('postponementEndedEarly');
    expect(visited).not.toContain('postponementEnds');
    // the term's timer is gone: its end passes without a second resume
    await h.advanceTo(until);
    expect((await h.visited(pi)).filter((e) => e === 'computeResumeDue')).toHaveLength(1);
    await h.cancel(pi);
  });

  it('RP 29 撤回: auction.pricing-withdrawn during 网络询价 ends the auction as withdrawn; during a paused 委托评估 too', async () => {
    const online = await start(realEstate(), { onlineEnquiry: ['complete'] });
    await toOnlineEnquiry(online.pi);
    await h.publishMessage('auction.pricing-withdrawn', online.auctionKey, { withdrawal: { reason: '申请执行人撤回执行申请', basis: 'RP 29（一）' } });
    await h.waitForCompletion(online.pi);
    const done = await h.variables(online.pi);
    expect(done).toMatchObject({ auctionResult: 'withdrawn', pricingWithdrawal: { reason: '申请执行人撤回执行申请', basis: 'RP 29（一）' } });
    expect(await h.visited(online.pi)).toEqual(expect.arrayContaining(['onlineEnquiryWithdrawn', 'recordPricingWithdrawn', 'pricingWithdrawn']));
    expect(await h.visited(online.pi)).not.toContain('collectOnlineReports');

    const appraisal = await start(realEstate());
    await toAppraisal(appraisal.pi);
    await h.publishMessage('auction.suspended', appraisal.auctionKey, { suspension: { kind: '中止', reason: '案外人提出执行异议' } });
    await h.waitForActive(appraisal.pi, 'pricingStayWindow');
    await h.publishMessage('auction.pricing-withdrawn', appraisal.auctionKey, { withdrawal: { reason: '义务已全部履行完毕' } });
    await h.waitForCompletion(appraisal.pi);
    expect(await h.variables(appraisal.pi)).toMatchObject({ auctionResult: 'withdrawn', pricingWithdrawal: { reason: '义务已全部履行完毕' } });
    expect(await h.visited(appraisal.pi)).toContain('pricingWithdrawnWhileStayed');

    // while the appraiser works (no pause)
    const working = await start(realEstate());
    await toAppraisal(working.pi);
    await h.publishMessage('auction.pricing-withdrawn', working.auctionKey, { withdrawal: { reason: '被执行人已全部履行', basis: 'RP 29（三）' } });
    await h.waitForCompletion(working.pi);
    expect(await h.variables(working.pi)).toMatchObject({ auctionResult: 'withdrawn', pricingWithdrawal: { reason: '被执行人已全部履行' } });
    const workingVisited = await h.visited(working.pi);
    expect(workingVisited).toContain('appraisalWithdrawn');
    expect(workingVisited).not.toContain('pausePricing');

    // during a termed 暂缓 of the appraisal: the term's timer goes with it
    const postponed = await start(realEstate());
    await toAppraisal(postponed.pi);
    const until = days(20);
    await h.publishMessage('auction.suspended', postponed.auctionKey, { suspension: { kind: '暂缓', reason: '被执行人申请暂缓执行并提供担保', until } });
    await h.waitForActive(postponed.pi, 'pricingPostponementWindow');
    await h.publishMessage('auction.pricing-withdrawn', postponed.auctionKey, { withdrawal: { reason: '申请执行人撤回执行申请' } });
    await h.waitForCompletion(postponed.pi);
    const postponedVisited = await h.visited(postponed.pi);
    expect(postponedVisited).toContain('pricingWithdrawnWhilePostponed');
    expect(postponedVisited).not.toContain('pricingPostponementEnds');
    expect(await h.variables(postponed.pi)).toMatchObject({ auctionResult: 'withdrawn' });
  });
});


