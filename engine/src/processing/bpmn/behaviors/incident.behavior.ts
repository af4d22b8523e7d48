/**
 * Incidents: every run-time failure of a model becomes one, attached to the element instance
 * that stopped; the instance waits there until an operator resolves it.
 */
import type { BatchContext } from '../../batch-context.js';
import type { ElementInstanceRow } from '../../../state/tables.js';

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'EXTRACT_VALUE_ERROR'
  | 'CONDITION_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_ELEMENT_ERROR'
  | 'FORM_NOT_FOUND'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

export async function createIncident(
  ctx: BatchContext,
  instance: ElementInstanceRow,
  errorType: IncidentErrorType,
  errorMessage: string,
  jobKey?: string,
): Promise<void> {
  await ctx.writeEvent(
    ctx.nextKey(),
    'INCIDENT',
    'CREATED',
    incidentValue({ ...instance, errorType, errorMessage, elementInstanceKey: instance.key, jobKey: jobKey ?? null, variableScopeKey: instance.key }),
  );
}

/** an element that is terminated takes its open incident with it */
export async function resolveIncidentOf(ctx: BatchContext, instance: ElementInstanceRow): Promise<void> {
  if (!instance.incidentKey) return;
  const incident = await ctx.uow.getIncident(instance.incidentKey);
  if (!incident || incident.state !== 'ACTIVE') return;
  await ctx.writeEvent(incident.key, 'INCIDENT', 'RESOLVED', incidentValue(incident));
}

export function incidentValue(i: {
  errorType: string;
  errorMessage: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  variableScopeKey: string;
  tenantId: string;
}): Record<string, unknown> {
  return {
    errorType: i.errorType,
    errorMessage: i.errorMessage,
    bpmnProcessId: i.bpmnProcessId,
    processDefinitionKey: i.processDefinitionKey,
    processInstanceKey: i.processInstanceKey,
    elementId: i.elementId,
    elementInstanceKey: i.elementInstanceKey,
    jobKey: i.jobKey ?? '-1',
    variableScopeKey: i.variableScopeKey,
    tenantId: i.tenantId,
  };
}
