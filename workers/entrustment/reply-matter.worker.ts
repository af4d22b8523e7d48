/** 回复事项委托结果 */
import { ENTRUSTMENT_REPLY_MATTER } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_REPLY_MATTER,
  description: '回复事项委托结果',
  resultVariable: 'matterReplyReceipt',
  notice: (v) => ({ type: 'matter-reply', result: requiredText(v, 'matterResult') }),
});
