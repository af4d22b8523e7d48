/**
 * Appliers: the only code that changes engine state. Each event is applied to the unit of
 * work as it is written, so a processor reads its own writes.
 */
import type { BatchContext } from '../processing/batch-context.js';
import { isActivatedWithoutToken, linkCalledProcess, loopStateOf, setLoopState } from './element-instance-links.js';
import type { ProcessInstanceValue, ValueType } from '../processing/records.js';
import type { ElementInstanceRow, ElementState, IncidentRow, JobRow, TimerRow, UserTaskRow, VariableRow } from './tables.js';
import { parseDate } from '../model/date-time.js';
import { eventAppliers } from './event-appliers.js';

interface AppliedEvent {
  key: string;
  valueType: ValueType;
  intent: string;
  value: Record<string, unknown>;
}

type Applier = (ctx: BatchContext, event: AppliedEvent) => Promise<void>;

const appliers: Record<string, Applier> = {
  'PROCESS_INSTANCE:ELEMENT_ACTIVATING': elementActivating,
  'PROCESS_INSTANCE:ELEMENT_ACTIVATED': (ctx, e) => setElementState(ctx, e.key, 'ACTIVATED'),
  'PROCESS_INSTANCE:ELEMENT_COMPLETING': (ctx, e) => setElementState(ctx, e.key, 'COMPLETING'),
  'PROCESS_INSTANCE:ELEMENT_TERMINATING': (ctx, e) => setElementState(ctx, e.key, 'TERMINATING'),
  'PROCESS_INSTANCE:ELEMENT_COMPLETED': (ctx, e) => elementEnded(ctx, e.key, 'COMPLETED'),
  'PROCESS_INSTANCE:ELEMENT_TERMINATED': (ctx, e) => elementEnded(ctx, e.key, 'TERMINATED'),
  'PROCESS_INSTANCE:SEQUENCE_FLOW_TAKEN': sequenceFlowTaken,

  'JOB:CREATED': jobCreated,
  'JOB_BATCH:ACTIVATED': async (ctx, e) => {
    for (const key of e.value.jobKeys as string[]) {
      await updateJob(ctx, key, { state: 'ACTIVATED', worker: e.value.worker as string, deadline: Number(e.value.deadline) });
    }
  },
  'JOB:COMPLETED': (ctx, e) => updateJob(ctx, e.key, { state: 'COMPLETED' }),
  'JOB:FAILED': jobFailed,
  'JOB:TIMED_OUT': (ctx, e) => updateJob(ctx, e.key, { state: 'ACTIVATABLE', worker: '', deadline: null }),
  'JOB:RETRIES_UPDATED': (ctx, e) => updateJob(ctx, e.key, { retries: e.value.retries as number }),
  'JOB:TIMEOUT_UPDATED': (ctx, e) => updateJob(ctx, e.key, { deadline: Number(e.value.deadline) }),
  'JOB:RECURRED_AFTER_BACKOFF': (ctx, e) => updateJob(ctx, e.key, { state: 'ACTIVATABLE', recurAt: null, worker: '', deadline: null }),
  'JOB:ERROR_THROWN': (ctx, e) =>
    updateJob(ctx, e.key, { state: 'ERROR_THROWN', errorCode: e.value.errorCode as string, errorMessage: e.value.errorMessage as string }),
  'JOB:CANCELED': (ctx, e) => updateJob(ctx, e.key, { state: 'CANCELED' }),

  'DEPLOYMENT:CREATED': deploymentCreated,
  'PROCESS:CREATED': processCreated,

  'INCIDENT:CREATED': incidentCreated,
  'INCIDENT:RESOLVED': incidentResolved,

  'TIMER:CREATED': timerCreated,
  'TIMER:TRIGGERED': (ctx, e) => updateTimer(ctx, e.key, 'TRIGGERED'),
  'TIMER:CANCELED': (ctx, e) => updateTimer(ctx, e.key, 'CANCELED'),

  'VARIABLE:CREATED': variableWritten,
  'VARIABLE:UPDATED': variableWritten,

  'USER_TASK:CREATING': userTaskCreating,
  'USER_TASK:CREATED': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CREATED', assignee: (e.value.assignee as string) || null }),
  'USER_TASK:ASSIGNING': (ctx, e) => updateUserTask(ctx, e.key, { state: 'ASSIGNING' }),
  'USER_TASK:CLAIMING': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CLAIMING' }),
  'USER_TASK:ASSIGNED': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CREATED', assignee: (e.value.assignee as string) || null }),
  'USER_TASK:UPDATING': (ctx, e) => updateUserTask(ctx, e.key, { state: 'UPDATING' }),
  'USER_TASK:UPDATED': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CREATED', ...userTaskAttributes(e.value) }),
  'USER_TASK:COMPLETING': (ctx, e) => updateUserTask(ctx, e.key, { state: 'COMPLETING' }),
  'USER_TASK:COMPLETED': (ctx, e) => updateUserTask(ctx, e.key, { state: 'COMPLETED', completionDate: ctx.now }),
  'USER_TASK:CANCELING': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CANCELING' }),
  'USER_TASK:CANCELED': (ctx, e) => updateUserTask(ctx, e.key, { state: 'CANCELED', completionDate: ctx.now }),

  'DECISION_REQUIREMENTS:CREATED': decisionRequirementsCreated,
  'DECISION:CREATED': decisionCreated,
  'FORM:CREATED': formCreated,

  'COMPENSATION_SUBSCRIPTION:CREATED': async (ctx, e) => {
    const v = e.value;
    await ctx.uow.tx.query(
      `INSERT INTO engine.compensation_subscription (key, state, process_instance_key, process_definition_key, compensable_activity_id,
         compensable_activity_instance_key, compensable_activity_scope_key, compensation_handler_id, tenant_id)
       VALUES ($1, 'CREATED', $2, $3, $4, $5, $6, $7, $8)`,
      [e.key, v.processInstanceKey, v.processDefinitionKey, v.compensableActivityId, v.compensableActivityInstanceKey, v.compensableActivityScopeKey, v.compensationHandlerId, v.tenantId],
    );
  },
  'COMPENSATION_SUBSCRIPTION:TRIGGERED': async (ctx, e) => {
    const v = e.value;
    await ctx.uow.tx.query(
      `UPDATE engine.compensation_subscription SET state = 'TRIGGERED', throw_event_id = $2, throw_event_instance_key = $3, compensation_handler_instance_key = $4 WHERE key = $1`,
      [e.key, v.throwEventId, v.throwEventInstanceKey, v.compensationHandlerInstanceKey],
    );
  },
  'COMPENSATION_SUBSCRIPTION:COMPLETED': (ctx, e) => setCompensationState(ctx, e.key, 'COMPLETED'),
  'COMPENSATION_SUBSCRIPTION:DELETED': (ctx, e) => setCompensationState(ctx, e.key, 'DELETED'),

  // DeleteResource: definitions stay (history, version numbers), marked deleted
  'PROCESS:DELETED': async (ctx, e) => {
    await ctx.uow.tx.query(`UPDATE engine.process_definition SET deleted = true WHERE key = $1`, [e.value.processDefinitionKey]);
    ctx.definitions.forgetLatest({ bpmnProcessId: e.value.bpmnProcessId as string, tenantId: e.value.tenantId as string });
  },
  'DECISION:DELETED': async (ctx, e) => {
    await ctx.uow.tx.query(`UPDATE engine.decision SET deleted = true WHERE key = $1`, [e.value.decisionKey]);
  },
  'DECISION_REQUIREMENTS:DELETED': async (ctx, e) => {
    await ctx.uow.tx.query(`UPDATE engine.decision_requirements SET deleted = true WHERE key = $1`, [e.value.decisionRequirementsKey]);
  },
  'FORM:DELETED': async (ctx, e) => {
    await ctx.uow.tx.query(`UPDATE engine.form SET deleted = true WHERE key = $1`, [e.value.formKey]);
  },

  ...eventAppliers,
};

