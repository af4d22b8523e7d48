/** 通知委托法院补充材料 (EN 8) */
import { ENTRUSTMENT_REQUEST_SUPPLEMENT } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_REQUEST_SUPPLEMENT,
  description: '通知委托法院补充材料 (EN 8)',
  resultVariable: 'supplementRequestReceipt',
  notice: (v) => ({ type: 'request-supplement', missingMaterials: requiredText(v, 'missingMaterials') }),
});
