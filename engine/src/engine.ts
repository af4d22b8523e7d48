/**
 * The engine: storage, the stream processor, the due-work checker and the command interface
 * the gateways call. `createEngine` opens (and migrates) the database and starts processing.
 */
import {
  type ActivateJobsInput,
  type CompletedProcessInstance,
  type CreateProcessInstanceInput,
  type ModifyProcessInstanceInput,
  type EngineApi,
  type BroadcastSignalInput,
  type PublishMessageInput,
  type CorrelateMessageInput,
  type EvaluateDecisionInput,
  type UserTaskChangeset,
  type Rejection,
  type Variables,
  type ActivateJobsOptions,
  OVERLOADED_ALL_PARTITIONS,
  RequestTimeoutError,
} from './engine-api.js';
import { ControllableClock } from './clock.js';
import { setFeelClock } from './feel/feel.js';
import { openDatabase, type Database } from './state/db.js';
import { migrate } from './state/migrate.js';
import { KeyGenerator } from './state/key-generator.js';
import { DefinitionCache } from './state/definition-cache.js';
import { StreamProcessor, type BackpressureOptions, type CommandHandler, type StreamProcessorStats, type SubmitOptions } from './processing/stream-processor.js';
import type { BatchContext, SideEffects } from './processing/batch-context.js';
import { triggerTimer } from './processing/timer/timer-trigger.processor.js';
import { DEFAULT_TENANT } from './processing/records.js';
import { err, ok, type Result } from './util/result.js';
import { createDeployment } from './processing/deployment/deployment-create.processor.js';
import { createProcessInstance } from './processing/process-instance/process-instance-create.processor.js';
import { cancelProcessInstance } from './processing/process-instance/process-instance-cancel.processor.js';
import { ActivationRefused, modificationCommandValue, modifyProcessInstance, rejectModification } from './processing/process-instance/process-instance-modify.processor.js';
import { updateVariableDocument } from './processing/variable/variable-document-update.processor.js';
import { activateJobs } from './processing/job/job-batch-activate.processor.js';
import { completeJob } from './processing/job/job-complete.processor.js';
import { failJob } from './processing/job/job-fail.processor.js';
import { throwJobError } from './processing/job/job-throw-error.processor.js';
import { recurJob, timeOutJob, updateJobRetries, updateJobTimeout } from './processing/job/job-update.processor.js';
import { resolveIncident } from './processing/incident/incident-resolve.processor.js';
import { publishMessage } from './processing/message/message-publish.processor.js';
import { deleteResource } from './processing/deployment/resource-delete.processor.js';
import { correlateMessageCommand } from './processing/message/message-correlate.processor.js';
import { expireMessage } from './processing/message/message-expire.processor.js';
import { broadcastSignal } from './processing/signal/signal-broadcast.processor.js';
import { evaluateDecisionCommand } from './processing/decision/decision-evaluate.processor.js';
import { assignUserTask } from './processing/user-task/user-task-assign.processor.js';
import { completeUserTask } from './processing/user-task/user-task-complete.processor.js';
import { updateUserTask } from './processing/user-task/user-task-update.processor.js';

export interface EngineOptions {
  /** postgres://… ; PGlite in `dataDir` when absent */
  databaseUrl?: string;
  dataDir?: string;
  clockControlled?: boolean;
  /** how often due job deadlines and back-offs are checked */
  dueCheckIntervalMs?: number;
  partitionId?: number;
  /** commands processed in one transaction at most (200) */
  maxBatchSize?: number;
  /** when new work (instances, messages, …) is refused with RESOURCE_EXHAUSTED; see stream-processor.ts */
  backpressure?: BackpressureOptions;
}

interface ResultAwaiter {
  resolve: (r: Result<CompletedProcessInstance, Rejection>) => void;
  created: Omit<CompletedProcessInstance, 'variables'>;
  fetchVariables?: string[];
}

const DUE_COMMANDS: Record<string, (ctx: BatchContext, key: string) => Promise<Result<void, Rejection>>> = {
  timeout: timeOutJob,
  backoff: recurJob,
  timer: triggerTimer,
  message: expireMessage,
};

const normaliseTenant = (tenantId?: string) => (!tenantId ? DEFAULT_TENANT : tenantId);

