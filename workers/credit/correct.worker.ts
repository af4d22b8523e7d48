/**
 * credit.correct — 更正失信信息 (SX 12: within 3 working days after the review finds the
 * request well-founded). Applies `correctedInformation` (the reviewer's text) and any structured
 * `creditRequest.changes` ({ respondent, ground, expiresAt }) to the case's 失信 entries, once per
 * task (idempotency key), and records it in `corrections`.
 */
import { getCreditPublication } from '../court-systems/credit/index.js';
import { defineWorker } from '../core/define-worker.js';
import { caseEntries, caseNumberOf, creditSystemName, respondentsOf } from './credit-entries.js';
import { CREDIT_CORRECT } from './job-types.js';

export default defineWorker<Record<string, any>>({
  type: CREDIT_CORRECT,
  description: '更正失信信息 (SX 12)',
  async handler(job, ctx) {
    const v = job.variables;
    const changes = { ...(v.creditRequest?.changes ?? {}), ...(v.correctedInformation ? { note: v.correctedInformation } : {}) };
    if (Object.keys(changes).length === 0) throw new Error(`缺少流程变量 correctedInformation（或 creditRequest.changes）：没有要更正的内容`);
    const system = getCreditPublication(ctx);
    const at = ctx.now().toISOString();
    const corrected: string[] = [];
    for (const ref of caseEntries(caseNumberOf(v), respondentsOf(v), 'blacklist')) {
      if (!(await system.get(ref.entryId))) continue;
      await system.correct(ref.entryId, changes, job.idempotencyKey, at);
      corrected.push(ref.entryId);
    }
    if (corrected.length === 0) throw new Error(`${creditSystemName(system)}中没有案件 ${v.caseNumber} 已发布的失信信息，无可更正`);
    const corrections = (Array.isArray(v.corrections) ? v.corrections : []).filter((c: { id: string }) => c.id !== job.idempotencyKey);
    return { corrections: [...corrections, { id: job.idempotencyKey, at, entries: corrected, changes }] };
  },
});
