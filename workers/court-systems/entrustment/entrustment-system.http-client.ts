/**
 * EntrustmentSystemHttpClient: the adapter over HTTP/JSON, chosen when `ENTRUSTMENT_SYSTEM_URL` is
 * set (`ENTRUSTMENT_SYSTEM_TOKEN` as a bearer token when required):
 *
 * | call | request |
 * |---|---|
 * | send | `POST /entrustments` (body carries `requestId`; the system answers the same entrustment for the same id) |
 * | fetchIncoming | `GET /entrustments/{entrustmentId}` |
 * | notify | `PUT /entrustments/{entrustmentId}/notices/{requestId}` (idempotent by path) |
 *
 * A non-2xx answer is an error naming the call and the status; the worker retries it.
 */
import type { EntrustmentNotice, EntrustmentSystem, IncomingEntrustment, NoticeReceipt, OutgoingEntrustment, SentEntrustment } from './entrustment-system.js';

export class EntrustmentSystemHttpClient implements EntrustmentSystem {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token?: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  send(entrustment: OutgoingEntrustment): Promise<SentEntrustment> {
    return this.call('POST', '/entrustments', entrustment);
  }

  fetchIncoming(entrustmentId: string): Promise<IncomingEntrustment> {
    return this.call('GET', `/entrustments/${encodeURIComponent(entrustmentId)}`);
  }

  notify(entrustmentId: string, requestId: string, notice: EntrustmentNotice): Promise<NoticeReceipt> {
    return this.call('PUT', `/entrustments/${encodeURIComponent(entrustmentId)}/notices/${encodeURIComponent(requestId)}`, notice);
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
      throw new Error(`entrustment system ${method} ${pathName}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`entrustment system ${method} ${pathName} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}