const hasAny = (variables: Variables) => {
  for (const _ in variables) return true;
  return false;
};

export class Engine implements EngineApi {
  readonly partitionId: number;
  readonly clock: ControllableClock;
  /** deployed models, transformed once; shared with the read side (element names) */
  readonly definitions = new DefinitionCache();
  private readonly processor: StreamProcessor;
  private readonly jobListeners = new Map<string, Set<() => void>>();
  private readonly awaiters = new Map<string, ResultAwaiter>();
  private readonly awaitedInstances = new Set<string>();
  private dueTimer: NodeJS.Timeout | undefined;
  private dueCheck: Promise<void> | undefined;
  private dueCheckPending = false;

  constructor(
    readonly db: Database,
    options: EngineOptions,
  ) {
    this.partitionId = options.partitionId ?? 1;
    this.clock = new ControllableClock(options.clockControlled ?? false);
    setFeelClock(() => this.clock.now());
    this.processor = new StreamProcessor({
      db,
      keys: new KeyGenerator(this.partitionId),
      definitions: this.definitions,
      now: () => this.clock.now(),
      awaitedInstances: this.awaitedInstances,
      onCommitted: (effects) => this.dispatch(effects),
      backpressure: options.backpressure,
      maxBatchSize: options.maxBatchSize,
    });
    const interval = options.dueCheckIntervalMs ?? 1_000;
    this.dueTimer = setInterval(() => {
      if (!this.dueCheckPending) {
        this.dueCheckPending = true;
        void this.checkDueWork().finally(() => (this.dueCheckPending = false));
      }
    }, interval);
    this.dueTimer.unref();
    this.clock.onChange(() => void this.checkDueWork());
  }

  /** a command that finishes work or that the engine gives itself: never refused, processed first */
  private run<T>(handler: CommandHandler<T>, options?: SubmitOptions): Promise<Result<T, Rejection>> {
    return this.processor.submit(handler, options);
  }

  /** a command that brings new work: refused with RESOURCE_EXHAUSTED while the engine is behind */
  private runNewWork<T>(handler: CommandHandler<T>, options: Omit<SubmitOptions, 'limited'> = {}): Promise<Result<T, Rejection>> {
    return this.processor.submit(handler, { ...options, limited: true });
  }

  /** batches and commands processed, new work refused */
  get processingStats(): StreamProcessorStats {
    return this.processor.stats;
  }

  deploy(resources: { name: string; content: Buffer }[], tenantId?: string) {
    return this.run((ctx) => createDeployment(ctx, resources, normaliseTenant(tenantId)));
  }

  createProcessInstance(input: CreateProcessInstanceInput) {
    return this.runNewWork((ctx) => createProcessInstance(ctx, { ...input, tenantId: normaliseTenant(input.tenantId) }, false), { overloadMessage: OVERLOADED_ALL_PARTITIONS });
  }

