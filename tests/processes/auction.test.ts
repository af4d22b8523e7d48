/**
 * 司法网拍 (processes/auction.bpmn, DOMAIN.md §5) on the engine with the real workers and the
 * auction-platform simulator, on the controlled clock: the reference-price paths (议价, 定向询价,
 * 网络询价 with its extension, 委托评估 with its extensions), the objection window, 一拍, 悔拍,
 * 流拍 → 以物抵债, 二拍, 变卖 and the return of the asset, with every deadline counted by the
 * statutory calendar and the generated documents opened.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar, type Calendar } from '../../common/calendar.js';
import { getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import type { AuctionPlatformSimulator, AuctionScenario } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import * as AUCTION from '../../workers/auction/job-types.js';
import { ALERTS_OVERDUE } from '../../workers/alerts/job-types.js';
import { DEADLINES_COMPUTE } from '../../workers/deadlines/job-types.js';
import { DOCUMENTS_GENERATE } from '../../workers/documents/job-types.js';
import { DAY, HOUR, ProcessHarness } from '../support/process-harness.js';

/**
 * The job types the model uses. Only these workers run: with every worker of workers/ polling
 * (40-odd long polls) the engine did not hand out this model's jobs within the test's waits.
 */
const WORKERS = [...Object.values(AUCTION), DEADLINES_COMPUTE, DOCUMENTS_GENERATE, ALERTS_OVERDUE];

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

const documentText = async (content: Buffer) => {
  const xml = await (await JSZip.loadAsync(content)).file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n');
};

