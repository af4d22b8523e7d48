/**
 * assets.renew — 续行 (renew) one measure for a new full term from its current expiry: a freeze
 * through the bank adapter, a seal-up as recorded by 查控组 with the registry.
 * Input: `measure`, `measureTermYears`. Result: `measure` (new `expiresAt`, `renewals` + 1).
 */
import { defineWorker } from '../core/define-worker.js';
import { getBank } from '../court-systems/bank/bank-adapter.js';
import { ASSETS_RENEW } from './job-types.js';
import { expiryAfter, termsFrom, termYearsOf, type Measure } from './measures.js';

export default defineWorker<{ measure?: Measure; measureTermYears?: unknown }>({
  type: ASSETS_RENEW,
  description: '查控措施续行（续冻 / 续封）',
  async handler(job, ctx) {
    const measure = job.variables.measure;
    if (!measure?.id || !measure.expiresAt) throw new Error('缺少流程变量 measure（要续行的查控措施，须有 id 和 expiresAt）');
    const years = termYearsOf(measure.assetKind, termsFrom(job.variables.measureTermYears));
    const until = expiryAfter(ctx.calendar, new Date(measure.expiresAt), years);
    if (measure.kind === 'freeze') {
      if (!measure.freezeId) throw new Error('缺少流程变量 measure.freezeId（续冻需要银行的冻结编号）');
      await getBank(ctx).renew({ idempotencyKey: job.idempotencyKey, freezeId: measure.freezeId, until });
    }
    return { measure: { ...measure, expiresAt: until, renewals: measure.renewals + 1 } };
  },
});
