/**
 * preservation.assess-application — 计算裁定与执行期限. Checks the application's kind and amount
 * and computes when the ruling is due (诉前 or urgent 48 hours, else 5 days) and the security the
 * applicant must give (诉前: ≥ the claim; 诉讼/执行前 only when ordered, ≤ 30%).
 *
 * Variables: `preservationKind`, `urgent`, `claimAmount`, `requireSecurity`, and the optional
 * defaults of `preservation-rules.ts`. Result: `rulingDue` (ISO), `securityRequired`, `securityMinimum`.
 */
import { defineWorker } from '../core/define-worker.js';
import { PRESERVATION_ASSESS_APPLICATION } from './job-types.js';
import { rulingDue, securityRequirement } from './preservation-rules.js';

export default defineWorker<Record<string, any>>({
  type: PRESERVATION_ASSESS_APPLICATION,
  description: '保全申请：裁定期限与担保要求 (CPL 103, 104; PP 4, 5, 9)',
  handler(job, ctx) {
    return { rulingDue: rulingDue(job.variables, ctx.now(), ctx.calendar).toISOString(), ...securityRequirement(job.variables) };
  },
});
