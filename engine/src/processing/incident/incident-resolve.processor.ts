/**
 * INCIDENT RESOLVE: a job incident gives the job back to workers (its retries must have been
 * raised first, or the command is rejected); any other incident re-runs the step that failed,
 * so a corrected variable or model takes effect.
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { incidentValue } from '../bpmn/behaviors/incident.behavior.js';
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
  const job = incident.jobKey ? await ctx.uow.getJob(incident.jobKey) : undefined;
  if (job && job.retries <= 0) {
    // Zeebe refuses rather than raising the same incident again: the retries come first
    const reason = `Expected to resolve incident with key '${incidentKey}', but job with key '${job.key}' has no retries left. Please update the job retries and retry resolving the incident`;
    ctx.writeRejection(incidentKey, 'INCIDENT', 'RESOLVE', value, 'INVALID_STATE', reason);
    return err({ intent: 'RESOLVE', type: 'INVALID_STATE', reason });
  }
  await ctx.writeEvent(incidentKey, 'INCIDENT', 'RESOLVED', value);
  if (incident.jobKey) {
    if (job?.state === 'ACTIVATABLE') ctx.effects.jobTypesAvailable.add(job.type);
    return ok(undefined);
  }
  await retryElement(ctx, incident.elementInstanceKey);
  return ok(undefined);
}
