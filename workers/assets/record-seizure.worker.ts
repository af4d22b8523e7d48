/**
 * assets.record-seizure — records the 查封/扣押 of property as measures with their terms (2 years
 * movables, 3 years real estate and property rights), after 查控组 confirmed the seal-up with the
 * registry. Input: `sealedAssetIds` (ids from `assets`; default every non-deposit asset),
 * `assets`, `measureTermYears`. Result: `seals` (Measure list, kind seal), `disposableAssets`
 * (the sealed assets, for 司法网拍), `measureAsset` (for the 执行裁定书（查封）).
 */
import { defineWorker } from '../core/define-worker.js';
import { ASSETS_RECORD_SEIZURE } from './job-types.js';
import { expiryAfter, listOf, termsFrom, termYearsOf, type FoundAsset, type Measure } from './measures.js';

export default defineWorker({
  type: ASSETS_RECORD_SEIZURE,
  description: '登记查封措施及期限',
  handler(job, ctx) {
    const assets = listOf<FoundAsset>(job.variables, 'assets');
    const property = assets.filter((a) => a.kind !== 'deposit');
    const ids = job.variables.sealedAssetIds === undefined || job.variables.sealedAssetIds === null ? property.map((a) => a.id) : listOf<string>(job.variables, 'sealedAssetIds');
    const sealed = ids.map((id) => {
      const asset = property.find((a) => a.id === id);
      if (!asset) throw new Error(`流程变量 sealedAssetIds 中的 ${id} 不是本案可查封的财产（已知：${property.map((a) => a.id).join('、') || '无'}）`);
      return asset;
    });
    const terms = termsFrom(job.variables.measureTermYears);
    const now = ctx.now();
    const seals: Measure[] = sealed.map((asset) => {
      const termYears = termYearsOf(asset.kind, terms);
      return {
        id: `seal:${asset.id}`,
        kind: 'seal',
        assetId: asset.id,
        assetKind: asset.kind,
        description: asset.description,
        institution: asset.institution,
        reference: asset.reference,
        holderIdNumber: asset.idNumber,
        amount: asset.amount,
        startedAt: now.toISOString(),
        expiresAt: expiryAfter(ctx.calendar, now, termYears),
        termYears,
        renewals: 0,
        state: 'active',
      };
    });
    return { seals, disposableAssets: sealed, measureAsset: sealed.map((a) => a.description).join('、') };
  },
});
