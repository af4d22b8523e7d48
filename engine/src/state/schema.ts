/**
 * The engine's tables, in their own PostgreSQL schema `engine`.
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`) and committed
 * under engine/drizzle/. Keys are Zeebe-style 64-bit keys (bigint, carried as strings).
 *
 * Only appliers (state/appliers.ts, through the unit of work) write these tables.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgSchema, text, uniqueIndex } from 'drizzle-orm/pg-core';

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
    tenantId: text('tenant_id').notNull(),
    startTime: epochMs('start_time').notNull(),
    endTime: epochMs('end_time'),
  },
  (t) => [
    index('element_instance_pi_idx').on(t.processInstanceKey),
    index('element_instance_scope_idx').on(t.flowScopeKey),
    index('element_instance_def_idx').on(t.processDefinitionKey, t.elementId),
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
  (t) => [uniqueIndex('variable_scope_name_uq').on(t.scopeKey, t.name), index('variable_pi_idx').on(t.processInstanceKey)],
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
    value: jsonb('value').notNull(),
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
    index('timer_definition_idx').on(t.processDefinitionKey),
  ],
);