async function setCompensationState(ctx: BatchContext, key: string, state: string): Promise<void> {
  await ctx.uow.tx.query(`UPDATE engine.compensation_subscription SET state = $2 WHERE key = $1`, [key, state]);
}

export async function applyEvent(ctx: BatchContext, event: AppliedEvent): Promise<void> {
  await appliers[`${event.valueType}:${event.intent}`]?.(ctx, event);
}

async function mustGetElement(ctx: BatchContext, key: string): Promise<ElementInstanceRow> {
  const row = await ctx.uow.getElementInstance(key);
  if (!row) throw new Error(`element instance ${key} not found while applying an event`);
  return row;
}

async function elementActivating(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value as unknown as ProcessInstanceValue;
  const flowScopeKey = v.flowScopeKey === '-1' ? null : v.flowScopeKey;
  const row: ElementInstanceRow = {
    key: e.key,
    processInstanceKey: v.processInstanceKey,
    processDefinitionKey: v.processDefinitionKey,
    bpmnProcessId: v.bpmnProcessId,
    version: v.version,
    elementId: v.elementId,
    elementType: v.bpmnElementType,
    eventType: v.bpmnEventType,
    flowScopeKey,
    state: 'ACTIVATING',
    activeChildren: 0,
    activeTokens: 0,
    takenFlows: null,
    jobKey: null,
    incidentKey: null,
    interruptedBy: null,
    tenantId: v.tenantId,
    startTime: ctx.now,
    endTime: null,
    parentProcessInstanceKey: v.parentProcessInstanceKey ?? '-1',
    parentElementInstanceKey: v.parentElementInstanceKey ?? '-1',
    calledChildInstanceKey: null,
    loopCounter: 0,
    completedInstances: 0,
    terminatedInstances: 0,
  };
  ctx.uow.elementInstances.put(row);
  if (v.bpmnElementType === 'PROCESS' && v.parentElementInstanceKey && v.parentElementInstanceKey !== '-1') {
    const callActivity = await mustGetElement(ctx, v.parentElementInstanceKey);
    linkCalledProcess(row, callActivity);
    ctx.uow.elementInstances.put(callActivity);
  }
  if (!flowScopeKey) return;
  const scope = await mustGetElement(ctx, flowScopeKey);
  scope.activeChildren++;
  // an inner instance of a multi-instance body: the body counts it, and it learns its loop counter
  const inner = scope.elementType === 'MULTI_INSTANCE_BODY';
  if (inner) {
    const loopCounter = loopStateOf(scope).loopCounter + 1;
    setLoopState(scope, { loopCounter });
    setLoopState(row, { loopCounter });
  }
  // A token that arrived by a sequence flow is consumed; a parallel join consumes one per incoming flow.
  const definition = await ctx.definitions.get(ctx.uow.tx, v.processDefinitionKey);
  const element = definition?.process.elements.get(v.elementId);
  if (element && element.incoming.length > 0 && element.type !== 'BOUNDARY_EVENT' && !inner && !isActivatedWithoutToken(ctx, e.key)) {
    if (isJoin(element)) {
      const taken = scope.takenFlows?.[element.id] ?? {};
      // an inclusive join consumes the tokens that arrived, one per flow (see inclusive-join.behavior.ts)
      const consumed = element.type === 'INCLUSIVE_GATEWAY' ? element.incoming.filter((id) => (taken[id] ?? 0) > 0) : element.incoming;
      for (const flowId of consumed) {
        taken[flowId] = (taken[flowId] ?? 0) - 1;
        if (taken[flowId] === 0) delete taken[flowId];
      }
      scope.takenFlows = { ...scope.takenFlows, [element.id]: taken };
      scope.activeTokens -= consumed.length;
    } else {
      scope.activeTokens--;
    }
  }
  ctx.uow.elementInstances.put(scope);
}

