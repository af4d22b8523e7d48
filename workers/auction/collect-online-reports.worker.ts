/**
 * auction.collect-online-reports — 收取询价报告 at the report deadline (RP 12–13). Complete:
 * `referencePrice` = the average of the platforms' prices (rounded to 分), `pricingMethod`
 * "online", `onlineReports`. Not all in: BPMN error REPORTS_PENDING (the model grants the one
 * 3-day extension, then turns to 评估). Failed: BPMN error ENQUIRY_FAILED.
 */
import { getAuctionPlatform, type OnlineEnquiry } from '../court-systems/auction-platform/auction-platform.js';
import { BusinessError, defineWorker } from '../core/define-worker.js';
import { AUCTION_COLLECT_ONLINE_REPORTS } from './job-types.js';

export default defineWorker<{ onlineEnquiry?: OnlineEnquiry; onlineExtensionUsed?: boolean }>({
  type: AUCTION_COLLECT_ONLINE_REPORTS,
  description: '收取网络询价报告 (average of the platforms)',
  fetchVariables: ['onlineEnquiry', 'onlineExtensionUsed'],
  async handler(job, ctx) {
    const enquiryId = job.variables.onlineEnquiry?.enquiryId;
    if (!enquiryId) throw new Error(`缺少流程变量 onlineEnquiry.enquiryId（应先发起网络询价）`);
    const attempt = job.variables.onlineExtensionUsed ? 2 : 1;
    const result = await getAuctionPlatform(ctx).collectOnlineReports(enquiryId, attempt);
    if (result.status === 'failed') throw new BusinessError('ENQUIRY_FAILED', `网络询价不成：${result.reason}`);
    if (result.status === 'pending') {
      throw new BusinessError('REPORTS_PENDING', `询价报告未齐（已收到 ${result.reports.length} 份）`, { onlineReports: result.reports });
    }
    if (result.reports.length === 0) throw new BusinessError('ENQUIRY_FAILED', '网络询价不成：没有询价报告');
    const average = result.reports.reduce((sum, r) => sum + r.price, 0) / result.reports.length;
    return { referencePrice: Math.round(average * 100) / 100, pricingMethod: 'online', onlineReports: result.reports };
  },
});
