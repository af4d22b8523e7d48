/**
 * The shape shared by the entrustment workers that send one message to the other court through
 * the entrustment system: the job's idempotency key is the request id, so a redelivered job sends
 * nothing twice. Each worker file still defines one job type.
 */
import { getEntrustmentSystem, type EntrustmentNotice } from '../court-systems/entrustment/entrustment-system.js';
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
      if (typeof entrustmentId !== 'string' || !entrustmentId) throw new Error(`variable 'entrustmentId' is missing: the entrustment was not sent or received`);
      const receipt = await getEntrustmentSystem(ctx).notify(entrustmentId, job.idempotencyKey, options.notice(job.variables));
      return { [options.resultVariable]: receipt };
    },
  });
}

/** a required string variable, for notices */
export const requiredText = (variables: Record<string, any>, name: string): string => {
  const value = variables[name];
  if (typeof value !== 'string' || !value.trim()) throw new Error(`variable '${name}' is required (a non-empty string)`);
  return value;
};
