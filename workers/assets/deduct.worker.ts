/**
 * assets.deduct — 扣划 frozen deposits into the 执行款专户, up to the amount outstanding.
 * Input: `freezes`, `claimAmount`, `amountRecovered`. Result: `amountRecovered` (cumulative 元),
 * `deductedAmount` (this time), `freezes` (updated states). Idempotent through the bank's key.
 */
import { defineWorker } from '../core/define-worker.js';
import { getBank } from '../court-systems/bank/bank-adapter.js';
import { ASSETS_DEDUCT } from './job-types.js';
import { listOf, outstanding, type Measure } from './measures.js';

export default defineWorker({
  type: ASSETS_DEDUCT,
  description: '扣划存款（银行网络协助）',
  async handler(job, ctx) {
    const freezes = listOf<Measure>(job.variables, 'freezes');
    const active = freezes.filter((f) => f.state === 'active' && f.freezeId);
    if (active.length === 0) throw new Error('流程变量 freezes 中没有可扣划的有效冻结措施');
    const bank = getBank(ctx);
    let remaining = outstanding(job.variables);
    let deducted = 0;
    const updated = [];
    for (const measure of freezes) {
      if (measure.state !== 'active' || !measure.freezeId || remaining <= 0) {
        updated.push(measure);
        continue;
      }
      const result = await bank.deduct({ idempotencyKey: job.idempotencyKey, freezeId: measure.freezeId, amount: remaining });
      remaining -= result.deductedAmount;
      deducted += result.deductedAmount;
      updated.push({ ...measure, state: 'deducted' as const, amount: result.deductedAmount });
    }
    const amountRecovered = Number(job.variables.amountRecovered ?? 0) + deducted;
    return { freezes: updated, deductedAmount: deducted, amountRecovered, measureAsset: updated.map((f) => f.institution).join('、'), measureAmount: deducted };
  },
});
