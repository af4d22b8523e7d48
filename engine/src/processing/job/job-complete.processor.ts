import type { Rejection, Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';
import { processInstanceValue } from '../bpmn/behaviors/element-context.js';
import { requireJob } from './job-command-guard.js';

/** COMPLETE: the job is done; its task completes with the job's variables. */
export async function completeJob(ctx: BatchContext, jobKey: string, variables: Variables): Promise<Result<void, Rejection>> {
  const found = await requireJob(ctx, 'COMPLETE', 'complete', jobKey, ['ACTIVATED', 'ACTIVATABLE'], { variables });
  if (!found.ok) return found;
  const job = found.value;
  await ctx.writeEvent(job.key, 'JOB', 'COMPLETED', jobValue(job, { variables }));
  const element = await ctx.uow.getElementInstance(job.elementInstanceKey);
  if (element && element.state === 'ACTIVATED') {
    ctx.writeCommand({
      key: element.key,
      valueType: 'PROCESS_INSTANCE',
      intent: 'COMPLETE_ELEMENT',
      value: { ...processInstanceValue(element) },
      meta: { variables },
    });
  }
  return ok(undefined);
}
