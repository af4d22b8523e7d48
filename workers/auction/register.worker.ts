/**
 * auction.register — 登记拍卖财产: checks the process input `asset` (a bad one is an incident
 * naming the field, not retried) and sets the auction's working variables.
 *
 * Result: `auctionKey` (`caseId:asset.id`, the correlation key of the auction's messages),
 * `auctionRound` 1, `listingNumber` 0, `proceeds` 0, `forfeitedDeposits` 0, `excludedBidders` [].
 */
import { checkAsset } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_REGISTER } from './job-types.js';

export default defineWorker<{ asset?: unknown; caseId?: string; caseNumber?: string }>({
  type: AUCTION_REGISTER,
  description: '登记拍卖财产 (checks the asset, sets the auction variables)',
  maxRetries: 0,
  fetchVariables: ['asset', 'caseId', 'caseNumber'],
  handler(job) {
    const asset = checkAsset(job.variables.asset);
    const caseRef = job.variables.caseId ?? job.variables.caseNumber;
    if (!caseRef) throw new Error(`缺少流程变量 caseId（或 caseNumber）`);
    return { auctionKey: `${caseRef}:${asset.id}`, auctionRound: 1, listingNumber: 0, proceeds: 0, forfeitedDeposits: 0, excludedBidders: [] };
  },
});
