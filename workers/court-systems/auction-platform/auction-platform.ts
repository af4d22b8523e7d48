/**
 * The auction platform (网络司法拍卖平台, NA 5) and the price-enquiry platforms (司法网络询价平台 and
 * 定向询价 bodies, RP 5–13) as one adapter: what the auction workers need from the outside world.
 *
 * `getAuctionPlatform(ctx)` returns the HTTP client when `AUCTION_PLATFORM_URL` is set, else the
 * deterministic local simulator (`AuctionPlatformSimulator`), once per worker context. Every call
 * that changes something carries a key chosen by the caller (`requestId`, `listingKey`), so a
 * redelivered job repeats the call without a second enquiry, listing or forfeiture.
 *
 * A party's objection to the reference price, lodged on the platform (RP 22), is reported as an
 * event (`pollEvents`); the court inbox (`../inbound.ts`) publishes it as `auction.price-objection`
 * with the auction's key (`auctionKey` = `caseId:asset.id`).
 */
import type { WorkerContext } from '../../core/context.js';
import type { InboundPage } from '../inbound.js';
import { AuctionPlatformHttpClient } from './auction-platform.http-client.js';
import { AuctionPlatformSimulator } from './auction-platform.simulator.js';
import { shown } from '../../core/failure-text.js';

