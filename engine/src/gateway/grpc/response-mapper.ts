/** Engine results → wire responses: keys as decimal strings, variables and headers as JSON strings. */
import type {
  ActivatedJob as EngineActivatedJob,
  CompletedProcessInstance,
  CreatedProcessInstance,
  DeployedProcess,
  DeploymentResult,
} from '../../engine-api.js';
import type {
  ActivatedJob,
  CreateProcessInstanceResponse,
  CreateProcessInstanceWithResultResponse,
  DeployProcessResponse,
  DeployResourceResponse,
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
    deployments: deployment.processes.map((process) => ({ process: toProcessMetadata(process) })),
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
