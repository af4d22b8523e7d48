import type { Rejection, Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';
import { createIncident } from '../bpmn/behaviors/incident.behavior.js';
import { throwError, uncaughtErrorMessage } from '../bpmn/behaviors/error-event.behavior.js';
import { requireJob } from './job-command-guard.js';

/** THROW_ERROR: a business outcome; the nearest error catch event takes it, else an incident. */
export async function throwJobError(
  ctx: BatchContext,
  cmd: { jobKey: string; errorCode: string; errorMessage: string; variables: Variables },
): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'THROW_ERROR', 'throw an error for', cmd.jobKey, ['ACTIVATED', 'ACTIVATABLE'], {
    errorCode: cmd.errorCode,
    errorMessage: cmd.errorMessage,
  });
  if (!found.ok) return found;
  const job = found.value;
  await ctx.writeEvent(job.key, 'JOB', 'ERROR_THROWN', jobValue(job, { errorCode: cmd.errorCode, errorMessage: cmd.errorMessage, variables: cmd.variables }));
  const error = { errorCode: cmd.errorCode, errorMessage: cmd.errorMessage, variables: cmd.variables };
  if (!(await throwError(ctx, job.elementInstanceKey, error))) {
    const element = await ctx.uow.getElementInstance(job.elementInstanceKey);
    if (element) await createIncident(ctx, element, 'UNHANDLED_ERROR_EVENT', await uncaughtErrorMessage(ctx, element.key, error), job.key);
  }
  return ok(undefined);
}
