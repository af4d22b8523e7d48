/**
 * Read side of process instances: the root element instances (element_type PROCESS) of
 * `engine.element_instance`, with their definition's name and whether an incident is open.
 */
import type { Queryable } from '../state/db.js';
import { compileFilter, invalidValue, InvalidQueryError, search, valueCondition, type FilterField, type SearchPage, type SearchQuery, type SearchSource, type SqlParams } from './search.js';
import { INSTANCE_STATES, instanceStateNameSql } from './states.js';

export interface ProcessInstanceView {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionName: string | null;
  /** the engine's state of the root element instance */
  state: string;
  startTime: number;
  endTime: number | null;
  tenantId: string;
  hasIncident: boolean;
  /** the call hierarchy: null for a root instance */
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
}

interface Raw extends Record<string, unknown> {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  name: string | null;
  state: string;
  start_time: string | number;
  end_time: string | number | null;
  tenant_id: string;
  has_incident: boolean;
  parent_process_instance_key: string | null;
  parent_element_instance_key: string | null;
}

const toView = (r: Raw): ProcessInstanceView => ({
  key: r.key,
  processDefinitionKey: r.process_definition_key,
  bpmnProcessId: r.bpmn_process_id,
  version: Number(r.version),
  processDefinitionName: r.name,
  state: r.state,
  startTime: Number(r.start_time),
  endTime: r.end_time == null ? null : Number(r.end_time),
  tenantId: r.tenant_id,
  hasIncident: Boolean(r.has_incident),
  parentProcessInstanceKey: r.parent_process_instance_key,
  parentElementInstanceKey: r.parent_element_instance_key,
});

/** `pi` is the instance's root element instance, `pd` its definition. */
export const PROCESS_INSTANCE_FROM = 'engine.element_instance pi JOIN engine.process_definition pd ON pd.key = pi.process_definition_key';
export const IS_PROCESS_INSTANCE = `pi.element_type = 'PROCESS'`;
/** -1 in the table means "no parent"; the API leaves the field out */
const PARENT_INSTANCE = 'NULLIF(pi.parent_process_instance_key, -1)';
const PARENT_ELEMENT = 'NULLIF(pi.parent_element_instance_key, -1)';
const HAS_INCIDENT = `EXISTS (SELECT 1 FROM engine.incident i WHERE i.process_instance_key = pi.key AND i.state = 'ACTIVE')`;
const COLUMNS = `pi.key, pi.process_definition_key, pi.bpmn_process_id, pi.version, pd.name, pi.state, pi.start_time, pi.end_time, pi.tenant_id, ${HAS_INCIDENT} AS has_incident,
  ${PARENT_INSTANCE} AS parent_process_instance_key, ${PARENT_ELEMENT} AS parent_element_instance_key`;

/** Batch operations are not in this engine yet: batch ids are always absent. */
const instanceFilters: Record<string, FilterField> = {
  processInstanceKey: { kind: 'key', sql: 'pi.key' },
  processDefinitionKey: { kind: 'key', sql: 'pi.process_definition_key' },
  processDefinitionId: { kind: 'string', sql: 'pi.bpmn_process_id' },
  processDefinitionName: { kind: 'string', sql: 'pd.name' },
  processDefinitionVersion: { kind: 'integer', sql: 'pi.version' },
  processDefinitionVersionTag: { kind: 'string', sql: 'NULL::text' },
  parentProcessInstanceKey: { kind: 'key', sql: PARENT_INSTANCE },
  parentElementInstanceKey: { kind: 'key', sql: PARENT_ELEMENT },
  startDate: { kind: 'date', sql: 'pi.start_time' },
  endDate: { kind: 'date', sql: 'pi.end_time' },
  state: { kind: 'enum', sql: 'pi.state', values: INSTANCE_STATES },
  hasIncident: { kind: 'boolean', sql: HAS_INCIDENT },
  tenantId: { kind: 'string', sql: 'pi.tenant_id' },
  variables: { kind: 'custom', build: variablesCondition },
  errorMessage: {
    kind: 'custom',
    build: (value, params, path) =>
      `EXISTS (SELECT 1 FROM engine.incident i WHERE i.process_instance_key = pi.key AND i.state = 'ACTIVE' AND ${valueCondition('string', 'i.error_message', value, params, path) || 'TRUE'})`,
  },
  tags: {
    kind: 'custom',
    build: (value, _params, path) => {
      if (Array.isArray(value) && value.length === 0) return '';
      throw new InvalidQueryError(`The filter ${path} is not supported by this engine.`);
    },
  },
  batchOperationId: { kind: 'unsupported' },
  hasRetriesLeft: { kind: 'unsupported' },
  incidentErrorHashCode: { kind: 'unsupported' },
};

/** These three describe one element instance of the process instance, together. */
const ELEMENT_FIELDS = ['elementId', 'elementInstanceState', 'hasElementInstanceIncident'] as const;
const elementFilters: Record<string, FilterField> = {
  elementId: { kind: 'string', sql: 'fe.element_id' },
  elementInstanceState: { kind: 'enum', sql: 'fe.state', values: INSTANCE_STATES },
  hasElementInstanceIncident: { kind: 'boolean', sql: 'fe.incident_key IS NOT NULL' },
};

/**
 * A process-instance filter as SQL over `pi` and `pd`: every field must hold, and one of the
 * `$or` alternatives when given. Also the filter of the element statistics.
 */
