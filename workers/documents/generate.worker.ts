/**
 * documents.generate — 一键生成文书. Renders one or more 文书 into the document store.
 *
 * Headers: `documentKind` (one kind, e.g. 执行通知书) or `documents` (kinds separated by commas).
 * Variables: the case variables (`caseId`, `caseNumber`, `applicant`, `respondents`,
 * `claimAmount`, `basisDocument`, …) and whatever the template reads.
 * Result: `documentsGenerated: true` and `generatedDocuments: [{ id, kind, title }]`.
 * One file per (case, kind, element instance): a redelivered job overwrites, never duplicates.
 */
import { defineWorker } from '../core/define-worker.js';
import { DOCUMENTS_GENERATE } from './job-types.js';
import { renderDocument, templateData } from './layout.js';
import { templateFor } from './registry.js';

export default defineWorker<Record<string, any>, { documentKind?: string; documents?: string }>({
  type: DOCUMENTS_GENERATE,
  description: '一键生成文书 (DOCX into the document store)',
  async handler(job, ctx) {
    const kinds = (job.customHeaders.documentKind ?? job.customHeaders.documents ?? '')
      .split(/[,，、]/)
      .map((k) => k.trim())
      .filter(Boolean);
    if (kinds.length === 0) throw new Error(`元素 ${job.elementId} 的任务头 documentKind（或 documents）没有指明文书种类`);
    const data = templateData(job.variables, job.customHeaders as Record<string, string>, ctx.config, ctx.now());
    const caseId = String(job.variables.caseId ?? data.caseNumber);
    const generated = [];
    for (const kind of kinds) {
      const template = await templateFor(kind);
      const content = await renderDocument(template, data);
      const stored = ctx.documents.put({
        caseId,
        caseNumber: data.caseNumber,
        kind,
        title: `${template.heading ?? kind}（${data.caseNumber}）`,
        sourceKey: job.elementInstanceKey,
        content,
      });
      generated.push({ id: stored.id, kind, title: stored.title });
    }
    ctx.log.info(`generated ${kinds.join('、')} for ${data.caseNumber}`);
    return { documentsGenerated: true, generatedDocuments: generated };
  },
});
