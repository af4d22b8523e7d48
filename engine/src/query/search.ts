/**
 * Camunda 8.8 search semantics over one SQL source, shared by every `/v2/…/search`:
 * - `filter`: each field is a plain value (equality) or an operator object (`$eq`, `$neq`,
 *   `$exists`, `$in`, `$notIn`, `$like` with `*` and `?` wildcards, `$gt`, `$gte`, `$lt`,
 *   `$lte`); fields are ANDed; `$or` (where the source allows it) is a list of alternatives;
 * - `sort`: `[{ field, order }]`, ASC by default, missing values last (as Camunda's search
 *   does), the source's key as the final tie-breaker so that every order is total;
 * - `page`: `{ from, limit }` (offset) or `{ after | before, limit }` (cursor). Cursors are
 *   keyset cursors: base64 of the sort values of the first or last item, so a page stays stable
 *   while new rows arrive. `limit` defaults to 100;
 * - `totalItems`: exact up to 10,000; past that 10,000 with `hasMoreTotalItems` (Camunda caps
 *   its totals likewise), so a count never reads more than 10,001 rows.
 *
 * The SQL is written so that PostgreSQL can walk an index in the requested order and stop at
 * the page's end: `ORDER BY col ASC|DESC NULLS LAST` (no expressions), a one-value enum filter
 * as `=` (not `= ANY`, which would lose the index order), and cursors over NOT NULL sort
 * columns as one row comparison `(a, key) > ($1, $2)`, an index condition.
 *
 * Values are always bound as parameters; field names only ever come from a source's tables.
 * A request that cannot be answered (unknown field, wrong value type) throws
 * `InvalidQueryError`, which the gateways answer with 400.
 */
import type { Queryable } from '../state/db.js';

export class InvalidQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

/** Positional parameters for one statement. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

export type SqlType = 'int8' | 'int4' | 'text' | 'bool';

/** A filter field over a column or SQL expression of the source. */
export type FilterField =
  /** keys (int8, decimal strings on the wire), text, integers, epoch-ms times (ISO 8601 on the wire), booleans */
  | { kind: 'key' | 'string' | 'integer' | 'date' | 'boolean'; sql: string }
  /** an API enum over a text column: each API value names the column values it stands for */
  | { kind: 'enum'; sql: string; values: Readonly<Record<string, readonly string[]>> }
  /** anything else: builds its own condition */
  | { kind: 'custom'; build: (value: unknown, params: SqlParams, field: string) => string }
  /** part of Camunda's API that this engine cannot answer: refused, never silently ignored */
  | { kind: 'unsupported' };

export interface SortField {
  sql: string;
  type: SqlType;
  /** the column is never null: no NULLS clause, and cursors compare rows */
  notNull?: boolean;
}

export interface SearchSource {
  /** FROM clause, joins included */
  from: string;
  /** a condition every row of the source meets */
  where?: string;
  /** the selected columns */
  select: string;
  filters: Readonly<Record<string, FilterField>>;
  /** 'unsupported': a sort field of Camunda's API that this engine cannot order by */
  sorts: Readonly<Record<string, SortField | 'unsupported' | undefined>>;
  /** unique and never null: the final sort key */
  key: SortField;
  /** whether the filter may hold `$or: [ {…}, {…} ]` */
  or?: boolean;
  /** compiles the filter itself, for sources whose fields are not independent */
  compile?: (filter: Record<string, unknown>, params: SqlParams) => string;
  /**
   * a cheaper statement for the total, when the filter allows one: selects the matching rows'
   * keys (each once) without a LIMIT, which `search` adds; undefined for the general count
   */
  countMatches?: (filter: Record<string, unknown>, params: SqlParams) => string | undefined;
  /**
   * the main table alone, with the alias `from` gives it (`engine.user_task t`), when every
   * filter and sort refers to it and the joins only add selected columns: the total is counted
   * without the joins (a left join's key otherwise keeps PostgreSQL from answering from an index
   * alone), and a page first finds its keys there, in order, then reads only those rows, so that
   * an index holding the filter and sort columns is walked without visiting the rows it passes
   */
  keyTable?: string;
}

export interface SearchQuery {
  filter?: Record<string, unknown> | null;
  sort?: ReadonlyArray<{ field: string; order?: string | null }> | null;
  page?: { from?: number | null; limit?: number | null; after?: string | null; before?: string | null } | null;
}

