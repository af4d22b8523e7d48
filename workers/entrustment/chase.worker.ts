/** 督促受托法院办理事项委托 */
import { ENTRUSTMENT_CHASE } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_CHASE,
  description: '督促受托法院办理事项委托',
  resultVariable: 'chaseReceipt',
  notice: (v) => ({ type: 'chase' }),
});
