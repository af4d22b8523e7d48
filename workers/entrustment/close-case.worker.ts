/**
 * entrustment.close-case — 委托法院销案 (EN 2): once the entrusted court has filed, this court's
 * case ends by entrustment. Result: `ownCaseClosed` true, `ownCaseClosedAt`, `closingMethod`
 * "委托执行" (the server reads them into the case record); `entrustedCaseNumber` must be known.
 */
import { defineWorker } from '../core/define-worker.js';
import { ENTRUSTMENT_CLOSE_CASE } from './job-types.js';
import { requiredText } from './notice-worker.js';

export default defineWorker<Record<string, any>>({
  type: ENTRUSTMENT_CLOSE_CASE,
  description: '委托法院销案 (close this court\'s case by entrustment)',
  fetchVariables: ['entrustedCaseNumber', 'ownCaseClosedAt'],
  handler(job, ctx) {
    requiredText(job.variables, 'entrustedCaseNumber');
    return { ownCaseClosed: true, ownCaseClosedAt: job.variables.ownCaseClosedAt ?? ctx.now().toISOString(), closingMethod: '委托执行' };
  },
});