/** parallel and inclusive gateways with several incoming flows count their tokens per flow */
const isJoin = (element: { type: string; incoming: string[] }) =>
  (element.type === 'PARALLEL_GATEWAY' || element.type === 'INCLUSIVE_GATEWAY') && element.incoming.length > 1;

async function setElementState(ctx: BatchContext, key: string, state: ElementState): Promise<void> {
  const row = await mustGetElement(ctx, key);
  row.state = state;
  ctx.uow.elementInstances.put(row);
}

async function elementEnded(ctx: BatchContext, key: string, state: 'COMPLETED' | 'TERMINATED'): Promise<void> {
  const row = await mustGetElement(ctx, key);
  row.state = state;
  row.endTime = ctx.now;
  ctx.uow.elementInstances.put(row);
  if (!row.flowScopeKey) return;
  const scope = await mustGetElement(ctx, row.flowScopeKey);
  scope.activeChildren--;
  if (scope.elementType === 'MULTI_INSTANCE_BODY') {
    const counts = loopStateOf(scope);
    setLoopState(scope, state === 'COMPLETED' ? { completed: counts.completed + 1 } : { terminated: counts.terminated + 1 });
  }
  ctx.uow.elementInstances.put(scope);
}

async function sequenceFlowTaken(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value as unknown as ProcessInstanceValue & { targetElementId?: string };
  const scope = await mustGetElement(ctx, v.flowScopeKey);
  scope.activeTokens++;
  const definition = await ctx.definitions.get(ctx.uow.tx, v.processDefinitionKey);
  const flow = definition?.process.sequenceFlows.get(v.elementId);
  const target = flow && definition?.process.elements.get(flow.targetId);
  if (target && isJoin(target)) {
    const taken = { ...(scope.takenFlows?.[target.id] ?? {}) };
    taken[v.elementId] = (taken[v.elementId] ?? 0) + 1;
    scope.takenFlows = { ...scope.takenFlows, [target.id]: taken };
  }
  ctx.uow.elementInstances.put(scope);
}

