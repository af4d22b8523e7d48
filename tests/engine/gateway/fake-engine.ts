/**
 * TEST DOUBLE. A small in-memory stand-in for `EngineApi`, used only by the gateway tests
 * to pin the translation layer (protocol ↔ engine commands) without the real engine.
 * It knows nothing of BPMN beyond finding `<bpmn:process id="…">` in a resource; jobs are
 * created by the test (`createJob`), and every engine call is recorded (`calls`).
 * Its rejection texts imitate Zeebe's, so that the tests can follow them to the clients.
 */
import type {
  ActivatedJob,
  ActivateJobsInput,
  CompletedProcessInstance,
  CreatedProcessInstance,
  CreateProcessInstanceInput,
  DecisionEvaluationResult,
  EvaluateDecisionInput,
  UserTaskChangeset,
  DeployedProcess,
  DeployResourceInput,
  DeploymentResult,
  EngineApi,
  EngineClock,
  ModifyProcessInstanceInput,
  Rejection,
  RejectionType,
  Variables,
  BroadcastedSignal,
  BroadcastSignalInput,
  PublishedMessage,
  PublishMessageInput,
  CorrelateMessageInput,
  CorrelatedMessage,
} from '../../../engine/src/engine-api.js';
import { err, ok, type Result } from '../../../engine/src/util/result.js';

interface FakeJob {
  key: string;
  type: string;
  state: 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED';
  retries: number;
  processInstanceKey: string;
  variables: Variables;
  customHeaders: Record<string, string>;
}

type Call = { command: string; input: unknown };

export class FakeEngine implements EngineApi {
  readonly partitionId = 1;
  readonly clock: EngineClock = fakeClock();
  /** every command the gateway sent, in order */
  readonly calls: Call[] = [];
  /** the jobs that were handed out by activateJobs */
  readonly activated: ActivatedJob[] = [];
  /** keys of the process instances created, in order */
  readonly createdInstances: string[] = [];
  /** when set, activateJobs waits for it before activating (to cancel a call mid-activation) */
  activationGate: Promise<void> | undefined;
  /** when set, the next command throws this instead of answering */
  throwOnNextCommand: Error | undefined;

  private nextKey = 2251799813685249n;
  private readonly processes: DeployedProcess[] = [];
  private readonly instances = new Map<string, CreatedProcessInstance & { variables: Variables }>();
  private readonly awaitingResult = new Map<string, (variables: Variables) => void>();
  private readonly jobs = new Map<string, FakeJob>();
  private readonly listeners = new Map<string, Set<() => void>>();

  async deploy(resources: DeployResourceInput[], tenantId = '<default>'): Promise<Result<DeploymentResult, Rejection>> {
    this.record('deploy', { resources, tenantId });
    if (resources.length === 0) {
      return this.reject('CREATE', 'INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
    }
    const deployed: DeployedProcess[] = [];
    for (const resource of resources) {
      for (const [, bpmnProcessId] of resource.content.toString('utf8').matchAll(/<bpmn:process id="([^"]+)"/g)) {
        const version = this.processes.filter((p) => p.bpmnProcessId === bpmnProcessId).length + 1;
        const process = { bpmnProcessId: bpmnProcessId!, version, processDefinitionKey: this.key(), resourceName: resource.name, tenantId };
        this.processes.push(process);
        deployed.push(process);
      }
    }
    return ok({ key: this.key(), tenantId, processes: deployed, decisions: [], decisionRequirements: [], forms: [] });
  }

  async createProcessInstance(input: CreateProcessInstanceInput): Promise<Result<CreatedProcessInstance, Rejection>> {
    this.record('createProcessInstance', input);
    const process = this.findProcess(input);
    if (!process) {
      return this.reject('CREATE', 'NOT_FOUND', `Expected to find process definition with process ID '${input.bpmnProcessId}', but none found`);
    }
    const instance = {
      processDefinitionKey: process.processDefinitionKey,
      bpmnProcessId: process.bpmnProcessId,
      version: process.version,
      processInstanceKey: this.key(),
      tenantId: process.tenantId,
      variables: input.variables ?? {},
    };
    this.instances.set(instance.processInstanceKey, instance);
    this.createdInstances.push(instance.processInstanceKey);
    const { variables: _, ...created } = instance;
    return ok(created);
  }

  async createProcessInstanceWithResult(
    input: CreateProcessInstanceInput,
    options: { requestTimeoutMs: number; fetchVariables?: string[] },
  ): Promise<Result<CompletedProcessInstance, Rejection>> {
    this.record('createProcessInstanceWithResult', { input, options });
    const created = await this.createProcessInstance(input);
    if (!created.ok) return created;
    const variables = await new Promise<Variables>((resolve) => this.awaitingResult.set(created.value.processInstanceKey, resolve));
    return ok({ ...created.value, variables });
  }

