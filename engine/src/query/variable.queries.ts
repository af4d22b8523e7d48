/**
 * Read side of variables (`engine.variable`): every scope's current values, as JSON text.
 */
import type { Queryable } from '../state/db.js';
import { search, type SearchPage, type SearchQuery, type SearchSource } from './search.js';

/** Camunda's search answers carry at most this many characters of a value (`isTruncated`). */
export const VARIABLE_PREVIEW_LENGTH = 8191;

export interface VariableView {
  key: string;
  name: string;
  /** JSON text */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  tenantId: string;
}

interface Raw extends Record<string, unknown> {
  key: string;
  name: string;
  value: string;
  scope_key: string;
  process_instance_key: string;
  tenant_id: string;
}

export const toVariableView = (r: Raw): VariableView => ({
  key: r.key,
  name: r.name,
  value: r.value,
  scopeKey: r.scope_key,
  processInstanceKey: r.process_instance_key,
  tenantId: r.tenant_id,
});

export const VARIABLE_COLUMNS = 'v.key, v.name, v.value, v.scope_key, v.process_instance_key, v.tenant_id';

const source: SearchSource = {
  from: 'engine.variable v',
  select: VARIABLE_COLUMNS,
  filters: {
    variableKey: { kind: 'key', sql: 'v.key' },
    scopeKey: { kind: 'key', sql: 'v.scope_key' },
    processInstanceKey: { kind: 'key', sql: 'v.process_instance_key' },
    name: { kind: 'string', sql: 'v.name' },
    value: { kind: 'string', sql: 'v.value' },
    tenantId: { kind: 'string', sql: 'v.tenant_id' },
    isTruncated: { kind: 'boolean', sql: `length(v.value) > ${VARIABLE_PREVIEW_LENGTH}` },
  },
  sorts: {
    variableKey: { sql: 'v.key', type: 'int8', notNull: true },
    scopeKey: { sql: 'v.scope_key', type: 'int8', notNull: true },
    processInstanceKey: { sql: 'v.process_instance_key', type: 'int8', notNull: true },
    name: { sql: 'v.name', type: 'text', notNull: true },
    value: { sql: 'v.value', type: 'text', notNull: true },
    tenantId: { sql: 'v.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'v.key', type: 'int8', notNull: true },
};

export function searchVariables(db: Queryable, query: SearchQuery): Promise<SearchPage<VariableView>> {
  return search(db, source, query, toVariableView);
}

export async function getVariable(db: Queryable, key: string): Promise<VariableView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${VARIABLE_COLUMNS} FROM engine.variable v WHERE v.key = $1::int8`, [key]);
  return row && toVariableView(row);
}