describe('auction (司法网拍)', () => {
  let h: ProcessHarness;
  let calendar: Calendar;
  let sim: AuctionPlatformSimulator;

  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START, deploy: ['auction.bpmn'], workers: WORKERS });
    calendar = createCalendar({ holidaysFile: h.holidaysFile });
    sim = getAuctionPlatform(h.workers!.context) as AuctionPlatformSimulator;
  }, 60_000);
  afterAll(() => h?.close());

  const days = (n: number, from = h.now()) => calendar.addCalendarDays(new Date(from), n).toISOString();
  const start = async (asset: Record<string, unknown>, scenario?: AuctionScenario, extra: Record<string, unknown> = {}) => {
    if (scenario) sim.script(String(asset.id), scenario);
    return h.createInstance('auction', { ...CASE, asset, ...extra });
  };
  /** says where the instance stands when a wait fails */
  const explain = async (pi: string, error: unknown) => {
    const incidents = (await h.incidents(pi)).map((i) => `${i.elementId}: ${i.errorMessage}`);
    return new Error(`${(error as Error).message}; active: ${(await h.active(pi)).join(', ')}; incidents: ${incidents.join(' | ') || 'none'}`);
  };
  const waitForActive = (pi: string, elementId: string) =>
    h.until(`${elementId} active in ${pi}`, 15_000, async () => (await h.active(pi)).includes(elementId)).catch(async (e) => {
      throw await explain(pi, e);
    });
  const task = (pi: string, elementId: string) => h.waitForTask(pi, elementId).catch(async (e) => {
    throw await explain(pi, e);
  });
  const complete = async (pi: string, elementId: string, variables: Record<string, unknown> = {}) => {
    await task(pi, elementId);
    return h.completeTask(pi, elementId, variables);
  };
  const advanceTo = async (iso: string) => h.advanceClock(Math.max(0, Date.parse(iso) - h.now()));
  const expectDue = (task: { dueDate?: string }, iso: string) => expect(Date.parse(task.dueDate!)).toBe(Date.parse(iso));
  const documentsOf = (kind: string) => h.documents.listByCase(CASE.caseId).filter((d) => d.kind === kind);
  const latestText = async (kind: string) => {
    const docs = documentsOf(kind);
    expect(docs.length, `${kind} documents`).toBeGreaterThan(0);
    return documentText(h.documents.read(docs.at(-1)!.id)!.content);
  };

  /** 权属调查 and 议价 at `price` */
  const negotiate = async (pi: string, price: number) => {
    await complete(pi, 'titleInvestigation', { titleHolder: '李四', occupancy: 'vacant', partiesJointChoice: 'none' });
    await complete(pi, 'partyNegotiation', { negotiationOutcome: 'agreed', referencePrice: price });
  };
  /** serves the reference price and lets the objection period pass without objection */
  const passObjectionPeriod = async (pi: string) => {
    await complete(pi, 'serveReferencePrice', { referenceServiceMethod: 'direct', referenceServedAt: '2026-03-03' });
    await waitForActive(pi, 'objectionWindow');
    await advanceTo((await h.variables(pi)).objectionDue);
  };
  /** publishes under `terms` and lets the bidding end */
  const auctionRound = async (pi: string, terms: Record<string, unknown> = TERMS) => {
    await complete(pi, 'fixAuctionTerms', terms);
    await waitForActive(pi, 'biddingEnds');
    const { listing } = await h.variables(pi);
    await advanceTo(listing.endsAt);
    return listing;
  };

  it('议价成功 → 一拍成交: the buyer pays, the ruling is served, the property handed over', async () => {
    const asset = realEstate();
    const pi = await start(asset);

    const investigation = await task(pi, 'titleInvestigation');
    expect(investigation.candidateGroups).toEqual(['网拍组']);
    expectDue(investigation, days(30));
    await negotiate(pi, 300000);

    const service = await task(pi, 'serveReferencePrice');
    expect(service.candidateGroups).toEqual(['内勤']);
    expectDue(service, days(3));
    expect(await h.variables(pi)).toMatchObject({ referencePrice: 300000, pricingMethod: 'negotiation', auctionKey: `${CASE.caseId}:${asset.id}` });
    await passObjectionPeriod(pi);

    const terms = await task(pi, 'fixAuctionTerms');
    expect(terms.candidateGroups).toEqual(['合议庭']);
    expectDue(terms, days(10));
    const published = h.now();
    const listing = await auctionRound(pi);
    // 不动产: the notice runs 30 days, the bidding 24 hours
    expect(listing).toMatchObject({ round: 1, startingPrice: 210000, deposit: 21000, startsAt: days(30, published) });
    expect(Date.parse(listing.endsAt) - Date.parse(listing.startsAt)).toBe(24 * HOUR);
    const notice = await latestText('拍卖公告');
    expect(notice).toContain('第一次拍卖');
    expect(notice).toContain(asset.description);
    expect(notice).toContain('起拍价人民币210,000.00元');
    expect(notice).toContain('评估价人民币300,000.00元');

    const payment = await task(pi, 'confirmBalancePayment');
    expectDue(payment, days(10));
    const sold = await h.variables(pi);
    expect(sold).toMatchObject({ roundResult: 'sold', winningBid: 214000, proceeds: 214000, bidCount: 3, buyer: { name: '王五' } });
    await complete(pi, 'confirmBalancePayment', { balancePaid: 193000, balancePaidAt: '2026-04-10', receiptNumber: 'SK-2026-0001' });

    const serveRuling = await task(pi, 'serveRuling');
    expectDue(serveRuling, days(10));
    const ruling = await latestText('拍卖成交裁定书');
    expect(ruling).toContain('执行裁定书');
    expect(ruling).toContain('买受人王五以最高价人民币214,000.00元竞得');
    expect(ruling).toContain(`${asset.description}的所有权（使用权）归买受人王五所有`);
    await complete(pi, 'serveRuling', { rulingServiceMethod: 'direct', rulingServedAt: '2026-04-12' });
    const handOver = await task(pi, 'handOver');
    expectDue(handOver, days(15, Date.parse(serveRuling.creationDate)));
    await complete(pi, 'handOver', { handedOverAt: '2026-04-20', recipient: '王五' });

    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ auctionResult: 'sold', proceeds: 214000, auctionRound: 1, listingNumber: 1, forfeitedDeposits: 0 });
    expect(await latestText('协助执行通知书（过户）')).toContain('登记至买受人王五名下');
    expect((await h.visited(pi)).filter((e) => e.startsWith('compute'))).toEqual([
      'computePricingDeadline', 'computeServiceDue', 'computeObjectionDue', 'computeTermsDue', 'computeStartingFloor', 'computeListingPeriod',
      'computePaymentDue', 'computeHandOverDue',
    ]);
    expect(sim.listingsOf(asset.id)).toHaveLength(1);
  });
});
