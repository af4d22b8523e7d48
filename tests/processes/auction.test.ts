/**
 * 司法网拍 (processes/auction.bpmn, DOMAIN.md §5) on the engine with the real workers and the
 * auction-platform simulator, on the controlled clock: the reference-price paths (议价, 定向询价,
 * 网络询价 with its extension, 委托评估 with its extensions), the objection window, 一拍, 悔拍,
 * 流拍 → 以物抵债, 二拍, 变卖 and the return of the asset, 公告送达 of the report, the report's
 * validity (RP 27) and 暂缓 / 中止 during the bidding (NA 28), with every deadline counted by the
 * statutory calendar and the generated documents opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, type Calendar } from '../../common/calendar.js';
import { getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import type { AuctionPlatformSimulator, AuctionScenario } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { getDisclosureSite } from '../../workers/court-systems/disclosure/disclosure-site.js';
import type { DisclosureSiteSimulator } from '../../workers/court-systems/disclosure/disclosure-site.simulator.js';
import { DAY, HOUR, ProcessHarness } from '../support/process-harness.js';

// Monday 2 March 2026, 09:00 in Beijing: no holiday inside the first periods
const START = '2026-03-02T09:00:00+08:00';

const CASE = {
  caseId: 'a0c10000-0000-4000-8000-000000000001',
  caseNumber: '（2026）豫1330执201号',
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
const realEstate = (overrides: Record<string, unknown> = {}) => ({
  id: `FC-${++assetSeq}`,
  kind: 'realEstate',
  description: `桐柏县城关镇淮河路${assetSeq}号住宅`,
  location: '桐柏县城关镇',
  estimatedValue: 300000,
  ...overrides,
});
const movable = (overrides: Record<string, unknown> = {}) => realEstate({ kind: 'movable', description: `挖掘机一台（编号 ${assetSeq + 1}）`, estimatedValue: 80000, ...overrides });

const TERMS = { startingPrice: 210000, deposit: 21000, increment: 2000, auctionPlatform: '人民法院诉讼资产网', panelMembers: '王法官、赵法官、钱法官' };

describe('auction (司法网拍)', { timeout: 240_000 }, () => {
  let h: ProcessHarness;
  let calendar: Calendar;
  let sim: AuctionPlatformSimulator;

  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START, deploy: ['auction.bpmn'] });
    // the tests share one clock that runs past the seeded table
    h.addHolidayFixtures(2027, 2028);
    calendar = createCalendar({ holidaysFile: h.holidaysFile });
    sim = getAuctionPlatform(h.workers!.context) as AuctionPlatformSimulator;
  }, 240_000);
  afterAll(() => h?.close());

  const days = (n: number, from = h.now()) => calendar.addCalendarDays(new Date(from), n).toISOString();
  const start = async (asset: Record<string, unknown>, scenario?: AuctionScenario, extra: Record<string, unknown> = {}) => {
    if (scenario) sim.script(String(asset.id), scenario);
    return h.createInstance('auction', { ...CASE, asset, ...extra });
  };
  const expectDue = (task: { dueDate?: string }, iso: string) => expect(Date.parse(task.dueDate!)).toBe(Date.parse(iso));
  const documentsOf = (kind: string) => h.documents.listByCase(CASE.caseId).filter((d) => d.kind === kind);
  const latestText = async (kind: string) => {
    expect(documentsOf(kind).length, `${kind} documents`).toBeGreaterThan(0);
    return h.latestDocumentText(CASE.caseId, kind);
  };

  /** 权属调查 and 议价 at `price` */
  const negotiate = async (pi: string, price: number) => {
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    await h.completeTask(pi, 'partyNegotiation', { negotiationOutcome: 'agreed', referencePrice: price });
  };
  /** serves the reference price and lets the objection period pass without objection */
  const passObjectionPeriod = async (pi: string) => {
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'direct', referenceServedAt: '2026-03-03' });
    await h.waitForActive(pi, 'objectionWindow');
    await h.advanceTo((await h.variables(pi)).objectionDue);
  };
  /** the parties were notified: 3 days pass (NA 16); returns when the notice is published */
  let lastPublished = 0;
  const passNotification = async (pi: string) => {
    await h.waitForActive(pi, 'notificationPeriodEnds');
    const { partiesNotifiedUntil } = await h.variables(pi);
    expect(partiesNotifiedUntil).toBe(days(3));
    await h.advanceTo(partiesNotifiedUntil);
    lastPublished = h.now();
  };
  /** publishes under `terms` and lets the bidding end */
  const auctionRound = async (pi: string, terms: Record<string, unknown> = TERMS) => {
    await h.completeTask(pi, 'fixAuctionTerms', terms);
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const { listing } = await h.variables(pi);
    await h.advanceTo(listing.endsAt);
    return listing;
  };

  it('议价成功 → 一拍成交: the buyer pays, the ruling is served, the property handed over', async () => {
    const asset = realEstate();
    const pi = await start(asset);

    const investigation = await h.waitForTask(pi, 'titleInvestigation');
    expect(investigation.candidateGroups).toEqual(['网拍组']);
    expectDue(investigation, days(30));
    await negotiate(pi, 300000);

    const service = await h.waitForTask(pi, 'serveReferencePrice');
    expect(service.candidateGroups).toEqual(['内勤']);
    expectDue(service, days(3));
    expect(await h.variables(pi)).toMatchObject({ referencePrice: 300000, pricingMethod: 'negotiation', auctionKey: `${CASE.caseId}:${asset.id}` });
    await passObjectionPeriod(pi);

    const terms = await h.waitForTask(pi, 'fixAuctionTerms');
    expect(terms.candidateGroups).toEqual(['合议庭']);
    expectDue(terms, days(10));
    const listing = await auctionRound(pi);
    // 不动产: the notice runs 30 days, the bidding 24 hours
    expect(listing).toMatchObject({ round: 1, startingPrice: 210000, deposit: 21000, startsAt: days(30, lastPublished) });
    const notification = await latestText('拍卖通知书');
    expect(notification).toContain('张三、李四：');
    expect(notification).toContain('起拍价人民币210,000.00元');
    expect(notification).toContain('本院将于本通知送达三日后发布拍卖公告');
    expect(Date.parse(listing.endsAt) - Date.parse(listing.startsAt)).toBe(24 * HOUR);
    const notice = await latestText('拍卖公告');
    expect(notice).toContain('第一次拍卖');
    expect(notice).toContain(asset.description);
    expect(notice).toContain('起拍价人民币210,000.00元');
    expect(notice).toContain('评估价人民币300,000.00元');

    const payment = await h.waitForTask(pi, 'confirmBalancePayment');
    expectDue(payment, days(10));
    const sold = await h.variables(pi);
    expect(sold).toMatchObject({ roundResult: 'sold', winningBid: 214000, proceeds: 214000, bidCount: 3, buyer: { name: '王五' } });
    // the other bidder's deposit goes back within 24 hours of the bidding; the buyer's counts toward the price
    expect(sold.depositRefunds).toEqual([{ listingId: listing.listingId, bidderNo: 'SIM-JM-002', amount: 21000, refundedAt: expect.any(String) }]);
    expect(Date.parse(sold.depositRefunds[0].refundedAt)).toBeLessThanOrEqual(Date.parse(sold.depositRefundDue));
    expect(Date.parse(sold.depositRefundDue)).toBe(Date.parse(listing.endsAt) + 24 * HOUR);
    await h.completeTask(pi, 'confirmBalancePayment', { balancePaid: 193000, balancePaidAt: '2026-04-10', receiptNumber: 'SK-2026-0001' });

    const serveRuling = await h.waitForTask(pi, 'serveRuling');
    expectDue(serveRuling, days(10));
    const ruling = await latestText('拍卖成交裁定书');
    expect(ruling).toContain('执行裁定书');
    expect(ruling).toContain('买受人王五以最高价人民币214,000.00元竞得');
    expect(ruling).toContain(`${asset.description}的所有权（使用权）归买受人王五所有`);
    await h.completeTask(pi, 'serveRuling', { rulingServiceMethod: 'direct', rulingServedAt: '2026-04-12' });
    const handOver = await h.waitForTask(pi, 'handOver');
    expectDue(handOver, days(15, Date.parse(serveRuling.creationDate)));
    await h.completeTask(pi, 'handOver', { handedOverAt: '2026-04-20', recipient: '王五' });

    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'sold', proceeds: 214000, auctionRound: 1, listingNumber: 1, forfeitedDeposits: 0 });
    expect(await latestText('协助执行通知书（过户）')).toContain('登记至买受人王五名下');
    expect((await h.visited(pi)).filter((e) => e.startsWith('compute'))).toEqual([
      'computePricingDeadline', 'computeServiceDue', 'computeObjectionDue', 'computeTermsDue', 'computeStartingFloor',
      'computeNotificationGap', 'computeListingPeriod', 'computePaymentDue', 'computeHandOverDue',
    ]);
    expect(sim.listingsOf(asset.id)).toHaveLength(1);
  });

  it('一拍流拍 → 以物抵债: terms below 70% are sent back, the applicant takes the asset at the reserve price; 交付超期 warns', async () => {
    const asset = movable();
    const pi = await start(asset, { listings: ['unsold'] });
    await negotiate(pi, 80000);
    await passObjectionPeriod(pi);

    // 起拍价 below 70 % of the 参考价 (56000): the panel decides again
    await h.completeTask(pi, 'fixAuctionTerms', { ...TERMS, startingPrice: 50000, deposit: 5000, increment: 500 });
    const again = await h.waitForTask(pi, 'fixAuctionTerms');
    expect(await h.variables(pi)).toMatchObject({ minStartingPrice: 56000 });
    expect((await h.visited(pi)).filter((e) => e === 'termsValid')).toHaveLength(1);
    expect(again.candidateGroups).toEqual(['合议庭']);
    // a deposit above 20 % is refused too
    await h.completeTask(pi, 'fixAuctionTerms', { ...TERMS, startingPrice: 56000, deposit: 12000, increment: 500 });
    await h.waitForTask(pi, 'fixAuctionTerms');
    const listing = await auctionRound(pi, { ...TERMS, startingPrice: 56000, deposit: 5600, increment: 500 });
    // 动产: 15 days' notice
    expect(listing.startsAt).toBe(days(15, lastPublished));

    const offer = await h.waitForTask(pi, 'offsetDebtOffer');
    expect(offer.assignee).toBe(CASE.caseOfficer);
    expectDue(offer, days(7));
    expect(await h.variables(pi)).toMatchObject({ roundResult: 'unsold', auctionRound: 1 });
    await h.completeTask(pi, 'offsetDebtOffer', { offsetDecision: 'accept', offsetRecord: '申请执行人同意以保留价抵债' });

    await h.waitForTask(pi, 'serveRuling');
    expect(await latestText('以物抵债裁定书')).toContain(`将${asset.description}作价人民币56,000.00元交付申请执行人张三抵偿债务`);
    await h.completeTask(pi, 'serveRuling', { rulingServiceMethod: 'direct', rulingServedAt: '2026-04-10' });
    const handOver = await h.waitForTask(pi, 'handOver');
    await h.advanceTo(handOver.dueDate!);
    await h.waitForVisit(pi, 'handOverWarningSent');
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '移交拍卖财产', notify: '网拍组', elementId: 'warnHandOverOverdue' });
    expect((await h.waitForTask(pi, 'handOver')).userTaskKey).toBe(handOver.userTaskKey);
    await h.completeTask(pi, 'handOver', { handedOverAt: '2026-05-01', recipient: '张三' });

    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'offsetDebt', proceeds: 56000, auctionRound: 1 });
    expect(await latestText('协助执行通知书（过户）')).toContain('登记至申请执行人张三名下');
  });

  it('悔拍: the buyer misses the balance deadline, the deposit is forfeited and the asset auctioned again without him', async () => {
    const asset = realEstate();
    const pi = await start(asset, { listings: ['sold', 'sold'] });
    await negotiate(pi, 300000);
    await passObjectionPeriod(pi);
    const first = await auctionRound(pi);
    const payment = await h.waitForTask(pi, 'confirmBalancePayment');
    const { buyer } = await h.variables(pi);
    expect(buyer).toMatchObject({ name: '王五' });

    await h.advanceTo(payment.dueDate!);
    // the re-auction is a new auction: the parties are notified again
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const relisted = await h.variables(pi);
    expect(relisted).toMatchObject({ forfeitedDeposits: 21000, excludedBidders: [buyer.bidderNo], listingNumber: 2, auctionRound: 1, buyer: null });
    expect(relisted.listing.listingId).not.toBe(first.listingId);
    expect(relisted.listing.startingPrice).toBe(210000);
    expect(sim.calls.filter((c) => c.operation === 'forfeit-deposit')).toEqual([{ operation: 'forfeit-deposit', key: `${first.listingId}/${buyer.bidderNo}` }]);

    await h.advanceTo(relisted.listing.endsAt);
    await h.waitForTask(pi, 'confirmBalancePayment');
    expect((await h.variables(pi)).buyer).toMatchObject({ name: '赵六' });
    await h.cancel(pi);
  });

  it('一拍流拍, no answer on 以物抵债 → 二拍 within 30 days, at most 20% below the first; 15 days\' notice for real estate', async () => {
    const asset = realEstate();
    const pi = await start(asset, { listings: ['unsold', 'sold'] });
    await negotiate(pi, 300000);
    await passObjectionPeriod(pi);
    await auctionRound(pi);
    const offer = await h.waitForTask(pi, 'offsetDebtOffer');
    await h.advanceTo(offer.dueDate!);

    const terms = await h.waitForTask(pi, 'fixAuctionTerms');
    expectDue(terms, days(30));
    expect(await h.variables(pi)).toMatchObject({ auctionRound: 2, firstStartingPrice: 210000, minStartingPrice: 168000 });
    await h.completeTask(pi, 'fixAuctionTerms', { ...TERMS, startingPrice: 160000, deposit: 16000 });
    await h.waitForTask(pi, 'fixAuctionTerms');
    const listing = await auctionRound(pi, { ...TERMS, startingPrice: 168000, deposit: 16800 });
    expect(listing).toMatchObject({ round: 2, startingPrice: 168000, startsAt: days(15, lastPublished) });
    expect(await latestText('拍卖公告')).toContain('第二次拍卖');

    await h.completeTask(pi, 'confirmBalancePayment', { balancePaid: 155200, balancePaidAt: '2026-05-20', receiptNumber: 'SK-2026-0002' });
    await h.completeTask(pi, 'serveRuling', { rulingServiceMethod: 'post', rulingServedAt: '2026-05-22' });
    await h.completeTask(pi, 'handOver', { handedOverAt: '2026-05-25', recipient: '王五' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'sold', auctionRound: 2, proceeds: 172000, firstStartingPrice: 210000 });
    expect(await h.visited(pi)).toContain('offsetOfferExpired');
  });

  /** 一拍 and 二拍 without bids, 以物抵债 refused after each */
  const failTwice = async (pi: string, movableAsset: boolean) => {
    await negotiate(pi, movableAsset ? 80000 : 300000);
    await passObjectionPeriod(pi);
    const first = movableAsset ? { ...TERMS, startingPrice: 56000, deposit: 5600, increment: 500 } : TERMS;
    await auctionRound(pi, first);
    await h.completeTask(pi, 'offsetDebtOffer', { offsetDecision: 'refuse' });
    const second = await auctionRound(pi, { ...first, startingPrice: first.startingPrice * 0.8, deposit: first.deposit * 0.8 });
    expect(second.startsAt).toBe(days(movableAsset ? 7 : 15, lastPublished));
    await h.completeTask(pi, 'offsetDebtOffer', { offsetDecision: 'refuse' });
    await h.waitForActive(pi, 'biddingPhase');
    return second;
  };

  it('二拍流拍, 抵债 refused → 网络变卖 for 60 days at the second price, sold without a balance step', async () => {
    const asset = movable();
    const pi = await start(asset, { listings: ['unsold', 'unsold', 'sold'] });
    const second = await failTwice(pi, true);
    const opened = h.now();
    const { listing } = await h.variables(pi);
    expect(listing).toMatchObject({ round: 3, startingPrice: second.startingPrice, deposit: second.startingPrice, startsAt: new Date(opened).toISOString(), endsAt: days(60, opened) });
    expect(await latestText('拍卖公告')).toContain('变卖');
    await h.advanceTo(listing.endsAt);

    await h.waitForTask(pi, 'serveRuling');
    expect(await h.active(pi)).not.toContain('confirmBalancePayment');
    expect(await latestText('拍卖成交裁定书')).toContain('进行网络变卖');
    await h.completeTask(pi, 'serveRuling', { rulingServiceMethod: 'direct', rulingServedAt: '2026-07-01' });
    await h.completeTask(pi, 'handOver', { handedOverAt: '2026-07-05', recipient: '王五' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'soldByNegotiation', auctionRound: 3, proceeds: 44800, bidCount: 1 });
    expect((await h.visited(pi)).includes('computePaymentDue')).toBe(false);
    // 一拍 and 二拍 were announced to the parties; the 变卖 was not
    expect((await h.visited(pi)).filter((e) => e === 'notifyParties')).toHaveLength(2);
  });

  it('变卖 fails and 抵债 is refused: the seal-up is lifted and the asset returned (unsold)', async () => {
    const asset = realEstate();
    const pi = await start(asset, { listings: ['unsold'] });
    await failTwice(pi, false);
    await h.advanceTo((await h.variables(pi)).listing.endsAt);
    await h.completeTask(pi, 'offsetDebtOffer', { offsetDecision: 'refuse' });

    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'unsold', proceeds: 0, auctionRound: 3 });
    const lifted = await latestText('解除查封裁定书');
    expect(lifted).toContain(`解除对${asset.description}的查封，将该财产退还被执行人李四`);
    expect(sim.listingsOf(asset.id).map((l) => l.round)).toEqual([1, 2, 3]);
    expect(await h.visited(pi)).toContain('assetReturned');
  });

  it('双方申请评估: the report is late, extended twice by 15 days, then another appraiser; the 30-day 参考价 start warns', async () => {
    const pi = await start(realEstate());
    const investigation = await h.waitForTask(pi, 'titleInvestigation');
    await h.advanceTo(investigation.dueDate!);
    await h.waitForVisit(pi, 'pricingWarningSent');
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '启动参考价程序', level: 'overdue' });
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', appraisalRequired: true, partiesJointChoice: 'none' });

    await h.completeTask(pi, 'selectAppraiser', { appraiserSelection: 'lottery', appraiser: '南阳某某资产评估有限公司' });
    let report = await h.waitForTask(pi, 'receiveAppraisalReport');
    expectDue(report, days(30));
    const letter = await latestText('委托评估函');
    expect(letter).toContain('南阳某某资产评估有限公司：');
    expect(letter).toContain('经摇号确定');
    for (const extension of [1, 2]) {
      await h.advanceTo(report.dueDate!);
      await h.completeTask(pi, 'decideAppraisalExtension', { appraisalExtension: 'extend', appraisalExtensionReason: '评估机构申请延期' });
      report = await h.waitForTask(pi, 'receiveAppraisalReport');
      expectDue(report, days(15));
      expect((await h.variables(pi)).appraisalExtensions).toBe(extension);
    }
    // a third extension is not allowed: another appraiser is chosen
    await h.advanceTo(report.dueDate!);
    await h.completeTask(pi, 'decideAppraisalExtension', { appraisalExtension: 'extend', appraisalExtensionReason: '再次申请延期' });
    await h.completeTask(pi, 'selectAppraiser', { appraiserSelection: 'agreed', appraiser: '河南某某房地产估价有限公司' });
    report = await h.waitForTask(pi, 'receiveAppraisalReport');
    expectDue(report, days(30));
    expect((await h.variables(pi)).appraisalExtensions).toBe(0);
    await h.completeTask(pi, 'receiveAppraisalReport', { appraisalReportNumber: '豫某评字〔2026〕第18号', referencePrice: 320000, appraisalValidUntil: '2027-06-30' });

    await h.waitForTask(pi, 'serveReferencePrice');
    expect(await h.variables(pi)).toMatchObject({ referencePrice: 320000, pricingMethod: 'appraisal' });
    expect((await h.visited(pi)).filter((e) => e === 'appraisalReportOverdue')).toHaveLength(3);
    await h.cancel(pi);
  });

  it('议价不成: 定向询价 where there is a tax base; when it fails and no inspection is needed, 网络询价 averaged over the platforms', async () => {
    const directed = await start(realEstate({ estimatedValue: 250000 }));
    await h.completeTask(directed, 'titleInvestigation', { titleHolder: '李四', hasTaxBasePrice: true, partiesJointChoice: 'none' });
    await h.completeTask(directed, 'partyNegotiation', { negotiationOutcome: 'refused' });
    await h.waitForTask(directed, 'serveReferencePrice');
    expect(await h.variables(directed)).toMatchObject({ referencePrice: 250000, pricingMethod: 'directed', directedEnquiry: { price: 250000 } });

    const online = await start(realEstate({ estimatedValue: 200000 }), { directedEnquiry: 'failed' });
    await h.completeTask(online, 'titleInvestigation', { titleHolder: '李四', hasTaxBasePrice: true, partiesJointChoice: 'none' });
    await h.completeTask(online, 'partyNegotiation', { negotiationOutcome: 'unreachable' });
    await h.waitForActive(online, 'onlineReportDue');
    const { onlineReportDue, onlineEnquiry } = await h.variables(online);
    expect(onlineReportDue).toBe(days(3));
    expect(onlineEnquiry.platforms).toHaveLength(3);
    expect(await h.visited(online)).toContain('directedEnquiryFailed');
    await h.advanceTo(onlineReportDue);
    await h.waitForTask(online, 'serveReferencePrice');
    const priced = await h.variables(online);
    expect(priced).toMatchObject({ referencePrice: 200000, pricingMethod: 'online' });
    expect(priced.onlineReports.map((r: { price: number }) => r.price)).toEqual([192000, 200000, 208000]);
    await h.cancel(directed);
    await h.cancel(online);
  });

  it('网络询价 chosen by both parties: late reports get one 3-day extension; late again or failed → 委托评估; inspection needed → 委托评估', async () => {
    const investigate = (pi: string, facts: Record<string, unknown>) => h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', ...facts });
    const extended = await start(realEstate(), { onlineEnquiry: ['pending', 'complete'] });
    const lateTwice = await start(realEstate(), { onlineEnquiry: ['pending', 'pending'] });
    const failed = await start(realEstate(), { onlineEnquiry: ['failed'] });
    for (const pi of [extended, lateTwice, failed]) await investigate(pi, { partiesJointChoice: 'online' });
    for (const pi of [extended, lateTwice, failed]) await h.waitForActive(pi, 'onlineReportDue');
    await h.advanceTo((await h.variables(extended)).onlineReportDue);

    await h.waitForTask(failed, 'selectAppraiser');
    expect(await h.visited(failed)).toContain('onlineEnquiryFailed');
    for (const pi of [extended, lateTwice]) await h.waitForActive(pi, 'onlineReportDue');
    expect(await h.variables(extended)).toMatchObject({ onlineExtensionUsed: true, onlineReportDue: days(3) });
    await h.advanceTo((await h.variables(extended)).onlineReportDue);
    await h.waitForTask(extended, 'serveReferencePrice');
    expect(await h.variables(extended)).toMatchObject({ pricingMethod: 'online', referencePrice: 300000 });
    await h.waitForTask(lateTwice, 'selectAppraiser');
    expect((await h.visited(lateTwice)).filter((e) => e === 'onlineReportsPending')).toHaveLength(2);

    const jointDirected = await start(realEstate({ estimatedValue: 260000 }));
    await investigate(jointDirected, { partiesJointChoice: 'directed' });
    await h.waitForTask(jointDirected, 'serveReferencePrice');
    expect(await h.variables(jointDirected)).toMatchObject({ pricingMethod: 'directed', referencePrice: 260000 });
    expect(await h.visited(jointDirected)).not.toContain('partyNegotiation');

    const inspection = await start(realEstate());
    await investigate(inspection, { partiesJointChoice: 'none', requiresInspection: true });
    await h.completeTask(inspection, 'partyNegotiation', { negotiationOutcome: 'refused' });
    await h.waitForTask(inspection, 'selectAppraiser');
    expect(await h.visited(inspection)).toEqual(expect.arrayContaining(['directedEligible', 'inspectionGateway']));
    expect(await h.visited(inspection)).not.toContain('directedEnquiry');
    for (const pi of [extended, lateTwice, failed, jointDirected, inspection]) await h.cancel(pi);
  });

  it('a party objects within the 5 days: the 承办人 handles it and the corrected price sets the 起拍价 floor', async () => {
    const pi = await start(realEstate());
    await negotiate(pi, 300000);
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'post', referenceServedAt: '2026-03-04' });
    await h.waitForActive(pi, 'objectionWindow');
    expect((await h.variables(pi)).objectionDue).toBe(days(5));
    sim.objection(`${CASE.caseId}:${(await h.variables(pi)).asset.id}`, '被执行人认为议价过低'); // lodged on the platform, brought in by the court inbox

    const handling = await h.waitForTask(pi, 'handleObjection');
    expect(handling.assignee).toBe(CASE.caseOfficer);
    await h.completeTask(pi, 'handleObjection', { objectionOutcome: 'corrected', referencePrice: 320000 });
    await h.waitForTask(pi, 'fixAuctionTerms');
    expect(await h.variables(pi)).toMatchObject({ referencePrice: 320000, minStartingPrice: 224000, objection: '被执行人认为议价过低' });
    expect(await h.visited(pi)).not.toContain('objectionPeriodEnds');
    await h.cancel(pi);
  });

  it('an asset that is not one the platform can sell is an incident naming the field', async () => {
    const pi = await h.createInstance('auction', { ...CASE, asset: { id: 'X-1', kind: 'house', description: '房屋', location: '桐柏县' } });
    const [incident] = await h.until('an incident', h.waitMs, async () => {
      const found = await h.incidents(pi);
      return found.length ? found : undefined;
    });
    expect(incident).toMatchObject({ elementId: 'registerAsset' });
    expect(incident!.errorMessage).toContain('流程变量 asset.kind 应为 movable、vehicle、realEstate、landUseRight、equity、other 之一，实际为 "house"');
    await h.cancel(pi);
  });

  it('无益拍卖: the applicant insists within 5 days and the auction goes on; another stays silent and the seal-up is lifted', async () => {
    const toNoSurplusNotice = async () => {
      const pi = await start(realEstate());
      await negotiate(pi, 300000);
      await passObjectionPeriod(pi);
      await h.completeTask(pi, 'fixAuctionTerms', { ...TERMS, noSurplus: true });
      return pi;
    };
    const insisting = await toNoSurplusNotice();
    const ask = await h.waitForTask(insisting, 'askApplicantToInsist');
    expect(ask.assignee).toBe(CASE.caseOfficer);
    expectDue(ask, days(5));
    await h.completeTask(insisting, 'askApplicantToInsist', { insistOnAuction: 'insist', insistRecord: '申请执行人书面申请继续拍卖并承担费用' });
    await h.waitForActive(insisting, 'notificationPeriodEnds');
    expect(await h.variables(insisting)).toMatchObject({ applicantInsisted: true, listingNumber: 0 });
    expect(await h.visited(insisting)).toContain('notifyParties');

    const silent = await toNoSurplusNotice();
    await h.advanceTo((await h.waitForTask(silent, 'askApplicantToInsist')).dueDate!);
    await h.waitForCompletion(silent);
    expect(await h.variables(silent)).toMatchObject({ auctionResult: 'unsold', proceeds: 0, listingNumber: 0 });
    expect(await h.visited(silent)).toContain('insistExpired');
    expect(await latestText('解除查封裁定书')).toContain('申请执行人未在五日内申请继续拍卖');

    // a third answers within the 5 days that it does not ask for the auction: lifted as well
    const declining = await toNoSurplusNotice();
    await h.completeTask(declining, 'askApplicantToInsist', { insistOnAuction: 'decline', insistRecord: '申请执行人书面表示不申请继续拍卖' });
    await h.waitForCompletion(declining);
    expect(await h.variables(declining)).toMatchObject({ auctionResult: 'unsold', proceeds: 0, listingNumber: 0 });
    const declined = await h.visited(declining);
    expect(declined).toContain('generateLiftSeizure');
    expect(declined).not.toContain('insistExpired');
    expect(declined).not.toContain('markInsisted');
    await h.cancel(insisting);
  });

  /** the date `n` days from the clock, as Beijing's calendar writes it (a report's 有效期至) */
  const beijingDate = (n: number) => new Date(h.now() + n * DAY + 8 * HOUR).toISOString().slice(0, 10);
  /** 委托评估 with a report valid until `validUntil`, served, the objection period passed */
  const appraise = async (pi: string, validUntil: string, price = 80000) => {
    await h.completeTask(pi, 'selectAppraiser', { appraiserSelection: 'agreed', appraiser: '南阳某某资产评估有限公司' });
    await h.completeTask(pi, 'receiveAppraisalReport', { appraisalReportNumber: `豫某评字〔2026〕第${price}号`, referencePrice: price, appraisalValidUntil: validUntil });
    await passObjectionPeriod(pi);
  };
  const MOVABLE_TERMS = { ...TERMS, startingPrice: 56000, deposit: 5600, increment: 500 };

  it('公告送达: a party cannot be reached, the report stands 15 days on 中国执行信息公开网, then the 5-day objection window runs', async () => {
    const asset = realEstate();
    const pi = await start(asset);
    await negotiate(pi, 300000);
    await h.completeTask(pi, 'serveReferencePrice', { referenceServiceMethod: 'publication', referenceServedAt: '2026-03-03' });
    await h.waitForActive(pi, 'reportDeemedServed');
    const posted = await h.variables(pi);
    expect(posted.referenceDeemedServedAt).toBe(days(15));
    expect(posted.reportPublication).toMatchObject({ noticeId: expect.stringMatching(/^SIM-GG-/), endsAt: days(15) });
    const site = getDisclosureSite(h.workers!.context) as DisclosureSiteSimulator;
    const notice = site.notices.find((n) => n.noticeId === posted.reportPublication.noticeId)!;
    expect(notice).toMatchObject({ caseNumber: CASE.caseNumber, court: '河南省桐柏县人民法院', title: `${CASE.caseNumber} 议价结果公告送达` });
    expect(notice.content).toContain(`对${asset.description}确定的参考价为300000元`);
    expect(notice.content).toContain('公示满15日即视为收到');

    // a day before the end nothing moves on
    await h.advanceTo(days(14));
    expect(await h.active(pi)).toContain('reportDeemedServed');
    await h.advanceTo(posted.referenceDeemedServedAt);
    await h.waitForActive(pi, 'objectionWindow');
    // the objection period counts from the deemed receipt
    expect((await h.variables(pi)).objectionDue).toBe(days(5));
    await h.advanceTo((await h.variables(pi)).objectionDue);
    await h.waitForTask(pi, 'fixAuctionTerms');
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['serviceMethodGateway', 'postReportNotice', 'reportDeemedServed', 'objectionPeriodEnds']));
    expect(site.notices.filter((n) => n.caseNumber === CASE.caseNumber && n.title.includes('议价结果'))).toHaveLength(1);
    await h.cancel(pi);
  });

  it('RP 27: a report past its validity when the first notice is due is priced again; the new price is listed as 一拍', async () => {
    const asset = movable();
    const pi = await start(asset);
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', appraisalRequired: true, partiesJointChoice: 'none' });
    const reportValidUntil = beijingDate(10);
    await appraise(pi, reportValidUntil);
    await h.waitForTask(pi, 'fixAuctionTerms');
    await h.advanceTo(h.now() + 10 * DAY);
    await h.completeTask(pi, 'fixAuctionTerms', MOVABLE_TERMS);
    await passNotification(pi);

    await h.waitForTask(pi, 'selectAppraiser');
    const expired = await h.variables(pi);
    expect(expired.priceValidity).toMatchObject({ firstNotice: true, expired: true });
    // the statutory cap is a year from the price; the report's own date (through that day in Beijing) is earlier and wins
    expect(expired.priceValidity.validUntil).toBe(new Date(Date.parse(`${reportValidUntil}T00:00:00+08:00`) + DAY).toISOString());
    expect(Date.parse(expired.priceValidUntil) - Date.parse(expired.priceValidity.validUntil)).toBeGreaterThan(300 * DAY);
    expect(expired).toMatchObject({ auctionRound: 1, firstStartingPrice: null, appraisalValidUntil: null, pricingBaseline: 0, listingNumber: 0 });
    expect(expired.repricings).toEqual([expect.objectContaining({ baseline: 0, auctionRound: 1, referencePrice: 80000 })]);
    expect(sim.listingsOf(asset.id)).toHaveLength(0);
    expect(await h.visited(pi)).toContain('markRepricing');

    await appraise(pi, beijingDate(200), 90000);
    await h.completeTask(pi, 'fixAuctionTerms', { ...MOVABLE_TERMS, startingPrice: 63000, deposit: 6300 });
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const listed = await h.variables(pi);
    expect(listed.priceValidity).toMatchObject({ firstNotice: true, expired: false });
    expect(listed).toMatchObject({ listingNumber: 1, firstStartingPrice: 63000, listing: { round: 1, startingPrice: 63000 } });
    await h.cancel(pi);
  });

  it('RP 27: 二拍 more than 6 months past the validity is priced again; within it the first notice stood', async () => {
    const asset = movable();
    const pi = await start(asset, { listings: ['unsold'] });
    await h.completeTask(pi, 'titleInvestigation', { titleHolder: '李四', appraisalRequired: true, partiesJointChoice: 'none' });
    await appraise(pi, beijingDate(20));
    await h.completeTask(pi, 'fixAuctionTerms', MOVABLE_TERMS);
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const first = await h.variables(pi);
    expect(first.priceValidity).toMatchObject({ firstNotice: true, expired: false });
    await h.advanceTo(first.listing.endsAt);
    await h.completeTask(pi, 'offsetDebtOffer', { offsetDecision: 'refuse' });

    await h.waitForTask(pi, 'fixAuctionTerms');
    // the panel meets only after the validity's end plus 6 months
    await h.advanceTo(Date.parse(first.priceValidity.saleLimit) + DAY);
    await h.completeTask(pi, 'fixAuctionTerms', { ...MOVABLE_TERMS, startingPrice: 44800, deposit: 4480 });
    await passNotification(pi);
    await h.waitForTask(pi, 'selectAppraiser');
    const expired = await h.variables(pi);
    expect(expired.priceValidity).toMatchObject({ firstNotice: false, expired: true });
    expect(expired.repricings).toEqual([expect.objectContaining({ baseline: 1, auctionRound: 2 })]);
    expect(expired).toMatchObject({ auctionRound: 1, pricingBaseline: 1, listingNumber: 1 });
    expect(sim.listingsOf(asset.id)).toHaveLength(1);
    await h.cancel(pi);
  });

  it('NA 28 中止 during the notice: the platform stops the listing and posts why; when the cause ends, 恢复拍卖 within 5 days (warned when late) with a new notice', async () => {
    const asset = realEstate();
    const pi = await start(asset);
    await negotiate(pi, 300000);
    await passObjectionPeriod(pi);
    await h.completeTask(pi, 'fixAuctionTerms', TERMS);
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const { listing, auctionKey } = await h.variables(pi);

    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '中止', reason: '案外人对拍卖财产提出执行异议' } });
    await h.waitForActive(pi, 'suspensionLifted');
    const stopped = await h.variables(pi);
    expect(stopped.auctionSuspensions).toEqual([
      expect.objectContaining({ listingId: listing.listingId, kind: '中止', reason: '案外人对拍卖财产提出执行异议', announcement: expect.stringContaining('中止拍卖公告') }),
    ]);
    expect(sim.calls.filter((c) => c.operation === 'suspend-listing')).toEqual([{ operation: 'suspend-listing', key: listing.listingId }]);
    // the listing's bidding would have ended now: nothing is fetched while the auction is stayed
    await h.advanceTo(listing.endsAt);
    expect(await h.active(pi)).toContain('suspensionLifted');
    expect(await h.visited(pi)).not.toContain('fetchAuctionResult');

    await h.publishMessage('auction.resumed', auctionKey, { resumeReason: '执行异议被驳回' });
    const resume = await h.waitForTask(pi, 'resumeAuction');
    expect(resume.candidateGroups).toEqual(['网拍组']);
    expectDue(resume, days(5));
    await h.advanceTo(resume.dueDate!);
    await h.waitForVisit(pi, 'resumeWarningSent');
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '恢复拍卖', notify: '网拍组' });
    await h.completeTask(pi, 'resumeAuction', { resumeDecision: 'resume', resumedAt: '2026-08-01' });

    await h.waitForActive(pi, 'biddingPhase');
    const resumed = await h.variables(pi);
    expect(resumed).toMatchObject({ listingNumber: 2, auctionRound: 1 });
    expect(resumed.listing.listingId).not.toBe(listing.listingId);
    // a new 30-day notice for real estate; the parties were told before and are not notified again
    expect(resumed.listing.startsAt).toBe(days(30));
    expect((await h.visited(pi)).filter((e) => e === 'notifyParties')).toHaveLength(1);
    await h.cancel(pi);
  });

  it('NA 28 暂缓 with a term: the term ends, and the court decides not to auction again (withdrawn)', async () => {
    const pi = await start(movable());
    await negotiate(pi, 80000);
    await passObjectionPeriod(pi);
    await h.completeTask(pi, 'fixAuctionTerms', MOVABLE_TERMS);
    await passNotification(pi);
    await h.waitForActive(pi, 'biddingPhase');
    const { auctionKey } = await h.variables(pi);
    const until = days(10);
    await h.publishMessage('auction.suspended', auctionKey, { suspension: { kind: '暂缓', reason: '被执行人提供担保申请暂缓', until } });
    await h.waitForActive(pi, 'postponementWindow');
    await h.advanceTo(until);
    const resume = await h.waitForTask(pi, 'resumeAuction');
    expectDue(resume, days(5));
    await h.completeTask(pi, 'resumeAuction', { resumeDecision: 'withdraw', resumedAt: '2026-09-01', resumeNote: '被执行人已履行完毕' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'withdrawn', auctionSuspensions: [expect.objectContaining({ kind: '暂缓', until })] });
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['postponementEnds', 'recordWithdrawn', 'auctionWithdrawn']));
  });
});
