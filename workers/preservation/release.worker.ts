/**
 * preservation.release — 解除保全 / 保全失效. Header `reason` (the message's `releaseReason`
 * wins when the applicant asked), `lapse: "true"` when the term ran out (the measure lapses by law,
 * 查封规定 27: no ruling). A release by the court produces the 解除保全裁定书 in the document
 * store, one per task (a redelivered job overwrites it).
 *
 * Result: `measure` (status "released" or "lapsed"), `releasedAt`, `releaseReason`, and for a
 * release `releaseRulingDocument` ({ id, kind, title }).
 */
import { defineWorker } from '../core/define-worker.js';
import { renderDocument, templateData } from '../documents/layout.js';
import { templateFor } from '../documents/registry.js';
import { PRESERVATION_RELEASE } from './job-types.js';

export const RELEASE_RULING = '解除保全裁定书';

export default defineWorker<Record<string, any>, { reason?: string; lapse?: string }>({
  type: PRESERVATION_RELEASE,
  description: '解除保全 / 保全到期失效',
  async handler(job, ctx) {
    const lapse = job.customHeaders.lapse === 'true';
    const reason = (!lapse && typeof job.variables.releaseReason === 'string' && job.variables.releaseReason) || job.customHeaders.reason;
    if (!reason) throw new Error(`元素 ${job.elementId} 缺少任务头 reason（解除事由）`);
    const at = ctx.now().toISOString();
    const measure = job.variables.measure ? { ...job.variables.measure, status: lapse ? 'lapsed' : 'released', endedAt: at } : null;
    const result: Record<string, unknown> = { measure, releasedAt: at, releaseReason: reason };
    if (!lapse) {
      const data = templateData({ ...job.variables, releaseReason: reason }, job.customHeaders as Record<string, string>, ctx.config, ctx.now());
      const template = await templateFor(RELEASE_RULING);
      const stored = ctx.documents.put({
        caseId: String(job.variables.caseId ?? data.caseNumber),
        caseNumber: data.caseNumber,
        kind: RELEASE_RULING,
        title: `${template.heading ?? RELEASE_RULING}（${data.caseNumber}）`,
        sourceKey: job.elementInstanceKey,
        content: await renderDocument(template, data),
      });
      result.releaseRulingDocument = { id: stored.id, kind: RELEASE_RULING, title: stored.title };
    }
    return result;
  },
});
