/**
 * entrustment.fetch-incoming — 接收委托材料: reads a received entrustment's file from the system
 * and sets the case variables from it. Result: `entrustmentKind`, `entrustingCourt`,
 * `entrustingCaseNumber`, `caseNumber` (the entrusting court's until this court files),
 * `applicant`, `respondents`, `claimAmount`, `basisDocument`, `entrustedMatter`,
 * `incomingMaterials`.
 */
import { getEntrustmentSystem } from '../court-systems/entrustment/entrustment-system.js';
import { defineWorker } from '../core/define-worker.js';
import { ENTRUSTMENT_FETCH_INCOMING } from './job-types.js';
import { entrustmentSystemName, requiredText } from './notice-worker.js';

export default defineWorker<Record<string, any>>({
  type: ENTRUSTMENT_FETCH_INCOMING,
  description: '接收他院委托材料',
  fetchVariables: ['entrustmentId', 'caseNumber'],
  async handler(job, ctx) {
    const system = getEntrustmentSystem(ctx);
    const file = await system.fetchIncoming(requiredText(job.variables, 'entrustmentId'));
    if (file.kind !== 'case' && file.kind !== 'matter') {
      throw new Error(`${entrustmentSystemName(system)}返回的委托 ${file.entrustmentId} 类型 kind 应为 case（委托执行）或 matter（事项委托），实际为 ${JSON.stringify(file.kind)}`);
    }
    return {
      entrustmentKind: file.kind,
      entrustingCourt: file.entrustingCourt,
      entrustingCaseNumber: file.entrustingCaseNumber,
      caseNumber: job.variables.caseNumber ?? file.entrustingCaseNumber,
      applicant: file.applicant,
      respondents: file.respondents,
      claimAmount: file.claimAmount ?? null,
      basisDocument: file.basisDocument ?? null,
      entrustedMatter: file.matter ?? null,
      incomingMaterials: file.materials,
    };
  },
});
