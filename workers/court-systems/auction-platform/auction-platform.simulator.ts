/**
 * AuctionPlatformSimulator: a deterministic local stand-in for the auction platform and the
 * price-enquiry platforms, for development, demos and tests. Nothing leaves the process.
 *
 * Outcomes are scripted per asset id (`script(assetId, scenario)`); an asset without a script gets
 * the defaults: 定向询价 prices it at its estimated value, 网络询价 returns three complete reports
 * around that value, and every listing sells after three bids. Listings take their outcome in the
 * order they are first published for the asset (a listing published again under the same key
 * keeps its outcome), so a test can say "一拍流拍, 二拍成交" as `listings: ['unsold', 'sold']`.
 * A party's objection is scripted with `objection(auctionKey, text)` and comes out of `pollEvents`.
 */
import { SimulatedEventLog, type InboundPage } from '../inbound.js';
import type {
  AuctionAsset,
  AuctionPlatform,
  AuctionResult,
  Bid,
  DepositRefund,
  DirectedEnquiryResult,
  Forfeiture,
  Listing,
  ListingRequest,
  ListingSuspension,
  OnlineEnquiry,
  OnlineEnquiryReports,
  EnquiryPauseNotice,
  EnquiryPauseRequest,
  SuspensionRequest,
} from './auction-platform.js';
import { PRICE_OBJECTION_MESSAGE } from './auction-platform.js';
import { shown } from '../../core/failure-text.js';

export interface AuctionScenario {
  /** 定向询价: priced (default) or failed */
  directedEnquiry?: 'priced' | 'failed';
  /** 网络询价 per collection attempt (1st at the deadline, 2nd after the extension); the last repeats */
  onlineEnquiry?: ('complete' | 'pending' | 'failed')[];
  /** outcome of the 1st, 2nd, … listing of the asset; the last repeats; default sold */
  listings?: ('sold' | 'unsold')[];
  /** bids placed on a sold listing; default 3 */
  bids?: number;
}

export const SIMULATED_PLATFORMS = ['淘宝网司法拍卖询价', '京东司法拍卖询价', '人民法院诉讼资产网询价'];
const BIDDERS = ['王五', '赵六', '孙七', '周八', '吴九'];
const DEFAULT_VALUE = 100_000;

const round2 = (n: number) => Math.round(n * 100) / 100;

export class AuctionPlatformSimulator implements AuctionPlatform {
  readonly inboundName = 'auction-platform';
  private readonly events = new SimulatedEventLog();
  private readonly scenarios = new Map<string, AuctionScenario>();
  private readonly enquiries = new Map<string, { enquiry: OnlineEnquiry; asset: AuctionAsset }>();
  private readonly listings = new Map<string, Listing & { assetId: string; outcome: 'sold' | 'unsold'; increment: number; excludedBidders: string[] }>();
  private readonly listingCounts = new Map<string, number>();
  private readonly forfeitures = new Map<string, Forfeiture>();
  private readonly directed = new Map<string, DirectedEnquiryResult>();
  private readonly refunds = new Map<string, DepositRefund[]>();
  /** 暂缓 / 中止 by request id (NA 28) */
  readonly suspensions = new Map<string, ListingSuspension>();
  /** every call that changed something, in order (what a test inspects) */
  readonly calls: { operation: string; key: string }[] = [];
  private readonly now: () => Date;

  constructor(options: { now?: () => Date; scenarios?: Record<string, AuctionScenario> } = {}) {
    this.now = options.now ?? (() => new Date());
    for (const [assetId, scenario] of Object.entries(options.scenarios ?? {})) this.script(assetId, scenario);
  }

  /** a party objects to the reference price on the platform (RP 22) */
  objection(auctionKey: string, objection: string): void {
    this.events.add({ message: PRICE_OBJECTION_MESSAGE, correlationKey: auctionKey, variables: { objection } });
  }

  async pollEvents(after: string | undefined): Promise<InboundPage> {
    return this.events.page(after);
  }

  /** scripts the outcomes for one asset */
  script(assetId: string, scenario: AuctionScenario): void {
    this.scenarios.set(assetId, scenario);
  }

  listingsOf(assetId: string): Listing[] {
    return [...this.listings.values()].filter((l) => l.assetId === assetId);
  }

  async requestDirectedEnquiry({ requestId, asset }: { requestId: string; asset: AuctionAsset }): Promise<DirectedEnquiryResult> {
    const existing = this.directed.get(requestId);
    if (existing) return existing;
    this.record('directed-enquiry', requestId);
    const result: DirectedEnquiryResult =
      this.scenarios.get(asset.id)?.directedEnquiry === 'failed'
        ? { status: 'failed', reason: '有关机构未在期限内出具定向询价结果' }
        : { status: 'priced', price: asset.estimatedValue ?? DEFAULT_VALUE, source: '桐柏县税务局计税基准价（模拟）' };
    this.directed.set(requestId, result);
    return result;
  }