export function processInstanceCondition(filter: unknown, params: SqlParams, path = 'filter', allowOr = true): string {
  if (filter == null) return '';
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new InvalidQueryError(`The value for ${path} must be an object.`);
  const { $or: alternatives, ...fields } = filter as Record<string, unknown>;
  const element: Record<string, unknown> = {};
  for (const name of ELEMENT_FIELDS) {
    if (fields[name] != null) element[name] = fields[name];
    delete fields[name];
  }
  const parts = [compileFilter({ filters: instanceFilters }, fields, params, path)];
  if (Object.keys(element).length > 0) {
    const condition = compileFilter({ filters: elementFilters }, element, params, path);
    parts.push(`EXISTS (SELECT 1 FROM engine.element_instance fe WHERE fe.process_instance_key = pi.key AND fe.element_type <> 'PROCESS' AND ${condition || 'TRUE'})`);
  }
  if (alternatives != null) {
    if (!allowOr) throw new InvalidQueryError(`Unknown filter field '${path}.$or'.`);
    if (!Array.isArray(alternatives)) throw invalidValue(`${path}.$or`, alternatives, 'an array');
    const branches = alternatives.map((b, i) => processInstanceCondition(b, params, `${path}.$or[${i}]`, false) || 'TRUE');
    if (branches.length > 0) parts.push(`(${branches.map((b) => `(${b})`).join(' OR ')})`);
  }
  return parts.filter(Boolean).join(' AND ');
}

/**
 * `variables: [{ name, value }]`: the instance has a variable of that name (in any scope) whose
 * value, as JSON text, matches — a string variable's value is `"\"text\""`, as in Camunda.
 */
function variablesCondition(value: unknown, params: SqlParams, path: string): string {
  if (!Array.isArray(value)) throw invalidValue(path, value, 'an array');
  return value
    .map((entry, i) => {
      const at = `${path}[${i}]`;
      const { name, value: valueFilter } = (entry ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string' || name === '') throw new InvalidQueryError(`No ${at}.name provided.`);
      if (valueFilter == null) throw new InvalidQueryError(`No ${at}.value provided.`);
      const matches = valueCondition('string', 'v.value', valueFilter, params, `${at}.value`) || 'TRUE';
      return `EXISTS (SELECT 1 FROM engine.variable v WHERE v.process_instance_key = pi.key AND v.name = ${params.add(name, 'text')} AND ${matches})`;
    })
    .join(' AND ');
}

const source: SearchSource = {
  from: PROCESS_INSTANCE_FROM,
  where: IS_PROCESS_INSTANCE,
  select: COLUMNS,
  filters: instanceFilters,
  compile: (filter, params) => processInstanceCondition(filter, params),
  sorts: {
    processInstanceKey: { sql: 'pi.key', type: 'int8', notNull: true },
    processDefinitionKey: { sql: 'pi.process_definition_key', type: 'int8', notNull: true },
    processDefinitionId: { sql: 'pi.bpmn_process_id', type: 'text', notNull: true },
    processDefinitionName: { sql: 'pd.name', type: 'text' },
    processDefinitionVersion: { sql: 'pi.version', type: 'int4', notNull: true },
    processDefinitionVersionTag: { sql: 'NULL::text', type: 'text' },
    parentProcessInstanceKey: { sql: PARENT_INSTANCE, type: 'int8' },
    parentElementInstanceKey: { sql: PARENT_ELEMENT, type: 'int8' },
    startDate: { sql: 'pi.start_time', type: 'int8', notNull: true },
    endDate: { sql: 'pi.end_time', type: 'int8' },
    state: { sql: instanceStateNameSql('pi.state'), type: 'text', notNull: true },
    hasIncident: { sql: HAS_INCIDENT, type: 'bool', notNull: true },
    tenantId: { sql: 'pi.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'pi.key', type: 'int8', notNull: true },
};

export function searchProcessInstances(db: Queryable, query: SearchQuery): Promise<SearchPage<ProcessInstanceView>> {
  return search(db, source, query, toView);
}

export async function getProcessInstance(db: Queryable, key: string): Promise<ProcessInstanceView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${PROCESS_INSTANCE_FROM} WHERE pi.key = $1::int8 AND ${IS_PROCESS_INSTANCE}`, [key]);
  return row && toView(row);
}

export interface SequenceFlowView {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  flowId: string;
  tenantId: string;
}

/** The sequence flows an instance has taken (each once), from the record log. */
export async function takenSequenceFlows(db: Queryable, processInstanceKey: string): Promise<SequenceFlowView[]> {
  const rows = await db.query<{ flow_id: string; process_definition_key: string; bpmn_process_id: string; tenant_id: string }>(
    `SELECT DISTINCT ON (value->>'elementId') value->>'elementId' AS flow_id, value->>'processDefinitionKey' AS process_definition_key,
            value->>'bpmnProcessId' AS bpmn_process_id, value->>'tenantId' AS tenant_id
       FROM engine.record
      WHERE process_instance_key = $1::int8 AND value_type = 'PROCESS_INSTANCE' AND intent = 'SEQUENCE_FLOW_TAKEN' AND record_type = 'EVENT'
      ORDER BY value->>'elementId', position`,
    [processInstanceKey],
  );
  return rows.map((r) => ({
    processInstanceKey,
    processDefinitionKey: r.process_definition_key,
    bpmnProcessId: r.bpmn_process_id,
    flowId: r.flow_id,
    tenantId: r.tenant_id,
  }));
}
