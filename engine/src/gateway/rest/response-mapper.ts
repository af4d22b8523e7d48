/**
 * Engine results and read-side views → Camunda 8.8 REST response bodies. Keys are strings,
 * times ISO 8601 (UTC), states and types Camunda's enum names; absent values are left out.
 */
import type { ActivatedJob, CreatedProcessInstance, CompletedProcessInstance, DecisionEvaluationResult, DeploymentResult } from '../../engine-api.js';
import type { Queryable } from '../../state/db.js';
import type { DefinitionCache } from '../../state/definition-cache.js';
import type { ElementInstanceView } from '../../query/element-instance.queries.js';
import type { IncidentView } from '../../query/incident.queries.js';
import type { ProcessDefinitionView } from '../../query/process-definition.queries.js';
import type { ProcessInstanceView, SequenceFlowView } from '../../query/process-instance.queries.js';
import type { SearchPage } from '../../query/search.js';
import type { ElementStatistics } from '../../query/statistics.queries.js';
import type { FormView, UserTaskView } from '../../query/user-task.queries.js';
import { elementTypeName, incidentErrorTypeName, instanceStateName } from '../../query/states.js';
import { VARIABLE_PREVIEW_LENGTH, type VariableView } from '../../query/variable.queries.js';

export const GATEWAY_VERSION = '8.8.0';

export const iso = (epochMs: number) => new Date(epochMs).toISOString();
const optional = <K extends string, V>(name: K, value: V | null | undefined) => (value == null ? {} : ({ [name]: value } as Record<K, V>));

export function toTopology(host: string, port: number, partitionId: number) {
  return {
    brokers: [{ nodeId: 0, host, port, partitions: [{ partitionId, role: 'leader', health: 'healthy' }], version: GATEWAY_VERSION }],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: GATEWAY_VERSION,
    lastCompletedChangeId: '-1',
  };
}

export function toDeployment(deployment: DeploymentResult) {
  return {
    deploymentKey: deployment.key,
    tenantId: deployment.tenantId,
    deployments: [
      ...deployment.processes.map((p) => ({
        processDefinition: {
          processDefinitionId: p.bpmnProcessId,
          processDefinitionVersion: p.version,
          resourceName: p.resourceName,
          tenantId: p.tenantId,
          processDefinitionKey: p.processDefinitionKey,
        },
      })),
      ...deployment.decisionRequirements.map((d) => ({
        decisionRequirements: {
          decisionRequirementsId: d.decisionRequirementsId,
          version: d.version,
          decisionRequirementsName: d.decisionRequirementsName,
          tenantId: d.tenantId,
          resourceName: d.resourceName,
          decisionRequirementsKey: d.decisionRequirementsKey,
        },
      })),
      ...deployment.decisions.map((d) => ({
        decisionDefinition: {
          decisionDefinitionId: d.decisionId,
          version: d.version,
          name: d.decisionName,
          tenantId: d.tenantId,
          decisionRequirementsId: d.decisionRequirementsId,
          decisionDefinitionKey: d.decisionKey,
          decisionRequirementsKey: d.decisionRequirementsKey,
        },
      })),
      ...deployment.forms.map((f) => ({
        form: { formId: f.formId, version: f.version, resourceName: f.resourceName, tenantId: f.tenantId, formKey: f.formKey },
      })),
    ],
  };
}

export function toCreatedProcessInstance(created: CreatedProcessInstance | CompletedProcessInstance) {
  return {
    processDefinitionId: created.bpmnProcessId,
    processDefinitionVersion: created.version,
    processDefinitionKey: created.processDefinitionKey,
    processInstanceKey: created.processInstanceKey,
    tenantId: created.tenantId,
    variables: 'variables' in created ? created.variables : {},
  };
}

export function toActivatedJob(job: ActivatedJob) {
  return {
    jobKey: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker,
    retries: job.retries,
    deadline: job.deadline,
    variables: job.variables,
    tenantId: job.tenantId,
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
  };
}

