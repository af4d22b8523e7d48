/**
 * Every job worker is idempotent: a job delivered again (its worker died after doing the work but
 * before completing it) or retried under a new job key after a time-out (same element instance, so
 * the same `job.idempotencyKey`) completes with the same variables and repeats no external side
 * effect — no second document, freeze, publication, notice, message or case number. Pure
 * computations give the same output for the same input. Bad input fails with a message that names
 * the variable (or task header).
 *
 * The table is checked against `workers/<domain>/*.worker.ts` on disk: a new worker without an
 * entry fails the test, naming its file.
 *
 * Each delivery runs later than the one before (a redelivery after 61 s, a retry after 5 min), as
 * on a real engine. Where a completed variable is the time of this delivery (the worker's clock),
 * the entry lists it under `varies` with the reason; the rest is compared exactly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog, type OutgoingMessage, type WorkerContext } from '../../workers/core/context.js';
import { runHandler, type AnyWorkerDefinition, type WorkerJob } from '../../workers/core/define-worker.js';
import { AUCTION_PLATFORM, type AuctionAsset, type Listing } from '../../workers/court-systems/auction-platform/auction-platform.js';
import { AuctionPlatformSimulator } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { BankSimulator } from '../../workers/court-systems/bank/bank-adapter.js';
import { CASE_REGISTRY, CaseRegistrySimulator, type AllocateCaseNumberRequest } from '../../workers/court-systems/case-registry/index.js';
import { CREDIT_PUBLICATION, CreditPublicationSimulator, creditEntryId } from '../../workers/court-systems/credit/index.js';
import { DISCLOSURE_SITE } from '../../workers/court-systems/disclosure/disclosure-site.js';
import { DisclosureSiteSimulator } from '../../workers/court-systems/disclosure/disclosure-site.simulator.js';
import { ENTRUSTMENT_SYSTEM } from '../../workers/court-systems/entrustment/entrustment-system.js';
import { EntrustmentSystemSimulator } from '../../workers/court-systems/entrustment/entrustment-system.simulator.js';
import { InquirySimulator, simulatedAssets } from '../../workers/court-systems/inquiry/inquiry-adapter.js';
import { jobsOf } from './worker-jobs.js';

const WORKERS_DIR = path.resolve(import.meta.dirname, '..', '..', 'workers');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-idempotency-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Tuesday 2026-03-10, 10:00 in Beijing
const T0 = Date.parse('2026-03-10T02:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
/** when the three deliveries run: the first, the redelivery of the same job, the retry after a time-out */
const DELIVERY_TIMES = [T0, T0 + 61_000, T0 + 5 * 60_000];

const CASE_ID = 'idempotency-case-1';
const CASE_NUMBER = '（2026）豫1330执123号';
// 18-digit codes ending in 4: the simulated 总对总 finds two deposits (150,000 and 60,000 元)
const RESPONDENT = { name: '桐柏县某某建材有限公司', kind: 'organization' as const, idNumber: '91411330MA0000XX04' };
// ending in 7: the simulated 点对点 finds real estate
const OWNER = { name: '李四', kind: 'person' as const, idNumber: '411330198805051237' };
const CASE = {
  caseId: CASE_ID,
  caseNumber: CASE_NUMBER,
  applicant: { name: '张三', kind: 'person', idNumber: '411330199001011234' },
  respondents: [RESPONDENT],
  claimAmount: 86500,
  basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
};
const ASSET: AuctionAsset = { id: 'house-1', kind: 'realEstate', description: '桐柏县城关镇某小区1号楼101室', location: '河南省桐柏县城关镇', estimatedValue: 300000 } as AuctionAsset;
const DEPOSITS = simulatedAssets('总对总', RESPONDENT);
const PROPERTY = simulatedAssets('点对点', OWNER);

/** the external systems of one worker context, as simulators a test can look into */
class RecordingCaseRegistry extends CaseRegistrySimulator {
  readonly allocated: string[] = [];
  override async allocate(request: AllocateCaseNumberRequest) {
    const result = await super.allocate(request);
    if (!result.repeated) this.allocated.push(result.caseNumber);
    return result;
  }
}

interface Harness {
  ctx: WorkerContext;
  setClock(time: number): void;
  bank: BankSimulator;
  auction: AuctionPlatformSimulator;
  credit: CreditPublicationSimulator;
  disclosure: DisclosureSiteSimulator;
  entrustment: EntrustmentSystemSimulator;
  registry: RecordingCaseRegistry;
  /** every publication attempted */
  published: OutgoingMessage[];
  /**
   * what the engine accepted. As engine/src/processing/message/message-publish.processor.ts: a
   * message is buffered for its time to live (none: it expires at once), and a second message with
   * the id of a buffered one is refused (the worker counts it as published); once expired, the id
   * is free again.
   */
  accepted: OutgoingMessage[];
}

