/**
 * auction.directed-enquiry — 定向询价 (RP 5): asks the body that keeps the asset's tax base or
 * government price. Priced: `referencePrice`, `pricingMethod` "directed", `directedEnquiry`
 * ({ price, source }). Failed: BPMN error ENQUIRY_FAILED, which the model turns to 网络询价 or 评估.
 */
import { checkAsset, getAuctionPlatform } from '../court-systems/auction-platform/auction-platform.js';
import { BusinessError, defineWorker } from '../core/define-worker.js';
import { AUCTION_DIRECTED_ENQUIRY } from './job-types.js';

export default defineWorker<{ asset?: unknown }>({
  type: AUCTION_DIRECTED_ENQUIRY,
  description: '定向询价 (directed price enquiry)',
  fetchVariables: ['asset'],
  async handler(job, ctx) {
    const asset = checkAsset(job.variables.asset);
    const result = await getAuctionPlatform(ctx).requestDirectedEnquiry({ requestId: job.idempotencyKey, asset });
    if (result.status === 'failed') throw new BusinessError('ENQUIRY_FAILED', `定向询价不成：${result.reason}`, { directedEnquiry: result });
    return { referencePrice: result.price, pricingMethod: 'directed', directedEnquiry: { price: result.price, source: result.source } };
  },
});
