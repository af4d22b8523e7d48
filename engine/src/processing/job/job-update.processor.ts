import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';
import { reject, requireJob } from './job-command-guard.js';

const ANY_LIVE = ['ACTIVATABLE', 'ACTIVATED', 'FAILED', 'BACKOFF', 'ERROR_THROWN'] as const;

/** UPDATE_RETRIES: new retries for a job (an operator's first step to resolve its incident) */
export async function updateJobRetries(ctx: BatchContext, jobKey: string, retries: number): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'UPDATE_RETRIES', 'update', jobKey, ANY_LIVE, { retries });
  if (!found.ok) return found;
  if (retries < 1) {
    return reject(ctx, 'UPDATE_RETRIES', jobKey, { retries }, 'INVALID_ARGUMENT',
      `Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${retries}'`);
  }
  await ctx.writeEvent(jobKey, 'JOB', 'RETRIES_UPDATED', jobValue(found.value, { retries }));
  return ok(undefined);
}

/** UPDATE_TIMEOUT: a new deadline, counted from now, for an activated job */
export async function updateJobTimeout(ctx: BatchContext, jobKey: string, timeoutMs: number): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'UPDATE_TIMEOUT', 'update', jobKey, ANY_LIVE, { timeout: timeoutMs });
  if (!found.ok) return found;
  // Zeebe's wording: only an activated job has a deadline to move
  if (found.value.state !== 'ACTIVATED') {
    return reject(ctx, 'UPDATE_TIMEOUT', jobKey, { timeout: timeoutMs }, 'INVALID_STATE', `Expected to update the timeout of job with key '${jobKey}', but it is not active`);
  }
  await ctx.writeEvent(jobKey, 'JOB', 'TIMEOUT_UPDATED', jobValue(found.value, { deadline: String(ctx.now + timeoutMs), timeout: timeoutMs }));
  return ok(undefined);
}

/** TIME_OUT (from the deadline checker): the worker did not answer in time */
export async function timeOutJob(ctx: BatchContext, jobKey: string): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'TIME_OUT', 'time out', jobKey, ['ACTIVATED']);
  if (!found.ok) return found;
  const job = found.value;
  if (job.deadline == null || job.deadline > ctx.now) {
    return reject(ctx, 'TIME_OUT', jobKey, {}, 'INVALID_STATE', `Expected to time out job with key '${jobKey}', but its deadline has not passed`);
  }
  await ctx.writeEvent(jobKey, 'JOB', 'TIMED_OUT', jobValue(job));
  ctx.effects.jobTypesAvailable.add(job.type);
  return ok(undefined);
}

/** RECUR_AFTER_BACKOFF (from the back-off checker): a failed job may be retried now */
export async function recurJob(ctx: BatchContext, jobKey: string): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'RECUR_AFTER_BACKOFF', 'recur', jobKey, ['BACKOFF']);
  if (!found.ok) return found;
  await ctx.writeEvent(jobKey, 'JOB', 'RECURRED_AFTER_BACKOFF', jobValue(found.value));
  ctx.effects.jobTypesAvailable.add(found.value.type);
  return ok(undefined);
}
