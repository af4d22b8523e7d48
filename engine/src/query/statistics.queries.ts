/**
 * Per-element counts for heatmaps, as Camunda's element-instance statistics: how many element
 * instances of each element are active (without an incident), have an incident, completed, or
 * were canceled (terminated). Over a process definition the counts are of distinct process
 * instances, optionally restricted by a process-instance filter; over one process instance
 * they are of element instances.
 */
import type { Queryable } from '../state/db.js';
import { IS_PROCESS_INSTANCE, processInstanceCondition } from './process-instance.queries.js';
import { SqlParams } from './search.js';
import { INSTANCE_STATES, LIVE_ELEMENT_STATES, type InstanceStateName } from './states.js';

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
  canceled: number;
}

interface Raw {
  element_id: string;
  active: string | number;
  incidents: string | number;
  completed: string | number;
  canceled: string | number;
}

const toStatistics = (r: Raw): ElementStatistics => ({
  elementId: r.element_id,
  active: Number(r.active),
  incidents: Number(r.incidents),
  completed: Number(r.completed),
  canceled: Number(r.canceled),
});

const LIVE = `e.state IN (${LIVE_ELEMENT_STATES.map((s) => `'${s}'`).join(', ')})`;
const buckets = (counted: string) => `
  count(${counted}) FILTER (WHERE ${LIVE} AND e.incident_key IS NULL) AS active,
  count(${counted}) FILTER (WHERE ${LIVE} AND e.incident_key IS NOT NULL) AS incidents,
  count(${counted}) FILTER (WHERE e.state = 'COMPLETED') AS completed,
  count(${counted}) FILTER (WHERE e.state = 'TERMINATED') AS canceled`;

/**
 * Per-element statistics of a definition. Without a filter, or filtered by the process
 * instances' state only, they come from the counts kept on write (`element_statistics`, a few
 * rows per element); any other filter counts the history (`exactDefinitionElementStatistics`).
 */
export async function processDefinitionElementStatistics(db: Queryable, processDefinitionKey: string, filter?: unknown): Promise<ElementStatistics[]> {
  const states = instanceStatesOf(filter);
  if (!states) return exactDefinitionElementStatistics(db, processDefinitionKey, filter);
  const rows = await db.query<Raw>(
    `SELECT element_id, sum(active) AS active, sum(incidents) AS incidents, sum(completed) AS completed, sum(canceled) AS canceled
       FROM engine.element_statistics
      WHERE process_definition_key = $1::int8 AND process_instance_state = ANY($2::text[])
      GROUP BY element_id
     HAVING sum(active) + sum(incidents) + sum(completed) + sum(canceled) > 0
      ORDER BY element_id`,
    [processDefinitionKey, states],
  );
  return rows.map(toStatistics);
}

const STATE_NAMES = Object.keys(INSTANCE_STATES) as InstanceStateName[];

/**
 * The process-instance states a filter selects, when the filter is about nothing else (no
 * filter: all); undefined otherwise, and for values the exact path must refuse with 400.
 */
function instanceStatesOf(filter: unknown): InstanceStateName[] | undefined {
  if (filter == null) return STATE_NAMES;
  if (typeof filter !== 'object' || Array.isArray(filter)) return undefined;
  const fields = Object.entries(filter).filter(([, v]) => v != null);
  if (fields.length === 0) return STATE_NAMES;
  if (fields.length > 1 || fields[0]![0] !== 'state') return undefined;
  const value = fields[0]![1];
  const valid = (v: unknown): v is InstanceStateName => typeof v === 'string' && (STATE_NAMES as string[]).includes(v);
  if (typeof value === 'string') return valid(value) ? [value] : undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  let chosen = STATE_NAMES;
  for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
    if (operand == null) continue;
    const list = Array.isArray(operand) ? operand : [operand];
    if (op === '$exists' && typeof operand === 'boolean') {
      // every instance has a state
      if (!operand) chosen = [];
      continue;
    }
    if (!['$eq', '$neq', '$in', '$notIn'].includes(op) || Array.isArray(operand) !== (op === '$in' || op === '$notIn') || !list.every(valid)) return undefined;
    chosen = op === '$eq' || op === '$in' ? chosen.filter((s) => list.includes(s)) : chosen.filter((s) => !list.includes(s));
  }
  return chosen;
}

/**
 * The same from the history: distinct process instances per element and bucket, in two steps:
 * per (element, process instance) how many of its element instances are in each bucket, then
 * per element how many process instances have at least one. `element_instance_def_idx`
 * (definition, element, process instance) hands the rows over in that order, so both steps
 * stream without sorting or hashing. The instance row `pi` (and its definition `pd`) are joined
 * only for a process-instance filter.
 */
export async function exactDefinitionElementStatistics(db: Queryable, processDefinitionKey: string, filter?: unknown): Promise<ElementStatistics[]> {
  const params = new SqlParams();
  const definition = params.add(processDefinitionKey, 'int8');
  const condition = processInstanceCondition(filter, params);
  const from = condition
    ? `engine.element_instance e
       JOIN engine.element_instance pi ON pi.key = e.process_instance_key
       JOIN engine.process_definition pd ON pd.key = pi.process_definition_key`
    : 'engine.element_instance e';
  const where = `e.process_definition_key = ${definition} AND e.element_type <> 'PROCESS'${condition ? ` AND ${IS_PROCESS_INSTANCE} AND ${condition}` : ''}`;
  const rows = await db.query<Raw>(
    `SELECT element_id,
            count(*) FILTER (WHERE active > 0) AS active, count(*) FILTER (WHERE incidents > 0) AS incidents,
            count(*) FILTER (WHERE completed > 0) AS completed, count(*) FILTER (WHERE canceled > 0) AS canceled
       FROM (SELECT e.element_id, ${buckets('*')}
               FROM ${from}
              WHERE ${where}
              GROUP BY e.element_id, e.process_instance_key) per_instance
      GROUP BY element_id
      ORDER BY element_id`,
    params.values,
  );
  return rows.map(toStatistics);
}

export async function processInstanceElementStatistics(db: Queryable, processInstanceKey: string): Promise<ElementStatistics[]> {
  const rows = await db.query<Raw>(
    `SELECT e.element_id, ${buckets('*')}
       FROM engine.element_instance e
      WHERE e.process_instance_key = $1::int8 AND e.element_type <> 'PROCESS'
      GROUP BY e.element_id
      ORDER BY e.element_id`,
    [processInstanceKey],
  );
  return rows.map(toStatistics);
}
