/**
 * Row types of messages, message and signal subscriptions (schema.ts), in the shape the unit of
 * work reads and writes them. Message correlations have no key: they are only ever inserted.
 */
import type { Queryable } from './db.js';
import type { TableDescriptor } from './tables.js';

export interface MessageRow {
  key: string;
  /** PUBLISHED (alive, buffered while its time-to-live lasts) or EXPIRED */
  state: 'PUBLISHED' | 'EXPIRED';
  name: string;
  correlationKey: string;
  messageId: string;
  timeToLive: number;
  deadline: number;
  /** JSON document */
  variables: string;
  tenantId: string;
  createdAt: number;
}

export interface MessageSubscriptionRow {
  key: string;
  /** ACTIVE; CORRELATED once a one-shot (interrupting) subscription fired; CLOSED */
  state: 'ACTIVE' | 'CORRELATED' | 'CLOSED';
  /** the owner (see event-subscription.behavior.ts); null for a process's message start event */
  elementInstanceKey: string | null;
  processInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  targetElementId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
  tenantId: string;
}

export interface SignalSubscriptionRow {
  key: string;
  state: 'ACTIVE' | 'CLOSED';
  elementInstanceKey: string | null;
  processInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  targetElementId: string;
  signalName: string;
  tenantId: string;
}

/** a message that reached a process (at most once per process id, Zeebe's rule) */
export interface MessageCorrelationRow {
  messageKey: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  /** not stored: the message started this instance (read by this batch's lookups only) */
  startEvent?: boolean;
}

export const messageTable: TableDescriptor<MessageRow> = {
  table: 'engine.message',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['name', 'name', 'text'],
    ['correlationKey', 'correlation_key', 'text'],
    ['messageId', 'message_id', 'text'],
    ['timeToLive', 'time_to_live', 'int8'],
    ['deadline', 'deadline', 'int8'],
    ['variables', 'variables', 'text'],
    ['tenantId', 'tenant_id', 'text'],
    ['createdAt', 'created_at', 'int8'],
  ],
};

export const messageSubscriptionTable: TableDescriptor<MessageSubscriptionRow> = {
  table: 'engine.message_subscription',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['targetElementId', 'target_element_id', 'text'],
    ['messageName', 'message_name', 'text'],
    ['correlationKey', 'correlation_key', 'text'],
    ['interrupting', 'interrupting', 'bool'],
    ['tenantId', 'tenant_id', 'text'],
  ],
};

export const signalSubscriptionTable: TableDescriptor<SignalSubscriptionRow> = {
  table: 'engine.signal_subscription',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['targetElementId', 'target_element_id', 'text'],
    ['signalName', 'signal_name', 'text'],
    ['tenantId', 'tenant_id', 'text'],
  ],
};

/** inserts the batch's new correlations; a correlation written twice is kept once */
export async function flushMessageCorrelations(tx: Queryable, rows: MessageCorrelationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO engine.message_correlation (message_key, bpmn_process_id, process_instance_key)
     SELECT * FROM unnest($1::int8[], $2::text[], $3::int8[])
     ON CONFLICT (message_key, process_instance_key) DO NOTHING`,
    [rows.map((r) => r.messageKey), rows.map((r) => r.bpmnProcessId), rows.map((r) => r.processInstanceKey)],
  );
  rows.length = 0;
}