export const ASSET_KINDS = ['movable', 'vehicle', 'realEstate', 'landUseRight', 'equity', 'other'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** the process input `asset` */
export interface AuctionAsset {
  id: string;
  kind: AssetKind;
  description: string;
  location: string;
  estimatedValue?: number;
}

export type DirectedEnquiryResult =
  | { status: 'priced'; price: number; source: string }
  | { status: 'failed'; reason: string };

export interface OnlineEnquiry {
  enquiryId: string;
  platforms: string[];
  requestedAt: string;
}

export interface EnquiryReport {
  platform: string;
  price: number;
}

export type OnlineEnquiryReports =
  | { status: 'complete'; reports: EnquiryReport[] }
  | { status: 'pending'; reports: EnquiryReport[] }
  | { status: 'failed'; reason: string };

/** 1 一拍, 2 二拍, 3 变卖 */
export type AuctionRound = 1 | 2 | 3;

export interface ListingRequest {
  /** caller's idempotency key: the same key publishes once */
  listingKey: string;
  caseNumber: string;
  asset: AuctionAsset;
  round: AuctionRound;
  startingPrice: number;
  deposit: number;
  increment: number;
  startsAt: string;
  endsAt: string;
  /** bidders who may not take part (悔拍的原买受人, NA 24) */
  excludedBidders: string[];
}

export interface Listing {
  listingId: string;
  listingKey: string;
  round: AuctionRound;
  startingPrice: number;
  deposit: number;
  startsAt: string;
  endsAt: string;
  url: string;
}

export interface Bid {
  bidderNo: string;
  amount: number;
  at: string;
}

export type AuctionResult =
  | { status: 'open'; endsAt: string }
  | { status: 'unsold'; bids: Bid[] }
  | { status: 'sold'; winningBid: number; buyer: { name: string; bidderNo: string }; bids: Bid[] };

export interface Forfeiture {
  listingId: string;
  bidderNo: string;
  amount: number;
  forfeitedAt: string;
}

export const PRICE_OBJECTION_MESSAGE = 'auction.price-objection';

/** a losing bidder's deposit paid back after the sale (NA 22–25: within 24 hours) */
export interface DepositRefund {
  listingId: string;
  bidderNo: string;
  amount: number;
  refundedAt: string;
}

/** 暂缓 / 中止拍卖 (NA 28): the platform stops the listing and posts the reason */
export interface SuspensionRequest {
  /** the job's idempotency key: the platform records one suspension per request */
  requestId: string;
  listingId: string;
  kind: '暂缓' | '中止';
  reason: string;
  /** the end of a 暂缓 term, ISO date-time */
  until?: string;
}

export interface ListingSuspension {
  listingId: string;
  kind: '暂缓' | '中止';
  reason: string;
  until?: string;
  suspendedAt: string;
  /** the announcement posted on the platform */
  announcement: string;
}

/**
 * 暂缓 / 恢复网络询价 (RP 28): the court tells the enquiry platforms that it postponed or stayed
 * an online enquiry (its report deadline stops) or that the enquiry goes on (with the moved
 * deadline). The platforms' published interface has no such call: only the simulator has it,
 * hence the name; without it the worker records that the platforms must be told otherwise.
 */
export interface EnquiryPauseRequest {
  /** the job's idempotency key: one notice per request */
  requestId: string;
  enquiryId: string;
  action: 'pause' | 'resume';
  kind?: '暂缓' | '中止';
  reason?: string;
  /** resume: the moved report deadline, ISO date-time */
  reportDue?: string;
}

export interface EnquiryPauseNotice {
  enquiryId: string;
  action: 'pause' | 'resume';
  platforms: string[];
  notifiedAt: string;
}

export interface AuctionPlatform {
  /** the name the court inbox knows the platform by */
  readonly inboundName: string;
  /** parties' objections since `after`, as `auction.price-objection` messages */
  pollEvents(after: string | undefined): Promise<InboundPage>;
  requestDirectedEnquiry(request: { requestId: string; asset: AuctionAsset }): Promise<DirectedEnquiryResult>;
  requestOnlineEnquiry(request: { requestId: string; asset: AuctionAsset }): Promise<OnlineEnquiry>;
  /** the reports received so far; `attempt` 1 at the report deadline, 2 after the one extension */
  collectOnlineReports(enquiryId: string, attempt: number): Promise<OnlineEnquiryReports>;
  publishListing(request: ListingRequest): Promise<Listing>;
  fetchResult(listingId: string): Promise<AuctionResult>;
  /** 悔拍: the buyer's deposit is kept (NA 24); the same listing and bidder forfeit once */
  forfeitDeposit(listingId: string, bidderNo: string): Promise<Forfeiture>;
  /** pays back every bidder's deposit but the buyer's (kept toward the price); once per listing */
  refundDeposits(listingId: string, keepBidderNo: string | undefined): Promise<DepositRefund[]>;
  /** 暂缓 / 中止: stops the listing's bidding and posts the reason (NA 28); once per request id */
  suspendListing(request: SuspensionRequest): Promise<ListingSuspension>;
  /** RP 28 暂缓 / 恢复网络询价: simulator only (see EnquiryPauseRequest) */
  simulateEnquiryPause?(request: EnquiryPauseRequest): Promise<EnquiryPauseNotice>;
}

export const AUCTION_PLATFORM = 'auction-platform';

export const getAuctionPlatform = (ctx: WorkerContext): AuctionPlatform =>
  ctx.courtSystems.get<AuctionPlatform>(AUCTION_PLATFORM, (config) =>
    config.env.AUCTION_PLATFORM_URL
      ? new AuctionPlatformHttpClient(config.env.AUCTION_PLATFORM_URL, config.env.AUCTION_PLATFORM_TOKEN)
      : new AuctionPlatformSimulator({ now: () => ctx.now() }),
  );

/** checks the process input `asset`; throws naming the field (in Chinese, the field path verbatim) */
export function checkAsset(asset: unknown): AuctionAsset {
  if (!asset || typeof asset !== 'object' || Array.isArray(asset)) throw new Error(`流程变量 asset 应为对象 { id, kind, description, location, estimatedValue? }，实际为 ${shown(asset)}`);
  const a = asset as Record<string, unknown>;
  if (typeof a.id !== 'string' || !a.id.trim()) throw new Error(`流程变量 asset.id 应为非空字符串，实际为 ${shown(a.id)}`);
  if (!ASSET_KINDS.includes(a.kind as AssetKind)) throw new Error(`流程变量 asset.kind 应为 ${ASSET_KINDS.join('、')} 之一，实际为 ${shown(a.kind)}`);
  if (typeof a.description !== 'string' || !a.description.trim()) throw new Error(`流程变量 asset.description 应为非空字符串（财产描述），实际为 ${shown(a.description)}`);
  if (typeof a.location !== 'string' || !a.location.trim()) throw new Error(`流程变量 asset.location 应为非空字符串（财产所在地），实际为 ${shown(a.location)}`);
  if (a.estimatedValue !== undefined && a.estimatedValue !== null && (typeof a.estimatedValue !== 'number' || !(a.estimatedValue > 0))) {
    throw new Error(`流程变量 asset.estimatedValue 填写时应为正数（元），实际为 ${shown(a.estimatedValue)}`);
  }
  return a as unknown as AuctionAsset;
}
