/**
 * entrustment.register — 登记委托: checks the process inputs (a bad one is an incident naming the
 * variable, not retried). Result: `entrustmentKind` and `entrustmentDirection` (default
 * "outgoing").
 */
import { defineWorker } from '../core/define-worker.js';
import { ENTRUSTMENT_REGISTER } from './job-types.js';
import { requiredText, wrongVariable } from './notice-worker.js';

const KINDS = ['case', 'matter'];
const DIRECTIONS = ['outgoing', 'incoming'];

export default defineWorker<Record<string, any>>({
  type: ENTRUSTMENT_REGISTER,
  description: '登记委托 (checks the entrustment inputs)',
  maxRetries: 0,
  fetchVariables: ['entrustmentKind', 'entrustmentDirection', 'entrustedCourt', 'entrustedMatter', 'entrustmentId', 'caseNumber'],
  handler(job) {
    const v = job.variables;
    const direction = v.entrustmentDirection ?? 'outgoing';
    if (!DIRECTIONS.includes(direction)) throw new Error(wrongVariable('entrustmentDirection', 'outgoing（委托他院）或 incoming（接收他院委托）', direction));
    if (direction === 'incoming') {
      requiredText(v, 'entrustmentId');
      return { entrustmentDirection: direction };
    }
    if (!KINDS.includes(v.entrustmentKind)) throw new Error(wrongVariable('entrustmentKind', 'case（委托执行）或 matter（事项委托）', v.entrustmentKind));
    requiredText(v, 'entrustedCourt');
    requiredText(v, 'caseNumber');
    if (v.entrustmentKind === 'matter') requiredText(v, 'entrustedMatter');
    return { entrustmentDirection: direction, entrustmentKind: v.entrustmentKind };
  },
});
