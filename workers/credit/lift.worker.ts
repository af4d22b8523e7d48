/**
 * credit.lift — 解除限制消费 (XG 9: on security or the applicant's consent, and on full
 * performance). A 失信 debtor must stay restricted (XG 1): lifting while a 失信 entry of the case is
 * still published is refused with a clear message (an incident for the operator).
 *
 * Header `reason`. Result: `restrictionLifted`, `restrictionLiftedAt`.
 */
import { getCreditPublication } from '../court-systems/credit/index.js';
import { defineWorker } from '../core/define-worker.js';
import { caseEntries, caseNumberOf, creditSystemName, respondentsOf } from './credit-entries.js';
import { CREDIT_LIFT } from './job-types.js';

export default defineWorker<Record<string, any>, { reason?: string }>({
  type: CREDIT_LIFT,
  description: '解除限制消费 (XG 9)',
  async handler(job, ctx) {
    const reason = job.customHeaders.reason;
    if (!reason) throw new Error(`元素 ${job.elementId} 缺少任务头 reason（解除事由）`);
    const caseNumber = caseNumberOf(job.variables);
    const respondents = respondentsOf(job.variables);
    const system = getCreditPublication(ctx);
    for (const ref of caseEntries(caseNumber, respondents, 'blacklist')) {
      if ((await system.get(ref.entryId))?.status === 'published') {
        throw new Error(`${ref.respondent.name} 仍在失信被执行人名单中，应当限制消费（XG 1）：先删除失信信息再解除限制消费`);
      }
    }
    const at = ctx.now().toISOString();
    const lifted: string[] = [];
    for (const ref of caseEntries(caseNumber, respondents, 'restriction')) {
      if (!(await system.get(ref.entryId))) continue;
      await system.lift(ref.entryId, reason, at);
      lifted.push(ref.entryId);
    }
    if (lifted.length === 0) throw new Error(`${creditSystemName(system)}中没有案件 ${caseNumber} 的限制消费信息，无可解除`);
    return { restrictionLifted: true, restrictionLiftedAt: at, restrictionLiftReason: reason };
  },
});