let harnesses = 0;
function harness(): Harness {
  let clock = T0;
  const now = () => new Date(clock);
  const published: OutgoingMessage[] = [];
  const accepted: OutgoingMessage[] = [];
  /** when each accepted message was published */
  const buffer = new Map<OutgoingMessage, number>();
  const ctx = createWorkerContext({
    log: silentLog,
    now,
    config: { env: {}, documentsDir: path.join(tmp, `documents-${++harnesses}`), holidaysFile: path.join(tmp, 'no-holidays-file.json') },
    messages: {
      publish: async (message) => {
        published.push(message);
        const buffered = (m: OutgoingMessage) => buffer.get(m)! + (m.timeToLiveMs ?? 0) > clock;
        if (message.messageId !== undefined && accepted.some((m) => m.name === message.name && m.messageId === message.messageId && buffered(m))) return;
        buffer.set(message, clock);
        accepted.push(message);
      },
    },
  });
  const systems = {
    bank: new BankSimulator(),
    auction: new AuctionPlatformSimulator({ now }),
    credit: new CreditPublicationSimulator(),
    disclosure: new DisclosureSiteSimulator({ now }),
    entrustment: new EntrustmentSystemSimulator({ now }),
    registry: new RecordingCaseRegistry({ courtCode: ctx.config.courtCode }),
  };
  ctx.courtSystems.get('bank', () => systems.bank);
  ctx.courtSystems.get(AUCTION_PLATFORM, () => systems.auction);
  ctx.courtSystems.get(CREDIT_PUBLICATION, () => systems.credit);
  ctx.courtSystems.get(DISCLOSURE_SITE, () => systems.disclosure);
  ctx.courtSystems.get(ENTRUSTMENT_SYSTEM, () => systems.entrustment);
  ctx.courtSystems.get(CASE_REGISTRY, () => systems.registry);
  ctx.courtSystems.get('inquiry', () => new InquirySimulator());
  return { ctx, setClock: (time) => void (clock = time), ...systems, published, accepted };
}

/** the external state one context's jobs can change, as lists of lines */
type Snapshot = Record<'documents' | 'messages' | 'bank' | 'auction' | 'credit' | 'disclosure' | 'entrustment' | 'caseNumbers', string[]>;
type System = keyof Snapshot;

const snapshot = (h: Harness): Snapshot => ({
  documents: h.ctx.documents.listByCase(CASE_ID).map((d) => `${d.kind} ${d.id}`),
  messages: h.accepted.map((m) => `${m.name} → ${m.correlationKey} (${m.messageId ?? 'no id'})`),
  bank: [...h.bank.freezes.values()].map((f) => `${f.freezeId} ${f.account} ${f.state} frozen ${f.frozenAmount} deducted ${f.deductedAmount} until ${f.until}`),
  auction: h.auction.calls.map((c) => `${c.operation} ${c.key}`),
  credit: [...h.credit.writes],
  disclosure: h.disclosure.notices.map((n) => `${n.noticeId} ${n.requestId}`),
  entrustment: [...h.entrustment.sent.map((s) => `sent ${s.entrustmentId} ${s.requestId}`), ...h.entrustment.notices.map((n) => `notice ${n.noticeId} ${n.type} ${n.requestId}`)],
  caseNumbers: [...h.registry.allocated],
});

/** what changed from one snapshot to the next: the new lines per system */
const changes = (before: Snapshot, after: Snapshot): Partial<Record<System, number>> =>
  Object.fromEntries(
    (Object.keys(after) as System[]).map((k) => [k, after[k].filter((line) => !before[k].includes(line)).length] as const).filter(([, n]) => n > 0),
  );

interface Entry {
  variables: Record<string, unknown>;
  headers?: Record<string, string>;
  /** puts the external systems into the state the job finds (an earlier task's work); returns more variables */
  setup?: (h: Harness) => Promise<Record<string, unknown>>;
  /** the side effects of one task: new lines per system (none: a pure computation or a read-only query) */
  effects: Partial<Record<System, number>>;
  /** completed variables that are the time of the delivery, with the reason (paths; `*` for every list item) */
  varies?: Record<string, string>;
  /** a bad input: variables (undefined removes one) and headers merged over the valid ones, and the name the message must give */
  bad: { variables?: Record<string, unknown>; headers?: Record<string, string | undefined>; names: string };
  /**
   * the worker publishes unbuffered messages (no time to live) that the engine cannot deduplicate,
   * so a redelivery publishes the same ones again; why that converges to the same state instead of
   * repeating a side effect. The test then checks the repeat is exact: same names, keys and ids, unbuffered.
   */
  republishes?: string;
}

const JOB_TIME = 'the time this delivery ran (the worker\'s clock); the ids and the other values are the first delivery\'s';

