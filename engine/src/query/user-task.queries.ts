/**
 * Read side of Camunda user tasks (`engine.user_task`, open and finished), their forms and the
 * variables they see. The filters lean on the table's indexes: state with due date, creation
 * date or priority (`user_task_state_*_idx`, walked in the requested order), assignee
 * (`user_task_assignee_idx`), process instance, and the candidate groups and users through
 * `engine.user_task_candidate` (one row per candidate, kept by triggers; see candidateFilter).
 */
import type { Queryable } from '../state/db.js';
import type { UserTaskRow } from '../state/tables.js';
import {
  compileFilter,
  invalidValue,
  InvalidQueryError,
  likePattern,
  search,
  valueCondition,
  type SearchPage,
  type SearchQuery,
  type SearchSource,
  type SqlParams,
} from './search.js';
import { identity } from './states.js';
import { toVariableView, VARIABLE_COLUMNS, type VariableView } from './variable.queries.js';

/** Camunda's user task states (the engine writes CREATING … CANCELED) */
export const USER_TASK_STATES = ['CREATING', 'CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'COMPLETED', 'CANCELING', 'CANCELED', 'FAILED'] as const;

export type UserTaskStateName = (typeof USER_TASK_STATES)[number];

/** a stored user task as the API shows it: the row, with Camunda's state name and the process's name */
export interface UserTaskView extends Omit<UserTaskRow, 'state'> {
  state: UserTaskStateName;
  processName: string | null;
}

interface Raw extends Record<string, unknown> {
  key: string;
  state: string;
  element_instance_key: string;
  element_id: string;
  name: string | null;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  process_name: string | null;
  version: number;
  assignee: string | null;
  candidate_groups: string[] | string;
  candidate_users: string[] | string;
  due_date: string | number | null;
  follow_up_date: string | number | null;
  priority: number;
  form_key: string | null;
  external_form_reference: string | null;
  custom_headers: Record<string, string> | string;
  tenant_id: string;
  creation_date: string | number;
  completion_date: string | number | null;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const epoch = (value: string | number | null) => (value == null ? null : Number(value));

const toView = (r: Raw): UserTaskView => ({
  key: r.key,
  state: (USER_TASK_STATES as readonly string[]).includes(r.state) ? (r.state as UserTaskStateName) : 'FAILED',
  elementInstanceKey: r.element_instance_key,
  elementId: r.element_id,
  name: r.name,
  processInstanceKey: r.process_instance_key,
  processDefinitionKey: r.process_definition_key,
  bpmnProcessId: r.bpmn_process_id,
  processName: r.process_name,
  version: r.version,
  assignee: r.assignee,
  candidateGroups: json<string[]>(r.candidate_groups),
  candidateUsers: json<string[]>(r.candidate_users),
  dueDate: epoch(r.due_date),
  followUpDate: epoch(r.follow_up_date),
  priority: r.priority,
  formKey: r.form_key,
  externalFormReference: r.external_form_reference,
  customHeaders: json<Record<string, string>>(r.custom_headers),
  tenantId: r.tenant_id,
  creationDate: Number(r.creation_date),
  completionDate: epoch(r.completion_date),
});

const COLUMNS =
  't.key, t.state, t.element_instance_key, t.element_id, t.name, t.process_instance_key, t.process_definition_key, t.bpmn_process_id, ' +
  'pd.name AS process_name, t.version, t.assignee, t.candidate_groups, t.candidate_users, t.due_date, t.follow_up_date, t.priority, ' +
  't.form_key, t.external_form_reference, t.custom_headers, t.tenant_id, t.creation_date, t.completion_date';

const FROM = 'engine.user_task t LEFT JOIN engine.process_definition pd ON pd.key = t.process_definition_key';

type CandidateKind = 'group' | 'user';

const CANDIDATE_FIELDS: Readonly<Record<CandidateKind, string>> = { group: 'candidateGroup', user: 'candidateUser' };

/**
 * What the task filter says about the task's state and assignment, as conditions on its
 * `engine.user_task_candidate` rows (alias `c`), which copy both: added to a candidate semi-join
 * they let PostgreSQL match and count from the side table's index alone. Only what can be read
 * off plainly (one state, `assignee` present or absent); anything else stays on the task.
 */
function mirroredConditions(filter: Record<string, unknown>): string[] {
  const conditions: string[] = [];
  const state = plainEq(filter.state);
  // a literal, never a parameter: only ever one of the fixed state names
  if (typeof state === 'string' && (USER_TASK_STATES as readonly string[]).includes(state)) conditions.push(`c.state = '${state}'`);
  const assignee = filter.assignee;
  if (typeof plainEq(assignee) === 'string') conditions.push('c.assigned');
  else if (isOnly(assignee, '$exists') && typeof (assignee as { $exists: unknown }).$exists === 'boolean') {
    conditions.push((assignee as { $exists: boolean }).$exists ? 'c.assigned' : 'NOT c.assigned');
  }
  return conditions;
}

/** a plain value or `{ $eq: value }`: the value; otherwise undefined */
const plainEq = (value: unknown): unknown => (isOnly(value, '$eq') ? (value as { $eq: unknown }).$eq : typeof value === 'object' ? undefined : value);

const isOnly = (value: unknown, op: string): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && op in value;

const text = (v: unknown, at: string) => {
  if (typeof v !== 'string') throw invalidValue(at, v, 'a string');
  return v;
};

const textList = (v: unknown, at: string) => {
  if (!Array.isArray(v)) throw invalidValue(at, v, 'an array');
  return v.map((item, i) => text(item, `${at}[${i}]`));
};

/**
 * `candidateGroup` / `candidateUser`: a string filter over one of the task's candidates,
 * answered from `engine.user_task_candidate` (kept by triggers, migration 0012): equality and
 * lists as a semi-join over its btree (with the state and assignment conditions the rest of the
 * filter implies), their negations as an anti-join, `$like` over the same rows; `$exists` reads
 * the task's JSON array.
 */
function candidateFilter(kind: CandidateKind, column: string, mirrored: readonly string[], probe: boolean) {
  return (value: unknown, params: SqlParams, path: string): string => {
    const operators = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { $eq: value };
    const parts: string[] = [];
    const candidates = (condition: string, withMirrored: boolean) =>
      `SELECT 1 FROM engine.user_task_candidate c WHERE c.user_task_key = t.key AND c.kind = '${kind}' AND ${condition}` +
      (withMirrored && mirrored.length > 0 ? ` AND ${mirrored.join(' AND ')}` : '');
    // a unit's inbox (nothing but candidates, state and assignment): the matching keys hashed once,
    // probed while the page is walked in the requested order. As a semi-join, PostgreSQL would
    // either probe the side table's index per task walked, which costs 100 ms when the unit's tasks
    // sit late in that order (its estimate assumes them spread evenly), or sort all of a large
    // unit's tasks; the hashed probe costs 5–15 ms whichever way they lie.
    const matching = (condition: string) =>
      probe
        ? `(t.key IN (SELECT c.user_task_key FROM engine.user_task_candidate c WHERE c.kind = '${kind}' AND ${condition}` +
          `${mirrored.length > 0 ? ` AND ${mirrored.join(' AND ')}` : ''})) IS TRUE`
        : `EXISTS (${candidates(condition, true)})`;
    for (const [op, operand] of Object.entries(operators)) {
      if (operand === undefined || operand === null) continue;
      const at = `${path}.${op}`;
      switch (op) {
        case '$eq':
          parts.push(matching(`c.candidate = ${params.add(text(operand, at), 'text')}`));
          break;
        case '$neq':
          parts.push(`NOT EXISTS (${candidates(`c.candidate = ${params.add(text(operand, at), 'text')}`, false)})`);
          break;
        case '$in':
          parts.push(matching(`c.candidate = ANY(${params.add(textList(operand, at), 'text[]')})`));
          break;
        case '$notIn':
          parts.push(`NOT EXISTS (${candidates(`c.candidate = ANY(${params.add(textList(operand, at), 'text[]')})`, false)})`);
          break;
        case '$exists':
          if (typeof operand !== 'boolean') throw invalidValue(at, operand, 'a boolean');
          parts.push(`jsonb_array_length(${column}) ${operand ? '>' : '='} 0`);
          break;
        case '$like':
          parts.push(`EXISTS (${candidates(`c.candidate LIKE ${params.add(likePattern(text(operand, at)), 'text')}`, true)})`);
          break;
        default:
          throw new InvalidQueryError(`Unknown filter operator '${op}' for ${path}.`);
      }
    }
    return parts.join(' AND ');
  };
}

/**
 * A unit's inbox: the filter says nothing but candidate groups, the state and the assignee. (A
 * candidate user has few tasks, which the semi-join finds from the side table at once; so has
 * a group and a user together.)
 */
function unitInbox(filter: Record<string, unknown>): boolean {
  const allowed = new Set(['candidateGroup', 'state', 'assignee']);
  return filter.candidateGroup != null && Object.entries(filter).every(([name, value]) => value === undefined || value === null || allowed.has(name));
}

/** a candidate filter that only matches tasks with some candidate rows ($eq, $in, $like) */
function hasPositiveCandidateFilter(filter: Record<string, unknown>): boolean {
  return Object.values(CANDIDATE_FIELDS).some((name) => {
    const value = filter[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'object' || Array.isArray(value)) return typeof value === 'string';
    const ops = value as Record<string, unknown>;
    return ['$eq', '$in', '$like'].some((op) => ops[op] !== undefined && ops[op] !== null);
  });
}

/**
 * The total of a filter that asks for one candidate kind by value (`$eq` or `$in`), with at most
 * one state and the assignee's presence: the distinct task keys of the matching candidate rows,
 * an index-only range of `user_task_candidate_search_idx` instead of a visit to every matching
 * task (组待办: thousands of tasks over as many heap pages).
 */
function candidateCountMatches(filter: Record<string, unknown>, params: SqlParams): string | undefined {
  const fields = Object.entries(filter).filter(([, v]) => v !== undefined && v !== null);
  const kinds = (Object.keys(CANDIDATE_FIELDS) as CandidateKind[]).filter((k) => fields.some(([name]) => name === CANDIDATE_FIELDS[k]));
  if (kinds.length !== 1) return undefined;
  const kind = kinds[0]!;
  const mirroredFields = ['state', 'assignee'];
  const conditions = mirroredConditions(filter);
  const mirroredCount = fields.filter(([name]) => mirroredFields.includes(name)).length;
  if (fields.length !== 1 + mirroredCount || conditions.length !== mirroredCount) return undefined;
  // an assignee by name is more than the side table's `assigned` says
  if (filter.assignee != null && !isOnly(filter.assignee, '$exists')) return undefined;
  const value = filter[CANDIDATE_FIELDS[kind]];
  const eq = plainEq(value);
  let candidates: string[];
  if (typeof eq === 'string') candidates = [eq];
  else if (isOnly(value, '$in') && Array.isArray((value as { $in: unknown }).$in) && (value as { $in: unknown[] }).$in.every((v) => typeof v === 'string')) {
    candidates = [...new Set((value as { $in: string[] }).$in)];
  } else return undefined;
  const where = [`c.kind = '${kind}'`, `c.candidate = ANY(${params.add(candidates, 'text[]')})`, ...conditions].join(' AND ');
  // one candidate: each task once already (the primary key); several: a task may hold two, and
  // sorting the keys to drop repeats measured about twice as fast as hashing them (31,000 keys)
  if (candidates.length === 1) return `SELECT c.user_task_key FROM engine.user_task_candidate c WHERE ${where}`;
  return `SELECT DISTINCT c.user_task_key FROM engine.user_task_candidate c WHERE ${where} ORDER BY c.user_task_key`;
}

/**
 * `processInstanceVariables` / `localVariables`: `[{name, value}]`, each variable must exist in
 * the scope with a value (JSON text) matching the string filter.
 */
function variablesFilter(scopeColumn: string) {
  return (value: unknown, params: SqlParams, path: string): string => {
    if (!Array.isArray(value)) throw invalidValue(path, value, 'an array');
    return value
      .map((item, i) => {
        const at = `${path}[${i}]`;
        const { name, value: filter } = (item ?? {}) as { name?: unknown; value?: unknown };
        if (typeof name !== 'string') throw invalidValue(`${at}.name`, name, 'a string');
        const condition = filter == null ? '' : valueCondition('string', 'v.value', filter, params, `${at}.value`);
        return `EXISTS (SELECT 1 FROM engine.variable v WHERE v.scope_key = ${scopeColumn} AND v.name = ${params.add(name, 'text')}${condition ? ` AND ${condition}` : ''})`;
      })
      .join(' AND ');
  };
}

const source: SearchSource = {
  from: FROM,
  select: COLUMNS,
  filters: {
    userTaskKey: { kind: 'key', sql: 't.key' },
    state: { kind: 'enum', sql: 't.state', values: identity(USER_TASK_STATES) },
    assignee: { kind: 'string', sql: 't.assignee' },
    priority: { kind: 'integer', sql: 't.priority' },
    elementId: { kind: 'string', sql: 't.element_id' },
    name: { kind: 'string', sql: 't.name' },
    candidateGroup: { kind: 'custom', build: candidateFilter('group', 't.candidate_groups', [], false) },
    candidateUser: { kind: 'custom', build: candidateFilter('user', 't.candidate_users', [], false) },
    tenantId: { kind: 'string', sql: 't.tenant_id' },
    processDefinitionId: { kind: 'string', sql: 't.bpmn_process_id' },
    creationDate: { kind: 'date', sql: 't.creation_date' },
    completionDate: { kind: 'date', sql: 't.completion_date' },
    followUpDate: { kind: 'date', sql: 't.follow_up_date' },
    dueDate: { kind: 'date', sql: 't.due_date' },
    processInstanceVariables: { kind: 'custom', build: variablesFilter('t.process_instance_key') },
    localVariables: { kind: 'custom', build: variablesFilter('t.element_instance_key') },
    processDefinitionKey: { kind: 'key', sql: 't.process_definition_key' },
    processInstanceKey: { kind: 'key', sql: 't.process_instance_key' },
    elementInstanceKey: { kind: 'key', sql: 't.element_instance_key' },
  },
  sorts: {
    creationDate: { sql: 't.creation_date', type: 'int8', notNull: true },
    completionDate: { sql: 't.completion_date', type: 'int8' },
    followUpDate: { sql: 't.follow_up_date', type: 'int8' },
    dueDate: { sql: 't.due_date', type: 'int8' },
    priority: { sql: 't.priority', type: 'int4', notNull: true },
    name: { sql: 't.name', type: 'text' },
  },
  key: { sql: 't.key', type: 'int8', notNull: true },
  compile: (filter, params) => {
    // the candidate filters carry the state and assignment conditions into their semi-joins
    const mirrored = mirroredConditions(filter);
    const probe = unitInbox(filter);
    const filters = {
      ...source.filters,
      candidateGroup: { kind: 'custom', build: candidateFilter('group', 't.candidate_groups', mirrored, probe) },
      candidateUser: { kind: 'custom', build: candidateFilter('user', 't.candidate_users', mirrored, probe) },
    } as const;
    // `assignee: {$exists}` then holds through the semi-join's `c.assigned`; said twice, the
    // planner would count its selectivity twice and misjudge the walk in the requested order
    const implied = mirrored.some((m) => m.includes('assigned')) && hasPositiveCandidateFilter(filter) && isOnly(filter.assignee, '$exists');
    return compileFilter({ filters }, implied ? { ...filter, assignee: undefined } : filter, params);
  },
  countMatches: candidateCountMatches,
  keyTable: 'engine.user_task t',
};

export function searchUserTasks(db: Queryable, query: SearchQuery): Promise<SearchPage<UserTaskView>> {
  return search(db, source, query, toView);
}

export async function getUserTask(db: Queryable, key: string): Promise<UserTaskView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.key = $1::int8`, [key]);
  return row && toView(row);
}

export interface FormView {
  key: string;
  formId: string;
  version: number;
  tenantId: string;
  /** the form-js JSON as deployed */
  schema: string;
}

export async function getForm(db: Queryable, formKey: string): Promise<FormView | undefined> {
  const [row] = await db.query<{ key: string; form_id: string; version: number; tenant_id: string; content: string }>(
    'SELECT f.key, f.form_id, f.version, f.tenant_id, r.content FROM engine.form f JOIN engine.resource r ON r.key = f.resource_key WHERE f.key = $1::int8',
    [formKey],
  );
  return row && { key: row.key, formId: row.form_id, version: row.version, tenantId: row.tenant_id, schema: row.content };
}


/**
 * The variables a user task sees: those of its element instance and of every scope above it,
 * up to the process instance. Filter by `name`; sort as Camunda's user task variable search.
 */
export function searchUserTaskVariables(db: Queryable, elementInstanceKey: string, query: SearchQuery): Promise<SearchPage<VariableView>> {
  return search(db, userTaskVariablesSource(elementInstanceKey), query, toVariableView);
}

function userTaskVariablesSource(elementInstanceKey: string): SearchSource {
  const filters = { name: { kind: 'string', sql: 'v.name' } } as const;
  return {
    from: 'engine.variable v',
    select: VARIABLE_COLUMNS,
    filters,
    compile: (filter, params) => {
      const scopes =
        `v.scope_key IN (WITH RECURSIVE scope(key, parent) AS (` +
        `SELECT e.key, e.flow_scope_key FROM engine.element_instance e WHERE e.key = ${params.add(elementInstanceKey, 'int8')} ` +
        `UNION ALL SELECT e.key, e.flow_scope_key FROM engine.element_instance e JOIN scope s ON e.key = s.parent) SELECT key FROM scope)`;
      return [scopes, compileFilter({ filters }, filter, params)].filter(Boolean).join(' AND ');
    },
    sorts: {
      value: { sql: 'v.value', type: 'text', notNull: true },
      name: { sql: 'v.name', type: 'text', notNull: true },
      tenantId: { sql: 'v.tenant_id', type: 'text', notNull: true },
      variableKey: { sql: 'v.key', type: 'int8', notNull: true },
      scopeKey: { sql: 'v.scope_key', type: 'int8', notNull: true },
      processInstanceKey: { sql: 'v.process_instance_key', type: 'int8', notNull: true },
    },
    key: { sql: 'v.key', type: 'int8', notNull: true },
  };
}
