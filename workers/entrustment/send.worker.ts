/**
 * entrustment.send — 发送委托 through the entrustment system, with the documents just generated;
 * a whole-case entrustment is reported to the 高级人民法院 at the same time (EN 4).
 * Result: `entrustmentId` (the correlation key of the replies), `entrustmentSentAt`,
 * `reportedToHigherCourt`.
 */
import { getEntrustmentSystem } from '../court-systems/entrustment/entrustment-system.js';
import { defineWorker } from '../core/define-worker.js';
import { ENTRUSTMENT_SEND } from './job-types.js';
import { requiredText } from './notice-worker.js';

export default defineWorker<Record<string, any>>({
  type: ENTRUSTMENT_SEND,
  description: '发送委托执行 / 事项委托',
  fetchVariables: ['entrustmentKind', 'entrustedCourt', 'entrustedCourtCode', 'entrustedMatter', 'caseNumber', 'generatedDocuments'],
  async handler(job, ctx) {
    const v = job.variables;
    const kind = v.entrustmentKind === 'matter' ? 'matter' : 'case';
    const sent = await getEntrustmentSystem(ctx).send({
      requestId: job.idempotencyKey,
      kind,
      entrustingCourt: ctx.config.courtName,
      entrustedCourt: requiredText(v, 'entrustedCourt'),
      entrustedCourtCode: v.entrustedCourtCode,
      caseNumber: requiredText(v, 'caseNumber'),
      matter: kind === 'matter' ? requiredText(v, 'entrustedMatter') : undefined,
      documentIds: Array.isArray(v.generatedDocuments) ? v.generatedDocuments.map((d: { id: string }) => d.id) : [],
    });
    ctx.log.info(`委托 ${sent.entrustmentId} → ${v.entrustedCourt} (${v.caseNumber})`);
    return { entrustmentId: sent.entrustmentId, entrustmentSentAt: sent.sentAt, reportedToHigherCourt: sent.reportedToHigherCourt };
  },
});
