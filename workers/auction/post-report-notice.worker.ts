/**
 * auction.post-report-notice — 公告送达参考价报告 (RP 21): a party or interested person cannot be
 * reached, so the report is posted on 中国执行信息公开网 and counts as received when the posting
 * has stood for `publicationDays` (default 15) days, counted by the statutory calendar (a last
 * day on a holiday moves to the next working day).
 *
 * Result: `reportPublication` { noticeId, url, postedAt, endsAt } and `referenceDeemedServedAt`
 * (= endsAt), which the model's timer waits for; the objection period (RP 22) runs from then.
 * Idempotent: the site keeps one notice per job.
 */
import { computeDeadline } from '../deadlines/compute.worker.js';
import { getDisclosureSite } from '../court-systems/disclosure/disclosure-site.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_POST_REPORT_NOTICE } from './job-types.js';
import { shown } from '../core/failure-text.js';

interface Variables {
  caseNumber?: string;
  referencePrice?: number;
  pricingMethod?: string;
  asset?: { description?: string };
  publicationDays?: number;
}

const REPORT_NAMES: Record<string, string> = {
  negotiation: '议价结果',
  directed: '定向询价报告',
  online: '网络询价报告',
  appraisal: '评估报告',
};

export default defineWorker<Variables>({
  type: AUCTION_POST_REPORT_NOTICE,
  description: '中国执行信息公开网公示参考价报告 (post the pricing report where a party cannot be served)',
  fetchVariables: ['caseNumber', 'referencePrice', 'pricingMethod', 'asset', 'publicationDays'],
  async handler(job, ctx) {
    const v = job.variables;
    if (!v.caseNumber) throw new Error(`缺少流程变量 caseNumber（案号）`);
    if (typeof v.referencePrice !== 'number' || !(v.referencePrice > 0)) throw new Error(`流程变量 referencePrice 应为正数（参考价，元），实际为 ${shown(v.referencePrice)}`);
    const days = v.publicationDays ?? 15;
    if (!Number.isInteger(days) || days < 1) throw new Error(`流程变量 publicationDays 应为不少于 1 的整数天数，实际为 ${shown(days)}`);
    const now = ctx.now();
    const endsAt = computeDeadline(ctx.calendar, now, { days }, 'publicationDays').toISOString();
    const report = REPORT_NAMES[v.pricingMethod ?? ''] ?? '参考价报告';
    const court = ctx.config.courtName;
    const posted = await getDisclosureSite(ctx).postNotice({
      requestId: job.idempotencyKey,
      caseNumber: v.caseNumber,
      court,
      title: `${v.caseNumber} ${report}公告送达`,
      content:
        `${court}执行${v.caseNumber}一案，${v.asset?.description ? `对${v.asset.description}` : '对查封财产'}确定的参考价为${v.referencePrice}元（${report}）。` +
        `因当事人、利害关系人下落不明或者无法获取其有效送达地址，依照《最高人民法院关于人民法院确定财产处置参考价若干问题的规定》第二十一条，现予公示，公示满${days}日即视为收到。` +
        `当事人、利害关系人可以在收到报告后五日内提出书面异议。`,
      startsAt: now.toISOString(),
      endsAt,
    });
    ctx.log.info(`参考价报告公告送达 ${posted.noticeId} for ${v.caseNumber}`, { endsAt: posted.endsAt });
    return { reportPublication: posted, referenceDeemedServedAt: posted.endsAt };
  },
});
