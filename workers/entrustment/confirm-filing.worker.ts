/** 回复立案通知及承办人 (EN 7) */
import { ENTRUSTMENT_CONFIRM_FILING } from './job-types.js';
import { defineNoticeWorker, requiredText } from './notice-worker.js';

export default defineNoticeWorker({
  type: ENTRUSTMENT_CONFIRM_FILING,
  description: '回复立案通知及承办人 (EN 7)',
  resultVariable: 'filingReceipt',
  notice: (v) => ({ type: 'filing', caseNumber: requiredText(v, 'entrustedCaseNumber'), officer: requiredText(v, 'caseOfficer'), documentIds: Array.isArray(v.generatedDocuments) ? v.generatedDocuments.map((d: { id: string }) => d.id) : [] }),
});
