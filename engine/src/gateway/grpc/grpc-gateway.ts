/**
 * The Zeebe gRPC gateway (`gateway_protocol.Gateway`) in front of an `EngineApi`.
 *
 * As Zeebe's `EndpointManager`, each RPC is one mapping from request to engine command and
 * from result to response; every failure goes through `error-mapper.ts`. RPCs the engine
 * does not support yet answer UNIMPLEMENTED, naming the RPC.
 *
 * Requests may be gzip- or deflate-compressed: grpc-js decompresses them. The gateway
 * advertises `grpc-accept-encoding: identity` unless `advertiseCompression` is set, so the SDK
 * stops compressing (compression.ts).
 */
import * as grpc from '@grpc/grpc-js';
import type { EngineApi, Rejection } from '../../engine-api.js';
import type { Result } from '../../util/result.js';
import { basicAuthInterceptor, type BasicCredentials } from './authentication.js';
import { identityEncodingInterceptor } from './compression.js';
import { errorToStatus, GatewayError, isUnexpected, rejectionToStatus } from './error-mapper.js';
import { JobActivation } from './job-activation.js';
import { loadGatewayService } from './protocol.js';
import type * as wire from './protocol.js';
import {
  optionalVariables,
  parseVariables,
  toCreateProcessInstanceInput,
  toDeployProcesses,
  toDeployResources,
  toEvaluateDecisionInput,
  toBroadcastSignalInput,
  toPublishMessageInput,
  toFailJobInput,
  toModifyProcessInstanceInput,
  toNumber,
  toThrowErrorInput,
} from './request-mapper.js';
import {
  toCreateProcessInstanceResponse,
  toCreateProcessInstanceWithResultResponse,
  toDeployProcessResponse,
  toDeployResourceResponse,
  toEvaluateDecisionResponse,
  toKeyedResponse,
  toTopologyResponse,
} from './response-mapper.js';

export interface GrpcGatewayOptions {
  host?: string;
  port: number;
  credentials?: BasicCredentials;
  /** advertise gzip and deflate to clients (they are accepted either way); see compression.ts */
  advertiseCompression?: boolean;
  /** where unexpected errors (bugs) are reported; console by default */
  logger?: Pick<Console, 'error'>;
}

export interface GrpcGateway {
  port: number;
  close(): Promise<void>;
}

/** Zeebe's gateway `requestTimeout` default, used when CreateProcessInstanceWithResult sends 0. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const SHUTDOWN_GRACE_MS = 1_000;

export async function startGrpcGateway(engine: EngineApi, options: GrpcGatewayOptions): Promise<GrpcGateway> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? console;
  const service = loadGatewayService();
  const jobActivation = new JobActivation(engine, logger);
  const interceptors: grpc.ServerInterceptor[] = [];
  if (options.credentials) interceptors.push(basicAuthInterceptor(options.credentials));
  if (!options.advertiseCompression) interceptors.push(identityEncodingInterceptor());
  const server = new grpc.Server({ interceptors });

  const address = { host, port: options.port };
  const unaryEndpoints = unaryEndpointsOf(engine, address);
  const implementation: grpc.UntypedServiceImplementation = {
    ActivateJobs: (call: grpc.ServerWritableStream<wire.ActivateJobsRequest, wire.ActivateJobsResponse>) =>
      void jobActivation.activateJobs(call),
    StreamActivatedJobs: (call: grpc.ServerWritableStream<wire.StreamActivatedJobsRequest, wire.ActivatedJob>) =>
      void jobActivation.streamJobs(call),
  };
  for (const [rpc, endpoint] of Object.entries(unaryEndpoints)) {
    implementation[rpc] = unaryHandler(rpc, endpoint, logger);
  }
  for (const [rpc, method] of Object.entries(service)) {
    implementation[rpc] ??= unimplementedHandler(rpc, method);
  }
  server.addService(service, implementation);

  address.port = await new Promise<number>((resolve, reject) => {
    const bindHost = host.includes(':') ? `[${host}]` : host;
    server.bindAsync(`${bindHost}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    );
  });

  return {
    port: address.port,
    close: () => shutDown(server, jobActivation),
  };
}

type UnaryEndpoint = (request: any) => Promise<Result<unknown, Rejection>>;

function unaryEndpointsOf(engine: EngineApi, address: { host: string; port: number }): Record<string, UnaryEndpoint> {
  return {
    Topology: async () => ({ ok: true, value: toTopologyResponse(address.host, address.port, engine.partitionId) }),
    DeployResource: async (request: wire.DeployResourceRequest) => {
      const { resources, tenantId } = toDeployResources(request);
      return mapValue(await engine.deploy(resources, tenantId), toDeployResourceResponse);
    },
    DeployProcess: async (request: wire.DeployProcessRequest) => {
      const { resources, tenantId } = toDeployProcesses(request);
      return mapValue(await engine.deploy(resources, tenantId), toDeployProcessResponse);
    },
    CreateProcessInstance: async (request: wire.CreateProcessInstanceRequest) =>
      mapValue(
        await engine.createProcessInstance(toCreateProcessInstanceInput('CreateProcessInstance', request)),
        toCreateProcessInstanceResponse,
      ),
    CreateProcessInstanceWithResult: async (request: wire.CreateProcessInstanceWithResultRequest) =>
      mapValue(await createProcessInstanceWithResult(engine, request), toCreateProcessInstanceWithResultResponse),
    CancelProcessInstance: async (request: wire.CancelProcessInstanceRequest) =>
      mapValue(await engine.cancelProcessInstance(request.processInstanceKey), empty),
    ModifyProcessInstance: async (request: wire.ModifyProcessInstanceRequest) =>
      mapValue(await engine.modifyProcessInstance(toModifyProcessInstanceInput(request)), empty),
    SetVariables: async (request: wire.SetVariablesRequest) =>
      mapValue(
        await engine.setVariables({
          elementInstanceKey: request.elementInstanceKey,
          variables: parseVariables(request.variables),
          local: request.local,
        }),
        ({ key }) => ({ key }),
      ),
    CompleteJob: async (request: wire.CompleteJobRequest) =>
      mapValue(await engine.completeJob(request.jobKey, optionalVariables(request.variables)), empty),
    FailJob: async (request: wire.FailJobRequest) => mapValue(await engine.failJob(toFailJobInput(request)), empty),
    ThrowError: async (request: wire.ThrowErrorRequest) =>
      mapValue(await engine.throwError(toThrowErrorInput(request)), empty),
    UpdateJobRetries: async (request: wire.UpdateJobRetriesRequest) =>
      mapValue(await engine.updateJobRetries(request.jobKey, request.retries), empty),
    UpdateJobTimeout: async (request: wire.UpdateJobTimeoutRequest) =>
      mapValue(await engine.updateJobTimeout(request.jobKey, toNumber(request.timeout)), empty),
    ResolveIncident: async (request: wire.ResolveIncidentRequest) =>
      mapValue(await engine.resolveIncident(request.incidentKey), empty),
    PublishMessage: async (request: wire.PublishMessageRequest) =>
      mapValue(await engine.publishMessage(toPublishMessageInput(request)), toKeyedResponse),
    BroadcastSignal: async (request: wire.BroadcastSignalRequest) =>
      mapValue(await engine.broadcastSignal(toBroadcastSignalInput(request)), toKeyedResponse),
    DeleteResource: async (request: wire.DeleteResourceRequest) => mapValue(await engine.deleteResource(request.resourceKey), empty),
    EvaluateDecision: async (request: wire.EvaluateDecisionRequest) =>
      mapValue(await engine.evaluateDecision(toEvaluateDecisionInput(request)), toEvaluateDecisionResponse),
  };
}

/**
 * requestTimeout 0 means the gateway's default request timeout (15 s), as in Zeebe; when it
 * elapses before the instance completes, the call fails with DEADLINE_EXCEEDED.
 */
