/**
 * assets.release — 解除 one measure (解冻 through the bank adapter; 解封 as recorded by 查控组).
 * Input: `measure`. Result: `measure` with state released.
 */
import { defineWorker } from '../core/define-worker.js';
import { getBank } from '../court-systems/bank/bank-adapter.js';
import { ASSETS_RELEASE } from './job-types.js';
import type { Measure } from './measures.js';

export default defineWorker<{ measure?: Measure }>({
  type: ASSETS_RELEASE,
  description: '解除查控措施（解冻 / 解封）',
  async handler(job, ctx) {
    const measure = job.variables.measure;
    if (!measure?.id) throw new Error('缺少流程变量 measure（要解除的查控措施）');
    if (measure.kind === 'freeze' && measure.freezeId) await getBank(ctx).release({ idempotencyKey: job.idempotencyKey, freezeId: measure.freezeId });
    return { measure: { ...measure, state: 'released' } };
  },
});
