/**
 * INCIDENT RESOLVE: a job incident gives the job back to workers (its retries must have been
 * raised first, or the incident comes straight back); any other incident re-runs the step
 * that failed, so a corrected variable or model takes effect.
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { createIncident, incidentValue } from '../bpmn/behaviors/incident.behavior.js';
import { retryElement } from '../bpmn/bpmn-command.processor.js';

export async function resolveIncident(ctx: BatchContext, incidentKey: string): Promise<Result<void, Rejection>> {
  const incident = await ctx.uow.getIncident(incidentKey);
  const value = incident ? incidentValue(incident) : {};
  ctx.logCommand(incidentKey, 'INCIDENT', 'RESOLVE', value);
  if (!incident || incident.state !== 'ACTIVE') {
    const reason = `Expected to resolve incident with key '${incidentKey}', but no such incident was found`;
    ctx.writeRejection(incidentKey, 'INCIDENT', 'RESOLVE', value, 'NOT_FOUND', reason);
    return err({ intent: 'RESOLVE', type: 'NOT_FOUND', reason });
  }
  await ctx.writeEvent(incidentKey, 'INCIDENT', 'RESOLVED', value);
  if (incident.jobKey) {
    const job = await ctx.uow.getJob(incident.jobKey);
    if (job?.state === 'ACTIVATABLE') ctx.effects.jobTypesAvailable.add(job.type);
    else if (job && job.retries <= 0) {
      const element = await ctx.uow.getElementInstance(incident.elementInstanceKey);
      if (element) await createIncident(ctx, element, incident.errorType as never, incident.errorMessage, job.key);
    }
    return ok(undefined);
  }
  await retryElement(ctx, incident.elementInstanceKey);
  return ok(undefined);
}
