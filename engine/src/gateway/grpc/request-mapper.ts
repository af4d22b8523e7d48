/**
 * Wire requests → engine inputs, with the checks Zeebe's gateway makes before a command
 * reaches a broker (`RequestMapper`, `RequestUtil.ensureJsonSet`, `ensureTenantIdSet`).
 * Everything else (blank job type, retries < 1, unknown keys …) is the engine's to reject.
 */
import type {
  ActivateJobsInput,
  BroadcastSignalInput,
  CreateProcessInstanceInput,
  PublishMessageInput,
  DeployResourceInput,
  ModifyProcessInstanceInput,
  EvaluateDecisionInput,
  Variables,
} from '../../engine-api.js';
import { GatewayError } from './error-mapper.js';
import type {
  ActivateJobsRequest,
  BroadcastSignalRequest,
  CreateProcessInstanceRequest,
  PublishMessageRequest,
  DeployProcessRequest,
  DeployResourceRequest,
  EvaluateDecisionRequest,
  FailJobRequest,
  ModifyProcessInstanceRequest,
  Int64,
  StreamActivatedJobsRequest,
  ThrowErrorRequest,
} from './protocol.js';

export const DEFAULT_TENANT = '<default>';

/**
 * A variables document as Zeebe accepts it: empty (or `null`) is no variables, anything
 * else must be JSON whose root is an object.
 */
export function parseVariables(json: string): Variables {
  if (json.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new GatewayError('INVALID_ARGUMENT', `Invalid JSON value: ${json}`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError(
      'INVALID_ARGUMENT',
      `Property 'variables' is invalid: Expected document to be a root level object, but was '${messagePackType(value)}'`,
    );
  }
  return value as Variables;
}

/** Variables are optional on commands that merely pass them on: undefined when none were sent. */
export function optionalVariables(json: string): Variables | undefined {
  return json.trim() === '' ? undefined : parseVariables(json);
}

/** The type name Zeebe reports, which is the MessagePack type the JSON converts to. */
function messagePackType(value: unknown): string {
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
    default:
      return 'NIL';
  }
}

/**
 * Multi-tenancy is disabled in this engine, as in a default Zeebe: the only tenant is
 * `<default>`, which a request may also leave blank.
 */
export function ensureTenantIdSet(rpc: string, tenantId: string): string {
  if (tenantId.trim() === '' || tenantId === DEFAULT_TENANT) return DEFAULT_TENANT;
  throw new GatewayError(
    'INVALID_ARGUMENT',
    `Expected to handle gRPC request ${rpc} with tenant identifier '${tenantId}', but multi-tenancy is disabled`,
  );
}

export function ensureTenantIdsSet(rpc: string, tenantIds: string[]): string[] {
  if (tenantIds.length === 0) return [DEFAULT_TENANT];
  return [...new Set(tenantIds.map((tenantId) => ensureTenantIdSet(rpc, tenantId)))];
}

/** int64 durations and counts (ms) as numbers; keys stay strings. */
export function toNumber(value: Int64 | number): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toDeployResources(request: DeployResourceRequest): { resources: DeployResourceInput[]; tenantId: string } {
  return {
    tenantId: ensureTenantIdSet('DeployResource', request.tenantId),
    resources: request.resources.map((resource) => ({ name: resource.name, content: Buffer.from(resource.content) })),
  };
}

export function toDeployProcesses(request: DeployProcessRequest): { resources: DeployResourceInput[]; tenantId: string } {
  return {
    tenantId: DEFAULT_TENANT,
    resources: request.processes.map((process) => ({ name: process.name, content: Buffer.from(process.definition) })),
  };
}

export function toCreateProcessInstanceInput(rpc: string, request: CreateProcessInstanceRequest): CreateProcessInstanceInput {
  if (request.startInstructions.length > 0) {
    throw new GatewayError(
      'UNIMPLEMENTED',
      `Expected to handle gRPC request ${rpc} with start instructions, but start instructions are not yet supported by this engine`,
    );
  }
  const tenantId = ensureTenantIdSet(rpc, request.tenantId);
  const variables = parseVariables(request.variables);
  if (request.processDefinitionKey !== '0' && request.processDefinitionKey !== '') {
    return { processDefinitionKey: request.processDefinitionKey, variables, tenantId };
  }
  return { bpmnProcessId: request.bpmnProcessId, version: request.version, variables, tenantId };
}

export function toActivateJobsInput(request: ActivateJobsRequest): ActivateJobsInput {
  return {
    type: request.type,
    worker: request.worker,
    timeout: toNumber(request.timeout),
    maxJobsToActivate: request.maxJobsToActivate,
    fetchVariable: request.fetchVariable,
    tenantIds: ensureTenantIdsSet('ActivateJobs', request.tenantIds),
  };
}

/** A job stream activates one job at a time. */
export function toStreamActivationInput(request: StreamActivatedJobsRequest): ActivateJobsInput {
  return {
    type: request.type,
    worker: request.worker,
    timeout: toNumber(request.timeout),
    maxJobsToActivate: 1,
    fetchVariable: request.fetchVariable,
    tenantIds: ensureTenantIdsSet('StreamActivatedJobs', request.tenantIds),
  };
}

export function toFailJobInput(request: FailJobRequest) {
  return {
    jobKey: request.jobKey,
    retries: request.retries,
    errorMessage: request.errorMessage,
    retryBackOff: toNumber(request.retryBackOff),
    variables: optionalVariables(request.variables),
  };
}

export function toThrowErrorInput(request: ThrowErrorRequest) {
  return {
    jobKey: request.jobKey,
    errorCode: request.errorCode,
    errorMessage: request.errorMessage,
    variables: optionalVariables(request.variables),
  };
}

/** by id (the latest version) when one is given, else by key (0 when unset: no such decision) */
export function toEvaluateDecisionInput(request: EvaluateDecisionRequest): EvaluateDecisionInput {
  const tenantId = ensureTenantIdSet('EvaluateDecision', request.tenantId);
  const variables = parseVariables(request.variables);
  if (request.decisionId !== '') return { decisionId: request.decisionId, variables, tenantId };
  return { decisionKey: request.decisionKey === '' ? '0' : request.decisionKey, variables, tenantId };
}

export function toPublishMessageInput(request: PublishMessageRequest): PublishMessageInput {
  return {
    name: request.name,
    correlationKey: request.correlationKey,
    timeToLive: toNumber(request.timeToLive),
    messageId: request.messageId,
    variables: parseVariables(request.variables),
    tenantId: ensureTenantIdSet('PublishMessage', request.tenantId),
  };
}

export function toBroadcastSignalInput(request: BroadcastSignalRequest): BroadcastSignalInput {
  return {
    signalName: request.signalName,
    variables: parseVariables(request.variables),
    tenantId: ensureTenantIdSet('BroadcastSignal', request.tenantId),
  };
}

/** Every variables document must be JSON whose root is an object, as in Zeebe's gateway. */
export function toModifyProcessInstanceInput(request: ModifyProcessInstanceRequest): ModifyProcessInstanceInput {
  return {
    processInstanceKey: request.processInstanceKey,
    activateInstructions: request.activateInstructions.map((a) => ({
      elementId: a.elementId,
      ancestorElementInstanceKey: BigInt(a.ancestorElementInstanceKey || '0') > 0n ? a.ancestorElementInstanceKey : undefined,
      variableInstructions: a.variableInstructions.map((v) => ({ variables: parseVariables(v.variables), scopeId: v.scopeId })),
    })),
    terminateInstructions: request.terminateInstructions.map((t) => ({ elementInstanceKey: t.elementInstanceKey })),
  };
}
