/**
 * auction.suspend-listing — 停止拍卖并公告原因 (NA 28): the court postponed (暂缓) or stayed
 * (中止) the auction during its notice or bidding; the platform stops the listing and posts the
 * reason. Input: `listing` (the current listing), `suspension` { kind: "暂缓" | "中止", reason,
 * until? (ISO date-time, the end of a 暂缓 term) } from the message `auction.suspended`.
 *
 * Result: `auctionSuspendedAt`, `auctionSuspensions` (every suspension so far: { listingId, kind,
 * reason, until, suspendedAt, announcement }). Idempotent: one suspension per job.
 */
import { getAuctionPlatform, type Listing, type ListingSuspension } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_SUSPEND_LISTING } from './job-types.js';
import { shown } from '../core/failure-text.js';

interface Variables {
  listing?: Listing;
  suspension?: { kind?: unknown; reason?: unknown; until?: unknown } | null;
  auctionSuspensions?: ListingSuspension[];
}

const KINDS = ['暂缓', '中止'] as const;

export default defineWorker<Variables>({
  type: AUCTION_SUSPEND_LISTING,
  description: '暂缓/中止拍卖：通知平台停止拍卖并公告原因 (stop the listing, post the reason)',
  fetchVariables: ['listing', 'suspension', 'auctionSuspensions'],
  async handler(job, ctx) {
    const { listing, suspension } = job.variables;
    if (!listing?.listingId) throw new Error(`缺少流程变量 listing.listingId（网拍平台挂拍后应有，没有可停止的拍卖）`);
    if (!suspension || typeof suspension !== 'object') throw new Error(`流程变量 suspension 应为 { kind: "暂缓" | "中止", reason, until? }（来自消息 auction.suspended），实际为 ${shown(suspension)}`);
    if (!KINDS.includes(suspension.kind as (typeof KINDS)[number])) throw new Error(`流程变量 suspension.kind 应为 "暂缓" 或 "中止"，实际为 ${shown(suspension.kind)}`);
    if (typeof suspension.reason !== 'string' || !suspension.reason.trim()) throw new Error(`缺少流程变量 suspension.reason（停止拍卖的原因，将在网拍平台公告，NA 28）`);
    if (suspension.until != null && (typeof suspension.until !== 'string' || Number.isNaN(Date.parse(suspension.until)))) {
      throw new Error(`流程变量 suspension.until 应为 ISO 日期时间，实际为 ${shown(suspension.until)}`);
    }
    const stopped = await getAuctionPlatform(ctx).suspendListing({
      requestId: job.idempotencyKey,
      listingId: listing.listingId,
      kind: suspension.kind as (typeof KINDS)[number],
      reason: suspension.reason,
      ...(typeof suspension.until === 'string' ? { until: suspension.until } : {}),
    });
    ctx.log.info(`${stopped.kind}拍卖 ${listing.listingId}`, { reason: stopped.reason });
    const earlier = (job.variables.auctionSuspensions ?? []).filter((s) => !(s.listingId === stopped.listingId && s.suspendedAt === stopped.suspendedAt));
    return { auctionSuspendedAt: stopped.suspendedAt, auctionSuspensions: [...earlier, stopped] };
  },
});
