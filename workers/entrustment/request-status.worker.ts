/** 函询受托法院执行情况 (30 日未执结, CPL 240) */
import { ENTRUSTMENT_REQUEST_STATUS } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_REQUEST_STATUS,
  description: '函询受托法院执行情况 (30 日未执结, CPL 240)',
  resultVariable: 'statusRequestReceipt',
  notice: (v) => ({ type: 'status-request' }),
});
