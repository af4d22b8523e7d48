import type { Rejection, Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';
import { createIncident } from '../bpmn/behaviors/incident.behavior.js';
import { mergeLocal } from '../bpmn/behaviors/variable.behavior.js';
import { requireJob } from './job-command-guard.js';

export interface FailJobCommand {
  jobKey: string;
  retries: number;
  errorMessage: string;
  retryBackOff: number;
  variables: Variables;
}

/**
 * FAIL: with retries left the job becomes activatable again (after the back-off, if any);
 * without, it raises an incident on its task.
 */
export async function failJob(ctx: BatchContext, cmd: FailJobCommand): Promise<Result<void, Rejection>> {
  // as in Zeebe, a job may also be failed before a worker activated it
  const found = await requireJob(ctx, 'FAIL', 'fail', cmd.jobKey, ['ACTIVATED', 'ACTIVATABLE'], {
    retries: cmd.retries,
    errorMessage: cmd.errorMessage,
    retryBackoff: cmd.retryBackOff,
  });
  if (!found.ok) return found;
  const job = found.value;
  const element = await ctx.uow.getElementInstance(job.elementInstanceKey);
  if (element && Object.keys(cmd.variables).length > 0) await mergeLocal(ctx, element.key, element, cmd.variables);
  await ctx.writeEvent(job.key, 'JOB', 'FAILED', jobValue(job, { retries: cmd.retries, errorMessage: cmd.errorMessage, retryBackoff: cmd.retryBackOff }));
  if (cmd.retries > 0) {
    if (cmd.retryBackOff <= 0) ctx.effects.jobTypesAvailable.add(job.type);
  } else if (element) {
    await createIncident(ctx, element, 'JOB_NO_RETRIES', cmd.errorMessage || 'No more retries left.', job.key);
  }
  return ok(undefined);
}
