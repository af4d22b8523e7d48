/**
 * auction.resume-pricing — 恢复网络询价或者委托评估 (RP 28): the cause of the pause ended
 * (message `auction.resumed`, or the 暂缓 term ran out). The report deadline moves by the time
 * paused (rule in pricing-pause.ts): `onlineReportDue` or `appraisalDue` = the deadline at the
 * pause + (now − pricingPause.pausedAt). The platforms are told through the adapter when it has
 * the call (simulator only), like the pause.
 *
 * Result: the moved deadline variable, `pricingPause` and the last entry of `pricingPauses`
 * completed with { resumedAt, pausedMs, dueAfterResume, resumeReason? } (the reason: the server's
 * `resumption.reason`, or `resumeReason`).
 */
import { getAuctionPlatform, type OnlineEnquiry } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_RESUME_PRICING } from './job-types.js';
import { checkInstant, checkPhase, dueVariable, movedDue, type PricingPause } from './pricing-pause.js';

interface Variables {
  pricingPause?: PricingPause | null;
  pricingPauses?: PricingPause[];
  onlineEnquiry?: OnlineEnquiry;
  resumeReason?: unknown;
  /** the server's `auction.resumed` variables: { reason, at, by } */
  resumption?: { reason?: unknown; at?: unknown } | null;
}

/**
 * the reason given with this resumption: the server's `resumption.reason` when its `at` is not
 * before the pause (an older resumption's variables stay in the instance and a 暂缓 term that runs
 * out carries none), else `resumeReason`
 */
function resumeReasonOf(v: Variables, pausedAt: string): string | undefined {
  const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
  const r = v.resumption;
  if (r && typeof r === 'object' && typeof r.at === 'string' && Date.parse(r.at) >= Date.parse(pausedAt)) return text(r.reason);
  return text(v.resumeReason);
}

export default defineWorker<Variables>({
  type: AUCTION_RESUME_PRICING,
  description: '恢复网络询价或者委托评估（RP 28）：报告期限按暂停时间顺延',
  fetchVariables: ['pricingPause', 'pricingPauses', 'onlineEnquiry', 'resumeReason', 'resumption'],
  async handler(job, ctx) {
    const pause = job.variables.pricingPause;
    if (!pause || typeof pause !== 'object') throw new Error(`缺少流程变量 pricingPause（询价评估未暂缓，见 auction.pause-pricing）`);
    const phase = checkPhase(pause.phase);
    const pausedAt = checkInstant('pricingPause.pausedAt', pause.pausedAt);
    const dueAtPause = checkInstant('pricingPause.dueAtPause', pause.dueAtPause);
    const resumedAt = ctx.now().toISOString();
    const { due, pausedMs } = movedDue(dueAtPause, pausedAt, resumedAt);
    if (phase === 'online') {
      const platform = getAuctionPlatform(ctx);
      const enquiryId = job.variables.onlineEnquiry?.enquiryId;
      if (platform.simulateEnquiryPause && enquiryId) {
        await platform.simulateEnquiryPause({ requestId: job.idempotencyKey, enquiryId, action: 'resume', reportDue: due });
      }
    }
    const reason = resumeReasonOf(job.variables, pausedAt);
    const resumed: PricingPause = { ...pause, resumedAt, pausedMs, dueAfterResume: due, ...(reason ? { resumeReason: reason } : {}) };
    const pauses = [...(job.variables.pricingPauses ?? [])];
    let last = pauses.length - 1;
    while (last >= 0 && !(pauses[last].pausedAt === pause.pausedAt && pauses[last].phase === pause.phase)) last--;
    if (last >= 0) pauses[last] = resumed;
    else pauses.push(resumed);
    ctx.log.info(`恢复${phase === 'online' ? '网络询价' : '委托评估'}，报告期限顺延至 ${due}`, { pausedMs });
    return { [dueVariable(phase)]: due, pricingPause: resumed, pricingPauses: pauses };
  },
});
