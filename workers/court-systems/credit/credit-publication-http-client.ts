/**
 * The publication system over HTTP (`CREDIT_URL`). Resources: `PUT {url}/entries/{id}` publishes
 * (200 existing, 201 created), `POST {url}/entries/{id}/corrections`, `/deletion`, `/lifting`,
 * `GET {url}/entries/{id}` (404 → none). 404/409/422 on a write is a refusal with `message`.
 */
import { CourtSystemHttp } from '../http-base.js';
import {
  CreditPublicationRejection,
  type CreditEntry,
  type CreditPublication,
  type PublishCreditEntry,
} from './credit-publication.js';

export class CreditPublicationHttpClient implements CreditPublication {
  private readonly http: CourtSystemHttp;

  constructor(
    private readonly baseUrl: string,
    options: { token?: string; timeoutMs?: number } = {},
  ) {
    this.http = new CourtSystemHttp('失信/限高信息发布系统', baseUrl, options);
  }

  async publish(entry: PublishCreditEntry) {
    const { status, body } = await this.call('PUT', `/entries/${encodeURIComponent(entry.entryId)}`, entry);
    return { entry: body as CreditEntry, repeated: status === 200 };
  }

  async correct(entryId: string, changes: Record<string, unknown>, requestId: string, at: string) {
    return (await this.call('POST', `/entries/${encodeURIComponent(entryId)}/corrections`, { changes, requestId, at })).body as CreditEntry;
  }

  async remove(entryId: string, reason: string, at: string) {
    return (await this.call('POST', `/entries/${encodeURIComponent(entryId)}/deletion`, { reason, at })).body as CreditEntry;
  }

  async lift(entryId: string, reason: string, at: string) {
    return (await this.call('POST', `/entries/${encodeURIComponent(entryId)}/lifting`, { reason, at })).body as CreditEntry;
  }

  async get(entryId: string) {
    const { status, body } = await this.call('GET', `/entries/${encodeURIComponent(entryId)}`, undefined, true);
    return status === 404 ? undefined : (body as CreditEntry);
  }

  private async call(method: string, pathName: string, body: unknown, allowNotFound = false): Promise<{ status: number; body: unknown }> {
    const response = await this.http.send(method, pathName, body);
    const text = response.text;
    if (allowNotFound && response.status === 404) return { status: 404, body: undefined };
    if ([404, 409, 422].includes(response.status)) {
      let message = `失信/限高信息系统拒绝请求（HTTP ${response.status}）`;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // keep the generic message
      }
      throw new CreditPublicationRejection(message);
    }
    if (!response.ok) throw new Error(`失信/限高信息发布系统 ${this.baseUrl} ${method} ${pathName} 应答 HTTP ${response.status}：${text.slice(0, 200)}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}
