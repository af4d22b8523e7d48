/**
 * 中国执行信息公开网 (the SPC's enforcement disclosure site), reached through the court's
 * integration gateway: where a court posts a notice that stands in for service when a party
 * cannot be reached (公告送达), e.g. a reference-price report (RP 21: posted 15 days, then deemed
 * received).
 *
 * `getDisclosureSite(ctx)` returns the HTTP client when `DISCLOSURE_URL` is set (with
 * `DISCLOSURE_TOKEN` as a bearer token when required), else the deterministic local simulator
 * (`DisclosureSiteSimulator`), once per worker context. A notice is posted once per `requestId`
 * (the job's idempotency key), so a redelivered job posts nothing twice.
 */
import type { WorkerContext } from '../../core/context.js';
import { DisclosureSiteHttpClient } from './disclosure-site.http-client.js';
import { DisclosureSiteSimulator } from './disclosure-site.simulator.js';

export interface NoticeRequest {
  requestId: string;
  caseNumber: string;
  /** the posting court */
  court: string;
  /** e.g. 参考价报告公告送达 */
  title: string;
  /** the text posted */
  content: string;
  /** ISO date-times of the posting period */
  startsAt: string;
  endsAt: string;
}

export interface PostedNotice {
  noticeId: string;
  url: string;
  postedAt: string;
  endsAt: string;
}

export interface DisclosureSite {
  /** posts the notice; the same request id answers the same notice */
  postNotice(request: NoticeRequest): Promise<PostedNotice>;
}

export const DISCLOSURE_SITE = 'disclosure-site';

export const getDisclosureSite = (ctx: WorkerContext): DisclosureSite =>
  ctx.courtSystems.get<DisclosureSite>(DISCLOSURE_SITE, (config) =>
    config.env.DISCLOSURE_URL
      ? new DisclosureSiteHttpClient(config.env.DISCLOSURE_URL, config.env.DISCLOSURE_TOKEN)
      : new DisclosureSiteSimulator({ now: () => ctx.now() }),
  );
