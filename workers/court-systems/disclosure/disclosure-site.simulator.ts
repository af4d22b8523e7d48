/**
 * DisclosureSiteSimulator: a deterministic local stand-in for 中国执行信息公开网, for
 * development, demos and tests. Nothing leaves the process. Notices get ids `SIM-GG-1`, … in
 * order, are kept once per `requestId` (`notices`, what a test inspects).
 */
import type { DisclosureSite, NoticeRequest, PostedNotice } from './disclosure-site.js';

export class DisclosureSiteSimulator implements DisclosureSite {
  readonly notices: (NoticeRequest & PostedNotice)[] = [];
  private readonly now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async postNotice(request: NoticeRequest): Promise<PostedNotice> {
    const existing = this.notices.find((n) => n.requestId === request.requestId);
    if (existing) return { noticeId: existing.noticeId, url: existing.url, postedAt: existing.postedAt, endsAt: existing.endsAt };
    for (const field of ['caseNumber', 'title', 'content'] as const) {
      if (!request[field]?.trim()) throw new Error(`中国执行信息公开网（本地模拟器）：公告缺少 ${field}`);
    }
    if (!(Date.parse(request.endsAt) > Date.parse(request.startsAt))) throw new Error(`中国执行信息公开网（本地模拟器）：公告的结束时间 endsAt ${request.endsAt} 应晚于开始时间 startsAt ${request.startsAt}`);
    const noticeId = `SIM-GG-${this.notices.length + 1}`;
    const posted = { noticeId, url: `http://zxgk.court.gov.cn.sim/notices/${noticeId}`, postedAt: this.now().toISOString(), endsAt: request.endsAt };
    this.notices.push({ ...request, ...posted });
    return posted;
  }
}
