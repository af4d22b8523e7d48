/**
 * The engine's command interface, as the gateways (gRPC, REST) see it.
 * Keys are 64-bit and carried as decimal strings; variables are plain JSON objects here
 * (the gateways parse and serialise the wire's JSON strings).
 *
 * Every command either succeeds or is rejected with a `Rejection`, exactly as Zeebe's
 * command rejections: the gateways turn a rejection into the wire error with one mapper.
 */
import type { Result } from './util/result.js';

export type RejectionType =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'PROCESSING_ERROR'
  | 'EXCEEDED_BATCH_RECORD_SIZE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN';

export interface Rejection {
  /** the command's intent as Zeebe names it, e.g. 'COMPLETE', 'CREATE', 'ACTIVATE' */
  intent: string;
  type: RejectionType;
  reason: string;
}

/** Thrown (not returned) when the engine cannot take more work right now. */
export class BackpressureError extends Error {
  constructor() {
    super('Expected to handle the request, but the engine is overloaded (back-pressure); retry later');
  }
}

export type Variables = Record<string, unknown>;

export interface DeployResourceInput {
  name: string;
  content: Buffer;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

export interface DeploymentResult {
  key: string;
  tenantId: string;
  processes: DeployedProcess[];
}

export interface CreateProcessInstanceInput {
  /** either processDefinitionKey, or bpmnProcessId with version (-1 or undefined = latest) */
  processDefinitionKey?: string;
  bpmnProcessId?: string;
  version?: number;
  variables?: Variables;
  tenantId?: string;
}

export interface CreatedProcessInstance {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

export interface CompletedProcessInstance extends CreatedProcessInstance {
  variables: Variables;
}

export interface ActivateJobsInput {
  type: string;
  worker: string;
  /** ms a job stays locked to this worker */
  timeout: number;
  maxJobsToActivate: number;
  /** variable names to fetch; empty = all */
  fetchVariable?: string[];
  tenantIds?: string[];
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** epoch ms */
  deadline: number;
  variables: Variables;
  tenantId: string;
}

export interface EngineApi {
  readonly partitionId: number;
  readonly clock: EngineClock;

  deploy(resources: DeployResourceInput[], tenantId?: string): Promise<Result<DeploymentResult, Rejection>>;
  createProcessInstance(input: CreateProcessInstanceInput): Promise<Result<CreatedProcessInstance, Rejection>>;
  /** resolves when the instance completes; `fetchVariables` empty = all root variables */
  createProcessInstanceWithResult(
    input: CreateProcessInstanceInput,
    options: { requestTimeoutMs: number; fetchVariables?: string[] },
  ): Promise<Result<CompletedProcessInstance, Rejection>>;
  cancelProcessInstance(processInstanceKey: string): Promise<Result<void, Rejection>>;
  setVariables(input: { elementInstanceKey: string; variables: Variables; local: boolean }): Promise<Result<{ key: string }, Rejection>>;

  /** Activates what is available now (possibly nothing); never waits. */
  activateJobs(input: ActivateJobsInput): Promise<Result<ActivatedJob[], Rejection>>;
  /**
   * Calls `listener` whenever jobs of `type` may have become activatable (created, failed
   * with retries left, timed out, back-off elapsed, incident resolved). Returns an unsubscribe
   * function. Long polling in the gateways is built on this.
   */
  onJobsAvailable(type: string, listener: () => void): () => void;

  completeJob(jobKey: string, variables?: Variables): Promise<Result<void, Rejection>>;
  failJob(input: { jobKey: string; retries: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }): Promise<Result<void, Rejection>>;
  throwError(input: { jobKey: string; errorCode: string; errorMessage?: string; variables?: Variables }): Promise<Result<void, Rejection>>;
  updateJobRetries(jobKey: string, retries: number): Promise<Result<void, Rejection>>;
  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<Result<void, Rejection>>;
  resolveIncident(incidentKey: string): Promise<Result<void, Rejection>>;
}

/** Zeebe's controlled clock (`ZEEBE_CLOCK_CONTROLLED=true`, `/actuator/clock`). */
export interface EngineClock {
  readonly controlled: boolean;
  now(): number;
  /** pins the clock at epochMilli */
  pin(epochMilli: number): void;
  /** moves the clock by offsetMilli (pinned or not) */
  add(offsetMilli: number): void;
  /** back to system time */
  reset(): void;
}

/** Thrown when a request that waits (CreateProcessInstanceWithResult) runs out of time. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Expected to receive the result of the process instance within ${timeoutMs} ms, but it did not complete in time`);
  }
}