  async requestOnlineEnquiry({ requestId, asset }: { requestId: string; asset: AuctionAsset }): Promise<OnlineEnquiry> {
    const existing = this.enquiries.get(requestId);
    if (existing) return existing.enquiry;
    this.record('online-enquiry', requestId);
    const enquiry = { enquiryId: `SIM-XJ-${this.enquiries.size + 1}`, platforms: SIMULATED_PLATFORMS, requestedAt: this.now().toISOString() };
    this.enquiries.set(requestId, { enquiry, asset });
    return enquiry;
  }

  async collectOnlineReports(enquiryId: string, attempt: number): Promise<OnlineEnquiryReports> {
    const found = [...this.enquiries.values()].find((e) => e.enquiry.enquiryId === enquiryId);
    if (!found) throw new Error(`网拍平台（本地模拟器）：找不到网络询价 ${enquiryId}`);
    const outcomes = this.scenarios.get(found.asset.id)?.onlineEnquiry ?? ['complete'];
    const outcome = outcomes[Math.min(attempt, outcomes.length) - 1] ?? 'complete';
    const value = found.asset.estimatedValue ?? DEFAULT_VALUE;
    // three platforms at 96 %, 100 % and 104 % of the value: their average is the value itself
    const reports = SIMULATED_PLATFORMS.map((platform, i) => ({ platform, price: round2(value * (0.96 + 0.04 * i)) }));
    if (outcome === 'failed') return { status: 'failed', reason: '询价平台均未能出具询价报告' };
    if (outcome === 'pending') return { status: 'pending', reports: reports.slice(0, 1) };
    return { status: 'complete', reports };
  }

  async publishListing(request: ListingRequest): Promise<Listing> {
    const existing = this.listings.get(request.listingKey);
    if (existing) return this.view(existing);
    if (!(request.startingPrice > 0)) throw new Error(`网拍平台（本地模拟器）：起拍价 startingPrice 应为正数，实际为 ${request.startingPrice}`);
    if (Date.parse(request.endsAt) <= Date.parse(request.startsAt)) throw new Error(`网拍平台（本地模拟器）：结束时间 endsAt ${request.endsAt} 应晚于开始时间 startsAt ${request.startsAt}`);
    this.record('publish-listing', request.listingKey);
    const n = (this.listingCounts.get(request.asset.id) ?? 0) + 1;
    this.listingCounts.set(request.asset.id, n);
    const outcomes = this.scenarios.get(request.asset.id)?.listings ?? ['sold'];
    const listingId = `SIM-PM-${this.listings.size + 1}`;
    const listing = {
      listingId,
      listingKey: request.listingKey,
      round: request.round,
      startingPrice: request.startingPrice,
      deposit: request.deposit,
      startsAt: request.startsAt,
      endsAt: request.endsAt,
      url: `https://sifa.example.invalid/${listingId}`,
      assetId: request.asset.id,
      outcome: outcomes[Math.min(n, outcomes.length) - 1] ?? 'sold',
      increment: request.increment,
      excludedBidders: request.excludedBidders,
    };
    this.listings.set(request.listingKey, listing);
    return this.view(listing);
  }

  async fetchResult(listingId: string): Promise<AuctionResult> {
    const listing = [...this.listings.values()].find((l) => l.listingId === listingId);
    if (!listing) throw new Error(`网拍平台（本地模拟器）：找不到拍卖 ${listingId}`);
    if (this.now().getTime() < Date.parse(listing.endsAt)) return { status: 'open', endsAt: listing.endsAt };
    if (listing.outcome === 'unsold') return { status: 'unsold', bids: [] };
    // a bidder keeps one number across listings, so a 悔拍 buyer stays excluded
    const bidders = BIDDERS.map((name, i) => ({ name, bidderNo: `SIM-JM-${String(i + 1).padStart(3, '0')}` })).filter(
      (b) => !listing.excludedBidders.includes(b.bidderNo) && !listing.excludedBidders.includes(b.name),
    );
    const count = this.scenarios.get(listing.assetId)?.bids ?? 3;
    const start = Date.parse(listing.startsAt);
    // bidders alternate between the first two; a 变卖 (round 3) sells at the price, without a contest
    const bids: Bid[] = Array.from({ length: listing.round === 3 ? 1 : count }, (_, i) => ({
      bidderNo: bidders[i % 2]!.bidderNo,
      amount: round2(listing.startingPrice + i * listing.increment),
      at: new Date(start + (i + 1) * 60_000).toISOString(),
    }));
    const last = bids.at(-1)!;
    const buyer = bidders.find((b) => b.bidderNo === last.bidderNo)!;
    return { status: 'sold', winningBid: last.amount, buyer, bids };
  }