export function toSearchResult<T, U>(page: SearchPage<T>, map: (item: T) => U) {
  return {
    items: page.items.map(map),
    page: {
      totalItems: page.totalItems,
      ...(page.hasMoreTotalItems ? { hasMoreTotalItems: true } : {}),
      ...optional('startCursor', page.startCursor),
      ...optional('endCursor', page.endCursor),
    },
  };
}

export function toProcessDefinition(d: ProcessDefinitionView) {
  return {
    processDefinitionKey: d.key,
    processDefinitionId: d.bpmnProcessId,
    ...optional('name', d.name),
    resourceName: d.resourceName,
    version: d.version,
    ...optional('versionTag', d.versionTag),
    tenantId: d.tenantId,
    hasStartForm: d.hasStartForm,
  };
}

export function toProcessInstance(p: ProcessInstanceView) {
  return {
    processInstanceKey: p.key,
    processDefinitionKey: p.processDefinitionKey,
    processDefinitionId: p.bpmnProcessId,
    processDefinitionName: p.processDefinitionName ?? p.bpmnProcessId,
    processDefinitionVersion: p.version,
    startDate: iso(p.startTime),
    ...optional('endDate', p.endTime == null ? null : iso(p.endTime)),
    state: instanceStateName(p.state),
    hasIncident: p.hasIncident,
    tenantId: p.tenantId,
    ...optional('parentProcessInstanceKey', p.parentProcessInstanceKey),
    ...optional('parentElementInstanceKey', p.parentElementInstanceKey),
  };
}

/** Element names are read from the deployed models (cached per definition). */
export class ElementNames {
  constructor(
    private readonly db: Queryable,
    private readonly definitions: DefinitionCache,
  ) {}

  async of(processDefinitionKey: string, elementId: string): Promise<string> {
    const definition = await this.definitions.get(this.db, processDefinitionKey).catch(() => undefined);
    return definition?.process.elements.get(elementId)?.name || definition?.process.sequenceFlows.get(elementId)?.name || elementId;
  }
}

export async function toElementInstance(e: ElementInstanceView, names: ElementNames) {
  return {
    elementInstanceKey: e.key,
    processInstanceKey: e.processInstanceKey,
    processDefinitionKey: e.processDefinitionKey,
    processDefinitionId: e.bpmnProcessId,
    elementId: e.elementId,
    elementName: await names.of(e.processDefinitionKey, e.elementId),
    type: elementTypeName(e.elementType),
    state: instanceStateName(e.state),
    startDate: iso(e.startTime),
    ...optional('endDate', e.endTime == null ? null : iso(e.endTime)),
    hasIncident: e.incidentKey != null,
    ...optional('incidentKey', e.incidentKey),
    tenantId: e.tenantId,
  };
}

export function toVariable(v: VariableView, truncate: boolean) {
  const truncated = truncate && v.value.length > VARIABLE_PREVIEW_LENGTH;
  return {
    variableKey: v.key,
    name: v.name,
    value: truncated ? v.value.slice(0, VARIABLE_PREVIEW_LENGTH) : v.value,
    isTruncated: truncated,
    scopeKey: v.scopeKey,
    processInstanceKey: v.processInstanceKey,
    tenantId: v.tenantId,
  };
}

export function toFullVariable(v: VariableView) {
  return { variableKey: v.key, name: v.name, value: v.value, scopeKey: v.scopeKey, processInstanceKey: v.processInstanceKey, tenantId: v.tenantId };
}

export function toIncident(i: IncidentView) {
  return {
    incidentKey: i.key,
    processDefinitionKey: i.processDefinitionKey,
    processDefinitionId: i.bpmnProcessId,
    processInstanceKey: i.processInstanceKey,
    errorType: incidentErrorTypeName(i.errorType),
    errorMessage: i.errorMessage,
    elementId: i.elementId,
    elementInstanceKey: i.elementInstanceKey,
    creationTime: iso(i.createdAt),
    state: i.state,
    ...optional('jobKey', i.jobKey),
    tenantId: i.tenantId,
  };
}