async function createProcessInstanceWithResult(engine: EngineApi, request: wire.CreateProcessInstanceWithResultRequest) {
  const rpc = 'CreateProcessInstanceWithResult';
  const input = toCreateProcessInstanceInput(rpc, request.request ?? emptyCreateRequest());
  const requestTimeout = toNumber(request.requestTimeout);
  const requestTimeoutMs = requestTimeout > 0 ? requestTimeout : DEFAULT_REQUEST_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new GatewayError(
            'DEADLINE_EXCEEDED',
            `Time out between gateway and broker: Request ${rpc} timed out in ${isoDuration(requestTimeoutMs)}`,
          ),
        ),
      requestTimeoutMs,
    );
  });
  try {
    return await Promise.race([
      engine.createProcessInstanceWithResult(input, { requestTimeoutMs, fetchVariables: request.fetchVariables }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function unaryHandler(rpc: string, endpoint: UnaryEndpoint, logger: Pick<Console, 'error'>): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    endpoint(call.request).then(
      (result) => (result.ok ? callback(null, result.value) : callback(rejectionToStatus(result.error))),
      (error: unknown) => {
        if (isUnexpected(error)) logger.error(`gRPC ${rpc} failed unexpectedly`, error);
        callback(errorToStatus(error));
      },
    );
  };
}

function unimplementedHandler(rpc: string, method: grpc.MethodDefinition<unknown, unknown>) {
  const refusal = {
    code: grpc.status.UNIMPLEMENTED,
    details: `Expected to handle gRPC request ${rpc}, but it is not yet supported by this engine`,
  };
  if (method.responseStream) {
    return (call: grpc.ServerWritableStream<unknown, unknown>) => call.emit('error', refusal);
  }
  return (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(refusal);
}

async function shutDown(server: grpc.Server, jobActivation: JobActivation): Promise<void> {
  jobActivation.close();
  await new Promise<void>((resolve) => {
    // calls still running after the grace period (e.g. awaiting a process result) are cancelled
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function mapValue<T, U>(result: Result<T, Rejection>, map: (value: T) => U): Result<U, Rejection> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

const empty = (): wire.EmptyResponse => ({});

function emptyCreateRequest(): wire.CreateProcessInstanceRequest {
  return { processDefinitionKey: '0', bpmnProcessId: '', version: -1, variables: '', startInstructions: [], tenantId: '' };
}

/** A duration as Java prints it (`PT15S`, `PT1M30S`, `PT0.5S`), as in Zeebe's timeout texts. */
function isoDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}
