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

/** Zeebe's broker text for a refused request, "Reached maximum capacity of requests handled". */
export const OVERLOADED = 'Reached maximum capacity of requests handled';
/** Zeebe's gateway text when a CreateProcessInstance was refused by every partition (we have one). */
export const OVERLOADED_ALL_PARTITIONS =
  'Expected to execute the command on one of the partitions, but all failed; there are no more partitions available to retry. Please try again. If the error persists contact your zeebe operator';

/** Thrown (not returned) when the engine refuses new work for now (back-pressure): RESOURCE_EXHAUSTED. */
export class BackpressureError extends Error {
  constructor(message: string = OVERLOADED) {
    super(message);
    this.name = 'BackpressureError';
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
  decisions: DeployedDecision[];
  decisionRequirements: DeployedDecisionRequirements[];
  forms: DeployedForm[];
}

export interface DeployedDecision {
  decisionId: string;
  decisionName: string;
  version: number;
  decisionKey: string;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  tenantId: string;
}

export interface DeployedDecisionRequirements {
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: string;
  resourceName: string;
  tenantId: string;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
  tenantId: string;
}

/** the latest version of a decision by id, or a decision by key */
export interface EvaluateDecisionInput {
  decisionId?: string;
  decisionKey?: string;
  variables?: Variables;
  tenantId?: string;
}

/**
 * Zeebe's DECISION_EVALUATION record as a client sees it. An evaluation that failed is still a
 * result (not a rejection): `failedDecisionId` and `failureMessage` say where and why. Outputs
 * and input values are JSON values here; the gateways serialise them.
 */
export interface DecisionEvaluationResult {
  /** the key of the evaluation (gRPC `decisionInstanceKey`) */
  decisionEvaluationKey: string;
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  /** null when the evaluation failed */
  decisionOutput: unknown;
  evaluatedDecisions: EvaluatedDecisionResult[];
  /** '' when the evaluation succeeded */
  failedDecisionId: string;
  failureMessage: string;
  tenantId: string;
}

export interface EvaluatedDecisionResult {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionType: string;
  decisionOutput: unknown;
  /** `<decisionEvaluationKey>-<position>` */
  decisionEvaluationInstanceKey: string;
  evaluatedInputs: { inputId: string; inputName: string; inputValue: unknown }[];
  matchedRules: { ruleId: string; ruleIndex: number; evaluatedOutputs: { outputId: string; outputName: string; outputValue: unknown }[] }[];
  tenantId: string;
}

/** what UPDATE may change on a user task; absent fields stay, an empty date text clears it */
export interface UserTaskChangeset {
  /** ISO 8601 date-time with offset */
  dueDate?: string;
  followUpDate?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** 0–100 */
  priority?: number;
}

/** Zeebe's PublishMessage: buffered for `timeToLive` ms; `messageId` unique among buffered messages */
export interface PublishMessageInput {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface PublishedMessage {
  key: string;
  tenantId: string;
}

/** Camunda's message correlation: correlated now (to a waiting subscription or a start event) or rejected, never buffered */
export interface CorrelateMessageInput {
  name: string;
  correlationKey?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface CorrelatedMessage {
  /** the message's key */
  key: string;
  /** the first process instance the message reached */
  processInstanceKey: string;
  tenantId: string;
}

export interface BroadcastSignalInput {
  signalName: string;
  variables?: Variables;
  tenantId?: string;
}

export interface BroadcastedSignal {
  key: string;
  tenantId: string;
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

export interface ActivateJobsOptions {
  /**
   * Asked when the activation is processed, which may be well after it was requested when the
   * engine is busy: false (the caller has gone or given up) activates nothing.
   */
  stillWanted?: () => boolean;
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

/**
 * ModifyProcessInstance: elements to activate (in the flow scope instance that exists, or below
 * a chosen ancestor instance; missing flow scopes are created) with variables for their scopes
 * (no scope id = the process instance), and element instances to terminate.
 */
export interface ModifyProcessInstanceInput {
  processInstanceKey: string;
  activateInstructions?: {
    elementId: string;
    /** absent, '-1' or '0' = the flow scope's existing instance */
    ancestorElementInstanceKey?: string;
    variableInstructions?: { variables: Variables; scopeId?: string }[];
  }[];
  terminateInstructions?: { elementInstanceKey: string }[];
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
  modifyProcessInstance(input: ModifyProcessInstanceInput): Promise<Result<void, Rejection>>;
  setVariables(input: { elementInstanceKey: string; variables: Variables; local: boolean }): Promise<Result<{ key: string }, Rejection>>;

  /** Activates what is available now (possibly nothing); never waits. */
  activateJobs(input: ActivateJobsInput, options?: ActivateJobsOptions): Promise<Result<ActivatedJob[], Rejection>>;
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

  /** publishes a message: correlated to the waiting subscriptions, else buffered while it lives */
  publishMessage(input: PublishMessageInput): Promise<Result<PublishedMessage, Rejection>>;
  /** correlates a message now, answering with the first instance it reached; NOT_FOUND when nothing waits */
  correlateMessage(input: CorrelateMessageInput): Promise<Result<CorrelatedMessage, Rejection>>;
  /** broadcasts a signal to every waiting signal event and signal start event */
  broadcastSignal(input: BroadcastSignalInput): Promise<Result<BroadcastedSignal, Rejection>>;

  /**
   * deletes a process definition (refused while it has live instances), a decision requirements
   * graph with its decisions, or a form, by key (Zeebe's DeleteResource)
   */
  deleteResource(resourceKey: string, tenantId?: string): Promise<Result<void, Rejection>>;

  /** evaluates a deployed decision (Zeebe's EvaluateDecision) */
  evaluateDecision(input: EvaluateDecisionInput): Promise<Result<DecisionEvaluationResult, Rejection>>;

  /**
   * Camunda user tasks. `allowOverride` (default true) assigns over another assignee (Zeebe's
   * ASSIGN); false claims (Zeebe's CLAIM: rejected when someone else has the task). `action`
   * is recorded on the task's records ('assign', 'claim', 'unassign', 'complete', 'update'
   * when not given).
   */
  assignUserTask(userTaskKey: string, assignee: string, options?: { allowOverride?: boolean; action?: string }): Promise<Result<void, Rejection>>;
  unassignUserTask(userTaskKey: string, options?: { action?: string }): Promise<Result<void, Rejection>>;
  /** completes the task and its element with the variables (propagated, or through output mappings) */
  completeUserTask(userTaskKey: string, variables?: Variables, action?: string): Promise<Result<void, Rejection>>;
  updateUserTask(userTaskKey: string, changeset: UserTaskChangeset, action?: string): Promise<Result<void, Rejection>>;
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
