/**
 * restoration.allocate-case-number — 生成执恢案号 through the case-filing system
 * (`workers/court-systems/case-registry/`): year of filing (China time, the engine's clock), the
 * court's code (`courtCode`, else the configured court), type 执恢. The request id is the task's
 * idempotency key, so a redelivered job gets the same number, never a second one. A refusal by the
 * registry is the BPMN error `CASE_REGISTRY_REJECTED` (the model has the number registered by hand).
 *
 * A 执恢 case registered on the platform already has its number (the server allocates it with
 * the case and starts the process with `restoredCaseNumber`): that number is kept, so the case
 * has one 执恢案号, the one on its case page; the registry is asked only when none was given.
 *
 * Result: `restoredCaseNumber`, `originalCaseNumber`, `restorationFiledAt`.
 */
import { chinaDate } from '../../common/calendar.js';
import { isCaseNumber, parseCaseNumber } from '../../common/case-number.js';
import { CaseRegistryRejection, getCaseRegistry } from '../court-systems/case-registry/index.js';
import { BusinessError, defineWorker } from '../core/define-worker.js';
import { shown } from '../core/failure-text.js';
import { RESTORATION_ALLOCATE_CASE_NUMBER } from './job-types.js';

export default defineWorker<{ caseNumber?: string; courtCode?: string; restoredCaseNumber?: string }>({
  type: RESTORATION_ALLOCATE_CASE_NUMBER,
  description: '分配执恢案号 (case registry)',
  fetchVariables: ['caseNumber', 'courtCode', 'restoredCaseNumber'],
  async handler(job, ctx) {
    const original = job.variables.caseNumber;
    if (typeof original !== 'string' || !isCaseNumber(original)) {
      throw new Error(`流程变量 caseNumber 应为原案号，如 （2026）豫1330执123号，实际为 ${shown(original)}`);
    }
    const now = ctx.now();
    const given = job.variables.restoredCaseNumber;
    if (typeof given === 'string' && isCaseNumber(given) && parseCaseNumber(given).caseType === '执恢') {
      ctx.log.info(`${original} → ${given} (allocated when the case was registered)`);
      return { restoredCaseNumber: given, originalCaseNumber: original, restorationFiledAt: now.toISOString() };
    }
    try {
      const allocated = await getCaseRegistry(ctx).allocate({
        courtCode: job.variables.courtCode ?? ctx.config.courtCode,
        year: Number(chinaDate(now).slice(0, 4)),
        caseType: '执恢',
        originalCaseNumber: original,
        requestId: job.idempotencyKey,
      });
      ctx.log.info(`${original} → ${allocated.caseNumber}${allocated.repeated ? ' (repeated request)' : ''}`);
      return { restoredCaseNumber: allocated.caseNumber, originalCaseNumber: original, restorationFiledAt: now.toISOString() };
    } catch (error) {
      if (error instanceof CaseRegistryRejection) {
        throw new BusinessError('CASE_REGISTRY_REJECTED', error.message, { caseRegistryRejection: error.message });
      }
      throw error;
    }
  },
});
