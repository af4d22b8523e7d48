/**
 * auction.pause-pricing — 暂缓网络询价或者委托评估 (RP 28): the court postponed (暂缓) or stayed
 * (中止) the case, or the appraisal materials are seriously wrong, or another reason, while the
 * platforms' or the appraiser's report is awaited. Input: `pricingPausedPhase` ("online" |
 * "appraisal", set by the catching event), `suspension` { kind: "暂缓" | "中止", reason, basis?,
 * until? } from the message `auction.suspended`, the phase's report deadline (`onlineReportDue` /
 * `appraisalDue`), `onlineEnquiry` or `appraiser`.
 *
 * 网络询价: the platforms are told through the platform adapter when it has the call (only the
 * simulator does: `simulateEnquiryPause`); otherwise, and for 委托评估 (the appraiser has no
 * adapter), the pause records that the clerk sends a written notice.
 *
 * Result: `pricingPause` (see pricing-pause.ts), `pricingPausedAt`, `pricingPauses` (every pause so
 * far). Idempotent: one pause per job.
 */
import { getAuctionPlatform, type OnlineEnquiry } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_PAUSE_PRICING } from './job-types.js';
import { checkInstant, checkPhase, dueVariable, PAUSE_KINDS, type PauseKind, type PricingPause } from './pricing-pause.js';
import { shown } from '../core/failure-text.js';

interface Variables {
  pricingPausedPhase?: unknown;
  suspension?: { kind?: unknown; reason?: unknown; basis?: unknown; until?: unknown } | null;
  onlineReportDue?: unknown;
  appraisalDue?: unknown;
  onlineEnquiry?: OnlineEnquiry;
  appraiser?: unknown;
  pricingPauses?: PricingPause[];
}

export default defineWorker<Variables>({
  type: AUCTION_PAUSE_PRICING,
  description: '暂缓网络询价或者委托评估（RP 28）：停止报告期限并通知询价平台或评估机构',
  fetchVariables: ['pricingPausedPhase', 'suspension', 'onlineReportDue', 'appraisalDue', 'onlineEnquiry', 'appraiser', 'pricingPauses'],
  async handler(job, ctx) {
    const v = job.variables;
    const phase = checkPhase(v.pricingPausedPhase);
    const s = v.suspension;
    if (!s || typeof s !== 'object') throw new Error(`流程变量 suspension 应为 { kind: "暂缓" | "中止", reason, basis?, until? }（来自消息 auction.suspended），实际为 ${shown(s)}`);
    if (!PAUSE_KINDS.includes(s.kind as PauseKind)) throw new Error(`流程变量 suspension.kind 应为 "暂缓" 或 "中止"，实际为 ${shown(s.kind)}`);
    if (typeof s.reason !== 'string' || !s.reason.trim()) throw new Error(`缺少流程变量 suspension.reason（暂缓或中止询价评估的原因，RP 28）`);
    if (s.basis != null && typeof s.basis !== 'string') throw new Error(`流程变量 suspension.basis 应为文字，实际为 ${shown(s.basis)}`);
    if (s.until != null) checkInstant('suspension.until', s.until);
    const dueName = dueVariable(phase);
    const dueAtPause = checkInstant(dueName, v[dueName]);
    const pausedAt = ctx.now().toISOString();

    let notified: string[];
    let noticeBy: PricingPause['noticeBy'] = 'written';
    if (phase === 'online') {
      const enquiryId = v.onlineEnquiry?.enquiryId;
      if (!enquiryId) throw new Error(`缺少流程变量 onlineEnquiry.enquiryId（没有进行中的网络询价可暂缓）`);
      const platform = getAuctionPlatform(ctx);
      if (platform.simulateEnquiryPause) {
        const notice = await platform.simulateEnquiryPause({ requestId: job.idempotencyKey, enquiryId, action: 'pause', kind: s.kind as PauseKind, reason: s.reason });
        notified = notice.platforms;
        noticeBy = 'platform';
      } else {
        notified = [...(v.onlineEnquiry?.platforms ?? [])];
      }
    } else {
      notified = [typeof v.appraiser === 'string' && v.appraiser.trim() ? v.appraiser : '评估机构'];
    }
    const pause: PricingPause = {
      phase,
      kind: s.kind as PauseKind,
      reason: s.reason,
      ...(typeof s.basis === 'string' ? { basis: s.basis } : {}),
      ...(typeof s.until === 'string' ? { until: s.until } : {}),
      pausedAt,
      dueAtPause,
      notified,
      noticeBy,
    };
    ctx.log.info(`${s.kind}${phase === 'online' ? '网络询价' : '委托评估'}`, { reason: s.reason, dueAtPause });
    return { pricingPause: pause, pricingPausedAt: pausedAt, pricingPauses: [...(v.pricingPauses ?? []), pause] };
  },
});