/** a freeze the bank made for an earlier task, as the Measure assets.freeze returns */
async function frozen(h: Harness) {
  const deposit = DEPOSITS[0]!;
  const freeze = await h.bank.freeze({ idempotencyKey: 'earlier-task', caseNumber: CASE_NUMBER, account: deposit.reference, holderIdNumber: deposit.idNumber, amount: 86500, until: at(365) });
  const measure = {
    id: `freeze:${deposit.reference}`, kind: 'freeze', assetId: deposit.id, assetKind: deposit.kind, description: deposit.description, institution: freeze.institution,
    reference: deposit.reference, holderIdNumber: deposit.idNumber, freezeId: freeze.freezeId, amount: freeze.frozenAmount, startedAt: at(0), expiresAt: freeze.until,
    termYears: 1, renewals: 0, state: 'active',
  };
  return { measure, freezes: [measure] };
}

/** a listing published for an earlier task; `ended`: its bidding is over (sold after three bids) */
async function listed(h: Harness, ended: boolean): Promise<{ listing: Listing }> {
  const listing = await h.auction.publishListing({
    listingKey: `${CASE_ID}:${ASSET.id}#1`, caseNumber: CASE_NUMBER, asset: ASSET, round: 1, startingPrice: 210000, deposit: 42000, increment: 2000,
    startsAt: ended ? at(-2) : at(1), endsAt: ended ? at(-1) : at(2), excludedBidders: [],
  });
  return { listing };
}

async function sold(h: Harness) {
  const { listing } = await listed(h, true);
  const result = await h.auction.fetchResult(listing.listingId);
  if (result.status !== 'sold') throw new Error(`fixture: listing ${listing.listingId} did not sell`);
  return { listing, buyer: result.buyer };
}

const enquiry = async (h: Harness) => ({ onlineEnquiry: await h.auction.requestOnlineEnquiry({ requestId: 'earlier-task', asset: ASSET }) });

const publishCredit = async (h: Harness, kind: 'blacklist' | 'restriction') => {
  await h.credit.publish({ entryId: creditEntryId(CASE_NUMBER, RESPONDENT, kind), kind, caseNumber: CASE_NUMBER, courtCode: '豫1330', respondent: RESPONDENT, ground: kind === 'blacklist' ? '2' : undefined, publishedAt: at(-30) });
  return {};
};

const ENTRUSTED = { entrustmentId: 'SIM-WT-7', caseNumber: CASE_NUMBER };