  async forfeitDeposit(listingId: string, bidderNo: string): Promise<Forfeiture> {
    const key = `${listingId}/${bidderNo}`;
    const existing = this.forfeitures.get(key);
    if (existing) return existing;
    const listing = [...this.listings.values()].find((l) => l.listingId === listingId);
    if (!listing) throw new Error(`网拍平台（本地模拟器）：找不到拍卖 ${listingId}`);
    this.record('forfeit-deposit', key);
    const forfeiture = { listingId, bidderNo, amount: listing.deposit, forfeitedAt: this.now().toISOString() };
    this.forfeitures.set(key, forfeiture);
    return forfeiture;
  }

  async refundDeposits(listingId: string, keepBidderNo: string | undefined): Promise<DepositRefund[]> {
    const existing = this.refunds.get(listingId);
    if (existing) return existing;
    const listing = [...this.listings.values()].find((l) => l.listingId === listingId);
    if (!listing) throw new Error(`网拍平台（本地模拟器）：找不到拍卖 ${listingId}`);
    const result = await this.fetchResult(listingId);
    if (result.status === 'open') throw new Error(`网拍平台（本地模拟器）：拍卖 ${listingId} 仍在竞价中，至 ${result.endsAt} 结束，不能退还保证金`);
    const bidders = [...new Set(result.bids.map((b) => b.bidderNo))].filter((b) => b !== keepBidderNo);
    this.record('refund-deposits', listingId);
    const refundedAt = this.now().toISOString();
    const refunds = bidders.map((bidderNo) => ({ listingId, bidderNo, amount: listing.deposit, refundedAt }));
    this.refunds.set(listingId, refunds);
    return refunds;
  }

  async suspendListing(request: SuspensionRequest): Promise<ListingSuspension> {
    const existing = this.suspensions.get(request.requestId);
    if (existing) return existing;
    const listing = [...this.listings.values()].find((l) => l.listingId === request.listingId);
    if (!listing) throw new Error(`网拍平台（本地模拟器）：找不到拍卖 ${request.listingId}`);
    if (request.kind !== '暂缓' && request.kind !== '中止') throw new Error(`网拍平台（本地模拟器）：kind 应为 暂缓 或 中止，实际为 ${shown(request.kind)}`);
    this.record('suspend-listing', request.listingId);
    const suspension: ListingSuspension = {
      listingId: request.listingId,
      kind: request.kind,
      reason: request.reason,
      ...(request.until ? { until: request.until } : {}),
      suspendedAt: this.now().toISOString(),
      announcement: `${request.kind === '暂缓' ? '暂缓拍卖公告' : '中止拍卖公告'}：本标的（${listing.listingId}）${request.kind}拍卖，原因：${request.reason}`,
    };
    // a stopped listing sells nothing: its bidding is over with no bids
    listing.outcome = 'unsold';
    listing.endsAt = suspension.suspendedAt;
    this.suspensions.set(request.requestId, suspension);
    return suspension;
  }

  private readonly enquiryPauses = new Map<string, EnquiryPauseNotice>();

  /** RP 28: the enquiry platforms are told that an online enquiry is paused or goes on (simulator only) */
  async simulateEnquiryPause(request: EnquiryPauseRequest): Promise<EnquiryPauseNotice> {
    const existing = this.enquiryPauses.get(request.requestId);
    if (existing) return existing;
    const enquiry = [...this.enquiries.values()].find((e) => e.enquiry.enquiryId === request.enquiryId);
    if (!enquiry) throw new Error(`网拍平台（本地模拟器）：找不到网络询价 ${request.enquiryId}`);
    this.record(`${request.action}-enquiry`, request.enquiryId);
    const notice: EnquiryPauseNotice = { enquiryId: request.enquiryId, action: request.action, platforms: [...enquiry.enquiry.platforms], notifiedAt: this.now().toISOString() };
    this.enquiryPauses.set(request.requestId, notice);
    return notice;
  }

  private record(operation: string, key: string) {
    this.calls.push({ operation, key });
  }

  private view(l: Listing): Listing {
    return { listingId: l.listingId, listingKey: l.listingKey, round: l.round, startingPrice: l.startingPrice, deposit: l.deposit, startsAt: l.startsAt, endsAt: l.endsAt, url: l.url };
  }
}
