/** 发送补充材料 (EN 8) */
import { ENTRUSTMENT_SEND_SUPPLEMENT } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_SEND_SUPPLEMENT,
  description: '发送补充材料 (EN 8)',
  resultVariable: 'supplementReceipt',
  notice: (v) => ({ type: 'supplement', materials: requiredText(v, 'supplementedMaterials') }),
});
