/**
 * The engine's tables, in their own PostgreSQL schema `engine`.
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) and committed
 * under engine/drizzle/. Keys are Zeebe-style 64-bit keys (bigint, carried as strings).
 *
 * Only appliers (state/appliers.ts, through the unit of work) write these tables.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, json, jsonb, pgSchema, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const engineSchema = pgSchema('engine');

const key = (name: string) => bigint(name, { mode: 'bigint' });
const epochMs = (name: string) => bigint(name, { mode: 'number' });

/** Blocks of keys: each engine process takes a block of 1,000 keys at a time. */
export const keyBlockSeq = engineSchema.sequence('key_block_seq', { startWith: 0, minValue: 0 });

export const deployment = engineSchema.table('deployment', {
  key: key('key').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  createdAt: epochMs('created_at').notNull(),
});

export const resource = engineSchema.table(
  'resource',
  {
    key: key('key').primaryKey(),
    deploymentKey: key('deployment_key').notNull(),
    resourceName: text('resource_name').notNull(),
    resourceType: text('resource_type').notNull(),
    checksum: text('checksum').notNull(),
    content: text('content').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [index('resource_deployment_idx').on(t.deploymentKey)],
);

export const processDefinition = engineSchema.table(
  'process_definition',
  {
    key: key('key').primaryKey(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    name: text('name'),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    resourceKey: key('resource_key').notNull(),
    /** checksum of the process's own resource, to tell a changed model from a redeployed one */
    checksum: text('checksum').notNull(),
    deploymentKey: key('deployment_key').notNull(),
    /** `zeebe:versionTag`, for the `versionTag` binding type */
    versionTag: text('version_tag'),
    /** deleted (DeleteResource): no longer found by id, version or tag; kept for history and version numbering */
    deleted: boolean('deleted').notNull().default(false),
    tenantId: text('tenant_id').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [uniqueIndex('process_definition_version_uq').on(t.tenantId, t.bpmnProcessId, t.version)],
);

/**
 * Every element instance, live and finished (history). The root element instance of a
 * process instance has key = process_instance_key and element_type PROCESS.
 */
export const elementInstance = engineSchema.table(
  'element_instance',
  {
    key: key('key').primaryKey(),
    processInstanceKey: key('process_instance_key').notNull(),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    elementId: text('element_id').notNull(),
    elementType: text('element_type').notNull(),
    eventType: text('event_type').notNull(),
    flowScopeKey: key('flow_scope_key'),
    state: text('state').notNull(),
    /** live children + tokens waiting at joins: the scope completes when both reach zero */
    activeChildren: integer('active_children').notNull().default(0),
    activeTokens: integer('active_tokens').notNull().default(0),
    /** parallel-join bookkeeping: { [gatewayId]: { [sequenceFlowId]: count } } */
    takenFlows: jsonb('taken_flows').$type<Record<string, Record<string, number>>>(),
    jobKey: key('job_key'),
    incidentKey: key('incident_key'),
    /** set when the element is being terminated to be replaced (e.g. by an interrupting boundary event) */
    interruptedBy: text('interrupted_by'),
    /** the call hierarchy, as on Zeebe's records (-1 for a root instance) */
    parentProcessInstanceKey: key('parent_process_instance_key').notNull().default(sql`-1`),
    parentElementInstanceKey: key('parent_element_instance_key').notNull().default(sql`-1`),
    /** a call activity: the process instance it created */
    calledChildInstanceKey: key('called_child_instance_key'),
    /** multi-instance: a body's inner instances created so far, an inner instance's 1-based loop counter */
    loopCounter: integer('loop_counter').notNull().default(0),
    /** multi-instance body: its inner instances that completed, and that were terminated */
    completedInstances: integer('completed_instances').notNull().default(0),
    terminatedInstances: integer('terminated_instances').notNull().default(0),
    tenantId: text('tenant_id').notNull(),
    startTime: epochMs('start_time').notNull(),
    endTime: epochMs('end_time'),
  },
  (t) => [
    index('element_instance_pi_idx').on(t.processInstanceKey),
    index('element_instance_scope_idx').on(t.flowScopeKey),
    // element statistics per definition read (element, process instance) in this order
    index('element_instance_def_idx').on(t.processDefinitionKey, t.elementId, t.processInstanceKey),
    index('element_instance_parent_idx').on(t.parentProcessInstanceKey).where(sql`parent_process_instance_key <> -1`),
    // process-instance searches read the root rows only
    index('element_instance_process_start_idx').on(t.startTime).where(sql`element_type = 'PROCESS'`),
    index('element_instance_process_end_idx').on(t.endTime).where(sql`element_type = 'PROCESS'`),
    // live rows per definition and element: active-only statistics and element searches
    index('element_instance_live_idx')
      .on(t.processDefinitionKey, t.elementId)
      .where(sql`state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING')`),
    // duration statistics: completed rows of a definition by end time
    index('element_instance_completed_idx').on(t.processDefinitionKey, t.endTime).where(sql`state = 'COMPLETED'`),
  ],
);

/**
 * Element statistics per definition, kept on write (state/element-statistics.ts) so that a
 * heatmap reads a few rows instead of the definition's whole history: per element and state of
 * the owning process instance (ACTIVE, COMPLETED, TERMINATED), how many process instances have
 * an element instance of it that is active without an incident, active with one, completed, or
 * terminated (each process instance counted once per column, as Camunda counts).
 * `engine.rebuild_element_statistics()` recounts it from `element_instance` (migrations 0010, 0011).
 */
export const elementStatistics = engineSchema.table(
  'element_statistics',
  {
    processDefinitionKey: key('process_definition_key').notNull(),
    elementId: text('element_id').notNull(),
    processInstanceState: text('process_instance_state').notNull(),
    active: bigint('active', { mode: 'number' }).notNull().default(0),
    incidents: bigint('incidents', { mode: 'number' }).notNull().default(0),
    completed: bigint('completed', { mode: 'number' }).notNull().default(0),
    canceled: bigint('canceled', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'element_statistics_pk', columns: [t.processDefinitionKey, t.elementId, t.processInstanceState] })],
);

/**
 * Durations of completed element instances (the process itself included), kept on write per
 * element and time bucket of the end time, at four spans (an hour, a day, 8 and 32 days, aligned
 * to the epoch), as a histogram over log-scale bins (`duration_bin`): count and sum per bin. A
 * window's count and mean are exact sums of buckets; its 90th percentile is read from the
 * histogram (state/element-statistics.ts).
 */
export const elementDurationBucket = engineSchema.table(
  'element_duration_bucket',
  {
    processDefinitionKey: key('process_definition_key').notNull(),
    /** the bucket's length in ms */
    span: bigint('span', { mode: 'number' }).notNull(),
    /** epoch ms, a multiple of span */
    bucketStart: bigint('bucket_start', { mode: 'number' }).notNull(),
    elementId: text('element_id').notNull(),
    bin: integer('bin').notNull(),
    elementType: text('element_type').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    /** sum of the durations in ms */
    sumMs: bigint('sum_ms', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'element_duration_bucket_pk', columns: [t.processDefinitionKey, t.span, t.bucketStart, t.elementId, t.bin] }),
    // a window's buckets by an index-only scan: the rows of one bucket are spread over the heap
    index('element_duration_bucket_read_idx').on(t.processDefinitionKey, t.span, t.bucketStart, t.elementId, t.bin, t.elementType, t.count, t.sumMs),
  ],
);

export const variable = engineSchema.table(
  'variable',
  {
    key: key('key').primaryKey(),
    scopeKey: key('scope_key').notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    name: text('name').notNull(),
    /** the value as a JSON document */
    value: text('value').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [
    uniqueIndex('variable_scope_name_uq').on(t.scopeKey, t.name),
    index('variable_pi_idx').on(t.processInstanceKey),
    // searches by value (a case number): a hash index, as values can be larger than a btree entry may be
    index('variable_value_idx').using('hash', t.value),
  ],
);

export const job = engineSchema.table(
  'job',
  {
    key: key('key').primaryKey(),
    type: text('type').notNull(),
    /** ACTIVATABLE, ACTIVATED, FAILED (no retries, incident), BACKOFF, ERROR_THROWN (uncaught) */
    state: text('state').notNull(),
    retries: integer('retries').notNull(),
    worker: text('worker').notNull().default(''),
    deadline: epochMs('deadline'),
    recurAt: epochMs('recur_at'),
    errorMessage: text('error_message').notNull().default(''),
    errorCode: text('error_code').notNull().default(''),
    customHeaders: jsonb('custom_headers').$type<Record<string, string>>().notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [
    index('job_activatable_idx').on(t.type, t.key).where(sql`state = 'ACTIVATABLE'`),
    index('job_deadline_idx').on(t.deadline).where(sql`state = 'ACTIVATED'`),
    index('job_recur_idx').on(t.recurAt).where(sql`state = 'BACKOFF'`),
  ],
);

export const incident = engineSchema.table(
  'incident',
  {
    key: key('key').primaryKey(),
    state: text('state').notNull(),
    errorType: text('error_type').notNull(),
    errorMessage: text('error_message').notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    elementId: text('element_id').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    variableScopeKey: key('variable_scope_key').notNull(),
    jobKey: key('job_key'),
    tenantId: text('tenant_id').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('incident_pi_idx').on(t.processInstanceKey), index('incident_state_idx').on(t.state)],
);

/**
 * The log: every record the engine processed (commands, events, rejections), in order.
 * `position` orders them; tests assert on the sequence and heatmaps read history from it.
 */
export const record = engineSchema.table(
  'record',
  {
    position: bigserial('position', { mode: 'bigint' }).primaryKey(),
    key: key('key').notNull(),
    recordType: text('record_type').notNull(),
    valueType: text('value_type').notNull(),
    intent: text('intent').notNull(),
    rejectionType: text('rejection_type'),
    rejectionReason: text('rejection_reason'),
    processInstanceKey: key('process_instance_key'),
    timestamp: epochMs('timestamp').notNull(),
    /** json, not jsonb: the log is written far more often than it is queried, and json only validates */
    value: json('value').notNull(),
  },
  (t) => [index('record_pi_idx').on(t.processInstanceKey)],
);

/**
 * Timers waiting to fire. `element_instance_key` is the scope that owns the subscription (the
 * catch event itself, the activity a boundary event is attached to, the container of an event
 * sub-process, an event-based gateway); it is null for a process's timer start event.
 */
export const timer = engineSchema.table(
  'timer',
  {
    key: key('key').primaryKey(),
    state: text('state').notNull(),
    elementInstanceKey: key('element_instance_key'),
    processInstanceKey: key('process_instance_key'),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    /** the catch event this timer triggers */
    targetElementId: text('target_element_id').notNull(),
    dueDate: epochMs('due_date').notNull(),
    /** -1 = repeats forever; 1 = fires once */
    repetitions: integer('repetitions').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [
    index('timer_due_idx').on(t.dueDate).where(sql`state = 'ACTIVE'`),
    index('timer_owner_idx').on(t.elementInstanceKey),
    index('timer_pi_idx').on(t.processInstanceKey),
    index('timer_definition_idx').on(t.processDefinitionKey),
  ],
);

/** Published messages, buffered until their time-to-live ends (Zeebe's message state). */
export const message = engineSchema.table(
  'message',
  {
    key: key('key').primaryKey(),
    /** PUBLISHED (buffered or correlated, still alive) or EXPIRED */
    state: text('state').notNull(),
    name: text('name').notNull(),
    correlationKey: text('correlation_key').notNull(),
    messageId: text('message_id').notNull().default(''),
    timeToLive: epochMs('time_to_live').notNull(),
    deadline: epochMs('deadline').notNull(),
    /** JSON document */
    variables: text('variables').notNull(),
    tenantId: text('tenant_id').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    index('message_correlation_idx').on(t.tenantId, t.name, t.correlationKey).where(sql`state = 'PUBLISHED'`),
    index('message_deadline_idx').on(t.deadline).where(sql`state = 'PUBLISHED'`),
    uniqueIndex('message_id_uq').on(t.tenantId, t.name, t.messageId).where(sql`state = 'PUBLISHED' AND message_id <> ''`),
  ],
);

/** Which messages reached which process (Zeebe correlates a message once per process instance / process id). */
export const messageCorrelation = engineSchema.table(
  'message_correlation',
  {
    messageKey: key('message_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
  },
  (t) => [uniqueIndex('message_correlation_uq').on(t.messageKey, t.processInstanceKey), index('message_correlation_process_idx').on(t.messageKey, t.bpmnProcessId)],
);

/**
 * Message subscriptions of waiting elements (`element_instance_key` = owner, as for timers),
 * and of message start events (`element_instance_key` null, the latest version's).
 */
export const messageSubscription = engineSchema.table(
  'message_subscription',
  {
    key: key('key').primaryKey(),
    /** ACTIVE, CORRELATED (an interrupting/one-shot trigger happened), CLOSED */
    state: text('state').notNull(),
    elementInstanceKey: key('element_instance_key'),
    processInstanceKey: key('process_instance_key'),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    targetElementId: text('target_element_id').notNull(),
    messageName: text('message_name').notNull(),
    correlationKey: text('correlation_key').notNull().default(''),
    interrupting: boolean('interrupting').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [
    index('message_subscription_match_idx').on(t.tenantId, t.messageName, t.correlationKey).where(sql`state = 'ACTIVE'`),
    index('message_subscription_owner_idx').on(t.elementInstanceKey),
    index('message_subscription_definition_idx').on(t.processDefinitionKey),
  ],
);

/** Signal subscriptions: waiting elements (owner) and signal start events (owner null). */
export const signalSubscription = engineSchema.table(
  'signal_subscription',
  {
    key: key('key').primaryKey(),
    state: text('state').notNull(),
    elementInstanceKey: key('element_instance_key'),
    processInstanceKey: key('process_instance_key'),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    targetElementId: text('target_element_id').notNull(),
    signalName: text('signal_name').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [
    index('signal_subscription_match_idx').on(t.tenantId, t.signalName).where(sql`state = 'ACTIVE'`),
    index('signal_subscription_owner_idx').on(t.elementInstanceKey),
    index('signal_subscription_definition_idx').on(t.processDefinitionKey),
  ],
);

/** Camunda user tasks (`zeebe:userTask`): the human work, searched by the inbox. */
export const userTask = engineSchema.table(
  'user_task',
  {
    key: key('key').primaryKey(),
    /** CREATED, ASSIGNING, UPDATING, COMPLETING, COMPLETED, CANCELED (Camunda's states) */
    state: text('state').notNull(),
    elementInstanceKey: key('element_instance_key').notNull(),
    elementId: text('element_id').notNull(),
    name: text('name'),
    processInstanceKey: key('process_instance_key').notNull(),
    processDefinitionKey: key('process_definition_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    version: integer('version').notNull(),
    assignee: text('assignee'),
    candidateGroups: jsonb('candidate_groups').$type<string[]>().notNull(),
    candidateUsers: jsonb('candidate_users').$type<string[]>().notNull(),
    dueDate: epochMs('due_date'),
    followUpDate: epochMs('follow_up_date'),
    priority: integer('priority').notNull(),
    /** key of the deployed form (`zeebe:formDefinition formId`), or null */
    formKey: key('form_key'),
    externalFormReference: text('external_form_reference'),
    customHeaders: jsonb('custom_headers').$type<Record<string, string>>().notNull(),
    tenantId: text('tenant_id').notNull(),
    creationDate: epochMs('creation_date').notNull(),
    completionDate: epochMs('completion_date'),
  },
  (t) => [
    // the inbox's orders within a state (`ORDER BY … LIMIT` walks the index)
    index('user_task_state_due_idx').on(t.state, t.dueDate, t.key),
    // the platform inbox's default order (`dueDate ASC, priority DESC`, then key), index-only
    index('user_task_state_due_priority_idx').on(t.state, t.dueDate, t.priority.desc().nullsFirst(), t.key),
    index('user_task_state_created_idx').on(t.state, t.creationDate),
    index('user_task_state_priority_idx').on(t.state, t.priority),
    // the priority orders, walked forward: the platform inbox's (`priority DESC, dueDate ASC`,
    // then key) and priority alone (`priority DESC`, then key)
    index('user_task_state_priority_desc_due_idx').on(t.state, t.priority.desc().nullsFirst(), t.dueDate, t.key),
    index('user_task_state_priority_desc_key_idx').on(t.state, t.priority.desc().nullsFirst(), t.key),
    // with the key, a page of one assignee's tasks in key order is read off this index, not found by walking the primary key
    index('user_task_assignee_state_key_idx').on(t.assignee, t.state, t.key),
    index('user_task_pi_idx').on(t.processInstanceKey),
    index('user_task_element_instance_idx').on(t.elementInstanceKey),
    // not partial (state = 'CREATED'): the planner then takes such a GIN index for any open-task
    // query and reads all of it (100 ms at 100,000 open tasks) instead of walking a btree
    index('user_task_candidate_groups_idx').using('gin', t.candidateGroups),
    index('user_task_candidate_users_idx').using('gin', t.candidateUsers),
  ],
);

/**
 * The candidate groups and users of every user task, one row each, with the task's state and
 * whether it is assigned, so that the inbox's group searches (组待办) match and count from one
 * btree range, index-only. Kept by statement triggers on engine.user_task (migration 0012), in
 * the same transaction as the task's rows; no engine code writes it.
 */
export const userTaskCandidate = engineSchema.table(
  'user_task_candidate',
  {
    userTaskKey: key('user_task_key').notNull(),
    /** 'group' (candidate_groups) or 'user' (candidate_users) */
    kind: text('kind').notNull(),
    candidate: text('candidate').notNull(),
    /** the task's state (user_task.state) */
    state: text('state').notNull(),
    /** user_task.assignee IS NOT NULL */
    assigned: boolean('assigned').notNull(),
  },
  (t) => [
    primaryKey({ name: 'user_task_candidate_pk', columns: [t.userTaskKey, t.kind, t.candidate] }),
    index('user_task_candidate_search_idx').on(t.kind, t.candidate, t.state, t.assigned, t.userTaskKey),
  ],
);

/** Deployed DMN resources (decision requirements graphs) and their decisions. */
export const decisionRequirements = engineSchema.table(
  'decision_requirements',
  {
    key: key('key').primaryKey(),
    decisionRequirementsId: text('decision_requirements_id').notNull(),
    name: text('name'),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    resourceKey: key('resource_key').notNull(),
    checksum: text('checksum').notNull(),
    deploymentKey: key('deployment_key').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [uniqueIndex('decision_requirements_version_uq').on(t.tenantId, t.decisionRequirementsId, t.version)],
);

export const decision = engineSchema.table(
  'decision',
  {
    key: key('key').primaryKey(),
    decisionId: text('decision_id').notNull(),
    name: text('name'),
    version: integer('version').notNull(),
    decisionRequirementsKey: key('decision_requirements_key').notNull(),
    decisionRequirementsId: text('decision_requirements_id').notNull(),
    /** the deployment that brought this version (null for rows from before this column) */
    deploymentKey: key('deployment_key'),
    versionTag: text('version_tag'),
    deleted: boolean('deleted').notNull().default(false),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [uniqueIndex('decision_version_uq').on(t.tenantId, t.decisionId, t.version)],
);

/** Deployed forms (form-js JSON, `.form`), versioned by form id. */
export const form = engineSchema.table(
  'form',
  {
    key: key('key').primaryKey(),
    formId: text('form_id').notNull(),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    resourceKey: key('resource_key').notNull(),
    checksum: text('checksum').notNull(),
    deploymentKey: key('deployment_key').notNull(),
    versionTag: text('version_tag'),
    deleted: boolean('deleted').notNull().default(false),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [uniqueIndex('form_version_uq').on(t.tenantId, t.formId, t.version)],
);

/**
 * Compensation subscriptions (Zeebe's CompensationSubscriptionRecord): one per completed
 * instance of an activity with a compensation boundary event, until its process instance ends.
 * A compensation throw triggers those of its flow scope: their handlers run, and the throw event
 * completes once every handler it started has completed.
 */
export const compensationSubscription = engineSchema.table(
  'compensation_subscription',
  {
    key: key('key').primaryKey(),
    /** CREATED, TRIGGERED, COMPLETED or DELETED */
    state: text('state').notNull(),
    processInstanceKey: key('process_instance_key').notNull(),
    processDefinitionKey: key('process_definition_key').notNull(),
    compensableActivityId: text('compensable_activity_id').notNull(),
    compensableActivityInstanceKey: key('compensable_activity_instance_key').notNull(),
    compensableActivityScopeKey: key('compensable_activity_scope_key').notNull(),
    compensationHandlerId: text('compensation_handler_id').notNull(),
    compensationHandlerInstanceKey: key('compensation_handler_instance_key'),
    throwEventId: text('throw_event_id'),
    throwEventInstanceKey: key('throw_event_instance_key'),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [index('compensation_subscription_scope_idx').on(t.compensableActivityScopeKey), index('compensation_subscription_throw_idx').on(t.throwEventInstanceKey)],
);
