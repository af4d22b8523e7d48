/**
 * The Zeebe gateway protocol as this gateway sees it. The .proto file is the one shipped
 * with the installed `@camunda8/sdk` (never copied into this repository), loaded with the
 * options the SDK itself uses, so both ends agree on how 64-bit integers (decimal strings),
 * enums (names) and oneofs look.
 *
 * The message shapes below describe only the fields this gateway reads or writes. They, and
 * every other protobuf detail, stay inside `gateway/grpc/`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const GATEWAY_SERVICE = 'gateway_protocol.Gateway';

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export function zeebeProtoPath(): string {
  const require = createRequire(import.meta.url);
  const sdkPackageJson = require.resolve('@camunda8/sdk/package.json');
  return path.join(path.dirname(sdkPackageJson), 'dist', 'proto', 'zeebe.proto');
}

/** Loads the Gateway service definition (method name → handler metadata) from the SDK's proto. */
export function loadGatewayService(): grpc.ServiceDefinition {
  const packageDefinition = protoLoader.loadSync(zeebeProtoPath(), LOADER_OPTIONS);
  const service = packageDefinition[GATEWAY_SERVICE];
  // message and enum definitions carry a `format`; a service is a plain map of methods
  if (!service || 'format' in service) {
    throw new Error(`Expected the Zeebe protocol to define the service ${GATEWAY_SERVICE}, but it does not`);
  }
  return service as grpc.ServiceDefinition;
}

/** int64 fields arrive and leave as decimal strings. */
export type Int64 = string;

export interface TopologyResponse {
  brokers: {
    nodeId: number;
    host: string;
    port: number;
    partitions: { partitionId: number; role: 'LEADER' | 'FOLLOWER' | 'INACTIVE'; health: 'HEALTHY' | 'UNHEALTHY' | 'DEAD' }[];
    version: string;
  }[];
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

export interface DeployResourceRequest {
  resources: { name: string; content: Buffer }[];
  tenantId: string;
}

export interface DeployResourceResponse {
  key: Int64;
  deployments: DeploymentMetadata[];
  tenantId: string;
}

/** the `Metadata` oneof of a `Deployment`: one entry per deployed process, decision, DRG or form */
export type DeploymentMetadata =
  | { process: ProcessMetadata }
  | { decision: DecisionMetadata }
  | { decisionRequirements: DecisionRequirementsMetadata }
  | { form: FormMetadata };

export interface DecisionMetadata {
  dmnDecisionId: string;
  dmnDecisionName: string;
  version: number;
  decisionKey: Int64;
  dmnDecisionRequirementsId: string;
  decisionRequirementsKey: Int64;
  tenantId: string;
}

export interface DecisionRequirementsMetadata {
  dmnDecisionRequirementsId: string;
  dmnDecisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: Int64;
  resourceName: string;
  tenantId: string;
}

export interface FormMetadata {
  formId: string;
  version: number;
  formKey: Int64;
  resourceName: string;
  tenantId: string;
}

/** The deprecated deployment RPC, still used by `zbctl deploy` (8.4). */
export interface DeployProcessRequest {
  processes: { name: string; definition: Buffer }[];
}

export interface DeployProcessResponse {
  key: Int64;
  processes: ProcessMetadata[];
}

export interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: Int64;
  resourceName: string;
  tenantId: string;
}

export interface CreateProcessInstanceRequest {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: { elementId: string }[];
  tenantId: string;
}

export interface CreateProcessInstanceResponse {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: Int64;
  tenantId: string;
}

export interface CreateProcessInstanceWithResultRequest {
  request: CreateProcessInstanceRequest | null;
  requestTimeout: Int64;
  fetchVariables: string[];
}

export interface CreateProcessInstanceWithResultResponse extends CreateProcessInstanceResponse {
  variables: string;
}

export interface CancelProcessInstanceRequest {
  processInstanceKey: Int64;
}

export interface ModifyProcessInstanceRequest {
  processInstanceKey: Int64;
  activateInstructions: {
    elementId: string;
    /** 0 (unset) or -1: the flow scope's existing instance */
    ancestorElementInstanceKey: Int64;
    variableInstructions: { variables: string; scopeId: string }[];
  }[];
  terminateInstructions: { elementInstanceKey: Int64 }[];
}

export interface SetVariablesRequest {
  elementInstanceKey: Int64;
  variables: string;
  local: boolean;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: Int64;
  tenantIds: string[];
}

export interface StreamActivatedJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  fetchVariable: string[];
  tenantIds: string[];
}

export interface ActivatedJob {
  key: Int64;
  type: string;
  processInstanceKey: Int64;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: Int64;
  elementId: string;
  elementInstanceKey: Int64;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: Int64;
  variables: string;
  tenantId: string;
}

export interface ActivateJobsResponse {
  jobs: ActivatedJob[];
}

export interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
}

export interface FailJobRequest {
  jobKey: Int64;
  retries: number;
  errorMessage: string;
  retryBackOff: Int64;
  variables: string;
}

export interface ThrowErrorRequest {
  jobKey: Int64;
  errorCode: string;
  errorMessage: string;
  variables: string;
}

export interface UpdateJobRetriesRequest {
  jobKey: Int64;
  retries: number;
}

export interface UpdateJobTimeoutRequest {
  jobKey: Int64;
  timeout: Int64;
}

export interface ResolveIncidentRequest {
  incidentKey: Int64;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLive: Int64;
  messageId: string;
  variables: string;
  tenantId: string;
}

export interface DeleteResourceRequest {
  resourceKey: string;
}

export interface BroadcastSignalRequest {
  signalName: string;
  variables: string;
  tenantId: string;
}

/** PublishMessageResponse and BroadcastSignalResponse */
export interface KeyedResponse {
  key: Int64;
  tenantId: string;
}

/** Responses without fields (CompleteJobResponse, FailJobResponse, …). */
export type EmptyResponse = Record<string, never>;

export interface EvaluateDecisionRequest {
  decisionKey: Int64;
  decisionId: string;
  variables: string;
  tenantId: string;
}

/** outputs and input values are JSON texts */
export interface EvaluateDecisionResponse {
  decisionKey: Int64;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: Int64;
  decisionOutput: string;
  evaluatedDecisions: {
    decisionKey: Int64;
    decisionId: string;
    decisionName: string;
    decisionVersion: number;
    decisionType: string;
    decisionOutput: string;
    matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: string }[] }[];
    evaluatedInputs: { inputId: string; inputName: string; inputValue: string }[];
    tenantId: string;
  }[];
  failedDecisionId: string;
  failureMessage: string;
  tenantId: string;
  decisionInstanceKey: Int64;
}
