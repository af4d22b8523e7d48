/**
 * Read side of incidents (`engine.incident`, open and resolved).
 */
import type { Queryable } from '../state/db.js';
import { search, type SearchPage, type SearchQuery, type SearchSource } from './search.js';
import { identity, INCIDENT_ERROR_TYPES } from './states.js';

export interface IncidentView {
  key: string;
  state: 'ACTIVE' | 'RESOLVED';
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  tenantId: string;
  createdAt: number;
}

interface Raw extends Record<string, unknown> {
  key: string;
  state: 'ACTIVE' | 'RESOLVED';
  error_type: string;
  error_message: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_id: string;
  element_instance_key: string;
  job_key: string | null;
  tenant_id: string;
  created_at: string | number;
}

const toView = (r: Raw): IncidentView => ({
  key: r.key,
  state: r.state,
  errorType: r.error_type,
  errorMessage: r.error_message,
  processInstanceKey: r.process_instance_key,
  processDefinitionKey: r.process_definition_key,
  bpmnProcessId: r.bpmn_process_id,
  elementId: r.element_id,
  elementInstanceKey: r.element_instance_key,
  jobKey: r.job_key === '-1' ? null : r.job_key,
  tenantId: r.tenant_id,
  createdAt: Number(r.created_at),
});

const COLUMNS =
  'i.key, i.state, i.error_type, i.error_message, i.process_instance_key, i.process_definition_key, i.bpmn_process_id, i.element_id, i.element_instance_key, i.job_key, i.tenant_id, i.created_at';

/** Incidents are never migrated or pending here: those states match nothing. */
const source: SearchSource = {
  from: 'engine.incident i',
  select: COLUMNS,
  filters: {
    incidentKey: { kind: 'key', sql: 'i.key' },
    processDefinitionKey: { kind: 'key', sql: 'i.process_definition_key' },
    processDefinitionId: { kind: 'string', sql: 'i.bpmn_process_id' },
    processInstanceKey: { kind: 'key', sql: 'i.process_instance_key' },
    errorType: { kind: 'enum', sql: 'i.error_type', values: identity(INCIDENT_ERROR_TYPES) },
    errorMessage: { kind: 'string', sql: 'i.error_message' },
    elementId: { kind: 'string', sql: 'i.element_id' },
    elementInstanceKey: { kind: 'key', sql: 'i.element_instance_key' },
    creationTime: { kind: 'date', sql: 'i.created_at' },
    state: { kind: 'enum', sql: 'i.state', values: { ACTIVE: ['ACTIVE'], RESOLVED: ['RESOLVED'], MIGRATED: [], PENDING: [] } },
    jobKey: { kind: 'key', sql: 'i.job_key' },
    tenantId: { kind: 'string', sql: 'i.tenant_id' },
  },
  sorts: {
    incidentKey: { sql: 'i.key', type: 'int8', notNull: true },
    processDefinitionKey: { sql: 'i.process_definition_key', type: 'int8', notNull: true },
    processDefinitionId: { sql: 'i.bpmn_process_id', type: 'text', notNull: true },
    processInstanceKey: { sql: 'i.process_instance_key', type: 'int8', notNull: true },
    errorType: { sql: 'i.error_type', type: 'text', notNull: true },
    errorMessage: { sql: 'i.error_message', type: 'text', notNull: true },
    elementId: { sql: 'i.element_id', type: 'text', notNull: true },
    elementInstanceKey: { sql: 'i.element_instance_key', type: 'int8', notNull: true },
    creationTime: { sql: 'i.created_at', type: 'int8', notNull: true },
    state: { sql: 'i.state', type: 'text', notNull: true },
    jobKey: { sql: 'i.job_key', type: 'int8' },
    tenantId: { sql: 'i.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'i.key', type: 'int8', notNull: true },
};

export function searchIncidents(db: Queryable, query: SearchQuery): Promise<SearchPage<IncidentView>> {
  return search(db, source, query, toView);
}

export async function getIncident(db: Queryable, key: string): Promise<IncidentView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM engine.incident i WHERE i.key = $1::int8`, [key]);
  return row && toView(row);
}
