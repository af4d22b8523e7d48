/**
 * auction.request-online-enquiry — 网络询价 (RP 7, 10): one enquiry to every listed platform at
 * once. Result: `onlineEnquiry` ({ enquiryId, platforms, requestedAt }) and
 * `onlineExtensionUsed` false. A redelivered job gets the same enquiry back.
 */
import { checkAsset, getAuctionPlatform } from '../court-systems/auction-platform/auction-platform.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_REQUEST_ONLINE_ENQUIRY } from './job-types.js';

export default defineWorker<{ asset?: unknown }>({
  type: AUCTION_REQUEST_ONLINE_ENQUIRY,
  description: '网络询价 (online price enquiry to every listed platform)',
  fetchVariables: ['asset'],
  async handler(job, ctx) {
    const asset = checkAsset(job.variables.asset);
    const onlineEnquiry = await getAuctionPlatform(ctx).requestOnlineEnquiry({ requestId: job.idempotencyKey, asset });
    return { onlineEnquiry, onlineExtensionUsed: false };
  },
});
