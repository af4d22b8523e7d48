/**
 * assets.freeze — 冻结 the deposits found, up to the amount outstanding (标的额 less 执行到位),
 * through the bank adapter. Idempotent: the bank sees the same key on a redelivered job and
 * answers with the same freeze.
 * Input: `assets`, `claimAmount`, `amountRecovered`, `measureTermYears`. Result: `freezes`
 * (Measure list, kind freeze), `frozenAmount` (元).
 */
import { defineWorker } from '../core/define-worker.js';
import { getBank } from '../court-systems/bank/bank-adapter.js';
import { ASSETS_FREEZE } from './job-types.js';
import { expiryAfter, listOf, outstanding, termsFrom, type FoundAsset, type Measure } from './measures.js';

export default defineWorker({
  type: ASSETS_FREEZE,
  description: '冻结存款（银行网络协助）',
  async handler(job, ctx) {
    const deposits = listOf<FoundAsset>(job.variables, 'assets').filter((a) => a.kind === 'deposit');
    if (deposits.length === 0) throw new Error('流程变量 assets 中没有可冻结的存款');
    const terms = termsFrom(job.variables.measureTermYears);
    const now = ctx.now();
    const until = expiryAfter(ctx.calendar, now, terms.deposit);
    const bank = getBank(ctx);
    let remaining = outstanding(job.variables);
    const freezes: Measure[] = [];
    for (const asset of deposits) {
      if (remaining <= 0) break;
      const freeze = await bank.freeze({
        idempotencyKey: job.idempotencyKey,
        caseNumber: String(job.variables.caseNumber ?? ''),
        account: asset.reference,
        holderIdNumber: asset.idNumber,
        amount: remaining,
        until,
      });
      if (freeze.frozenAmount <= 0) continue;
      remaining -= freeze.frozenAmount;
      freezes.push({
        id: `freeze:${asset.reference}`,
        kind: 'freeze',
        assetId: asset.id,
        assetKind: asset.kind,
        description: asset.description,
        institution: freeze.institution,
        reference: asset.reference,
        holderIdNumber: asset.idNumber,
        freezeId: freeze.freezeId,
        amount: freeze.frozenAmount,
        startedAt: now.toISOString(),
        expiresAt: freeze.until,
        termYears: terms.deposit,
        renewals: 0,
        state: 'active',
      });
    }
    const frozenAmount = freezes.reduce((sum, f) => sum + (f.amount ?? 0), 0);
    return {
      freezes,
      frozenAmount,
      // the 执行裁定书（冻结） reads these
      measureAsset: freezes.map((f) => f.institution).join('、'),
      measureAmount: frozenAmount,
      measureTerm: terms.deposit,
    };
  },
});