  /** Lets an instance created "with result" complete with these variables. */
  completeInstance(processInstanceKey: string, variables: Variables): void {
    this.awaitingResult.get(processInstanceKey)?.(variables);
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<Result<void, Rejection>> {
    this.record('cancelProcessInstance', processInstanceKey);
    if (!this.instances.delete(processInstanceKey)) {
      return this.reject('CANCEL', 'NOT_FOUND', `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
    }
    return ok(undefined);
  }

  async modifyProcessInstance(input: ModifyProcessInstanceInput): Promise<Result<void, Rejection>> {
    this.record('modifyProcessInstance', input);
    if (!this.instances.has(input.processInstanceKey)) {
      return this.reject('MODIFY', 'NOT_FOUND', `Expected to modify process instance but no process instance found with key '${input.processInstanceKey}'`);
    }
    return ok(undefined);
  }

  async setVariables(input: { elementInstanceKey: string; variables: Variables; local: boolean }): Promise<Result<{ key: string }, Rejection>> {
    this.record('setVariables', input);
    const instance = this.instances.get(input.elementInstanceKey);
    if (!instance) {
      return this.reject('UPDATE', 'NOT_FOUND', `Expected to update variables for element with key '${input.elementInstanceKey}', but no such element was found`);
    }
    Object.assign(instance.variables, input.variables);
    return ok({ key: this.key() });
  }

  /** Creates an activatable job of `type` and tells the waiting activations. */
  createJob(type: string, variables: Variables = {}, customHeaders: Record<string, string> = {}): string {
    const key = this.key();
    this.jobs.set(key, { key, type, state: 'ACTIVATABLE', retries: 3, processInstanceKey: this.key(), variables, customHeaders });
    for (const listener of this.listeners.get(type) ?? []) listener();
    return key;
  }

  jobState(jobKey: string): FakeJob['state'] | 'COMPLETED' {
    return this.jobs.get(jobKey)?.state ?? 'COMPLETED';
  }

  async activateJobs(input: ActivateJobsInput): Promise<Result<ActivatedJob[], Rejection>> {
    this.record('activateJobs', input);
    if (input.type.trim() === '') {
      return this.reject('ACTIVATE', 'INVALID_ARGUMENT', "Expected to activate job batch with type to be present, but it was blank");
    }
    if (this.activationGate) await this.activationGate;
    const available = [...this.jobs.values()].filter((job) => job.type === input.type && job.state === 'ACTIVATABLE');
    const batch = available.slice(0, input.maxJobsToActivate).map((job) => {
      job.state = 'ACTIVATED';
      return this.toActivatedJob(job, input);
    });
    this.activated.push(...batch);
    return ok(batch);
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    const listeners = this.listeners.get(type) ?? new Set();
    listeners.add(listener);
    this.listeners.set(type, listeners);
    return () => listeners.delete(listener);
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  async completeJob(jobKey: string, variables?: Variables): Promise<Result<void, Rejection>> {
    this.record('completeJob', { jobKey, variables });
    const job = this.jobs.get(jobKey);
    if (!job) return this.reject('COMPLETE', 'NOT_FOUND', `Expected to complete job with key '${jobKey}', but no such job was found`);
    if (job.state !== 'ACTIVATED') {
      return this.reject('COMPLETE', 'INVALID_STATE', `Expected to complete job with key '${jobKey}', but it is in state '${job.state}'`);
    }
    this.jobs.delete(jobKey);
    return ok(undefined);
  }

  async failJob(input: { jobKey: string; retries: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }): Promise<Result<void, Rejection>> {
    this.record('failJob', input);
    const job = this.jobs.get(input.jobKey);
    if (!job) return this.reject('FAIL', 'NOT_FOUND', `Expected to fail job with key '${input.jobKey}', but no such job was found`);
    job.retries = input.retries;
    job.state = input.retries > 0 ? 'ACTIVATABLE' : 'FAILED';
    return ok(undefined);
  }

  async throwError(input: { jobKey: string; errorCode: string; errorMessage?: string; variables?: Variables }): Promise<Result<void, Rejection>> {
    this.record('throwError', input);
    if (!this.jobs.delete(input.jobKey)) {
      return this.reject('THROW_ERROR', 'NOT_FOUND', `Expected to throw an error for job with key '${input.jobKey}', but no such job was found`);
    }
    return ok(undefined);
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<Result<void, Rejection>> {
    this.record('updateJobRetries', { jobKey, retries });
    const job = this.jobs.get(jobKey);
    if (!job) return this.reject('UPDATE_RETRIES', 'NOT_FOUND', `Expected to update retries for job with key '${jobKey}', but no such job was found`);
    job.retries = retries;
    return ok(undefined);
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<Result<void, Rejection>> {
    this.record('updateJobTimeout', { jobKey, timeoutMs });
    if (!this.jobs.has(jobKey)) {
      return this.reject('UPDATE_TIMEOUT', 'NOT_FOUND', `Expected to update job deadline with key '${jobKey}', but no such job was found`);
    }
    return ok(undefined);
  }

  async resolveIncident(incidentKey: string): Promise<Result<void, Rejection>> {
    this.record('resolveIncident', incidentKey);
    return this.reject('RESOLVE', 'NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  }

  // decisions and user tasks: the fake knows none
  async evaluateDecision(input: EvaluateDecisionInput): Promise<Result<DecisionEvaluationResult, Rejection>> {
    this.record('evaluateDecision', input);
    const id = input.decisionId || input.decisionKey || '';
    return this.reject('EVALUATE', 'NOT_FOUND', `Expected to evaluate decision '${id}', but no decision found for id '${id}'`);
  }

  async assignUserTask(userTaskKey: string, assignee: string, options?: { allowOverride?: boolean; action?: string }): Promise<Result<void, Rejection>> {
    this.record('assignUserTask', { userTaskKey, assignee, options });
    return this.noUserTask('ASSIGN', 'assign', userTaskKey);
  }

  async unassignUserTask(userTaskKey: string, options?: { action?: string }): Promise<Result<void, Rejection>> {
    this.record('unassignUserTask', { userTaskKey, options });
    return this.noUserTask('ASSIGN', 'assign', userTaskKey);
  }

  async completeUserTask(userTaskKey: string, variables?: Variables, action?: string): Promise<Result<void, Rejection>> {
    this.record('completeUserTask', { userTaskKey, variables, action });
    return this.noUserTask('COMPLETE', 'complete', userTaskKey);
  }

  async updateUserTask(userTaskKey: string, changeset: UserTaskChangeset, action?: string): Promise<Result<void, Rejection>> {
    this.record('updateUserTask', { userTaskKey, changeset, action });
    return this.noUserTask('UPDATE', 'update', userTaskKey);
  }

  // messages and signals: the fake only acknowledges them
  async publishMessage(input: PublishMessageInput): Promise<Result<PublishedMessage, Rejection>> {
    this.record('publishMessage', input);
    return ok({ key: this.key(), tenantId: input.tenantId ?? '<default>' });
  }

  async correlateMessage(input: CorrelateMessageInput): Promise<Result<CorrelatedMessage, Rejection>> {
    this.record('correlateMessage', input);
    return ok({ key: this.key(), processInstanceKey: this.key(), tenantId: input.tenantId ?? '<default>' });
  }

  async deleteResource(resourceKey: string): Promise<Result<void, Rejection>> {
    this.record('deleteResource', { resourceKey });
    return ok(undefined);
  }

  async broadcastSignal(input: BroadcastSignalInput): Promise<Result<BroadcastedSignal, Rejection>> {
    this.record('broadcastSignal', input);
    return ok({ key: this.key(), tenantId: input.tenantId ?? '<default>' });
  }

  private noUserTask(intent: string, verb: string, userTaskKey: string) {
    return this.reject(intent, 'NOT_FOUND', `Expected to ${verb} user task with key '${userTaskKey}', but no such user task was found`);
  }

  commands(name: string): unknown[] {
    return this.calls.filter((call) => call.command === name).map((call) => call.input);
  }

  private record(command: string, input: unknown): void {
    this.calls.push({ command, input });
    const error = this.throwOnNextCommand;
    if (error) {
      this.throwOnNextCommand = undefined;
      throw error;
    }
  }

  private reject(intent: string, type: RejectionType, reason: string) {
    return err<Rejection>({ intent, type, reason });
  }

  private findProcess(input: CreateProcessInstanceInput): DeployedProcess | undefined {
    if (input.processDefinitionKey) return this.processes.find((p) => p.processDefinitionKey === input.processDefinitionKey);
    const versions = this.processes.filter((p) => p.bpmnProcessId === input.bpmnProcessId);
    if (input.version === undefined || input.version === -1) return versions.at(-1);
    return versions.find((p) => p.version === input.version);
  }

  private toActivatedJob(job: FakeJob, input: ActivateJobsInput): ActivatedJob {
    return {
      key: job.key,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: 'fake-process',
      processDefinitionVersion: 1,
      processDefinitionKey: '2251799813685248',
      elementId: 'task',
      elementInstanceKey: job.processInstanceKey,
      customHeaders: job.customHeaders,
      worker: input.worker,
      retries: job.retries,
      deadline: this.clock.now() + input.timeout,
      variables: job.variables,
      tenantId: '<default>',
    };
  }

  private key(): string {
    return String(this.nextKey++);
  }
}

function fakeClock(): EngineClock {
  let offset = 0;
  let pinned: number | undefined;
  return {
    controlled: false,
    now: () => (pinned ?? Date.now()) + offset,
    pin: (epochMilli) => {
      pinned = epochMilli;
      offset = 0;
    },
    add: (offsetMilli) => {
      offset += offsetMilli;
    },
    reset: () => {
      pinned = undefined;
      offset = 0;
    },
  };
}