/** one entry per worker file, by its path under workers/ */
const ENTRIES: Record<string, Entry> = {
  // an overdue warning is recorded once: its id is the idempotency key, so the alerts list does not grow
  'alerts/overdue.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, alerts: [{ id: 'older', stage: '立案审查', notify: '指挥中心', level: 'warning', at: at(-1), elementId: 'x' }] },
    headers: { stage: '财产调查', notify: '指挥中心' },
    effects: {},
    varies: { 'alerts.1.at': JOB_TIME, 'lastAlert.at': JOB_TIME },
    bad: { headers: { stage: undefined }, names: 'stage' },
  },
  // 扣划: the bank deducts from a freeze once per task (its idempotency key)
  'assets/deduct.worker.ts': {
    variables: { ...CASE, amountRecovered: 0 },
    setup: async (h) => ({ freezes: (await frozen(h)).freezes }),
    effects: { bank: 1 },
    bad: { variables: { freezes: [] }, names: 'freezes' },
  },
  // 冻结: one freeze per deposit and task, never a second freeze of the same money
  'assets/freeze.worker.ts': {
    variables: { ...CASE, assets: DEPOSITS, amountRecovered: 0 },
    effects: { bank: 1 },
    varies: { 'freezes.*.startedAt': JOB_TIME },
    bad: { variables: { assets: [] }, names: 'assets' },
  },
  // 网络查控: a query only, nothing changes outside
  'assets/inquire.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT, OWNER] },
    headers: { system: '总对总' },
    effects: {},
    varies: { inquiredAt: JOB_TIME },
    bad: { variables: { respondents: [{ name: '李四' }] }, names: 'respondents[0]' },
  },
  // 登记查封: recorded in the variables only; the seal's id is its asset
  'assets/record-seizure.worker.ts': {
    variables: { assets: [...DEPOSITS, ...PROPERTY] },
    effects: {},
    varies: {
      'seals.*.startedAt': 'the time the seal-up was recorded (the worker\'s clock)',
      'seals.*.expiresAt': 'the term runs from the recording, so it moves with it',
    },
    bad: { variables: { sealedAssetIds: ['no-such-asset'] }, names: 'sealedAssetIds' },
  },
  // 解冻: the bank releases a freeze once per task
  'assets/release.worker.ts': {
    variables: {},
    setup: async (h) => ({ measure: (await frozen(h)).measure }),
    effects: { bank: 1 },
    bad: { variables: { measure: undefined }, names: 'measure' },
  },
  // 续冻: the bank renews a freeze once per task, to an expiry counted from the old one
  'assets/renew.worker.ts': {
    variables: {},
    setup: async (h) => ({ measure: (await frozen(h)).measure }),
    effects: { bank: 1 },
    bad: { variables: { measure: { id: 'freeze:x', kind: 'freeze' } }, names: 'measure' },
  },
  // 参考价有效期: a check of the variables only
  'auction/check-price-validity.worker.ts': {
    variables: { priceValidUntil: at(200), appraisalValidUntil: '2026-12-31', listingNumber: 0, pricingBaseline: 0 },
    effects: {},
    varies: { 'priceValidity.checkedAt': 'the time of the check (the worker\'s clock)' },
    bad: { variables: { priceValidUntil: 'next year' }, names: 'priceValidUntil' },
  },
  // 收取询价报告: reads the platforms' reports, changes nothing
  'auction/collect-online-reports.worker.ts': {
    variables: {},
    setup: enquiry,
    effects: {},
    bad: { variables: { onlineEnquiry: undefined }, names: 'onlineEnquiry' },
  },
  // 定向询价: one request to the pricing body per task
  'auction/directed-enquiry.worker.ts': {
    variables: { asset: ASSET },
    effects: { auction: 1 },
    bad: { variables: { asset: undefined }, names: 'asset' },
  },
  // 获取拍卖结果: reads the result, changes nothing
  'auction/fetch-result.worker.ts': {
    variables: {},
    setup: (h) => listed(h, true),
    effects: {},
    bad: { variables: { listing: undefined }, names: 'listing' },
  },
  // 悔拍: the deposit is forfeited once (per listing and buyer)
  'auction/forfeit-deposit.worker.ts': {
    variables: { forfeitedDeposits: 0, excludedBidders: [] },
    setup: sold,
    effects: { auction: 1 },
    bad: { variables: { buyer: undefined }, names: 'buyer' },
  },
  // 暂缓网络询价: the platforms are told once per task
  'auction/pause-pricing.worker.ts': {
    variables: { pricingPausedPhase: 'online', suspension: { kind: '暂缓', reason: '案外人提出异议', basis: 'RP 28' }, onlineReportDue: at(10), pricingPauses: [] },
    setup: enquiry,
    effects: { auction: 1 },
    varies: {
      'pricingPause.pausedAt': 'the pause is recorded when its job completes (the worker\'s clock)',
      pricingPausedAt: 'the same time as pricingPause.pausedAt',
      'pricingPauses.*.pausedAt': 'the same time as pricingPause.pausedAt',
    },
    bad: { variables: { pricingPausedPhase: 'later' }, names: 'pricingPausedPhase' },
  },
  // 公告送达参考价报告: one notice on 中国执行信息公开网 per task
  'auction/post-report-notice.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, referencePrice: 300000, pricingMethod: 'online', asset: ASSET },
    effects: { disclosure: 1 },
    bad: { variables: { referencePrice: -1 }, names: 'referencePrice' },
  },
  // 挂拍: one listing per listing number, never a second listing of the asset
  'auction/publish-listing.worker.ts': {
    variables: { asset: ASSET, auctionKey: `${CASE_ID}:${ASSET.id}`, auctionRound: 1, listingNumber: 0, caseNumber: CASE_NUMBER, startingPrice: 210000, deposit: 42000, increment: 2000, listingPeriodEnd: at(30) },
    effects: { auction: 1 },
    bad: { variables: { auctionRound: 4 }, names: 'auctionRound' },
  },
  // 退还保证金: the losing bidders are refunded once per listing
  'auction/refund-deposits.worker.ts': {
    variables: { depositRefunds: [] },
    setup: sold,
    effects: { auction: 1 },
    bad: { variables: { listing: undefined }, names: 'listing' },
  },
  // 登记拍卖财产: variables only
  'auction/register.worker.ts': {
    variables: { asset: ASSET, caseId: CASE_ID, caseNumber: CASE_NUMBER },
    effects: {},
    bad: { variables: { asset: { ...ASSET, kind: 'boat' } }, names: 'asset.kind' },
  },
  // 网络询价: one enquiry to the platforms per task
  'auction/request-online-enquiry.worker.ts': {
    variables: { asset: ASSET },
    effects: { auction: 1 },
    bad: { variables: { asset: 'house' }, names: 'asset' },
  },
  // 恢复网络询价: the platforms are told once per task
  'auction/resume-pricing.worker.ts': {
    variables: {},
    setup: async (h) => {
      const { onlineEnquiry } = await enquiry(h);
      const pricingPause = { phase: 'online', kind: '暂缓', reason: '案外人提出异议', pausedAt: at(-3), dueAtPause: at(7), notified: onlineEnquiry.platforms, noticeBy: 'platform' };
      return { onlineEnquiry, pricingPause, pricingPauses: [pricingPause], resumeReason: '异议已审查' };
    },
    effects: { auction: 1 },
    varies: {
      'pricingPause.resumedAt': 'the resumption is recorded when its job completes (the worker\'s clock)',
      'pricingPause.pausedMs': 'counted to pricingPause.resumedAt',
      'pricingPause.dueAfterResume': 'the report deadline moves by pausedMs',
      onlineReportDue: 'the same as pricingPause.dueAfterResume',
      'pricingPauses.*.resumedAt': 'the same as pricingPause.resumedAt',
      'pricingPauses.*.pausedMs': 'the same as pricingPause.pausedMs',
      'pricingPauses.*.dueAfterResume': 'the same as pricingPause.dueAfterResume',
    },
    bad: { variables: { pricingPause: undefined }, names: 'pricingPause' },
  },
  // 暂缓拍卖: the platform stops the listing and posts the reason once per task
  'auction/suspend-listing.worker.ts': {
    variables: { suspension: { kind: '中止', reason: '被执行人进入破产程序' }, auctionSuspensions: [] },
    setup: (h) => listed(h, false),
    effects: { auction: 1 },
    bad: { variables: { listing: undefined }, names: 'listing' },
  },
  // 执行期限: a computation of the variables and the element instance (the id of the period a 中止 opens)
  'case/execution-period.worker.ts': {
    variables: {
      executionPeriodEnd: at(184), excludedPeriods: [], clockNow: at(20),
      clockEvent: { type: 'suspended', at: at(10), suspension: { kind: '中止', reason: '案外人提出异议' } },
    },
    effects: {},
    bad: { variables: { executionPeriodEnd: undefined }, names: 'executionPeriodEnd' },
  },
  // 中止 reaches each auction once: the message id is the element instance and the asset
  'case/notify-auctions.worker.ts': {
    variables: { caseId: CASE_ID, auctionAssets: [{ id: 'house-1' }, { id: 'car-1' }], suspension: { kind: '中止', reason: '被执行人进入破产程序' } },
    headers: { messageName: 'auction.suspended' },
    effects: { messages: 2 },
    bad: { variables: { caseId: undefined }, names: 'caseId' },
    republishes:
      'a buffered auction.suspended would stop a later listing, so the messages have no time to live and the engine forgets their ids at ' +
      'once. A redelivery can only come while the case\'s 期限监控 still waits on this task (it handles no other message meanwhile), so ' +
      'the repeat says what the first said: it reaches only auctions that listen now — those the first delivery paused no longer listen ' +
      'for auction.suspended, and one that has entered a pausable phase since must be paused too, because the case is stayed',
  },
  // a message start event starts one process: the message id is the element instance
  'case/publish-message.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, caseId: CASE_ID },
    headers: { messageName: 'finality-review.start' },
    effects: { messages: 1 },
    bad: { variables: { caseNumber: undefined }, names: 'caseNumber' },
  },
  // 纳入条件审查: a check of the variables only
  'credit/check-eligibility.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT, OWNER], sanctionType: 'blacklist', sanctionGround: '2', listingTermYears: 3 },
    effects: {},
    bad: { variables: { sanctionType: 'list' }, names: 'sanctionType' },
  },
  // 更正失信信息: each entry is corrected once per task
  'credit/correct.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT], correctedInformation: '被执行人名称更正为桐柏县某某建材有限责任公司', corrections: [] },
    setup: (h) => publishCredit(h, 'blacklist'),
    effects: { credit: 1 },
    varies: { 'corrections.*.at': JOB_TIME },
    bad: { variables: { correctedInformation: undefined }, names: 'correctedInformation' },
  },
  // 删除失信信息: an entry is deleted once
  'credit/delete.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT] },
    headers: { reason: '已履行完毕' },
    setup: (h) => publishCredit(h, 'blacklist'),
    effects: { credit: 1 },
    varies: { creditDeletedAt: JOB_TIME },
    bad: { variables: { respondents: [] }, names: 'respondents' },
  },
  // 解除限制消费: an entry is lifted once
  'credit/lift.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT] },
    headers: { reason: '申请执行人同意' },
    setup: (h) => publishCredit(h, 'restriction'),
    effects: { credit: 1 },
    varies: { restrictionLiftedAt: JOB_TIME },
    bad: { variables: { caseNumber: undefined }, names: 'caseNumber' },
  },
  // 发布失信/限高: one 失信 and one 限制消费 entry per respondent, never published twice
  'credit/publish.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT], sanctionType: 'blacklist', sanctionGround: '2', listingTermYears: 2 },
    effects: { credit: 2 },
    bad: { variables: { sanctionType: undefined }, names: 'sanctionType' },
  },
  // 法定期限: a computation of `from` and the periods
  'deadlines/compute.worker.ts': {
    variables: { from: at(0), periods: { reportDue: { workingDays: 5 } } },
    headers: { periods: JSON.stringify({ filingReviewDue: { workingDays: 7 }, executionPeriodEnd: { months: 6 }, noticeDue: 3 }) },
    effects: {},
    bad: { variables: { from: 'tomorrow' }, names: 'from' },
  },
  // 一键生成文书: one document per kind and task in the store, rewritten under the same id
  'documents/generate.worker.ts': {
    variables: { ...CASE },
    headers: { documents: '执行通知书,报告财产令' },
    effects: { documents: 2 },
    bad: { headers: { documents: ' , ' }, names: 'documentKind' },
  },
  // the entrustment workers below send one notice to the other court per task (request id = idempotency key)
  'entrustment/chase.worker.ts': {
    variables: { ...ENTRUSTED },
    effects: { entrustment: 1 },
    bad: { variables: { entrustmentId: undefined }, names: 'entrustmentId' },
  },
  // 委托法院销案: variables only
  'entrustment/close-case.worker.ts': {
    variables: { entrustedCaseNumber: '（2026）豫1302执委5号' },
    effects: {},
    varies: { ownCaseClosedAt: 'the time the case closed, when the model gave none (the worker\'s clock)' },
    bad: { variables: { entrustedCaseNumber: '' }, names: 'entrustedCaseNumber' },
  },
  // 回复立案通知: one notice per task
  'entrustment/confirm-filing.worker.ts': {
    variables: { ...ENTRUSTED, entrustedCaseNumber: '（2026）豫1330执委5号', caseOfficer: '王法官' },
    effects: { entrustment: 1 },
    bad: { variables: { caseOfficer: undefined }, names: 'caseOfficer' },
  },
  // 接收委托材料: reads the file, changes nothing
  'entrustment/fetch-incoming.worker.ts': {
    variables: { entrustmentId: 'SIM-IN-1' },
    effects: {},
    bad: { variables: { entrustmentId: 7 }, names: 'entrustmentId' },
  },
  // 登记委托: a check of the variables only
  'entrustment/register.worker.ts': {
    variables: { entrustmentKind: 'matter', entrustedCourt: '河南省南阳市宛城区人民法院', entrustedMatter: '调查被执行人在宛城区的房产', caseNumber: CASE_NUMBER },
    effects: {},
    bad: { variables: { entrustmentKind: 'everything' }, names: 'entrustmentKind' },
  },
  // 回复事项委托结果: one notice per task
  'entrustment/reply-matter.worker.ts': {
    variables: { ...ENTRUSTED, matterResult: '已查明被执行人名下无房产' },
    effects: { entrustment: 1 },
    bad: { variables: { matterResult: '  ' }, names: 'matterResult' },
  },
  // 函告执行结果: one notice per task
  'entrustment/report-result.worker.ts': {
    variables: { ...ENTRUSTED, amountCollected: 86500, enforcementSummary: '执行完毕' },
    effects: { entrustment: 1 },
    bad: { variables: { entrustmentId: '' }, names: 'entrustmentId' },
  },
  // 报告执行情况: one notice per task
  'entrustment/report-status.worker.ts': {
    variables: { ...ENTRUSTED, firstMeasures: '冻结存款' },
    effects: { entrustment: 1 },
    bad: { variables: { entrustmentId: undefined }, names: 'entrustmentId' },
  },
  // 函询执行情况: one notice per task
  'entrustment/request-status.worker.ts': {
    variables: { ...ENTRUSTED },
    effects: { entrustment: 1 },
    bad: { variables: { entrustmentId: undefined }, names: 'entrustmentId' },
  },
  // 通知补充材料: one notice per task
  'entrustment/request-supplement.worker.ts': {
    variables: { ...ENTRUSTED, missingMaterials: '生效法律文书副本' },
    effects: { entrustment: 1 },
    bad: { variables: { missingMaterials: undefined }, names: 'missingMaterials' },
  },
  // 退回委托材料: one notice per task
  'entrustment/return-file.worker.ts': {
    variables: { ...ENTRUSTED, returnReason: '逾期未补齐材料' },
    effects: { entrustment: 1 },
    bad: { variables: { entrustmentId: undefined }, names: 'entrustmentId' },
  },
  // 发送补充材料: one notice per task
  'entrustment/send-supplement.worker.ts': {
    variables: { ...ENTRUSTED, supplementedMaterials: '生效法律文书副本' },
    effects: { entrustment: 1 },
    bad: { variables: { supplementedMaterials: undefined }, names: 'supplementedMaterials' },
  },
  // 发送委托: one entrustment per task, never a second one to the other court
  'entrustment/send.worker.ts': {
    variables: { entrustmentKind: 'case', entrustedCourt: '河南省南阳市宛城区人民法院', caseNumber: CASE_NUMBER, generatedDocuments: [{ id: 'doc-1' }] },
    effects: { entrustment: 1 },
    bad: { variables: { entrustedCourt: undefined }, names: 'entrustedCourt' },
  },
  // 终本条件: a check of the variables (and the clock against 立案 + 3 months)
  'finality/check-conditions.worker.ts': {
    variables: { filedAt: at(-200), noticeAndReportOrderIssued: true, consumptionRestricted: true, assetSearchExhausted: true, debtorLocatedOrSanctioned: false, claimAmount: 86500, amountRecovered: 1000 },
    effects: {},
    bad: { variables: { filedAt: 'last year' }, names: 'filedAt' },
  },
  // 终本后复查: a query; the check history gets one entry per task
  'finality/inquire.worker.ts': {
    variables: { caseNumber: CASE_NUMBER, respondents: [RESPONDENT], knownAssetIds: [DEPOSITS[1]!.id], checkHistory: [{ id: 'earlier', checkNumber: 1, checkedAt: at(-180), propertyFound: false, assets: [] }] },
    effects: {},
    varies: { 'lastCheck.checkedAt': JOB_TIME, 'checkHistory.1.checkedAt': JOB_TIME },
    bad: { variables: { respondents: [] }, names: 'respondents' },
  },
  // 保全裁定期限: a computation of the variables and the clock
  'preservation/assess-application.worker.ts': {
    variables: { ...CASE, preservationKind: 'in-suit', urgent: false },
    effects: {},
    varies: { rulingDue: 'counted from the time of the assessment (the worker\'s clock)' },
    bad: { variables: { preservationKind: 'soon' }, names: 'preservationKind' },
  },
  // 审查担保: a computation of the variables and the clock
  'preservation/check-security.worker.ts': {
    variables: { ...CASE, preservationKind: 'in-suit', requireSecurity: true, securityAmount: 30000 },
    effects: {},
    varies: { executionDue: 'counted from the time of the check (the worker\'s clock)' },
    bad: { variables: { securityAmount: -5 }, names: 'securityAmount' },
  },
  // 登记保全期限: variables only; the measure's id is the idempotency key
  'preservation/register-measure.worker.ts': {
    variables: { ...CASE, preservationKind: 'in-suit', measureType: 'real-estate', measureTarget: '桐柏县城关镇某小区1号楼101室' },
    effects: {},
    varies: {
      'measure.startedAt': 'the time the measure was registered (the worker\'s clock)',
      'measure.expiresAt': 'the term runs from measure.startedAt',
      measureExpiresAt: 'the same as measure.expiresAt',
      renewalWarningAt: 'counted back from measure.expiresAt',
    },
    bad: { variables: { measureTarget: undefined }, names: 'measureTarget' },
  },
  // 解除保全: one 解除保全裁定书 per task in the document store, rewritten under the same id
  'preservation/release.worker.ts': {
    variables: { ...CASE, measure: { id: 'm-1', measureType: 'real-estate', measureName: '查封不动产及其他财产权', target: '房产', status: 'in-force' } },
    headers: { reason: '申请人申请解除保全' },
    effects: { documents: 1 },
    varies: { 'measure.endedAt': JOB_TIME, releasedAt: JOB_TIME },
    bad: { headers: { reason: undefined }, names: 'reason' },
  },
  // 执恢案号: the case registry allocates one number per task, never a second
  'restoration/allocate-case-number.worker.ts': {
    variables: { caseNumber: CASE_NUMBER },
    effects: { caseNumbers: 1 },
    varies: { restorationFiledAt: JOB_TIME },
    bad: { variables: { caseNumber: '123号' }, names: 'caseNumber' },
  },
};

