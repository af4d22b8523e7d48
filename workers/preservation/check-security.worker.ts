/**
 * preservation.check-security — 审查担保, after the ruling is granted. When the security given
 * (`securityAmount`) is below what the kind requires, throws the BPMN error
 * `SECURITY_INSUFFICIENT` (the model asks the applicant to supply it; refusing means the
 * application is rejected, CPL 104). Otherwise the measure is due for execution: at once for 诉前
 * and urgent cases, else within 5 days (PP 4).
 *
 * Result: `securityRequired`, `securityMinimum`, `securityShortfall` (0), `executionDue` (ISO).
 */
import { BusinessError, defineWorker } from '../core/define-worker.js';
import { PRESERVATION_CHECK_SECURITY } from './job-types.js';
import { executionDue, securityRequirement, wrongVariable } from './preservation-rules.js';

export default defineWorker<Record<string, any>>({
  type: PRESERVATION_CHECK_SECURITY,
  description: '保全担保审查 (CPL 104; PP 5, 9)',
  handler(job, ctx) {
    const requirement = securityRequirement(job.variables);
    const given = job.variables.securityAmount ?? 0;
    if (typeof given !== 'number' || given < 0) throw new Error(wrongVariable('securityAmount', '已提供的担保金额（元，不小于 0）', given));
    const shortfall = requirement.securityRequired ? Math.max(0, Math.round((requirement.securityMinimum - given) * 100) / 100) : 0;
    if (shortfall > 0) {
      throw new BusinessError('SECURITY_INSUFFICIENT', `担保不足：应提供 ${requirement.securityMinimum} 元，已提供 ${given} 元`, { ...requirement, securityShortfall: shortfall });
    }
    return { ...requirement, securityShortfall: 0, executionDue: executionDue(job.variables, ctx.now(), ctx.calendar).toISOString() };
  },
});
