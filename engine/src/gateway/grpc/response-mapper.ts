/** Engine results → wire responses: keys as decimal strings, variables and headers as JSON strings. */
import type {
  ActivatedJob as EngineActivatedJob,
  CompletedProcessInstance,
  CreatedProcessInstance,
  DecisionEvaluationResult,
  DeployedProcess,
  DeploymentResult,
} from '../../engine-api.js';
import type {
  ActivatedJob,
  CreateProcessInstanceResponse,
  CreateProcessInstanceWithResultResponse,
  DeployProcessResponse,
  DeployResourceResponse,
  DeploymentMetadata,
  EvaluateDecisionResponse,
  KeyedResponse,
  ProcessMetadata,
  TopologyResponse,
} from './protocol.js';
import { DEFAULT_TENANT } from './request-mapper.js';

export const GATEWAY_VERSION = '8.8.0';

const tenant = (tenantId: string): string => (tenantId === '' ? DEFAULT_TENANT : tenantId);

export function toTopologyResponse(host: string, port: number, partitionId: number): TopologyResponse {
  return {
    brokers: [
      {
        nodeId: 0,
        host,
        port,
        partitions: [{ partitionId, role: 'LEADER', health: 'HEALTHY' }],
        version: GATEWAY_VERSION,
      },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: GATEWAY_VERSION,
  };
}

export function toDeployResourceResponse(deployment: DeploymentResult): DeployResourceResponse {
  return {
    key: deployment.key,
    tenantId: tenant(deployment.tenantId),
    deployments: [
      ...deployment.processes.map((process): DeploymentMetadata => ({ process: toProcessMetadata(process) })),
      // as Zeebe lists them: processes, decisions, decision requirements, forms
      ...deployment.decisions.map(
        (d): DeploymentMetadata => ({
          decision: {
            dmnDecisionId: d.decisionId,
            dmnDecisionName: d.decisionName,
            version: d.version,
            decisionKey: d.decisionKey,
            dmnDecisionRequirementsId: d.decisionRequirementsId,
            decisionRequirementsKey: d.decisionRequirementsKey,
            tenantId: tenant(d.tenantId),
          },
        }),
      ),
      ...deployment.decisionRequirements.map(
        (drg): DeploymentMetadata => ({
          decisionRequirements: {
            dmnDecisionRequirementsId: drg.decisionRequirementsId,
            dmnDecisionRequirementsName: drg.decisionRequirementsName,
            version: drg.version,
            decisionRequirementsKey: drg.decisionRequirementsKey,
            resourceName: drg.resourceName,
            tenantId: tenant(drg.tenantId),
          },
        }),
      ),
      ...deployment.forms.map(
        (f): DeploymentMetadata => ({
          form: { formId: f.formId, version: f.version, formKey: f.formKey, resourceName: f.resourceName, tenantId: tenant(f.tenantId) },
        }),
      ),
    ],
  };
}

/** values become JSON texts; a failed evaluation has no output, only the failed decision and why */
export function toEvaluateDecisionResponse(result: DecisionEvaluationResult): EvaluateDecisionResponse {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  return {
    decisionKey: result.decisionKey,
    decisionId: result.decisionId,
    decisionName: result.decisionName,
    decisionVersion: result.decisionVersion,
    decisionRequirementsId: result.decisionRequirementsId,
    decisionRequirementsKey: result.decisionRequirementsKey,
    decisionOutput: result.failedDecisionId === '' ? json(result.decisionOutput) : '',
    evaluatedDecisions: result.evaluatedDecisions.map((d) => ({
      decisionKey: d.decisionKey,
      decisionId: d.decisionId,
      decisionName: d.decisionName,
      decisionVersion: d.decisionVersion,
      decisionType: d.decisionType,
      decisionOutput: json(d.decisionOutput),
      matchedRules: d.matchedRules.map((rule) => ({
        ruleId: rule.ruleId,
        ruleIndex: rule.ruleIndex,
        evaluatedOutputs: rule.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: json(o.outputValue) })),
      })),
      evaluatedInputs: d.evaluatedInputs.map((i) => ({ inputId: i.inputId, inputName: i.inputName, inputValue: json(i.inputValue) })),
      tenantId: tenant(d.tenantId),
    })),
    failedDecisionId: result.failedDecisionId,
    failureMessage: result.failureMessage,
    tenantId: tenant(result.tenantId),
    decisionInstanceKey: result.decisionEvaluationKey,
  };
}

export function toDeployProcessResponse(deployment: DeploymentResult): DeployProcessResponse {
  return { key: deployment.key, processes: deployment.processes.map(toProcessMetadata) };
}

function toProcessMetadata(process: DeployedProcess): ProcessMetadata {
  return {
    bpmnProcessId: process.bpmnProcessId,
    version: process.version,
    processDefinitionKey: process.processDefinitionKey,
    resourceName: process.resourceName,
    tenantId: tenant(process.tenantId),
  };
}

export function toCreateProcessInstanceResponse(created: CreatedProcessInstance): CreateProcessInstanceResponse {
  return {
    processDefinitionKey: created.processDefinitionKey,
    bpmnProcessId: created.bpmnProcessId,
    version: created.version,
    processInstanceKey: created.processInstanceKey,
    tenantId: tenant(created.tenantId),
  };
}

export function toCreateProcessInstanceWithResultResponse(
  completed: CompletedProcessInstance,
): CreateProcessInstanceWithResultResponse {
  return { ...toCreateProcessInstanceResponse(completed), variables: JSON.stringify(completed.variables ?? {}) };
}

export function toActivatedJob(job: EngineActivatedJob): ActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(job.variables ?? {}),
    tenantId: tenant(job.tenantId),
  };
}

/** PublishMessage and BroadcastSignal answer with the new record's key */
export function toKeyedResponse(published: { key: string; tenantId: string }): KeyedResponse {
  return { key: published.key, tenantId: tenant(published.tenantId) };
}
