/**
 * auction.refund-deposits — 退还保证金: after a sale the other bidders' deposits are paid back
 * within 24 hours of the end of bidding (NA 22–25); the buyer's stays toward the price.
 * Result: `depositRefunds` (every round's refunds so far: { listingId, bidderNo, amount,
 * refundedAt }), `depositRefundDue` (the bidding's end + 24 h). Idempotent: the platform refunds
 * a listing once.
 */
import { getAuctionPlatform, type DepositRefund, type Listing } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_REFUND_DEPOSITS } from './job-types.js';

const DAY_MS = 24 * 60 * 60_000;

interface Variables {
  listing?: Listing;
  buyer?: { name: string; bidderNo: string } | null;
  depositRefunds?: DepositRefund[];
}

export default defineWorker<Variables>({
  type: AUCTION_REFUND_DEPOSITS,
  description: '成交后退还其他竞买人保证金 (refund the losing bidders\' deposits)',
  fetchVariables: ['listing', 'buyer', 'depositRefunds'],
  async handler(job, ctx) {
    const { listing, buyer } = job.variables;
    if (!listing?.listingId) throw new Error(`缺少流程变量 listing.listingId（网拍平台挂拍后应有）`);
    if (!buyer?.bidderNo) throw new Error(`缺少流程变量 buyer.bidderNo（成交后才退还保证金）`);
    const refunds = await getAuctionPlatform(ctx).refundDeposits(listing.listingId, buyer.bidderNo);
    const due = new Date(Date.parse(listing.endsAt) + DAY_MS);
    if (ctx.now() > due) ctx.log.warn(`保证金退还超过 24 小时: ${listing.listingId}`, { due: due.toISOString() });
    const earlier = (job.variables.depositRefunds ?? []).filter((r) => r.listingId !== listing.listingId);
    return { depositRefunds: [...earlier, ...refunds], depositRefundDue: due.toISOString() };
  },
});
