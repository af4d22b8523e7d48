/** 退回委托材料 (EN 8, 9) */
import { ENTRUSTMENT_RETURN_FILE } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_RETURN_FILE,
  description: '退回委托材料 (EN 8, 9)',
  resultVariable: 'returnReceipt',
  notice: (v) => ({ type: 'return', reason: typeof v.returnReason === 'string' && v.returnReason ? v.returnReason : '委托法院逾期未补齐材料，视为撤回委托' }),
});
