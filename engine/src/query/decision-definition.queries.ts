/**
 * Read side of deployed decisions (`engine.decision`) and decision requirements graphs
 * (`engine.decision_requirements`, the DMN resources), for Camunda 8.8's
 * `/v2/decision-definitions` and `/v2/decision-requirements`. Deleted definitions
 * (DeleteResource) are left out of searches and gets, as process definitions are; their XML
 * stays readable by key, for the history of what they evaluated.
 *
 * Camunda 8.8's filters on these two searches take plain values only (equality; no operator
 * objects): an operator object is refused with 400 naming the field.
 */
import type { Queryable } from '../state/db.js';
import { invalidValue, search, valueCondition, type FilterField, type SearchPage, type SearchQuery, type SearchSource } from './search.js';

/** a filter field that, as in Camunda 8.8's decision searches, takes one plain value */
function plain(kind: 'key' | 'string' | 'integer', sql: string): FilterField {
  const expected = kind === 'integer' ? 'an integer' : kind === 'key' ? 'a key (a decimal string)' : 'a string';
  return {
    kind: 'custom',
    build: (value, params, path) => {
      if (value !== null && typeof value === 'object') throw invalidValue(path, value, expected);
      return valueCondition(kind, sql, value, params, path);
    },
  };
}

export interface DecisionDefinitionView {
  key: string;
  decisionId: string;
  name: string | null;
  version: number;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
}

interface DecisionRaw extends Record<string, unknown> {
  key: string;
  decision_id: string;
  name: string | null;
  version: number;
  decision_requirements_key: string;
  decision_requirements_id: string;
  tenant_id: string;
}

const toDecision = (r: DecisionRaw): DecisionDefinitionView => ({
  key: String(r.key),
  decisionId: r.decision_id,
  name: r.name,
  version: Number(r.version),
  decisionRequirementsKey: String(r.decision_requirements_key),
  decisionRequirementsId: r.decision_requirements_id,
  tenantId: r.tenant_id,
});

const DECISION_COLUMNS = 'd.key, d.decision_id, d.name, d.version, d.decision_requirements_key, d.decision_requirements_id, d.tenant_id';

const decisionSource: SearchSource = {
  from: 'engine.decision d',
  where: 'NOT d.deleted',
  select: DECISION_COLUMNS,
  filters: {
    decisionDefinitionKey: plain('key', 'd.key'),
    decisionDefinitionId: plain('string', 'd.decision_id'),
    name: plain('string', 'd.name'),
    version: plain('integer', 'd.version'),
    decisionRequirementsId: plain('string', 'd.decision_requirements_id'),
    decisionRequirementsKey: plain('key', 'd.decision_requirements_key'),
    tenantId: plain('string', 'd.tenant_id'),
  },
  sorts: {
    decisionDefinitionKey: { sql: 'd.key', type: 'int8', notNull: true },
    decisionDefinitionId: { sql: 'd.decision_id', type: 'text', notNull: true },
    name: { sql: 'd.name', type: 'text' },
    version: { sql: 'd.version', type: 'int4', notNull: true },
    decisionRequirementsId: { sql: 'd.decision_requirements_id', type: 'text', notNull: true },
    decisionRequirementsKey: { sql: 'd.decision_requirements_key', type: 'int8', notNull: true },
    tenantId: { sql: 'd.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'd.key', type: 'int8', notNull: true },
};

export function searchDecisionDefinitions(db: Queryable, query: SearchQuery): Promise<SearchPage<DecisionDefinitionView>> {
  return search(db, decisionSource, query, toDecision);
}

export async function getDecisionDefinition(db: Queryable, key: string): Promise<DecisionDefinitionView | undefined> {
  const [row] = await db.query<DecisionRaw>(`SELECT ${DECISION_COLUMNS} FROM engine.decision d WHERE d.key = $1::int8 AND NOT d.deleted`, [key]);
  return row && toDecision(row);
}

/** The DMN XML the decision was deployed in (its whole decision requirements graph, as Camunda answers). */
export async function getDecisionDefinitionXml(db: Queryable, key: string): Promise<string | undefined> {
  const [row] = await db.query<{ content: string }>(
    `SELECT r.content FROM engine.decision d
       JOIN engine.decision_requirements dr ON dr.key = d.decision_requirements_key
       JOIN engine.resource r ON r.key = dr.resource_key
     WHERE d.key = $1::int8`,
    [key],
  );
  return row?.content;
}

export interface DecisionRequirementsView {
  key: string;
  decisionRequirementsId: string;
  name: string | null;
  version: number;
  resourceName: string;
  tenantId: string;
}

interface RequirementsRaw extends Record<string, unknown> {
  key: string;
  decision_requirements_id: string;
  name: string | null;
  version: number;
  resource_name: string;
  tenant_id: string;
}

const toRequirements = (r: RequirementsRaw): DecisionRequirementsView => ({
  key: String(r.key),
  decisionRequirementsId: r.decision_requirements_id,
  name: r.name,
  version: Number(r.version),
  resourceName: r.resource_name,
  tenantId: r.tenant_id,
});

const REQUIREMENTS_COLUMNS = 'dr.key, dr.decision_requirements_id, dr.name, dr.version, dr.resource_name, dr.tenant_id';

const requirementsSource: SearchSource = {
  from: 'engine.decision_requirements dr',
  where: 'NOT dr.deleted',
  select: REQUIREMENTS_COLUMNS,
  filters: {
    decisionRequirementsKey: plain('key', 'dr.key'),
    decisionRequirementsId: plain('string', 'dr.decision_requirements_id'),
    decisionRequirementsName: plain('string', 'dr.name'),
    version: plain('integer', 'dr.version'),
    resourceName: plain('string', 'dr.resource_name'),
    tenantId: plain('string', 'dr.tenant_id'),
  },
  sorts: {
    decisionRequirementsKey: { sql: 'dr.key', type: 'int8', notNull: true },
    decisionRequirementsId: { sql: 'dr.decision_requirements_id', type: 'text', notNull: true },
    decisionRequirementsName: { sql: 'dr.name', type: 'text' },
    version: { sql: 'dr.version', type: 'int4', notNull: true },
    tenantId: { sql: 'dr.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'dr.key', type: 'int8', notNull: true },
};

export function searchDecisionRequirements(db: Queryable, query: SearchQuery): Promise<SearchPage<DecisionRequirementsView>> {
  return search(db, requirementsSource, query, toRequirements);
}

export async function getDecisionRequirements(db: Queryable, key: string): Promise<DecisionRequirementsView | undefined> {
  const [row] = await db.query<RequirementsRaw>(
    `SELECT ${REQUIREMENTS_COLUMNS} FROM engine.decision_requirements dr WHERE dr.key = $1::int8 AND NOT dr.deleted`,
    [key],
  );
  return row && toRequirements(row);
}

/** The DMN XML of the resource the decision requirements graph was deployed from. */
export async function getDecisionRequirementsXml(db: Queryable, key: string): Promise<string | undefined> {
  const [row] = await db.query<{ content: string }>(
    `SELECT r.content FROM engine.decision_requirements dr JOIN engine.resource r ON r.key = dr.resource_key WHERE dr.key = $1::int8`,
    [key],
  );
  return row?.content;
}
