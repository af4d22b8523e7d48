/**
 * auction.forfeit-deposit — 没收保证金 (悔拍, NA 24): the buyer did not pay the balance in time;
 * the deposit is kept and the buyer may not bid when the asset is auctioned again.
 * Result: `forfeitedDeposits` (running total, 元), `excludedBidders` (+ the buyer), `forfeiture`,
 * and `roundResult`, `buyer`, `winningBid` cleared for the re-auction.
 */
import { getAuctionPlatform, type Listing } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_FORFEIT_DEPOSIT } from './job-types.js';

interface Variables {
  listing?: Listing;
  buyer?: { name: string; bidderNo: string };
  forfeitedDeposits?: number;
  excludedBidders?: string[];
}

export default defineWorker<Variables>({
  type: AUCTION_FORFEIT_DEPOSIT,
  description: '悔拍：没收保证金 (forfeit the defaulting buyer\'s deposit)',
  fetchVariables: ['listing', 'buyer', 'forfeitedDeposits', 'excludedBidders'],
  async handler(job, ctx) {
    const { listing, buyer } = job.variables;
    if (!listing?.listingId) throw new Error(`缺少流程变量 listing.listingId（网拍平台挂拍后应有）`);
    if (!buyer?.bidderNo) throw new Error(`缺少流程变量 buyer.bidderNo（没有可没收保证金的买受人）`);
    const forfeiture = await getAuctionPlatform(ctx).forfeitDeposit(listing.listingId, buyer.bidderNo);
    const excluded = new Set(job.variables.excludedBidders ?? []);
    excluded.add(buyer.bidderNo);
    ctx.log.warn(`悔拍: ${buyer.name} (${buyer.bidderNo}) forfeits ${forfeiture.amount} on ${listing.listingId}`);
    return {
      forfeiture,
      forfeitedDeposits: (job.variables.forfeitedDeposits ?? 0) + forfeiture.amount,
      excludedBidders: [...excluded],
      roundResult: null,
      buyer: null,
      winningBid: null,
      proceeds: 0,
    };
  },
});
