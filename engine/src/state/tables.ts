/**
 * Row types of the engine's mutable state and how each maps onto its table (schema.ts).
 * The unit of work reads rows into these shapes and writes them back in bulk upserts.
 */

export type ElementState =
  | 'ACTIVATING'
  | 'ACTIVATED'
  | 'COMPLETING'
  | 'COMPLETED'
  | 'TERMINATING'
  | 'TERMINATED';

export interface ElementInstanceRow {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  elementType: string;
  eventType: string;
  flowScopeKey: string | null;
  state: ElementState;
  activeChildren: number;
  activeTokens: number;
  takenFlows: Record<string, Record<string, number>> | null;
  jobKey: string | null;
  incidentKey: string | null;
  interruptedBy: string | null;
  tenantId: string;
  startTime: number;
  endTime: number | null;
  /** the call hierarchy, as on Zeebe's records ('-1' for a root instance) */
  parentProcessInstanceKey: string;
  parentElementInstanceKey: string;
  /** a call activity: the process instance it created */
  calledChildInstanceKey: string | null;
  /** multi-instance (element-instance-links.ts) */
  loopCounter: number;
  completedInstances: number;
  terminatedInstances: number;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'BACKOFF' | 'ERROR_THROWN' | 'COMPLETED' | 'CANCELED';

export interface JobRow {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string;
  deadline: number | null;
  recurAt: number | null;
  errorMessage: string;
  errorCode: string;
  customHeaders: Record<string, string>;
  elementInstanceKey: string;
  elementId: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
}

export interface IncidentRow {
  key: string;
  state: 'ACTIVE' | 'RESOLVED';
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  variableScopeKey: string;
  jobKey: string | null;
  tenantId: string;
  createdAt: number;
}

export interface VariableRow {
  key: string;
  scopeKey: string;
  processInstanceKey: string;
  name: string;
  /** JSON text */
  value: string;
  tenantId: string;
}

export interface TimerRow {
  key: string;
  state: 'ACTIVE' | 'TRIGGERED' | 'CANCELED';
  elementInstanceKey: string | null;
  processInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  targetElementId: string;
  dueDate: number;
  repetitions: number;
  tenantId: string;
}

type ColumnType = 'int8' | 'int4' | 'text' | 'jsonb' | 'bool';

export interface TableDescriptor<Row> {
  table: string;
  /** [property, column, type]; the first is the primary key */
  columns: ReadonlyArray<readonly [keyof Row & string, string, ColumnType]>;
}

export const elementInstanceTable: TableDescriptor<ElementInstanceRow> = {
  table: 'engine.element_instance',
  columns: [
    ['key', 'key', 'int8'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['version', 'version', 'int4'],
    ['elementId', 'element_id', 'text'],
    ['elementType', 'element_type', 'text'],
    ['eventType', 'event_type', 'text'],
    ['flowScopeKey', 'flow_scope_key', 'int8'],
    ['state', 'state', 'text'],
    ['activeChildren', 'active_children', 'int4'],
    ['activeTokens', 'active_tokens', 'int4'],
    ['takenFlows', 'taken_flows', 'jsonb'],
    ['jobKey', 'job_key', 'int8'],
    ['incidentKey', 'incident_key', 'int8'],
    ['interruptedBy', 'interrupted_by', 'text'],
    ['tenantId', 'tenant_id', 'text'],
    ['startTime', 'start_time', 'int8'],
    ['endTime', 'end_time', 'int8'],
    ['parentProcessInstanceKey', 'parent_process_instance_key', 'int8'],
    ['parentElementInstanceKey', 'parent_element_instance_key', 'int8'],
    ['calledChildInstanceKey', 'called_child_instance_key', 'int8'],
    ['loopCounter', 'loop_counter', 'int4'],
    ['completedInstances', 'completed_instances', 'int4'],
    ['terminatedInstances', 'terminated_instances', 'int4'],
  ],
};

export const jobTable: TableDescriptor<JobRow> = {
  table: 'engine.job',
  columns: [
    ['key', 'key', 'int8'],
    ['type', 'type', 'text'],
    ['state', 'state', 'text'],
    ['retries', 'retries', 'int4'],
    ['worker', 'worker', 'text'],
    ['deadline', 'deadline', 'int8'],
    ['recurAt', 'recur_at', 'int8'],
    ['errorMessage', 'error_message', 'text'],
    ['errorCode', 'error_code', 'text'],
    ['customHeaders', 'custom_headers', 'jsonb'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['elementId', 'element_id', 'text'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['version', 'version', 'int4'],
    ['tenantId', 'tenant_id', 'text'],
  ],
};

export const incidentTable: TableDescriptor<IncidentRow> = {
  table: 'engine.incident',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['errorType', 'error_type', 'text'],
    ['errorMessage', 'error_message', 'text'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['elementId', 'element_id', 'text'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['variableScopeKey', 'variable_scope_key', 'int8'],
    ['jobKey', 'job_key', 'int8'],
    ['tenantId', 'tenant_id', 'text'],
    ['createdAt', 'created_at', 'int8'],
  ],
};

export const variableTable: TableDescriptor<VariableRow> = {
  table: 'engine.variable',
  columns: [
    ['key', 'key', 'int8'],
    ['scopeKey', 'scope_key', 'int8'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['name', 'name', 'text'],
    ['value', 'value', 'text'],
    ['tenantId', 'tenant_id', 'text'],
  ],
};

export const timerTable: TableDescriptor<TimerRow> = {
  table: 'engine.timer',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['targetElementId', 'target_element_id', 'text'],
    ['dueDate', 'due_date', 'int8'],
    ['repetitions', 'repetitions', 'int4'],
    ['tenantId', 'tenant_id', 'text'],
  ],
};

/** Turns a selected row (snake_case, int8 as string) into the row type. */
export function fromDb<Row>(desc: TableDescriptor<Row>, raw: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const [prop, col, type] of desc.columns) {
    const v = raw[col];
    // keys stay strings; times and counters become numbers
    row[prop] = v == null ? null : type === 'int8' && !prop.toLowerCase().endsWith('key') ? Number(v) : v;
  }
  return row as Row;
}

/**
 * `INSERT … SELECT unnest(…), … ON CONFLICT (key) DO UPDATE`: one statement for many rows.
 * Numbers travel as one comma-separated text per column and JSON as one newline-separated
 * text ('' is null; JSON text never holds a raw newline), which pg sends as they are; texts
 * stay arrays. The set-returning functions sit in the select list, where they run in lockstep
 * and stream, instead of `FROM unnest(…)`, which first copies every row into a tuple store.
 */
export function upsertSql<Row>(desc: TableDescriptor<Row>, rows: Row[]): { text: string; params: unknown[] } {
  const cols = desc.columns;
  const params = cols.map(([prop, , type]) => {
    if (type === 'int8' || type === 'int4' || type === 'jsonb') {
      const texts = new Array<string>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const v = (rows[i] as Record<string, unknown>)[prop];
        texts[i] = v == null ? '' : type === 'jsonb' ? JSON.stringify(v) : String(v);
      }
      return texts.join(type === 'jsonb' ? '\n' : ',');
    }
    return rows.map((r) => (r as Record<string, unknown>)[prop] ?? null);
  });
  const select = cols
    .map(([, , type], i) =>
      type === 'int8' || type === 'int4'
        ? `unnest(string_to_array($${i + 1}, ',', ''))::${type}`
        : type === 'jsonb'
          ? `unnest(string_to_array($${i + 1}, E'\\n', ''))::jsonb`
          : `unnest($${i + 1}::${type}[])`,
    )
    .join(', ');
  const names = cols.map(([, col]) => col);
  const text =
    `INSERT INTO ${desc.table} (${names.join(', ')}) SELECT ${select} ` +
    `ON CONFLICT (key) DO UPDATE SET ${names.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
  return { text, params };
}

/** A Camunda user task; its row stays after it completes or is canceled (history). */
export type UserTaskState = 'CREATING' | 'CREATED' | 'ASSIGNING' | 'CLAIMING' | 'UPDATING' | 'COMPLETING' | 'CANCELING' | 'COMPLETED' | 'CANCELED';

export interface UserTaskRow {
  key: string;
  state: UserTaskState;
  elementInstanceKey: string;
  elementId: string;
  name: string | null;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: number | null;
  followUpDate: number | null;
  priority: number;
  formKey: string | null;
  externalFormReference: string | null;
  customHeaders: Record<string, string>;
  tenantId: string;
  creationDate: number;
  completionDate: number | null;
}

export const userTaskTable: TableDescriptor<UserTaskRow> = {
  table: 'engine.user_task',
  columns: [
    ['key', 'key', 'int8'],
    ['state', 'state', 'text'],
    ['elementInstanceKey', 'element_instance_key', 'int8'],
    ['elementId', 'element_id', 'text'],
    ['name', 'name', 'text'],
    ['processInstanceKey', 'process_instance_key', 'int8'],
    ['processDefinitionKey', 'process_definition_key', 'int8'],
    ['bpmnProcessId', 'bpmn_process_id', 'text'],
    ['version', 'version', 'int4'],
    ['assignee', 'assignee', 'text'],
    ['candidateGroups', 'candidate_groups', 'jsonb'],
    ['candidateUsers', 'candidate_users', 'jsonb'],
    ['dueDate', 'due_date', 'int8'],
    ['followUpDate', 'follow_up_date', 'int8'],
    ['priority', 'priority', 'int4'],
    ['formKey', 'form_key', 'int8'],
    ['externalFormReference', 'external_form_reference', 'text'],
    ['customHeaders', 'custom_headers', 'jsonb'],
    ['tenantId', 'tenant_id', 'text'],
    ['creationDate', 'creation_date', 'int8'],
    ['completionDate', 'completion_date', 'int8'],
  ],
};