export interface SearchPage<Row> {
  items: Row[];
  totalItems: number;
  /** more rows match than `totalItems` says (the count stopped at MAX_TOTAL_ITEMS) */
  hasMoreTotalItems?: boolean;
  startCursor?: string;
  endCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
/** counts stop here: `totalItems` is this with `hasMoreTotalItems` when more rows match */
export const MAX_TOTAL_ITEMS = 10_000;

/** Runs the search: one statement for the page, one for the total. */
export async function search<Raw extends Record<string, unknown>, Row>(
  db: Queryable,
  source: SearchSource,
  query: SearchQuery,
  toRow: (raw: Raw) => Row,
): Promise<SearchPage<Row>> {
  const params = new SqlParams();
  const filter = source.compile ? source.compile(query.filter ?? {}, params) : compileFilter(source, query.filter ?? {}, params);
  const where = [source.where, filter].filter(Boolean).join(' AND ') || 'TRUE';
  const countParams = new SqlParams();
  const matches = source.countMatches?.(query.filter ?? {}, countParams);
  const count = db.query<{ total: string | number }>(
    `SELECT count(*) AS total FROM (${matches ?? `SELECT 1 FROM ${source.keyTable ?? source.from} WHERE ${where}`} LIMIT ${MAX_TOTAL_ITEMS + 1}) matching`,
    matches ? countParams.values : [...params.values],
  );

  const keys = sortKeys(source, query.sort ?? []);
  const page = query.page ?? {};
  const limit = pageLimit(page.limit);
  if (page.after != null && page.before != null) throw new InvalidQueryError('Both after and before cannot be set at the same time.');
  const backwards = page.before != null;
  const cursor = page.after ?? page.before;
  const conditions = [where];
  if (cursor != null) conditions.push(keysetCondition(keys, decodeCursor(cursor, keys.length), backwards ? 'before' : 'after', params));
  const order = keys.map((k) => orderBy(k, backwards)).join(', ');
  const offset = cursor == null && page.from != null ? pageOffset(page.from) : 0;
  const cursorColumns = keys.map((k, i) => `${k.sql} AS _c${i}`).join(', ');
  const window = `ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  const rows = db.query<Raw>(
    source.keyTable
      ? `SELECT ${source.select}, ${cursorColumns} FROM ${source.from} WHERE ${source.key.sql} IN ` +
          `(SELECT ${source.key.sql} FROM ${source.keyTable} WHERE ${conditions.join(' AND ')} ${window}) ORDER BY ${order}`
      : `SELECT ${source.select}, ${cursorColumns} FROM ${source.from} WHERE ${conditions.join(' AND ')} ${window}`,
    params.values,
  );
  const [raw, [total]] = await Promise.all([rows, count]);
  if (backwards) raw.reverse();
  const first = raw[0];
  const last = raw[raw.length - 1];
  const counted = Number(total?.total ?? 0);
  return {
    items: raw.map(toRow),
    totalItems: Math.min(counted, MAX_TOTAL_ITEMS),
    ...(counted > MAX_TOTAL_ITEMS ? { hasMoreTotalItems: true } : {}),
    ...(first && last ? { startCursor: encodeCursor(first, keys.length), endCursor: encodeCursor(last, keys.length) } : {}),
  };
}

/** The filter as one SQL condition ('' when there is nothing to filter on). */
export function compileFilter(source: Pick<SearchSource, 'filters' | 'or'>, filter: unknown, params: SqlParams, path = 'filter'): string {
  if (filter == null) return '';
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new InvalidQueryError(`The value for ${path} must be an object.`);
  const conditions: string[] = [];
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (name === '$or' && source.or) {
      if (!Array.isArray(value)) throw new InvalidQueryError(`The value for ${path}.$or must be an array.`);
      const branches = value.map((branch, i) => compileFilter({ filters: source.filters }, branch, params, `${path}.$or[${i}]`) || 'TRUE');
      if (branches.length > 0) conditions.push(`(${branches.map((b) => `(${b})`).join(' OR ')})`);
      continue;
    }
    const field = source.filters[name];
    if (!field) throw new InvalidQueryError(`Unknown filter field '${path}.${name}'.`);
    const condition = fieldCondition(field, value, params, `${path}.${name}`);
    if (condition) conditions.push(condition);
  }
  return conditions.join(' AND ');
}

function fieldCondition(field: FilterField, value: unknown, params: SqlParams, path: string): string {
  switch (field.kind) {
    case 'unsupported':
      throw new InvalidQueryError(`The filter ${path} is not supported by this engine.`);
    case 'custom':
      return field.build(value, params, path);
    case 'boolean':
      // the condition itself (or its negation), not `= $n`: an EXISTS stays a semi- or anti-join
      if (typeof value !== 'boolean') throw invalidValue(path, value, 'a boolean');
      return value ? `(${field.sql})` : `NOT (${field.sql})`;
    case 'enum':
      return enumCondition(field.sql, field.values, value, params, path);
    default:
      return valueCondition(field.kind, field.sql, value, params, path);
  }
}

type ValueKind = 'key' | 'string' | 'integer' | 'date';
const CAST: Record<ValueKind, string> = { key: 'int8', string: 'text', integer: 'int8', date: 'int8' };
const OPERATORS: Record<ValueKind, readonly string[]> = {
  key: ['$eq', '$neq', '$exists', '$in', '$notIn'],
  string: ['$eq', '$neq', '$exists', '$in', '$notIn', '$like'],
  integer: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in', '$notIn'],
  date: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in', '$notIn'],
};
const COMPARISON: Record<string, string> = { $eq: '=', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/** A plain value means `$eq`; an object holds operators, all of which must hold. */
export function valueCondition(kind: ValueKind, sql: string, value: unknown, params: SqlParams, path: string): string {
  const operators = isOperatorObject(value) ? value : { $eq: value };
  const cast = CAST[kind];
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (operand === undefined || operand === null) continue;
    if (!OPERATORS[kind].includes(op)) throw new InvalidQueryError(`Unknown filter operator '${op}' for ${path}.`);
    if (op === '$exists') {
      if (typeof operand !== 'boolean') throw invalidValue(`${path}.${op}`, operand, 'a boolean');
      parts.push(`${sql} IS ${operand ? 'NOT ' : ''}NULL`);
    } else if (op === '$in' || op === '$notIn') {
      if (!Array.isArray(operand)) throw invalidValue(`${path}.${op}`, operand, 'an array');
      const list = params.add(operand.map((v, i) => toSqlValue(kind, v, `${path}.${op}[${i}]`)), `${cast}[]`);
      parts.push(op === '$in' ? `${sql} = ANY(${list})` : `NOT coalesce(${sql} = ANY(${list}), false)`);
    } else if (op === '$neq') {
      parts.push(`${sql} IS DISTINCT FROM ${params.add(toSqlValue(kind, operand, `${path}.${op}`), cast)}`);
    } else if (op === '$like') {
      if (typeof operand !== 'string') throw invalidValue(`${path}.${op}`, operand, 'a string');
      parts.push(`${sql} LIKE ${params.add(likePattern(operand), 'text')}`);
    } else {
      parts.push(`${sql} ${COMPARISON[op]} ${params.add(toSqlValue(kind, operand, `${path}.${op}`), cast)}`);
    }
  }
  return parts.join(' AND ');
}

function enumCondition(sql: string, values: Readonly<Record<string, readonly string[]>>, value: unknown, params: SqlParams, path: string): string {
  const operators = isOperatorObject(value) ? value : { $eq: value };
  const names = Object.keys(values);
  const columnValues = (name: unknown, at: string): readonly string[] => {
    if (typeof name !== 'string' || !(name in values)) throw invalidValue(at, name, `one of [${names.join(', ')}]`);
    return values[name] ?? [];
  };
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (operand === undefined || operand === null) continue;
    let chosen: readonly string[];
    let negate = false;
    switch (op) {
      case '$exists':
        if (typeof operand !== 'boolean') throw invalidValue(`${path}.${op}`, operand, 'a boolean');
        parts.push(`${sql} IS ${operand ? 'NOT ' : ''}NULL`);
        continue;
      case '$eq':
      case '$neq':
        chosen = columnValues(operand, `${path}.${op}`);
        negate = op === '$neq';
        break;
      case '$in':
      case '$notIn':
        if (!Array.isArray(operand)) throw invalidValue(`${path}.${op}`, operand, 'an array');
        chosen = operand.flatMap((v, i) => columnValues(v, `${path}.${op}[${i}]`));
        negate = op === '$notIn';
        break;
      case '$like': {
        if (typeof operand !== 'string') throw invalidValue(`${path}.${op}`, operand, 'a string');
        const pattern = likeRegExp(operand);
        chosen = names.filter((n) => pattern.test(n)).flatMap((n) => values[n] ?? []);
        break;
      }
      default:
        throw new InvalidQueryError(`Unknown filter operator '${op}' for ${path}.`);
    }
    if (chosen.length === 1 && !negate) {
      // `=` keeps an index on (column, sort column) usable in order; `= ANY` would not
      parts.push(`${sql} = ${params.add(chosen[0], 'text')}`);
      continue;
    }
    const list = params.add([...chosen], 'text[]');
    parts.push(negate ? `NOT coalesce(${sql} = ANY(${list}), false)` : `${sql} = ANY(${list})`);
  }
  return parts.join(' AND ');
}

function toSqlValue(kind: ValueKind, value: unknown, path: string): string | number {
  switch (kind) {
    case 'key':
      if ((typeof value === 'string' && /^-?[0-9]{1,19}$/.test(value)) || Number.isSafeInteger(value)) return String(value);
      throw invalidValue(path, value, 'a key (a decimal number)');
    case 'string':
      if (typeof value === 'string') return value;
      throw invalidValue(path, value, 'a string');
    case 'integer':
      if (Number.isSafeInteger(value)) return value as number;
      throw invalidValue(path, value, 'an integer');
    case 'date': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) {
        throw new InvalidQueryError(`The provided ${path} '${String(value)}' cannot be parsed as a date according to RFC 3339, section 5.6.`);
      }
      return ms;
    }
  }
}

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((k) => k.startsWith('$'));

export function invalidValue(path: string, value: unknown, expected: string): InvalidQueryError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new InvalidQueryError(`The value for ${path} is '${shown}' but must be ${expected}.`);
}

/** Camunda's `$like`: `*` any characters, `?` one character, `\` escapes; SQL's own wildcards are literal. */
export function likePattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += escapeLike(pattern[++i]!);
    else if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else out += escapeLike(c);
  }
  return out;
}

const escapeLike = (c: string) => (c === '%' || c === '_' || c === '\\' ? `\\${c}` : c);

function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface SortKey extends SortField {
  descending: boolean;
}

function sortKeys(source: SearchSource, sort: ReadonlyArray<{ field: string; order?: string | null }>): SortKey[] {
  if (!Array.isArray(sort)) throw new InvalidQueryError('The value for sort must be an array.');
  const keys = sort.map(({ field, order }) => {
    const spec = source.sorts[field];
    if (spec === 'unsupported') throw new InvalidQueryError(`Sorting by ${field} is not supported by this engine.`);
    if (!spec) throw new InvalidQueryError(`Unknown sortBy: ${field}.`);
    const normalised = (order ?? 'ASC').toUpperCase();
    if (normalised !== 'ASC' && normalised !== 'DESC') throw new InvalidQueryError(`Unknown sortOrder: ${order}.`);
    return { ...spec, descending: normalised === 'DESC' };
  });
  return [...keys, { ...source.key, descending: false }];
}

/** missing values last in either direction; everything reversed for a `before` page */
function orderBy(key: SortKey, reversed: boolean): string {
  const descending = key.descending !== reversed;
  return `${key.sql} ${descending ? 'DESC' : 'ASC'}${key.notNull ? '' : ` NULLS ${reversed ? 'FIRST' : 'LAST'}`}`;
}

/**
 * Rows strictly after (or before) the cursor in the sort order: for some key i, all earlier
 * keys equal the cursor's and key i lies beyond it. A missing value sorts after every value.
 * When every key is NOT NULL and sorted the same way, that is one row comparison, which
 * PostgreSQL uses as an index condition.
 */
function keysetCondition(keys: SortKey[], values: unknown[], direction: 'after' | 'before', params: SqlParams): string {
  const sameWay = keys.every((k) => k.descending === keys[0]!.descending);
  if (sameWay && keys.every((k, i) => k.notNull && values[i] !== null)) {
    const beyond = keys[0]!.descending === (direction === 'after') ? '<' : '>';
    const bounds = keys.map((k, i) => params.add(values[i], k.type));
    return `(${keys.map((k) => k.sql).join(', ')}) ${beyond} (${bounds.join(', ')})`;
  }
  const branches: string[] = [];
  const equalities: string[] = [];
  keys.forEach((key, i) => {
    const value = values[i];
    const bound = value === null ? undefined : params.add(value, key.type);
    const beyond = key.descending === (direction === 'after') ? '<' : '>';
    let strict: string;
    if (key.notNull && bound !== undefined) strict = `${key.sql} ${beyond} ${bound}`;
    else if (direction === 'after') strict = bound === undefined ? 'FALSE' : `(${key.sql} IS NULL OR ${key.sql} ${beyond} ${bound})`;
    else strict = bound === undefined ? `${key.sql} IS NOT NULL` : `${key.sql} ${beyond} ${bound}`;
    branches.push([...equalities, strict].join(' AND '));
    equalities.push(bound === undefined ? `${key.sql} IS NULL` : `${key.sql} = ${bound}`);
  });
  return `(${branches.map((b) => `(${b})`).join(' OR ')})`;
}

function encodeCursor(raw: Record<string, unknown>, count: number): string {
  const values = Array.from({ length: count }, (_, i) => raw[`_c${i}`] ?? null);
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64');
}

function decodeCursor(cursor: string, count: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    values = undefined;
  }
  const valid =
    Array.isArray(values) &&
    values.length === count &&
    values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) &&
    values[count - 1] !== null;
  if (!valid) throw new InvalidQueryError(`The value for page cursor is '${cursor}' but must be a cursor returned by the same search.`);
  return values as unknown[];
}

function pageLimit(limit: number | null | undefined): number {
  if (limit == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw invalidValue('page.limit', limit, `between 1 and ${MAX_PAGE_SIZE}`);
  return limit;
}

function pageOffset(from: number): number {
  if (!Number.isInteger(from) || from < 0) throw invalidValue('page.from', from, 'a non-negative integer');
  return from;
}