  async createProcessInstanceWithResult(
    input: CreateProcessInstanceInput,
    options: { requestTimeoutMs: number; fetchVariables?: string[] },
  ): Promise<Result<CompletedProcessInstance, Rejection>> {
    let awaiter!: Promise<Result<CompletedProcessInstance, Rejection>>;
    const created = await this.runNewWork(async (ctx) => {
      const result = await createProcessInstance(ctx, { ...input, tenantId: normaliseTenant(input.tenantId) }, true);
      // registered before the batch's side effects run, so an instance that completes in
      // the same batch still reaches this client
      if (result.ok) {
        awaiter = new Promise((resolve) =>
          this.awaiters.set(result.value.processInstanceKey, { resolve, created: result.value, fetchVariables: options.fetchVariables }),
        );
      }
      return result;
    }, { overloadMessage: OVERLOADED_ALL_PARTITIONS });
    if (!created.ok) return created;
    const key = created.value.processInstanceKey;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimeoutError(options.requestTimeoutMs)), options.requestTimeoutMs);
    });
    try {
      return await Promise.race([awaiter, timeout]);
    } finally {
      clearTimeout(timer);
      this.awaiters.delete(key);
      this.awaitedInstances.delete(key);
    }
  }

  cancelProcessInstance(processInstanceKey: string) {
    return this.run(async (ctx) => {
      const result = await cancelProcessInstance(ctx, processInstanceKey);
      if (!result.ok) return result;
      ctx.followUps.push(result.value);
      return ok(undefined);
    });
  }

  setVariables(input: { elementInstanceKey: string; variables: Variables; local: boolean }) {
    return this.runNewWork((ctx) => updateVariableDocument(ctx, input));
  }

  /**
   * Not refused under back-pressure (Zeebe's is): activation is how queued work gets finished,
   * and a worker refused backs off for seconds. `stillWanted` is asked when the command is
   * processed, after its wait in the queue: a call that has gone meanwhile activates nothing.
   */
  activateJobs(input: ActivateJobsInput, options: ActivateJobsOptions = {}) {
    const { stillWanted } = options;
    return this.run((ctx) => (stillWanted && !stillWanted() ? Promise.resolve(ok([])) : activateJobs(ctx, input)));
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    let set = this.jobListeners.get(type);
    if (!set) this.jobListeners.set(type, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.jobListeners.delete(type);
    };
  }

  completeJob(jobKey: string, variables: Variables = {}) {
    return this.run((ctx) => completeJob(ctx, jobKey, variables), { readAhead: { jobKey, variables: hasAny(variables) } });
  }

  failJob(input: { jobKey: string; retries: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }) {
    return this.run(
      (ctx) =>
        failJob(ctx, { jobKey: input.jobKey, retries: input.retries, errorMessage: input.errorMessage ?? '', retryBackOff: input.retryBackOff ?? 0, variables: input.variables ?? {} }),
      { readAhead: { jobKey: input.jobKey } },
    );
  }

  throwError(input: { jobKey: string; errorCode: string; errorMessage?: string; variables?: Variables }) {
    return this.run(
      (ctx) => throwJobError(ctx, { jobKey: input.jobKey, errorCode: input.errorCode, errorMessage: input.errorMessage ?? '', variables: input.variables ?? {} }),
      { readAhead: { jobKey: input.jobKey, variables: hasAny(input.variables ?? {}) } },
    );
  }

  updateJobRetries(jobKey: string, retries: number) {
    return this.runNewWork((ctx) => updateJobRetries(ctx, jobKey, retries), { readAhead: { jobKey } });
  }

  updateJobTimeout(jobKey: string, timeoutMs: number) {
    return this.runNewWork((ctx) => updateJobTimeout(ctx, jobKey, timeoutMs), { readAhead: { jobKey } });
  }

  /**
   * A modification Zeebe refuses half-way (an ambiguous or unsupported flow scope) throws, so its
   * batch rolls back; the command is then logged again with its rejection.
   */
  async modifyProcessInstance(input: ModifyProcessInstanceInput): Promise<Result<void, Rejection>> {
    try {
      return await this.runNewWork((ctx) => modifyProcessInstance(ctx, input));
    } catch (error) {
      if (!(error instanceof ActivationRefused)) throw error;
      const rejection: Rejection = { intent: 'MODIFY', type: 'INVALID_ARGUMENT', reason: error.message };
      return this.run(async (ctx) => rejectModification(ctx, modificationCommandValue(input), rejection, true));
    }
  }

  resolveIncident(incidentKey: string) {
    return this.runNewWork((ctx) => resolveIncident(ctx, incidentKey));
  }

  publishMessage(input: PublishMessageInput) {
    const message = { ...input, messageId: input.messageId ?? '', variables: input.variables ?? {}, tenantId: normaliseTenant(input.tenantId) };
    return this.runNewWork((ctx) => publishMessage(ctx, message));
  }

  correlateMessage(input: CorrelateMessageInput) {
    const message = { name: input.name, correlationKey: input.correlationKey ?? '', variables: input.variables ?? {}, tenantId: normaliseTenant(input.tenantId) };
    return this.runNewWork((ctx) => correlateMessageCommand(ctx, message));
  }

  broadcastSignal(input: BroadcastSignalInput) {
    return this.runNewWork((ctx) => broadcastSignal(ctx, { signalName: input.signalName, variables: input.variables ?? {}, tenantId: normaliseTenant(input.tenantId) }));
  }

  deleteResource(resourceKey: string, tenantId?: string) {
    return this.runNewWork((ctx) => deleteResource(ctx, resourceKey, normaliseTenant(tenantId)));
  }

  evaluateDecision(input: EvaluateDecisionInput) {
    return this.runNewWork((ctx) => evaluateDecisionCommand(ctx, { ...input, tenantId: normaliseTenant(input.tenantId) }));
  }

  assignUserTask(userTaskKey: string, assignee: string, options: { allowOverride?: boolean; action?: string } = {}) {
    return this.runNewWork((ctx) => assignUserTask(ctx, { userTaskKey, assignee, allowOverride: options.allowOverride ?? true, action: options.action }));
  }

  unassignUserTask(userTaskKey: string, options: { action?: string } = {}) {
    return this.runNewWork((ctx) => assignUserTask(ctx, { userTaskKey, assignee: '', allowOverride: true, action: options.action || 'unassign' }));
  }

  completeUserTask(userTaskKey: string, variables: Variables = {}, action?: string) {
    return this.run((ctx) => completeUserTask(ctx, userTaskKey, variables, action));
  }

  updateUserTask(userTaskKey: string, changeset: UserTaskChangeset, action?: string) {
    return this.runNewWork((ctx) => updateUserTask(ctx, userTaskKey, changeset, action));
  }

  /**
   * Finds jobs whose deadline or back-off has passed and processes their commands. A call made
   * while a check runs waits for it and then checks again, so the caller sees the new time.
   */
  checkDueWork(): Promise<void> {
    const run = (this.dueCheck ?? Promise.resolve()).then(() => this.runDueCheck());
    this.dueCheck = run;
    return run;
  }

  private async runDueCheck(): Promise<void> {
    try {
      const now = this.clock.now();
      // a timer that fires may schedule the next one, due already on a clock moved far ahead:
      // repeat (bounded) until nothing is due
      for (let round = 0; round < 100; round++) {
        const due = await this.db.query<{ key: string; kind: string }>(
          `(SELECT key, 'timeout' AS kind, deadline AS due FROM engine.job WHERE state = 'ACTIVATED' AND deadline <= $1 ORDER BY deadline LIMIT 500)
           UNION ALL
           (SELECT key, 'backoff', recur_at FROM engine.job WHERE state = 'BACKOFF' AND recur_at <= $1 ORDER BY recur_at LIMIT 500)
           UNION ALL
           (SELECT key, 'timer', due_date FROM engine.timer WHERE state = 'ACTIVE' AND due_date <= $1 ORDER BY due_date, key LIMIT 500)
           UNION ALL
           (SELECT key, 'message', deadline FROM engine.message WHERE state = 'PUBLISHED' AND deadline <= $1 ORDER BY deadline, key LIMIT 500)
           ORDER BY due, key`,
          [now],
        );
        if (due.length === 0) return;
        // in due order: a six-month check fires before a five-year deadline
        await Promise.all(
          due.map((item) =>
            this.run((ctx) => DUE_COMMANDS[item.kind]!(ctx, item.key), item.kind === 'timeout' || item.kind === 'backoff' ? { readAhead: { jobKey: item.key } } : undefined).catch(() => undefined),
          ),
        );
      }
    } catch {
      // the next tick tries again (e.g. the database restarting)
    }
  }

  private dispatch(effects: SideEffects): void {
    if (effects.timersChanged) queueMicrotask(() => void this.checkDueWork());
    for (const type of effects.jobTypesAvailable) for (const l of this.jobListeners.get(type) ?? []) l();
    for (const [key, { variables }] of effects.completedProcessInstances) {
      const awaiter = this.awaiters.get(key);
      if (!awaiter) continue;
      const names = awaiter.fetchVariables;
      const picked = names && names.length > 0 ? Object.fromEntries(Object.entries(variables).filter(([n]) => names.includes(n))) : variables;
      awaiter.resolve(ok({ ...awaiter.created, variables: picked }));
    }
    for (const key of effects.terminatedProcessInstances) {
      this.awaiters.get(key)?.resolve(
        err({ intent: 'CREATE_WITH_AWAITING_RESULT', type: 'PROCESSING_ERROR', reason: `Expected to receive the result of process instance '${key}', but it was terminated` }),
      );
    }
  }

  async close(): Promise<void> {
    clearInterval(this.dueTimer);
    await this.processor.close();
    await this.dueCheck;
    await this.db.close();
  }
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const db = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  await migrate(db);
  return new Engine(db, options);
}
