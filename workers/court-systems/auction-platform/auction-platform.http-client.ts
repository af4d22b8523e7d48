/**
 * AuctionPlatformHttpClient: the adapter over HTTP/JSON, chosen when `AUCTION_PLATFORM_URL` is
 * set (with `AUCTION_PLATFORM_TOKEN` as a bearer token when the gateway requires one). The paths
 * are the court's integration gateway in front of the SPC-listed platforms:
 *
 * | call | request |
 * |---|---|
 * | requestDirectedEnquiry | `POST /directed-enquiries` `{ requestId, asset }` |
 * | requestOnlineEnquiry | `POST /online-enquiries` `{ requestId, asset }` |
 * | collectOnlineReports | `GET /online-enquiries/{enquiryId}/reports?attempt=n` |
 * | publishListing | `PUT /listings/{listingKey}` (idempotent by key) |
 * | fetchResult | `GET /listings/{listingId}/result` |
 * | forfeitDeposit | `PUT /listings/{listingId}/forfeitures/{bidderNo}` |
 * | refundDeposits | `PUT /listings/{listingId}/refunds` `{ keepBidderNo }` → `{ refunds: [{ listingId, bidderNo, amount, refundedAt }] }` (once per listing) |
 * | suspendListing | `PUT /listings/{listingId}/suspensions/{requestId}` `{ kind, reason, until? }` → `{ listingId, kind, reason, until?, suspendedAt, announcement }` (idempotent by path) |
 * | pollEvents | `GET /events?after={cursor}` → `{ events: [{ id, type: "price-objection", auctionKey, objection }], cursor }` |
 *
 * A non-2xx answer is an error naming the call and the status; the worker retries it.
 */
import { CourtSystemHttp } from '../http-base.js';
import type { InboundPage } from '../inbound.js';
import { PRICE_OBJECTION_MESSAGE } from './auction-platform.js';
import type {
  AuctionAsset,
  AuctionPlatform,
  AuctionResult,
  DepositRefund,
  DirectedEnquiryResult,
  Forfeiture,
  Listing,
  ListingRequest,
  ListingSuspension,
  OnlineEnquiry,
  OnlineEnquiryReports,
  SuspensionRequest,
} from './auction-platform.js';

export class AuctionPlatformHttpClient implements AuctionPlatform {
  readonly inboundName = 'auction-platform';
  private readonly http: CourtSystemHttp;

  constructor(baseUrl: string, token?: string, timeoutMs = 10_000) {
    this.http = new CourtSystemHttp('网拍平台', baseUrl, { token, timeoutMs });
  }

  requestDirectedEnquiry(request: { requestId: string; asset: AuctionAsset }): Promise<DirectedEnquiryResult> {
    return this.call('POST', '/directed-enquiries', request);
  }

  requestOnlineEnquiry(request: { requestId: string; asset: AuctionAsset }): Promise<OnlineEnquiry> {
    return this.call('POST', '/online-enquiries', request);
  }

  collectOnlineReports(enquiryId: string, attempt: number): Promise<OnlineEnquiryReports> {
    return this.call('GET', `/online-enquiries/${encodeURIComponent(enquiryId)}/reports?attempt=${attempt}`);
  }

  publishListing(request: ListingRequest): Promise<Listing> {
    return this.call('PUT', `/listings/${encodeURIComponent(request.listingKey)}`, request);
  }

  suspendListing(request: SuspensionRequest): Promise<ListingSuspension> {
    const { kind, reason, until } = request;
    return this.call('PUT', `/listings/${encodeURIComponent(request.listingId)}/suspensions/${encodeURIComponent(request.requestId)}`, { kind, reason, until });
  }

  fetchResult(listingId: string): Promise<AuctionResult> {
    return this.call('GET', `/listings/${encodeURIComponent(listingId)}/result`);
  }

  forfeitDeposit(listingId: string, bidderNo: string): Promise<Forfeiture> {
    return this.call('PUT', `/listings/${encodeURIComponent(listingId)}/forfeitures/${encodeURIComponent(bidderNo)}`, {});
  }

  async refundDeposits(listingId: string, keepBidderNo: string | undefined): Promise<DepositRefund[]> {
    const answer = await this.call<{ refunds?: DepositRefund[] }>('PUT', `/listings/${encodeURIComponent(listingId)}/refunds`, { keepBidderNo: keepBidderNo ?? null });
    if (!Array.isArray(answer.refunds)) throw new Error(`网拍平台 PUT /listings/${listingId}/refunds 的应答缺少 refunds 列表`);
    return answer.refunds;
  }

  async pollEvents(after: string | undefined): Promise<InboundPage> {
    const page = await this.call<{ events?: { id?: unknown; type?: unknown; auctionKey?: unknown; objection?: unknown }[]; cursor?: string }>(
      'GET',
      `/events${after ? `?after=${encodeURIComponent(after)}` : ''}`,
    );
    if (!Array.isArray(page.events)) throw new Error(`网拍平台 GET /events 的应答缺少 events 列表`);
    const events = page.events.map((e, i) => {
      if (typeof e.id !== 'string' || !e.id) throw new Error(`网拍平台 GET /events 的应答中缺少 events[${i}].id`);
      if (e.type !== 'price-objection') throw new Error(`网拍平台 GET /events 的应答中 events[${i}].type '${String(e.type)}' 不是已知的事件类型`);
      if (typeof e.auctionKey !== 'string' || !e.auctionKey) throw new Error(`网拍平台 GET /events 的应答中缺少 events[${i}].auctionKey`);
      return { id: e.id, message: PRICE_OBJECTION_MESSAGE, correlationKey: e.auctionKey, variables: { objection: String(e.objection ?? '') } };
    });
    return { events, cursor: typeof page.cursor === 'string' ? page.cursor : after };
  }

  private call<T>(method: string, pathName: string, body?: unknown): Promise<T> {
    return this.http.call<T>(method, pathName, body);
  }
}
