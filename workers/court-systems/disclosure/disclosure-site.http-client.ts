/**
 * DisclosureSiteHttpClient: the adapter over HTTP/JSON, chosen when `DISCLOSURE_URL` is set:
 *
 * | call | request |
 * |---|---|
 * | postNotice | `PUT /notices/{requestId}` `{ caseNumber, court, title, content, startsAt, endsAt }` → `{ noticeId, url, postedAt, endsAt }` (idempotent by path) |
 *
 * A non-2xx answer is an error naming the call and the status; the worker retries it.
 */
import { CourtSystemHttp } from '../http-base.js';
import type { DisclosureSite, NoticeRequest, PostedNotice } from './disclosure-site.js';

export class DisclosureSiteHttpClient implements DisclosureSite {
  private readonly http: CourtSystemHttp;

  constructor(baseUrl: string, token?: string, timeoutMs = 10_000) {
    this.http = new CourtSystemHttp('中国执行信息公开网', baseUrl, { token, timeoutMs });
  }

  async postNotice(request: NoticeRequest): Promise<PostedNotice> {
    const { requestId, ...notice } = request;
    const posted = await this.http.call<Partial<PostedNotice>>('PUT', `/notices/${encodeURIComponent(requestId)}`, notice);
    for (const field of ['noticeId', 'postedAt', 'endsAt'] as const) {
      if (typeof posted[field] !== 'string' || !posted[field]) throw new Error(`中国执行信息公开网 PUT /notices/${requestId} 的应答缺少 ${field}`);
    }
    return { noticeId: posted.noticeId!, url: posted.url ?? '', postedAt: posted.postedAt!, endsAt: posted.endsAt! };
  }
}
