/**
 * Read side of element instances (`engine.element_instance`, live and finished), without the
 * process instances' root rows, as Camunda's element-instance search.
 */
import type { Queryable } from '../state/db.js';
import { search, type SearchPage, type SearchQuery, type SearchSource } from './search.js';
import { ELEMENT_TYPES, identity, INSTANCE_STATES, instanceStateNameSql } from './states.js';

export interface ElementInstanceView {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementType: string;
  /** the engine's state */
  state: string;
  flowScopeKey: string | null;
  incidentKey: string | null;
  tenantId: string;
  startTime: number;
  endTime: number | null;
}

interface Raw extends Record<string, unknown> {
  key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_id: string;
  element_type: string;
  state: string;
  flow_scope_key: string | null;
  incident_key: string | null;
  tenant_id: string;
  start_time: string | number;
  end_time: string | number | null;
}

const toView = (r: Raw): ElementInstanceView => ({
  key: r.key,
  processInstanceKey: r.process_instance_key,
  processDefinitionKey: r.process_definition_key,
  bpmnProcessId: r.bpmn_process_id,
  elementId: r.element_id,
  elementType: r.element_type,
  state: r.state,
  flowScopeKey: r.flow_scope_key,
  incidentKey: r.incident_key,
  tenantId: r.tenant_id,
  startTime: Number(r.start_time),
  endTime: r.end_time == null ? null : Number(r.end_time),
});

const COLUMNS =
  'ei.key, ei.process_instance_key, ei.process_definition_key, ei.bpmn_process_id, ei.element_id, ei.element_type, ei.state, ei.flow_scope_key, ei.incident_key, ei.tenant_id, ei.start_time, ei.end_time';
const IS_ELEMENT = `ei.element_type <> 'PROCESS'`;

/** Element names live in the models, not in the table: they can be shown, not searched. */
const source: SearchSource = {
  from: 'engine.element_instance ei',
  where: IS_ELEMENT,
  select: COLUMNS,
  filters: {
    elementInstanceKey: { kind: 'key', sql: 'ei.key' },
    processInstanceKey: { kind: 'key', sql: 'ei.process_instance_key' },
    processDefinitionKey: { kind: 'key', sql: 'ei.process_definition_key' },
    processDefinitionId: { kind: 'string', sql: 'ei.bpmn_process_id' },
    elementId: { kind: 'string', sql: 'ei.element_id' },
    elementName: { kind: 'unsupported' },
    type: { kind: 'enum', sql: 'ei.element_type', values: identity(ELEMENT_TYPES) },
    state: { kind: 'enum', sql: 'ei.state', values: INSTANCE_STATES },
    hasIncident: { kind: 'boolean', sql: 'ei.incident_key IS NOT NULL' },
    incidentKey: { kind: 'key', sql: 'ei.incident_key' },
    tenantId: { kind: 'string', sql: 'ei.tenant_id' },
    startDate: { kind: 'date', sql: 'ei.start_time' },
    endDate: { kind: 'date', sql: 'ei.end_time' },
    elementInstanceScopeKey: { kind: 'key', sql: 'ei.flow_scope_key' },
  },
  sorts: {
    elementInstanceKey: { sql: 'ei.key', type: 'int8', notNull: true },
    processInstanceKey: { sql: 'ei.process_instance_key', type: 'int8', notNull: true },
    processDefinitionKey: { sql: 'ei.process_definition_key', type: 'int8', notNull: true },
    processDefinitionId: { sql: 'ei.bpmn_process_id', type: 'text', notNull: true },
    startDate: { sql: 'ei.start_time', type: 'int8', notNull: true },
    endDate: { sql: 'ei.end_time', type: 'int8' },
    elementId: { sql: 'ei.element_id', type: 'text', notNull: true },
    elementName: 'unsupported',
    type: { sql: 'ei.element_type', type: 'text', notNull: true },
    state: { sql: instanceStateNameSql('ei.state'), type: 'text', notNull: true },
    incidentKey: { sql: 'ei.incident_key', type: 'int8' },
    tenantId: { sql: 'ei.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'ei.key', type: 'int8', notNull: true },
};

export function searchElementInstances(db: Queryable, query: SearchQuery): Promise<SearchPage<ElementInstanceView>> {
  return search(db, source, query, toView);
}

export async function getElementInstance(db: Queryable, key: string): Promise<ElementInstanceView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM engine.element_instance ei WHERE ei.key = $1::int8 AND ${IS_ELEMENT}`, [key]);
  return row && toView(row);
}