/** every `workers/<domain>/<name>.worker.ts` on disk, as `<domain>/<name>.worker.ts` */
const WORKER_FILES = fs
  .readdirSync(WORKERS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => fs.readdirSync(path.join(WORKERS_DIR, d.name)).filter((f) => f.endsWith('.worker.ts')).map((f) => `${d.name}/${f}`))
  .sort();

const definitionOf = async (file: string): Promise<AnyWorkerDefinition> => {
  const definition = (await import(pathToFileURL(path.join(WORKERS_DIR, file)).href)).default as AnyWorkerDefinition | undefined;
  if (!definition || typeof definition.handler !== 'function') throw new Error(`workers/${file}: the default export is not a worker definition`);
  return definition;
};

/** `value` with the values at `paths` (dotted; `*` for every item) replaced by a marker; throws when a path is absent */
function mask(value: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  const replace = (node: any, keys: string[], whole: string): void => {
    const [key, ...rest] = keys;
    if (node === null || typeof node !== 'object') throw new Error(`varies: '${whole}' is not in the completed variables`);
    const targets = key === '*' ? Object.keys(node) : [key!];
    if (key !== '*' && !(key! in node)) throw new Error(`varies: '${whole}' is not in the completed variables`);
    for (const k of targets) {
      if (rest.length === 0) node[k] = '<varies>';
      else replace(node[k], rest, whole);
    }
  };
  for (const p of paths) replace(copy, p.split('.'), p);
  return copy;
}