export function toElementStatistics(s: ElementStatistics) {
  return { elementId: s.elementId, active: s.active, canceled: s.canceled, incidents: s.incidents, completed: s.completed };
}

export function toSequenceFlow(f: SequenceFlowView) {
  return {
    sequenceFlowId: `${f.processInstanceKey}_${f.flowId}`,
    processInstanceKey: f.processInstanceKey,
    processDefinitionKey: f.processDefinitionKey,
    processDefinitionId: f.bpmnProcessId,
    elementId: f.flowId,
    tenantId: f.tenantId,
  };
}

export function toUserTask(t: UserTaskView) {
  return {
    userTaskKey: t.key,
    ...optional('name', t.name),
    state: t.state,
    ...optional('assignee', t.assignee),
    elementId: t.elementId,
    elementInstanceKey: t.elementInstanceKey,
    candidateGroups: t.candidateGroups,
    candidateUsers: t.candidateUsers,
    processDefinitionId: t.bpmnProcessId,
    processDefinitionKey: t.processDefinitionKey,
    processDefinitionVersion: t.version,
    ...optional('processName', t.processName),
    processInstanceKey: t.processInstanceKey,
    creationDate: iso(t.creationDate),
    ...optional('completionDate', t.completionDate == null ? null : iso(t.completionDate)),
    ...optional('followUpDate', t.followUpDate == null ? null : iso(t.followUpDate)),
    ...optional('dueDate', t.dueDate == null ? null : iso(t.dueDate)),
    tenantId: t.tenantId,
    ...optional('externalFormReference', t.externalFormReference),
    customHeaders: t.customHeaders,
    priority: t.priority,
    ...optional('formKey', t.formKey),
  };
}

/** the deployed form-js document as an object, as Camunda's `FormResult.schema` */
export function toForm(f: FormView) {
  return { formKey: f.key, formId: f.formId, version: f.version, tenantId: f.tenantId, schema: JSON.parse(f.schema) as Record<string, unknown> };
}

/**
 * Outputs and input values as JSON texts. A failed evaluation is still a result: no output
 * (`''`), the failed decision and why. Camunda's `decisionEvaluationInstanceKey`s
 * (`<evaluation key>-<position>`) do not match the specification's key pattern, so they are
 * left out, as the specification allows.
 */
export function toDecisionEvaluation(result: DecisionEvaluationResult) {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  const failed = result.failedDecisionId !== '';
  return {
    decisionDefinitionId: result.decisionId,
    decisionDefinitionKey: result.decisionKey,
    decisionDefinitionName: result.decisionName,
    decisionDefinitionVersion: result.decisionVersion,
    decisionRequirementsId: result.decisionRequirementsId,
    decisionRequirementsKey: result.decisionRequirementsKey,
    output: failed ? '' : json(result.decisionOutput),
    failedDecisionDefinitionId: result.failedDecisionId,
    failureMessage: result.failureMessage,
    tenantId: result.tenantId,
    decisionEvaluationKey: result.decisionEvaluationKey,
    decisionInstanceKey: result.decisionEvaluationKey,
    evaluatedDecisions: result.evaluatedDecisions.map((d) => ({
      decisionDefinitionId: d.decisionId,
      decisionDefinitionKey: d.decisionKey,
      decisionDefinitionName: d.decisionName,
      decisionDefinitionVersion: d.decisionVersion,
      decisionDefinitionType: d.decisionType,
      output: json(d.decisionOutput),
      tenantId: d.tenantId,
      matchedRules: d.matchedRules.map((rule) => ({
        ruleId: rule.ruleId,
        ruleIndex: rule.ruleIndex,
        evaluatedOutputs: rule.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: json(o.outputValue) })),
      })),
      evaluatedInputs: d.evaluatedInputs.map((i) => ({ inputId: i.inputId, inputName: i.inputName, inputValue: json(i.inputValue) })),
    })),
  };
}
