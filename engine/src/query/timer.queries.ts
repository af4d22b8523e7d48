/**
 * Pending timers (`engine.timer`, state ACTIVE) with their due dates and the elements they
 * will trigger. Until the engine has timers the table does not exist, and there are none.
 */
import type { Queryable } from '../state/db.js';
import { search, type SearchPage, type SearchQuery, type SearchSource } from './search.js';

export interface TimerView {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  /** the catch event the timer triggers */
  elementId: string;
  dueDate: number;
  /** -1 = repeats forever */
  repetitions: number;
  tenantId: string;
}

interface Raw extends Record<string, unknown> {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  process_instance_key: string | null;
  element_instance_key: string | null;
  target_element_id: string;
  due_date: string | number;
  repetitions: number;
  tenant_id: string;
}

const toView = (r: Raw): TimerView => ({
  key: r.key,
  processDefinitionKey: r.process_definition_key,
  bpmnProcessId: r.bpmn_process_id,
  processInstanceKey: r.process_instance_key,
  elementInstanceKey: r.element_instance_key,
  elementId: r.target_element_id,
  dueDate: Number(r.due_date),
  repetitions: Number(r.repetitions),
  tenantId: r.tenant_id,
});

const source: SearchSource = {
  from: 'engine.timer t',
  where: `t.state = 'ACTIVE'`,
  select: 't.key, t.process_definition_key, t.bpmn_process_id, t.process_instance_key, t.element_instance_key, t.target_element_id, t.due_date, t.repetitions, t.tenant_id',
  filters: {
    timerKey: { kind: 'key', sql: 't.key' },
    processDefinitionKey: { kind: 'key', sql: 't.process_definition_key' },
    processDefinitionId: { kind: 'string', sql: 't.bpmn_process_id' },
    processInstanceKey: { kind: 'key', sql: 't.process_instance_key' },
    elementInstanceKey: { kind: 'key', sql: 't.element_instance_key' },
    elementId: { kind: 'string', sql: 't.target_element_id' },
    dueDate: { kind: 'date', sql: 't.due_date' },
    tenantId: { kind: 'string', sql: 't.tenant_id' },
  },
  sorts: {
    timerKey: { sql: 't.key', type: 'int8', notNull: true },
    dueDate: { sql: 't.due_date', type: 'int8', notNull: true },
    processDefinitionKey: { sql: 't.process_definition_key', type: 'int8', notNull: true },
    processInstanceKey: { sql: 't.process_instance_key', type: 'int8' },
    elementId: { sql: 't.target_element_id', type: 'text', notNull: true },
  },
  key: { sql: 't.key', type: 'int8', notNull: true },
};

/** ordered by due date unless asked otherwise */
export async function searchPendingTimers(db: Queryable, query: SearchQuery): Promise<SearchPage<TimerView>> {
  const [exists] = await db.query<{ present: boolean }>(`SELECT to_regclass('engine.timer') IS NOT NULL AS present`);
  if (!exists?.present) return { items: [], totalItems: 0 };
  const sort = query.sort && query.sort.length > 0 ? query.sort : [{ field: 'dueDate', order: 'ASC' }];
  return search(db, source, { ...query, sort }, toView);
}