const headersOf = (base: Record<string, string> = {}, patch: Record<string, string | undefined> = {}) =>
  Object.fromEntries(Object.entries({ ...base, ...patch }).filter(([, v]) => v !== undefined)) as Record<string, string>;
const variablesOf = (base: Record<string, unknown>, patch: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries({ ...base, ...patch }).filter(([, v]) => v !== undefined));

const completedVariables = (outcome: Awaited<ReturnType<typeof runHandler>>, what: string) => {
  if (outcome.kind !== 'complete') throw new Error(`${what}: expected a completed job, got ${JSON.stringify(outcome)}`);
  return outcome.variables;
};

describe('every job worker is idempotent', () => {
  it('every workers/*/*.worker.ts has an entry in the table, and every entry a file', () => {
    expect(WORKER_FILES.length).toBeGreaterThan(40);
    const missing = WORKER_FILES.filter((f) => !(f in ENTRIES)).map((f) => `workers/${f} has no entry in tests/workers/idempotency.test.ts`);
    const stale = Object.keys(ENTRIES).filter((f) => !WORKER_FILES.includes(f)).map((f) => `entry '${f}' names no worker file`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it('each file defines its own job type', async () => {
    const types = await Promise.all(WORKER_FILES.map(async (f) => (await definitionOf(f)).type));
    expect(new Set(types).size).toBe(types.length);
  });

  for (const file of WORKER_FILES.filter((f) => f in ENTRIES)) {
    const entry = ENTRIES[file]!;
    describe(file, () => {
      it(entry.republishes ? 'a redelivered job and a retry complete alike and publish exactly the same unbuffered messages again, nothing else' : 'a redelivered job and a retry under a new job key complete alike and repeat no side effect', async () => {
        const definition = await definitionOf(file);
        const h = harness();
        const variables = { ...entry.variables, ...(await entry.setup?.(h)) };
        const base = jobsOf('idempotency')(definition, variables, '4201');
        const job: WorkerJob<any, any> = { ...base, elementId: 'Task_Under_Test', customHeaders: headersOf(entry.headers) };
        const retry: WorkerJob<any, any> = { ...structuredClone(job), key: '9994201', retries: 2 };
        expect(retry.idempotencyKey).toBe(job.idempotencyKey);

        const before = snapshot(h);
        const outputs: Record<string, unknown>[] = [];
        const snapshots: Snapshot[] = [];
        for (const [i, delivery] of [job, structuredClone(job), retry].entries()) {
          h.setClock(DELIVERY_TIMES[i]!);
          outputs.push(completedVariables(await runHandler(definition, delivery, h.ctx), `${definition.type}, delivery ${i + 1}`));
          snapshots.push(snapshot(h));
        }
        // the side effect of one task, and nothing more on the redelivery and the retry
        expect(changes(before, snapshots[0]!), 'side effects of the first delivery').toEqual(entry.effects);
        if (entry.republishes) {
          const once = snapshots[0]!.messages.slice(before.messages.length);
          expect(snapshots[1]!.messages, 'messages after the redelivery').toEqual([...snapshots[0]!.messages, ...once]);
          expect(snapshots[2]!.messages, 'messages after the retry').toEqual([...snapshots[1]!.messages, ...once]);
          expect(h.accepted.map((m) => m.timeToLiveMs ?? 0), 'unbuffered').toEqual(h.accepted.map(() => 0));
          const others = (snap: Snapshot) => ({ ...snap, messages: [] });
          expect(others(snapshots[1]!), 'other external state after the redelivery').toEqual(others(snapshots[0]!));
          expect(others(snapshots[2]!), 'other external state after the retry').toEqual(others(snapshots[0]!));
        } else {
          expect(snapshots[1], 'external state after the redelivery').toEqual(snapshots[0]);
          expect(snapshots[2], 'external state after the retry under a new job key').toEqual(snapshots[0]);
        }

        const varies = Object.keys(entry.varies ?? {});
        expect(mask(outputs[1]!, varies), 'completed variables of the redelivery').toEqual(mask(outputs[0]!, varies));
        expect(mask(outputs[2]!, varies), 'completed variables of the retry').toEqual(mask(outputs[0]!, varies));
      });

      if (Object.keys(entry.effects).length === 0) {
        it('without side effects: the same input at the same time gives the same output', async () => {
          const definition = await definitionOf(file);
          const run = async () => {
            const h = harness();
            const variables = { ...entry.variables, ...(await entry.setup?.(h)) };
            const job = { ...jobsOf('idempotency')(definition, variables, '4202'), customHeaders: headersOf(entry.headers) };
            const before = snapshot(h);
            const output = completedVariables(await runHandler(definition, job, h.ctx), definition.type);
            expect(changes(before, snapshot(h)), 'external state').toEqual({});
            return output;
          };
          const first = await run();
          expect(Object.keys(first).length).toBeGreaterThan(0);
          expect(await run()).toEqual(first);
        });
      }

      it(`bad input fails naming '${entry.bad.names}'`, async () => {
        const definition = await definitionOf(file);
        const h = harness();
        const variables = variablesOf({ ...entry.variables, ...(await entry.setup?.(h)) }, entry.bad.variables);
        const job = { ...jobsOf('idempotency')(definition, variables, '4203'), customHeaders: headersOf(entry.headers, entry.bad.headers) };
        const before = snapshot(h);
        const outcome = await runHandler(definition, job, h.ctx);
        expect(outcome.kind, JSON.stringify(outcome)).toBe('fail');
        if (outcome.kind !== 'fail') return;
        expect(outcome.message).toContain(entry.bad.names);
        expect(outcome.message).toContain(definition.type);
        expect(changes(before, snapshot(h)), 'external state after the bad input').toEqual({});
      });
    });
  }
});
