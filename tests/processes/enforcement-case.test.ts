/**
 * 执行案件 (processes/enforcement-case.bpmn), the parent process, on the engine with every model
 * of processes/ and every worker: intake → asset control → disposition → closing, the six-month
 * execution period with its extension, and the overdue warnings. The called processes' own
 * paths are tested in their files; here they are driven as far as the parent's path needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import { getEntrustmentSystem } from '../../workers/court-systems/entrustment/entrustment-system.js';
import type { EntrustmentSystemSimulator } from '../../workers/court-systems/entrustment/entrustment-system.simulator.js';
import { computeDeadline } from '../../workers/deadlines/compute.worker.js';
import { DAY, ProcessHarness } from '../support/process-harness.js';

const START = '2026-03-02T09:00:00+08:00';

describe('enforcement-case (执行案件)', { timeout: 120_000 }, () => {
  let h: ProcessHarness;
  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START });
    // the shared clock runs past 2026, the end of the seeded table
    h.addHolidayFixtures(2027);
  }, 180_000);
  afterAll(() => h?.close());
  /** the simulator the workers and the court inbox use: the entrusted court answers through it */
  const entrustmentSystem = () => getEntrustmentSystem(h.workers!.context) as EntrustmentSystemSimulator;

  let seq = 0;
  /** a registered case as the server starts it; the respondent's idNumber ends with `digit` (InquirySimulator) */
  const register = async (digit: string, claimAmount: number, extra: Record<string, unknown> = {}) => {
    seq += 1;
    const variables = {
      caseId: `ec-${seq}`,
      caseNumber: `（2026）豫1330执${500 + seq}号`,
      caseType: '执',
      courtCode: '豫1330',
      applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230', phone: '13800000000', address: '桐柏县城关镇' },
      respondents: [{ name: '李四', kind: 'person', idNumber: `41133019850505${String(seq).padStart(3, '0')}${digit}`, phone: '', address: '' }],
      claimAmount,
      basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
      filedAt: new Date(h.now()).toISOString(),
      complexity: 'complex',
      amountRecovered: 0,
      ...extra,
    };
    return { pi: await h.createInstance('enforcement-case', variables), variables };
  };
  /** 初次接待, 立案审查 (accept) and 指定承办人 by 执行团队 */
  const passIntake = async (pi: string) => {
    await h.completeTask(pi, 'reception', { preservation: 'none', riskNotified: true });
    await h.completeTask(pi, 'filingReview', { filingDecision: 'accept' });
    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'zhaofg' });
  };

  /** the auction's own path (议价 → 一拍成交 at 214,000), as tests/processes/auction.test.ts drives it */
  const sellAtAuction = async (pi: string, auction: string) => {
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    await h.completeTask(pi, 'partyNegotiation', { negotiationOutcome: 'agreed', referencePrice: 300000 });
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'direct', referenceServedAt: '2026-03-03' });
    await h.until('the objection window', 60_000, async () => (await h.active(auction)).includes('objectionWindow'));
    await h.advanceClock(Date.parse((await h.variables(auction)).objectionDue) - h.now());
    await h.completeTask(pi, 'fixAuctionTerms', { startingPrice: 210000, deposit: 21000, increment: 2000, auctionPlatform: '人民法院诉讼资产网', panelMembers: '王法官、赵法官、钱法官' });
    await h.until('the bidding', 60_000, async () => {
      const active = await h.active(auction);
      // the parties are told at least 3 days before the notice (NA 16): let those days pass
      if (active.includes('notificationPeriodEnds')) await h.advanceClock(Math.max(0, Date.parse((await h.variables(auction)).partiesNotifiedUntil) - h.now()));
      return active.includes('biddingPhase');
    }).catch(async (error) => {
      const jobs = await h.server.engine.db.query<{ element_id: string; state: string; error_message: string }>(
        `SELECT element_id, state, error_message FROM engine.job WHERE process_instance_key = $1 AND state IN ('BACKOFF', 'ACTIVATED', 'ACTIVATABLE')`,
        [auction],
      );
      throw new Error(`${(error as Error).message}; active: ${(await h.active(auction)).join(', ')}; jobs: ${JSON.stringify(jobs)}; incidents: ${JSON.stringify(await h.incidents(auction))}`);
    });
    await h.advanceClock(Date.parse((await h.variables(auction)).listing.endsAt) - h.now());
    await h.completeTask(pi, 'confirmBalancePayment', { balancePaid: 193000, balancePaidAt: '2026-04-10', receiptNumber: 'SK-2026-0009' });
    await h.completeTask(pi, 'serveRuling', { rulingServiceMethod: 'direct', rulingServedAt: '2026-04-12' });
    await h.completeTask(pi, 'handOver', { handedOverAt: '2026-04-20', recipient: '王五' });
  };

  it('不予受理: intake rejects the case and the case process ends there', async () => {
    const { pi } = await register('3', 20000);
    await h.completeTask(pi, 'reception', { preservation: 'none', riskNotified: true });
    await h.completeTask(pi, 'filingReview', { filingDecision: 'reject', rejectionReason: '执行依据尚未生效' });
    await h.waitForCompletion(pi);
    expect(await h.visited(pi)).toEqual(['caseRegistered', 'computeExecutionPeriod', 'callIntake', 'acceptedGateway', 'notAccepted']);
    expect(await h.calledInstances(pi, 'asset-control')).toEqual([]);
  });

  it('执行完毕: the deposit found covers the claim, 扣划 recovers it, the case closes as performed and the period watch ends', async () => {
    const { pi, variables } = await register('3', 20000);
    await h.waitForTask(pi, 'reception');
    const period = await h.variables(pi);
    expect(period.executionPeriodEnd).toBe('2026-09-02T01:00:00.000Z'); // 6 months after 立案, a Wednesday
    expect(period.executionPeriodEffectiveEnd).toBe('2026-09-02T01:00:00.000Z');

    await passIntake(pi);
    const decide = await h.waitForTask(pi, 'decideDeduction');
    expect(decide.candidateGroups).toEqual(['执行团队']); // the team intake chose
    await h.completeTask(pi, 'decideDeduction', { deductionDecision: 'deduct' });
    const plan = await h.waitForTask(pi, 'planDisposition');
    expect(plan).toMatchObject({ name: '制定处置方案', candidateGroups: ['执行团队'], assignee: 'zhaofg' });
    await h.completeTask(pi, 'planDisposition', { entrustOut: false });

    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out).toMatchObject({ amountRecovered: 20000, closingMode: 'performed', closingType: '执行完毕', team: '执行团队', caseOfficer: 'zhaofg' });
    const visited = await h.visited(pi);
    expect(visited).toEqual(expect.arrayContaining(['callIntake', 'callAssetControl', 'planDisposition', 'markPerformed', 'performedEnd', 'execution', 'closePerformed', 'casePerformed']));
    expect(visited).not.toContain('closingDecision');
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    const kinds = h.documents.listByCase(variables.caseId).map((d) => d.kind);
    expect(kinds.sort()).toEqual(['受理通知书', '执行裁定书', '执行裁定书', '执行通知书', '报告财产令', '提供被执行人财产状况通知书'].sort());
  });

  it('nothing found: 继续执行 calls asset control again; then 终结执行 closes the case', async () => {
    const { pi } = await register('1', 50000);
    await passIntake(pi);
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['site-visit'], traditionalResult: 'none', traditionalFindings: '无' });
    await h.completeTask(pi, 'planDisposition', {});
    const closing = await h.waitForTask(pi, 'closingDecision');
    expect(closing).toMatchObject({ name: '决定结案方式', assignee: 'zhaofg' });
    await h.completeTask(pi, 'closingDecision', { closingMode: 'continue', closingReason: '申请人提供新线索' });

    await h.until('a second asset control', 20_000, async () => (await h.calledInstances(pi, 'asset-control')).length === 2);
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['interview'], traditionalResult: 'none', traditionalFindings: '仍无' });
    await h.completeTask(pi, 'planDisposition', {});
    await h.completeTask(pi, 'closingDecision', { closingMode: 'terminated', closingReason: '被执行人死亡，无遗产' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ closingMode: 'terminated', closingType: '终结执行', assetsFound: false });
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['closeOther', 'caseClosedOther']));
  });

  it('终本: the case closes at the ruling; 终本后动态管理 and 失信/限高 run on as their own instances of the case', async () => {
    const { pi, variables } = await register('1', 80000);
    await passIntake(pi);
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['site-visit'], traditionalResult: 'none', traditionalFindings: '无' });
    await h.completeTask(pi, 'planDisposition', {});
    await h.waitForTask(pi, 'closingDecision');
    await h.advanceClock(100 * DAY); // 终本 needs more than 3 months since 立案 (ZB 1 ④)
    await h.completeTask(pi, 'closingDecision', { closingMode: 'finality', closingReason: '无可供执行财产' });

    const [finality] = await h.until('the finality review', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'finality-review');
      return keys.length ? keys : undefined;
    });
    expect(await h.variables(finality!)).toMatchObject({ caseId: variables.caseId, caseNumber: variables.caseNumber, claimAmount: 80000, caseOfficer: 'zhaofg' });
    // 失信/限高 is not called: it was started by message, so it does not hold the case open
    expect(await h.calledInstances(pi, 'credit-sanctions')).toEqual([]);
    const sanctions = await h.waitForInstanceWith('credit-sanctions', { caseNumber: variables.caseNumber });
    expect(await h.variables(sanctions)).toMatchObject({ caseId: variables.caseId, claimAmount: 80000, caseOfficer: 'zhaofg', startedByProcessInstanceKey: pi });
    expect((await h.waitForTask(sanctions, 'proposeSanction')).candidateGroups).toEqual(['执行团队']);

    await h.completeTask(pi, 'conditionsChecklist', {
      noticeAndReportOrderIssued: true, consumptionRestricted: true, assetSearchExhausted: true, debtorLocatedOrSanctioned: true,
      fullNetworkSearchWithin3Months: true, traditionalMeasureTaken: true, noUnverifiedLeads: true, outstandingAmount: 80000, searchSummary: '均未发现财产',
    });
    await h.completeTask(pi, 'applicantInterview', { interviewDate: '2026-06-02', interviewMethod: 'in-person', measuresExplained: '已告知', applicantOpinion: '同意', applicantConsent: true });
    await h.completeTask(pi, 'qualityCheck', { qualityResult: 'pass', qualityComment: '符合' });
    await h.completeTask(pi, 'enterDatabase', { finalityEnteredAt: '2026-06-03', finalityDatabaseReference: 'ZB-2026-0100' });

    // 结案 at 终本: the case's process ends, with the ruling made in its called review
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ closingMode: 'finality', finalityOutcome: 'closed' });
    expect(await h.visited(finality!)).toEqual(expect.arrayContaining(['generateRuling', 'enterDatabase', 'handedToMonitoring']));
    // the 5-year checks run in a finality-review instance of their own, waiting for leads
    const monitoring = await h.waitForInstanceWith('finality-review', { caseNumber: variables.caseNumber });
    expect(monitoring).not.toBe(finality);
    await h.until('monitoring to wait for leads', 20_000, async () => (await h.active(monitoring)).includes('awaitLead'));
    expect(await h.variables(monitoring)).toMatchObject({ caseId: variables.caseId, claimAmount: 80000, startedByProcessInstanceKey: finality });
    expect(await h.state(sanctions)).toBe('ACTIVE');
    await h.cancel(monitoring);
    await h.cancel(sanctions);
  });

  it('中止 and 暂缓: the period watch stops; the days are added to the end (the 暂缓 term runs out, the 中止 ends on resumption) and the warning moves with it', async () => {
    const { pi, variables } = await register('1', 70000);
    await passIntake(pi);
    await h.waitForTask(pi, 'traditionalSearch');
    const { executionPeriodEnd } = await h.variables(pi);
    await h.until('the period watch', 20_000, async () => (await h.active(pi)).includes('periodWatchGateway'));

    // 暂缓 for 20 days (a term): the timer ends it
    const postponedAt = h.now();
    const until = new Date(postponedAt + 20 * DAY).toISOString();
    await h.publishMessage('enforcement-case.suspended', variables.caseNumber, { suspension: { kind: '暂缓', reason: '案外人提供担保', until } });
    await h.until('the postponement', 20_000, async () => (await h.active(pi)).includes('postponementGateway'));
    await h.advanceClock(20 * DAY);
    // the period was recorded when the 暂缓 began; the term closes it
    await h.until('the first excluded period closed', 20_000, async () => (await h.variables(pi)).excludedPeriods?.[0]?.to != null);
    let vars = await h.variables(pi);
    expect(vars.excludedPeriods).toHaveLength(1);
    expect(vars.excludedPeriods[0]).toMatchObject({ kind: '暂缓', reason: '案外人提供担保' });
    expect(Date.parse(vars.excludedPeriods[0].from)).toBe(postponedAt);
    expect(Date.parse(vars.excludedPeriods[0].to)).toBe(Date.parse(until));
    expect(Date.parse(vars.executionPeriodEffectiveEnd)).toBe(Date.parse(executionPeriodEnd) + 20 * DAY);
    expect(await h.visited(pi)).toContain('postponementExpired');

    // 中止 with no end date: it lasts until the resumption message, 10 days later
    await h.until('the period watch again', 20_000, async () => (await h.active(pi)).includes('periodWatchGateway'));
    await h.publishMessage('enforcement-case.suspended', variables.caseNumber, { suspension: { kind: '中止', reason: '被执行人破产申请已受理' } });
    await h.until('the stay', 20_000, async () => (await h.active(pi)).includes('clockStoppedGateway'));
    await h.advanceClock(10 * DAY);
    await new Promise((r) => setTimeout(r, 300));
    const stayed = await h.variables(pi);
    expect(stayed.excludedPeriods).toHaveLength(2);
    expect(stayed.excludedPeriods[1].to).toBeNull(); // no timer ends a 中止
    expect(stayed.executionPeriodStopped).toBe(true);
    await h.publishMessage('enforcement-case.resumed', variables.caseNumber, {});
    await h.until('the second excluded period closed', 20_000, async () => (await h.variables(pi)).excludedPeriods?.[1]?.to != null);
    vars = await h.variables(pi);
    expect(vars.excludedPeriods[1]).toMatchObject({ kind: '中止', reason: '被执行人破产申请已受理' });
    const effectiveEnd = Date.parse(vars.executionPeriodEffectiveEnd);
    expect(effectiveEnd).toBe(Date.parse(executionPeriodEnd) + 30 * DAY);

    // the original warning date passes quietly; the warning comes 5 days before the moved end
    await h.advanceClock(Date.parse(executionPeriodEnd) - 5 * DAY - h.now() + 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    await h.advanceClock(effectiveEnd - 5 * DAY - h.now() + 1000);
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(Date.parse(request.dueDate!)).toBe(effectiveEnd);
    expect((await h.waitForTask(pi, 'traditionalSearch')).name).toBe('传统查控'); // the case's work itself was not stopped by the model
    await h.cancel(pi);
  });

  it('中止 of the case stops its auction in the bidding (NA 28), and the resumption brings the auction to 恢复拍卖', async () => {
    const { pi, variables } = await register('7', 200000);
    await passIntake(pi);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-11' });
    await h.completeTask(pi, 'planDisposition', {});
    const [auction] = await h.until('the auction', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'auction');
      return keys.length ? keys : undefined;
    });
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    await h.completeTask(pi, 'partyNegotiation', { negotiationOutcome: 'agreed', referencePrice: 300000 });
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'direct', referenceServedAt: '2026-03-03' });
    await h.waitForActive(auction!, 'objectionWindow');
    await h.advanceTo((await h.variables(auction!)).objectionDue);
    await h.completeTask(pi, 'fixAuctionTerms', { startingPrice: 210000, deposit: 21000, increment: 2000, auctionPlatform: '人民法院诉讼资产网', panelMembers: '王法官、赵法官、钱法官' });
    await h.waitForActive(auction!, 'notificationPeriodEnds');
    await h.advanceTo((await h.variables(auction!)).partiesNotifiedUntil);
    await h.waitForActive(auction!, 'biddingPhase');
    // the auction stopped the clock: the watch waits only for messages
    await h.until('the period watch', 20_000, async () => (await h.active(pi)).includes('clockStoppedGateway'));

    await h.publishMessage('enforcement-case.suspended', variables.caseNumber, { suspension: { kind: '中止', reason: '被执行人破产申请已受理' } });
    await h.waitForActive(auction!, 'suspensionLifted');
    expect((await h.variables(auction!)).auctionSuspensions).toEqual([expect.objectContaining({ kind: '中止', reason: '被执行人破产申请已受理' })]);
    expect(await h.visited(pi)).toContain('notifyAuctionsSuspended');

    await h.publishMessage('enforcement-case.resumed', variables.caseNumber, {});
    const resume = await h.waitForTask(pi, 'resumeAuction');
    expect(resume.processInstanceKey).toBe(auction);
    await h.until('the 中止 closed', 20_000, async () => (await h.variables(pi)).excludedPeriods?.some((p: { kind: string; to: unknown }) => p.kind === '中止' && p.to != null));
    await h.cancel(pi);
  });

  it('the auction stops the clock while it runs: no 预警 during a long auction, and a 中止 during it is not counted twice', async () => {
    const { pi, variables } = await register('7', 200000);
    await passIntake(pi);
    const { executionPeriodEnd } = await h.variables(pi);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-12' });
    await h.completeTask(pi, 'planDisposition', {});
    const [auction] = await h.until('the auction', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'auction');
      return keys.length ? keys : undefined;
    });
    const stopped = await h.until('the clock stopped by the auction', 20_000, async () => {
      const v = await h.variables(pi);
      return (await h.active(pi)).includes('clockStoppedGateway') && v.executionPeriodStopped === true ? v : undefined;
    });
    const auctionPeriod = stopped.excludedPeriods.find((p: { kind: string }) => p.kind === '拍卖');
    expect(auctionPeriod).toMatchObject({ id: stopped.auctionExclusionId, to: null });
    expect(Date.parse(auctionPeriod.from)).toBe(Date.parse(stopped.auctionStartedAt));
    expect(auctionPeriod.id).toMatch(/^auction:/);
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    // a 中止 for 10 days while the auction runs
    await h.advanceClock(20 * DAY);
    // buffered for a minute, as the server's messages are (for 30 days): the loop may be between two waits
    await h.publishMessage('enforcement-case.suspended', variables.caseNumber, { suspension: { kind: '中止', reason: '案外人异议' } }, 60_000);
    await h.until('the 中止 recorded', 20_000, async () => (await h.variables(pi)).excludedPeriods?.length === 2 && (await h.active(pi)).includes('clockStoppedGateway'));
    await h.advanceClock(10 * DAY);
    await h.publishMessage('enforcement-case.resumed', variables.caseNumber, {}, 60_000);
    await h.until('the 中止 closed', 20_000, async () => (await h.variables(pi)).excludedPeriods?.[1]?.to != null && (await h.active(pi)).includes('clockStoppedGateway'));
    // the auction goes on for months: the unmoved warning time passes without a warning
    await h.advanceTo(Date.parse(executionPeriodEnd) - 5 * DAY + 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    expect(await h.state(auction!)).toBe('ACTIVE');
    const v = await h.variables(pi);
    expect(v.executionPeriodStopped).toBe(true);
    // the effective end moved by the auction so far (as of the loop's last count), the 中止 inside it not added again
    const counted = (Date.parse(v.excludedPeriods[1].to) - Date.parse(auctionPeriod.from)) / DAY;
    expect((Date.parse(v.executionPeriodEffectiveEnd) - Date.parse(executionPeriodEnd)) / DAY).toBe(counted);
    expect(counted).toBe(30);
    await h.cancel(pi);
  });

  it('sealed real estate goes to 司法网拍, one auction per asset, with the asset in the auction’s shape', async () => {
    const { pi } = await register('7', 200000);
    await passIntake(pi);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-9' });
    await h.completeTask(pi, 'planDisposition', {});
    const [auction] = await h.until('the auction', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'auction');
      return keys.length ? keys : undefined;
    });
    const vars = await h.variables(auction!);
    expect(vars.asset).toMatchObject({ kind: 'realEstate', location: '桐柏县不动产登记中心', estimatedValue: 300000 });
    expect(vars.asset.description).toMatch(/^桐柏县城关镇淮源大道\d+号房产$/);
    expect((await h.variables(pi)).auctionStartedAt).toBeDefined();
    await h.cancel(pi);
  });

  it('一拍成交: the proceeds are added to 执行到位, the auction period is left out of the six months, and the case closes as performed', async () => {
    const { pi } = await register('7', 200000);
    await passIntake(pi);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-10' });
    await h.completeTask(pi, 'planDisposition', {});
    const [auction] = await h.until('the auction', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'auction');
      return keys.length ? keys : undefined;
    });
    // the six months as counted when 执行实施 began (the clock's date depends on the tests before)
    const statutoryEnd = await h.until('the execution period', 20_000, async () => (await h.variables(pi)).executionPeriodEnd as string | undefined);
    const startedAt = h.now();
    // six months ahead (180 days give or take the months' lengths)
    expect((Date.parse(statutoryEnd) - startedAt) / DAY).toBeGreaterThan(175);
    await sellAtAuction(pi, auction!);
    const auctionDays = (h.now() - startedAt) / DAY;

    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.auctionResults).toEqual([expect.objectContaining({ auctionResult: 'sold', proceeds: 214000 })]);
    expect(out).toMatchObject({ amountRecovered: 214000, closingMode: 'performed', closingType: '执行完毕' });
    // the statutory end stays; the auction was recorded as an excluded period from its start (the
    // loop counts its end when it gets the message, which a case closed at once may not wait for)
    expect(out.executionPeriodEnd).toBe(statutoryEnd);
    expect(auctionDays).toBeGreaterThan(30);
    expect(out.excludedPeriods).toEqual([expect.objectContaining({ kind: '拍卖', id: out.auctionExclusionId })]);
    const [auctionPeriod] = out.excludedPeriods;
    expect(Date.parse(auctionPeriod.from)).toBe(Date.parse(out.auctionStartedAt));
    // counted up to the loop's last look: the auction's end, or the last time the loop ran while it lasted
    const counted = (Date.parse(out.executionPeriodEffectiveEnd) - Date.parse(out.executionPeriodEnd)) / DAY;
    if (auctionPeriod.to) expect(counted).toBe((Date.parse(auctionPeriod.to) - Date.parse(auctionPeriod.from)) / DAY);
    expect(counted).toBeLessThanOrEqual(auctionDays);
    expect(Math.abs(Date.parse(out.auctionStartedAt) - startedAt)).toBeLessThan(60_000);
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['markAuctionStart', 'prepareAuction', 'callAuction', 'excludeAuctionPeriod', 'addProceeds']));
    // the seal-up's term was watched while the case ran (asset-control in watch mode), and the watch ended with the case
    const [, watch] = await h.calledInstances(pi, 'asset-control');
    expect(await h.state(watch!)).toBe('TERMINATED');
    expect((await h.variables(watch!)).controlMode).toBe('watch');
    expect(out.watchedMeasures).toBeUndefined(); // the watch sends nothing back
    expect((await h.elementInstances(watch!)).map((e) => e.elementId)).toContain('watchMeasures');
  });

  it('excluded period in the watch: the auction’s end moves the warning; the original warning date passes quietly', async () => {
    const { pi } = await register('7', 500000);
    await passIntake(pi);
    const { executionPeriodEnd } = await h.variables(pi);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-11' });
    await h.completeTask(pi, 'planDisposition', {});
    const [auction] = await h.until('the auction', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'auction');
      return keys.length ? keys : undefined;
    });
    await sellAtAuction(pi, auction!);
    await h.waitForTask(pi, 'closingDecision'); // 214,000 of 500,000: not performed
    // the watch gets the auction's end and runs again
    await h.until('the auction period closed', 20_000, async () => {
      const v = await h.variables(pi);
      return v.excludedPeriods?.[0]?.to != null && v.executionPeriodStopped === false && (await h.active(pi)).includes('periodWatchGateway');
    });
    const { executionPeriodEffectiveEnd, amountRecovered, excludedPeriods } = await h.variables(pi);
    expect(amountRecovered).toBe(214000);
    expect(Date.parse(executionPeriodEffectiveEnd) - Date.parse(executionPeriodEnd)).toBe(Date.parse(excludedPeriods[0].to) - Date.parse(excludedPeriods[0].from));
    expect(Date.parse(executionPeriodEffectiveEnd)).toBeGreaterThan(Date.parse(executionPeriodEnd) + 30 * DAY);

    // the original warning date passes without a warning
    await h.advanceClock(Date.parse(executionPeriodEnd) - 5 * DAY - h.now() + 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    // 5 days before the effective end it warns
    await h.advanceClock(Date.parse(executionPeriodEffectiveEnd) - 5 * DAY - h.now() + 1000);
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(Date.parse(request.dueDate!)).toBe(Date.parse(executionPeriodEffectiveEnd));
    await h.cancel(pi);
  });

  it('property elsewhere: 委托执行 of the whole case; what the entrusted court collects counts as 执行到位', async () => {
    const { pi } = await register('1', 60000);
    await passIntake(pi);
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['site-visit'], traditionalResult: 'found', traditionalFindings: '在南阳市宛城区有房产' });
    await h.completeTask(pi, 'planDisposition', { entrustOut: true, entrustedCourt: '河南省南阳市宛城区人民法院' });
    const [entrustment] = await h.until('the entrustment', 20_000, async () => {
      const keys = await h.calledInstances(pi, 'entrustment');
      return keys.length ? keys : undefined;
    });
    expect(await h.variables(entrustment!)).toMatchObject({ entrustmentKind: 'case', entrustmentDirection: 'outgoing', entrustedCourt: '河南省南阳市宛城区人民法院' });

    // the entrustment's own path, as tests/processes/entrustment.test.ts drives it: sent, filed, concluded
    await h.completeTask(pi, 'prepareCaseEntrustment', { noLocalAssets: true, remoteAssets: '南阳市宛城区房产', expiringMeasures: false, entrustDecision: 'entrust', entrustReason: '本院辖区无财产' });
    await h.until('the letter sent', 30_000, async () => (await h.active(entrustment!)).includes('awaitFiling'));
    const { entrustmentId } = await h.variables(entrustment!);
    entrustmentSystem().answer(entrustmentId, 'filed', { entrustedCaseNumber: '（2026）豫1302执委30号', entrustedOfficer: '孙法官' });
    await h.completeTask(pi, 'notifyApplicant', { applicantNoticeMethod: 'post', applicantNotifiedAt: '2026-05-20' });
    await h.until('the outcome awaited', 30_000, async () => (await h.active(entrustment!)).includes('awaitOutcome'));
    entrustmentSystem().answer(entrustmentId, 'concluded', { entrustmentOutcome: 'completed', amountCollected: 60000 });

    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ entrustmentResult: 'completed', amountRecovered: 60000, closingMode: 'performed' });
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['callEntrustment', 'addCollected', 'markPerformed']));
  });

  it('six-month period: 查控 overdue warning, the warning 5 days before the end, an approved extension of 3 months, then 超期 when not extended again', async () => {
    const filedAt = new Date(h.now());
    const { pi } = await register('1', 70000, { filedAt: filedAt.toISOString() });
    await passIntake(pi);
    const { executionPeriodEnd } = await h.variables(pi);
    const calendar = createCalendar({ holidaysFile: h.holidaysFile });
    expect(executionPeriodEnd).toBe(computeDeadline(calendar, filedAt, { months: 6 }, 'executionPeriodEnd').toISOString());
    await h.waitForTask(pi, 'traditionalSearch'); // the case stays in asset control

    // a month in asset control: the node's overdue warning
    await h.advanceClock(31 * DAY);
    await h.until('the asset-control warning', 20_000, async () => (await h.visited(pi)).includes('assetControlWarned'));

    // 5 days before the end of the period
    const warnAt = new Date(executionPeriodEnd).getTime() - 5 * DAY;
    await h.advanceClock(warnAt - h.now() - 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    await h.advanceClock(61_000);
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(request).toMatchObject({ name: '申请延长执行期限', assignee: 'zhaofg' });
    expect(new Date(request.dueDate!).toISOString()).toBe(executionPeriodEnd);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'yes', extensionReason: '正在传统查控' });
    const approval = await h.waitForTask(pi, 'approveExtension');
    expect(approval.candidateGroups).toEqual(['院领导']);
    await h.completeTask(pi, 'approveExtension', { extensionApproved: 'approved' });

    await h.until('the extended period', 20_000, async () => (await h.variables(pi)).executionPeriodEffectiveEnd !== executionPeriodEnd);
    const extended = (await h.variables(pi)).executionPeriodEffectiveEnd;
    const threeMonthsLater = new Date(executionPeriodEnd);
    threeMonthsLater.setUTCMonth(threeMonthsLater.getUTCMonth() + 3);
    expect(new Date(extended).toISOString()).toBe(threeMonthsLater.toISOString());

    // the warning again 5 days before the new end; this time no extension, and the period runs out
    await h.advanceClock(new Date(extended).getTime() - 5 * DAY - h.now() + 1000);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'no' });
    await h.advanceClock(5 * DAY);
    await h.until('the period overdue warning', 20_000, async () => (await h.visited(pi)).includes('periodOverdueWarned'));
    const alerts = (await h.variables(pi)).alerts.map((a: { stage: string }) => a.stage);
    expect(alerts).toEqual(expect.arrayContaining(['网络查控', '执行期限即将届满', '执行期限届满']));
    expect((await h.waitForTask(pi, 'traditionalSearch')).name).toBe('传统查控'); // the work goes on
    await h.cancel(pi);
  });

  it('an extension refused by 院领导: the period runs out at its end with the 超期预警 to 院领导 (a one-month period from the case)', async () => {
    const { pi } = await register('1', 70000, { filedAt: new Date(h.now()).toISOString(), executionPeriodMonths: 1, assetControlPeriod: 'P1Y' });
    await passIntake(pi);
    const { executionPeriodEnd } = await h.variables(pi);
    expect(Date.parse(executionPeriodEnd) - h.now()).toBeLessThan(35 * DAY);
    await h.advanceClock(Date.parse(executionPeriodEnd) - 5 * DAY - h.now() + 1000);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'yes', extensionReason: '拍卖准备中' });
    await h.completeTask(pi, 'approveExtension', { extensionApproved: 'rejected', approvalComment: '理由不充分' });
    await h.advanceClock(5 * DAY);
    await h.until('the period overdue warning', 20_000, async () => (await h.visited(pi)).includes('periodOverdueWarned'));
    const vars = await h.variables(pi);
    expect(vars.executionPeriodEffectiveEnd).toBe(executionPeriodEnd);
    expect(vars.lastAlert).toMatchObject({ stage: '执行期限届满', notify: '院领导' });
    expect(await h.visited(pi)).not.toContain('extendPeriod');
    await h.cancel(pi);
  });
});