async function jobCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: JobRow = {
    key: e.key,
    type: v.type as string,
    state: 'ACTIVATABLE',
    retries: v.retries as number,
    worker: '',
    deadline: null,
    recurAt: null,
    errorMessage: '',
    errorCode: '',
    customHeaders: v.customHeaders as Record<string, string>,
    elementInstanceKey: v.elementInstanceKey as string,
    elementId: v.elementId as string,
    processInstanceKey: v.processInstanceKey as string,
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    version: v.processDefinitionVersion as number,
    tenantId: v.tenantId as string,
  };
  ctx.uow.jobs.put(row);
  const element = await mustGetElement(ctx, row.elementInstanceKey);
  element.jobKey = row.key;
  ctx.uow.elementInstances.put(element);
}

async function updateJob(ctx: BatchContext, key: string, changes: Partial<JobRow>): Promise<void> {
  const row = await ctx.uow.getJob(key);
  if (!row) throw new Error(`job ${key} not found while applying an event`);
  Object.assign(row, changes);
  ctx.uow.jobs.put(row);
}

async function jobFailed(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const retries = e.value.retries as number;
  const backoff = Number(e.value.retryBackoff ?? 0);
  await updateJob(ctx, e.key, {
    retries,
    errorMessage: e.value.errorMessage as string,
    worker: '',
    deadline: null,
    ...(retries <= 0 ? { state: 'FAILED' } : backoff > 0 ? { state: 'BACKOFF', recurAt: ctx.now + backoff } : { state: 'ACTIVATABLE' }),
  });
}

async function incidentCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: IncidentRow = {
    key: e.key,
    state: 'ACTIVE',
    errorType: v.errorType as string,
    errorMessage: v.errorMessage as string,
    processInstanceKey: v.processInstanceKey as string,
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    elementId: v.elementId as string,
    elementInstanceKey: v.elementInstanceKey as string,
    variableScopeKey: v.variableScopeKey as string,
    jobKey: v.jobKey === '-1' ? null : (v.jobKey as string),
    tenantId: v.tenantId as string,
    createdAt: ctx.now,
  };
  ctx.uow.incidents.put(row);
  const element = await mustGetElement(ctx, row.elementInstanceKey);
  element.incidentKey = row.key;
  ctx.uow.elementInstances.put(element);
}

async function incidentResolved(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const row = await ctx.uow.getIncident(e.key);
  if (!row) throw new Error(`incident ${e.key} not found while applying an event`);
  row.state = 'RESOLVED';
  ctx.uow.incidents.put(row);
  // As in Zeebe, resolving a job's incident makes the job activatable again once it has retries.
  if (row.jobKey) {
    const job = await ctx.uow.getJob(row.jobKey);
    if (job && (job.state === 'FAILED' || job.state === 'ERROR_THROWN') && job.retries > 0) {
      Object.assign(job, { state: 'ACTIVATABLE', worker: '', deadline: null });
      ctx.uow.jobs.put(job);
    }
  }
  const element = await ctx.uow.getElementInstance(row.elementInstanceKey);
  if (element && element.incidentKey === row.key) {
    element.incidentKey = null;
    ctx.uow.elementInstances.put(element);
  }
}

async function variableWritten(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: VariableRow = {
    key: e.key,
    scopeKey: v.scopeKey as string,
    processInstanceKey: v.processInstanceKey as string,
    name: v.name as string,
    value: v.value as string,
    tenantId: v.tenantId as string,
  };
  ctx.uow.putVariable(row);
}

