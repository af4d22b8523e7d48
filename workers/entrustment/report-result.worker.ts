/** 函告执行结果 */
import { ENTRUSTMENT_REPORT_RESULT } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_REPORT_RESULT,
  description: '函告执行结果',
  resultVariable: 'resultReceipt',
  notice: (v) => ({ type: 'result', amountCollected: typeof v.amountCollected === 'number' ? v.amountCollected : 0, summary: typeof v.enforcementSummary === 'string' ? v.enforcementSummary : '执行完毕' }),
});
