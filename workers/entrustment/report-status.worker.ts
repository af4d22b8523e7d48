/** 向委托法院报告执行情况 (CPL 240) */
import { ENTRUSTMENT_REPORT_STATUS } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_REPORT_STATUS,
  description: '向委托法院报告执行情况 (CPL 240)',
  resultVariable: 'statusReportReceipt',
  notice: (v) => ({ type: 'status-report', status: typeof v.firstMeasures === 'string' && v.firstMeasures ? `已采取措施：${v.firstMeasures}` : '正在执行' }),
});
