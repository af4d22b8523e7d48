/**
 * credit.delete — 删除失信信息 (SX 10: within 3 working days of the ground). Used by
 * credit-sanctions (performance, term expiry) and finality-review (two empty checks after 终本).
 * Finds the case's 失信 entries by their derived ids (`caseNumber`, `respondents`), so it works
 * from any process; entries already deleted stay deleted (idempotent).
 *
 * Header `reason`. Result: `creditDeleted` (true when the case has 失信 entries, now all deleted),
 * `creditDeletedAt`, `creditDeletionReason`, `creditDeletedEntries` (ids).
 */
import { getCreditPublication } from '../court-systems/credit/index.js';
import { defineWorker } from '../core/define-worker.js';
import { caseEntries, caseNumberOf, respondentsOf } from './credit-entries.js';
import { CREDIT_DELETE } from './job-types.js';

export default defineWorker<Record<string, any>, { reason?: string }>({
  type: CREDIT_DELETE,
  description: '删除失信信息 (SX 10)',
  async handler(job, ctx) {
    const reason = job.customHeaders.reason;
    if (!reason) throw new Error(`元素 ${job.elementId} 缺少任务头 reason（删除事由）`);
    const system = getCreditPublication(ctx);
    const at = ctx.now().toISOString();
    const deleted: string[] = [];
    for (const ref of caseEntries(caseNumberOf(job.variables), respondentsOf(job.variables), 'blacklist')) {
      if (!(await system.get(ref.entryId))) continue;
      await system.remove(ref.entryId, reason, at);
      deleted.push(ref.entryId);
    }
    if (deleted.length === 0) ctx.log.warn(`${job.variables.caseNumber}: no 失信 entry to delete`);
    return { creditDeleted: deleted.length > 0, creditDeletedAt: deleted.length ? at : null, creditDeletionReason: reason, creditDeletedEntries: deleted };
  },
});
