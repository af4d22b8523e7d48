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
 *
 * A non-2xx answer is an error naming the call and the status; the worker retries it.
 */
import type {
  AuctionAsset,
  AuctionPlatform,
  AuctionResult,
  DirectedEnquiryResult,
  Forfeiture,
  Listing,
  ListingRequest,
  OnlineEnquiry,
  OnlineEnquiryReports,
} from './auction-platform.js';

export class AuctionPlatformHttpClient implements AuctionPlatform {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token?: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
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

  fetchResult(listingId: string): Promise<AuctionResult> {
    return this.call('GET', `/listings/${encodeURIComponent(listingId)}/result`);
  }

  forfeitDeposit(listingId: string, bidderNo: string): Promise<Forfeiture> {
    return this.call('PUT', `/listings/${encodeURIComponent(listingId)}/forfeitures/${encodeURIComponent(bidderNo)}`, {});
  }

  private async call<T>(method: string, pathName: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathName}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`auction platform ${method} ${pathName}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`auction platform ${method} ${pathName} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}
