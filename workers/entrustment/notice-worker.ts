/**
 * The shape shared by the entrustment workers that send one message to the other court through
 * the entrustment system: the job's idempotency key is the request id, so a redelivered job sends
 * nothing twice. Each worker file still defines one job type.
 */
import { getEntrustmentSystem, type EntrustmentNotice } from '../court-systems/entrustment/entrustment-system.js';
import { EntrustmentSystemSimulator } from '../court-systems/entrustment/entrustment-system.simulator.js';
import type { EntrustmentSystem } from '../court-systems/entrustment/entrustment-system.js';
import { defineWorker, type WorkerDefinition } from '../core/define-worker.js';

export function defineNoticeWorker(options: {
  type: string;
  description: string;
  /** the notice, from the job's variables; throws naming a missing variable */
  notice: (variables: Record<string, any>) => EntrustmentNotice;
  /** the result variable holding the receipt */
  resultVariable: string;
}): WorkerDefinition<Record<string, any>> {
  return defineWorker<Record<string, any>>({
    type: options.type,
    description: options.description,
    async handler(job, ctx) {
      const entrustmentId = job.variables.entrustmentId;
      if (typeof entrustmentId !== 'string' || !entrustmentId) throw new Error(`缺少流程变量 entrustmentId（发送委托或接收他院委托后应有）`);
      const receipt = await getEntrustmentSystem(ctx).notify(entrustmentId, job.idempotencyKey, options.notice(job.variables));
      return { [options.resultVariable]: receipt };
    },
  });
}

/** what the entrustment variables are, for the failure messages the supervisors read (监控 → 异常) */
const VARIABLE_NAMES: Record<string, string> = {
  entrustmentId: '委托编号',
  entrustedCourt: '受托法院',
  caseNumber: '案号',
  entrustedMatter: '委托事项',
  entrustedCaseNumber: '受托法院立案案号，受托法院立案后应有',
  caseOfficer: '承办人',
  matterResult: '事项委托办理结果',
  missingMaterials: '需委托法院补充的材料',
  supplementedMaterials: '补充的材料',
};

/**
 * A required string variable, for notices: a missing or blank one fails with
 * `缺少流程变量 <name>（…）`, another type with `流程变量 <name> 应为非空字符串，实际为 …`.
 */
export const requiredText = (variables: Record<string, any>, name: string): string => {
  const value = variables[name];
  if (typeof value === 'string' && value.trim()) return value;
  const what = VARIABLE_NAMES[name];
  if (value === undefined || value === null || typeof value === 'string') throw new Error(`缺少流程变量 ${name}（${what ? `${what}，` : ''}应为非空字符串）`);
  throw new Error(`流程变量 ${name}${what ? `（${what}）` : ''} 应为非空字符串，实际为 ${JSON.stringify(value)}`);
};

/**
 * The failure message for a variable with a wrong value: `流程变量 <path> 应为 <expected>，实际为 <value>`,
 * or `缺少流程变量 <path>：应为 <expected>` when it is not set.
 */
export const wrongVariable = (path: string, expected: string, value: unknown): string =>
  value === undefined || value === null ? `缺少流程变量 ${path}：应为 ${expected}` : `流程变量 ${path} 应为 ${expected}，实际为 ${JSON.stringify(value)}`;

/** the entrustment system as the supervisors know it, saying when it is the local simulator */
export const entrustmentSystemName = (system: EntrustmentSystem): string =>
  system instanceof EntrustmentSystemSimulator ? '委托执行管理系统（本地模拟器）' : '委托执行管理系统';