/** deployments are rare: written straight through, not batched */
async function deploymentCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const tenantId = e.value.tenantId as string;
  await ctx.uow.tx.query(`INSERT INTO engine.deployment (key, tenant_id, created_at) VALUES ($1, $2, $3)`, [e.key, tenantId, ctx.now]);
  for (const r of e.value.resources as { resourceKey: string; resourceName: string; checksum: string; content: string }[]) {
    await ctx.uow.tx.query(
      `INSERT INTO engine.resource (key, deployment_key, resource_name, resource_type, checksum, content, tenant_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.resourceKey, e.key, r.resourceName, resourceType(r.resourceName), r.checksum, r.content, tenantId],
    );
  }
}

async function processCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  await ctx.uow.tx.query(
    `INSERT INTO engine.process_definition (key, bpmn_process_id, name, version, resource_name, resource_key, checksum, deployment_key, version_tag, tenant_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [e.key, v.bpmnProcessId, v.name, v.version, v.resourceName, v.resourceKey, v.checksum, v.deploymentKey, v.versionTag || null, v.tenantId, ctx.now],
  );
}

async function timerCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: TimerRow = {
    key: e.key,
    state: 'ACTIVE',
    elementInstanceKey: v.elementInstanceKey === '-1' ? null : (v.elementInstanceKey as string),
    processInstanceKey: v.processInstanceKey === '-1' ? null : (v.processInstanceKey as string),
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    targetElementId: v.targetElementId as string,
    dueDate: Number(v.dueDate),
    repetitions: v.repetitions as number,
    tenantId: v.tenantId as string,
  };
  ctx.uow.timers.put(row);
}

async function updateTimer(ctx: BatchContext, key: string, state: TimerRow['state']): Promise<void> {
  const row = await ctx.uow.getTimer(key);
  if (!row) throw new Error(`timer ${key} not found while applying an event`);
  row.state = state;
  ctx.uow.timers.put(row);
}

/** the kind of a deployed resource, by its name as Zeebe tells them apart */
const resourceType = (name: string) => (/\.dmn$/i.test(name) ? 'dmn' : /\.form$/i.test(name) ? 'form' : 'bpmn');

async function decisionRequirementsCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  await ctx.uow.tx.query(
    `INSERT INTO engine.decision_requirements (key, decision_requirements_id, name, version, resource_name, resource_key, checksum, deployment_key, tenant_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.key, v.decisionRequirementsId, v.decisionRequirementsName, v.decisionRequirementsVersion, v.resourceName, v.resourceKey, v.checksum, v.deploymentKey, v.tenantId],
  );
}

async function decisionCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  await ctx.uow.tx.query(
    `INSERT INTO engine.decision (key, decision_id, name, version, decision_requirements_key, decision_requirements_id, deployment_key, version_tag, tenant_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.key, v.decisionId, v.decisionName, v.version, v.decisionRequirementsKey, v.decisionRequirementsId, v.deploymentKey, v.versionTag || null, v.tenantId],
  );
}

async function formCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  await ctx.uow.tx.query(
    `INSERT INTO engine.form (key, form_id, version, resource_name, resource_key, checksum, deployment_key, version_tag, tenant_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.key, v.formId, v.version, v.resourceName, v.resourceKey, v.checksum, v.deploymentKey, v.versionTag || null, v.tenantId],
  );
}

/** a user task record's date ('' = none) as epoch ms */
function userTaskDate(text: unknown): number | null {
  if (typeof text !== 'string' || text === '') return null;
  const parsed = parseDate(text, { lenient: true });
  return parsed.ok ? parsed.value : null;
}

/** the attributes an update may change, as the record carries them */
function userTaskAttributes(v: Record<string, unknown>): Partial<UserTaskRow> {
  return {
    candidateGroups: v.candidateGroupsList as string[],
    candidateUsers: v.candidateUsersList as string[],
    dueDate: userTaskDate(v.dueDate),
    followUpDate: userTaskDate(v.followUpDate),
    priority: v.priority as number,
  };
}

async function userTaskCreating(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const definition = await ctx.definitions.get(ctx.uow.tx, v.processDefinitionKey as string);
  ctx.uow.userTasks.put({
    key: e.key,
    state: 'CREATING',
    elementInstanceKey: v.elementInstanceKey as string,
    elementId: v.elementId as string,
    name: definition?.process.elements.get(v.elementId as string)?.name ?? null,
    processInstanceKey: v.processInstanceKey as string,
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    version: v.processDefinitionVersion as number,
    assignee: null,
    ...(userTaskAttributes(v) as Pick<UserTaskRow, 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate' | 'priority'>),
    formKey: v.formKey === '-1' ? null : (v.formKey as string),
    externalFormReference: (v.externalFormReference as string) || null,
    customHeaders: v.customHeaders as Record<string, string>,
    tenantId: v.tenantId as string,
    creationDate: ctx.now,
    completionDate: null,
  });
}

async function updateUserTask(ctx: BatchContext, key: string, changes: Partial<UserTaskRow>): Promise<void> {
  const row = await ctx.uow.getUserTask(key);
  if (!row) throw new Error(`user task ${key} not found while applying an event`);
  Object.assign(row, changes);
  ctx.uow.userTasks.put(row);
}
