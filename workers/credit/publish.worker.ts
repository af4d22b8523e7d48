/**
 * credit.publish — 发布失信/限高信息 through the publication system (方案 §五(七)). For each
 * respondent: a 限制消费 entry, and for "blacklist" also the 失信 entry (a 失信 debtor must be
 * restricted, XG 1), with its expiry when the listing has a term (`listingTermYears`).
 * Idempotent: entry ids derive from the case and the respondent; republishing changes nothing.
 *
 * Result: `creditListed` (a 失信 entry is published), `creditEntries` ([{ entryId, kind,
 * respondent, publishedAt, expiresAt }]), `listingExpiresAt` (earliest 失信 expiry, or null).
 */
import { getCreditPublication, type CreditEntryKind } from '../court-systems/credit/index.js';
import { defineWorker } from '../core/define-worker.js';
import { addYears, caseEntries, caseNumberOf, respondentsOf, wrongVariable } from './credit-entries.js';
import { CREDIT_PUBLISH } from './job-types.js';

export default defineWorker<Record<string, any>>({
  type: CREDIT_PUBLISH,
  description: '发布失信/限高信息',
  async handler(job, ctx) {
    const v = job.variables;
    const caseNumber = caseNumberOf(v);
    const respondents = respondentsOf(v);
    if (v.sanctionType !== 'restriction' && v.sanctionType !== 'blacklist') {
      throw new Error(wrongVariable('sanctionType', 'restriction（限制消费）或 blacklist（纳入失信被执行人名单）', v.sanctionType));
    }
    const kinds: CreditEntryKind[] = v.sanctionType === 'blacklist' ? ['blacklist', 'restriction'] : ['restriction'];
    const system = getCreditPublication(ctx);
    const now = ctx.now();
    const entries = [];
    for (const kind of kinds) {
      for (const ref of caseEntries(caseNumber, respondents, kind)) {
        const expiresAt = kind === 'blacklist' && typeof v.listingTermYears === 'number' ? addYears(now, v.listingTermYears).toISOString() : undefined;
        const { entry, repeated } = await system.publish({
          entryId: ref.entryId,
          kind,
          caseNumber,
          courtCode: v.courtCode ?? ctx.config.courtCode,
          respondent: ref.respondent,
          ground: kind === 'blacklist' ? String(v.sanctionGround) : undefined,
          expiresAt,
          publishedAt: now.toISOString(),
        });
        if (repeated) ctx.log.info(`credit entry ${entry.entryId} was already published`);
        entries.push({ entryId: entry.entryId, kind, respondent: entry.respondent, publishedAt: entry.publishedAt, expiresAt: entry.expiresAt ?? null });
      }
    }
    const expiries = entries.filter((e) => e.kind === 'blacklist' && e.expiresAt).map((e) => e.expiresAt!).sort();
    return { creditListed: kinds.includes('blacklist'), creditEntries: entries, listingExpiresAt: expiries[0] ?? null };
  },
});
