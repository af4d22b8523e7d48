/**
 * auction.fetch-result — 获取拍卖结果 when the bidding has ended. Result: `roundResult` ("sold" or
 * "unsold"), and when sold `winningBid`, `proceeds` (= the winning bid), `buyer` ({ name,
 * bidderNo }) and `bidCount`. A listing still open is a technical failure (retried): the timer
 * fired before the platform closed the bidding, e.g. a 5-minute extension (NA 20).
 */
import { getAuctionPlatform, type Listing } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_FETCH_RESULT } from './job-types.js';

export default defineWorker<{ listing?: Listing; proceeds?: number }>({
  type: AUCTION_FETCH_RESULT,
  description: '获取拍卖结果 (result of the listing)',
  fetchVariables: ['listing', 'proceeds'],
  retryBackoffMs: 60_000,
  maxRetries: 5,
  async handler(job, ctx) {
    const listingId = job.variables.listing?.listingId;
    if (!listingId) throw new Error(`缺少流程变量 listing.listingId（网拍平台挂拍后应有，应先挂拍）`);
    const result = await getAuctionPlatform(ctx).fetchResult(listingId);
    if (result.status === 'open') throw new Error(`网拍平台上的拍卖 ${listingId} 仍在竞价中，至 ${result.endsAt} 结束`);
    if (result.status === 'unsold') return { roundResult: 'unsold', bidCount: 0 };
    return { roundResult: 'sold', winningBid: result.winningBid, proceeds: result.winningBid, buyer: result.buyer, bidCount: result.bids.length };
  },
});
