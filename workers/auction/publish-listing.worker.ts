/**
 * auction.publish-listing — 网拍平台挂拍: publishes the 拍卖公告 (or 变卖公告) and the bidding
 * window on the auction platform.
 *
 * Rounds (`auctionRound`): 1 一拍 and 2 二拍 open for `biddingHours` (default 24, NA 20) when the
 * notice period `listingPeriodEnd` (from deadlines.compute) is over; 3 变卖 is open from now until
 * `listingPeriodEnd` at the second round's price, and a bidder pays the full price to register.
 * Bidders in `excludedBidders` (悔拍, NA 24) may not take part.
 *
 * Result: `listing`, `listingNumber` (+1), `firstStartingPrice` (set by the first 一拍 listing),
 * and `auctionStart`, `auctionEnd`, `auctionPlatform` for the 拍卖公告. The listing key is
 * `auctionKey#listingNumber`, so a redelivered job publishes nothing twice.
 */
import { checkAsset, getAuctionPlatform, type AuctionRound } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_PUBLISH_LISTING } from './job-types.js';
import { shown } from '../core/failure-text.js';

interface Variables {
  asset?: unknown;
  auctionKey?: string;
  auctionRound?: number;
  listingNumber?: number;
  caseNumber?: string;
  startingPrice?: number;
  deposit?: number;
  increment?: number;
  listingPeriodEnd?: string;
  biddingHours?: number;
  excludedBidders?: string[];
  firstStartingPrice?: number;
  auctionPlatform?: string;
}

const HOUR = 60 * 60 * 1000;

const positive = (value: unknown, name: string): number => {
  if (value == null) throw new Error(`缺少流程变量 ${name}（应为正数）`);
  if (typeof value !== 'number' || !(value > 0)) throw new Error(`流程变量 ${name} 应为正数，实际为 ${shown(value)}`);
  return value;
};

export default defineWorker<Variables>({
  type: AUCTION_PUBLISH_LISTING,
  description: '网拍平台挂拍 (publish the auction or sale listing)',
  async handler(job, ctx) {
    const v = job.variables;
    const asset = checkAsset(v.asset);
    const round = v.auctionRound;
    if (round !== 1 && round !== 2 && round !== 3) throw new Error(`流程变量 auctionRound 应为 1（一拍）、2（二拍）或 3（变卖），实际为 ${shown(round)}`);
    if (!v.auctionKey) throw new Error(`缺少流程变量 auctionKey（拍卖财产未登记，见 auction.register）`);
    const startingPrice = positive(v.startingPrice, 'startingPrice');
    const increment = positive(v.increment, 'increment');
    const periodEnd = Date.parse(v.listingPeriodEnd ?? '');
    if (v.listingPeriodEnd == null) throw new Error(`缺少流程变量 listingPeriodEnd（应为 ISO 日期时间）`);
    if (Number.isNaN(periodEnd)) throw new Error(`流程变量 listingPeriodEnd 应为 ISO 日期时间，实际为 ${shown(v.listingPeriodEnd)}`);
    const biddingHours = positive(v.biddingHours ?? 24, 'biddingHours');

    const startsAt = round === 3 ? ctx.now().getTime() : periodEnd;
    const endsAt = round === 3 ? periodEnd : periodEnd + biddingHours * HOUR;
    const listingNumber = (v.listingNumber ?? 0) + 1;
    const listing = await getAuctionPlatform(ctx).publishListing({
      listingKey: `${v.auctionKey}#${listingNumber}`,
      caseNumber: v.caseNumber ?? '',
      asset,
      round: round as AuctionRound,
      startingPrice,
      deposit: round === 3 ? startingPrice : positive(v.deposit, 'deposit'),
      increment,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      excludedBidders: v.excludedBidders ?? [],
    });
    ctx.log.info(`挂拍 ${listing.listingId} (${['一拍', '二拍', '变卖'][round - 1]}) for ${v.caseNumber ?? v.auctionKey}`, { endsAt: listing.endsAt });
    return {
      listing,
      listingNumber,
      firstStartingPrice: round === 1 && v.firstStartingPrice == null ? startingPrice : v.firstStartingPrice ?? null,
      auctionStart: listing.startsAt,
      auctionEnd: listing.endsAt,
      auctionPlatform: v.auctionPlatform ?? '人民法院诉讼资产网',
    };
  },
});
