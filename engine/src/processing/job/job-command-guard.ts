/**
 * The checks every job command shares, with Zeebe's rejection texts (the clients show them).
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import type { JobRow, JobState } from '../../state/tables.js';
import { err, ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';

/** loads a live job in one of `states`, or rejects the command (and logs the rejection) */
export async function requireJob(
  ctx: BatchContext,
  intent: string,
  verb: string,
  jobKey: string,
  states: readonly JobState[],
  commandValue: Record<string, unknown> = {},
): Promise<Result<JobRow, Rejection>> {
  const job = await ctx.uow.getJob(jobKey);
  ctx.logCommand(jobKey, 'JOB', intent, job ? jobValue(job, commandValue) : commandValue);
  if (!job || job.state === 'COMPLETED' || job.state === 'CANCELED') {
    return reject(ctx, intent, jobKey, commandValue, 'NOT_FOUND', `Expected to ${verb} job with key '${jobKey}', but no such job was found`);
  }
  if (!states.includes(job.state)) {
    return reject(ctx, intent, jobKey, commandValue, 'INVALID_STATE', `Expected to ${verb} job with key '${jobKey}', but it is in state '${describe(job.state)}'`);
  }
  return ok(job);
}

/** Zeebe names the states of a job this way in its rejections */
function describe(state: JobState): string {
  return state === 'BACKOFF' ? 'FAILED' : state;
}

export function reject(
  ctx: BatchContext,
  intent: string,
  key: string,
  value: Record<string, unknown>,
  type: Rejection['type'],
  reason: string,
): Result<never, Rejection> {
  ctx.writeRejection(key, 'JOB', intent, value, type, reason);
  return err({ intent, type, reason });
}
