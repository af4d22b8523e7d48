/**
 * The state one batch of commands works on. Reads go to the transaction once and are then
 * served from memory (read-your-writes); writes stay in memory and are flushed at the end of
 * the batch in one bulk upsert per table, together with the batch's records. Rows read for
 * change are locked (`FOR UPDATE`), so engine processes sharing a database serialise on the
 * instances they both touch.
 */
import type { Queryable } from './db.js';
import type { EngineRecord } from '../processing/records.js';
import { flushElementStatistics } from './element-statistics.js';
import {
  elementInstanceTable,
  fromDb,
  incidentTable,
  jobTable,
  timerTable,
  upsertSql,
  userTaskTable,
  variableTable,
  type ElementInstanceRow,
  type IncidentRow,
  type JobRow,
  type TableDescriptor,
  type TimerRow,
  type UserTaskRow,
  type VariableRow,
} from './tables.js';
import {
  flushMessageCorrelations,
  messageSubscriptionTable,
  messageTable,
  signalSubscriptionTable,
  type MessageCorrelationRow,
  type MessageRow,
  type MessageSubscriptionRow,
  type SignalSubscriptionRow,
} from './event-tables.js';

class RowCache<Row extends { key: string }> {
  readonly rows = new Map<string, Row>();
  readonly dirty = new Set<string>();
  /** keys first written by this batch without having been read: rows the batch created */
  readonly created = new Set<string>();
  /** keys a bulk read found no row for (a later `put` still wins) */
  private readonly absent = new Set<string>();
  constructor(readonly desc: TableDescriptor<Row>) {}

  async get(tx: Queryable, key: string): Promise<Row | undefined> {
    const cached = this.rows.get(key);
    if (cached) return cached;
    if (this.absent.has(key)) return undefined;
    const raw = await tx.query(`SELECT * FROM ${this.desc.table} WHERE key = $1 FOR UPDATE`, [key]);
    if (raw.length === 0) return undefined;
    const row = fromDb(this.desc, raw[0]!);
    this.rows.set(key, row);
    return row;
  }

  /** reads (and locks) the rows of many keys in one query; remembers the keys without a row */
  async getMany(tx: Queryable, keys: readonly string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.rows.has(k) && !this.absent.has(k));
    if (missing.length === 0) return;
    const raw = await tx.query(`SELECT * FROM ${this.desc.table} WHERE key = ANY($1::int8[]) ORDER BY key FOR UPDATE`, [missing]);
    this.merge(raw);
    for (const k of missing) if (!this.rows.has(k)) this.absent.add(k);
  }

  put(row: Row): void {
    if (!this.rows.has(row.key)) this.created.add(row.key);
    this.rows.set(row.key, row);
    this.dirty.add(row.key);
  }

  /** merges rows loaded by a query with what this batch already holds (ours win) */
  merge(raw: Record<string, unknown>[]): Row[] {
    return raw.map((r) => {
      const row = fromDb(this.desc, r);
      const cached = this.rows.get(row.key);
      if (cached) return cached;
      this.rows.set(row.key, row);
      return row;
    });
  }

  async flush(tx: Queryable): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].map((k) => this.rows.get(k)!);
    const { text, params } = upsertSql(this.desc, rows);
    await tx.query(text, params);
    this.dirty.clear();
  }
}

const LIVE_STATES = ['ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING'];

export class UnitOfWork {
  readonly elementInstances = new RowCache<ElementInstanceRow>(elementInstanceTable);
  readonly jobs = new RowCache<JobRow>(jobTable);
  readonly incidents = new RowCache<IncidentRow>(incidentTable);
  readonly variables = new RowCache<VariableRow>(variableTable);
  readonly timers = new RowCache<TimerRow>(timerTable);
  readonly messages = new RowCache<MessageRow>(messageTable);
  readonly messageSubscriptions = new RowCache<MessageSubscriptionRow>(messageSubscriptionTable);
  readonly signalSubscriptions = new RowCache<SignalSubscriptionRow>(signalSubscriptionTable);
  /** correlations this batch made (inserted at the flush); queries: state/event-state.ts */
  readonly messageCorrelations: MessageCorrelationRow[] = [];
  readonly userTasks = new RowCache<UserTaskRow>(userTaskTable);
  /** scopes whose variables are all in `variables` */
  private readonly loadedScopes = new Map<string, Map<string, VariableRow>>();
  readonly records: EngineRecord[] = [];

  constructor(readonly tx: Queryable) {}

  /**
   * An element instance. On a miss its flow scope and its process instance come along in the
   * same query (locked likewise, in key order: the process instance first): scope chains,
   * variable lookups and completions read them next nearly every time.
   */
  async getElementInstance(key: string): Promise<ElementInstanceRow | undefined> {
    const cached = this.elementInstances.rows.get(key);
    if (cached) return cached;
    const raw = await this.tx.query(
      `SELECT * FROM engine.element_instance
        WHERE key = ANY(ARRAY[$1::int8,
                              (SELECT flow_scope_key FROM engine.element_instance WHERE key = $1::int8),
                              (SELECT process_instance_key FROM engine.element_instance WHERE key = $1::int8)])
        ORDER BY key
        FOR UPDATE`,
      [key],
    );
    this.elementInstances.merge(raw);
    return this.elementInstances.rows.get(key);
  }

  /**
   * Element instances of many keys, each with its flow scope and its process instance, in one
   * query (locked as `getElementInstance` locks them): what a batch of job activations or
   * completions reads next, read ahead in bulk instead of one round trip per job.
   */
  async prefetchElementInstances(keys: readonly string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.elementInstances.rows.has(k));
    if (missing.length === 0) return;
    const raw = await this.tx.query(
      `SELECT * FROM engine.element_instance
        WHERE key IN (SELECT unnest($1::int8[])
                      UNION SELECT flow_scope_key FROM engine.element_instance WHERE key = ANY($1::int8[])
                      UNION SELECT process_instance_key FROM engine.element_instance WHERE key = ANY($1::int8[]))
        ORDER BY key
        FOR UPDATE`,
      [missing],
    );
    this.elementInstances.merge(raw);
  }

  /** jobs of many keys in one query (locked), e.g. the jobs a batch of CompleteJob commands names */
  prefetchJobs(keys: readonly string[]): Promise<void> {
    return this.jobs.getMany(this.tx, keys);
  }

  /** the variables of many scopes in one query (see getScopeVariables) */
  async prefetchScopeVariables(scopeKeys: readonly string[]): Promise<void> {
    const missing = [...new Set(scopeKeys)].filter((k) => !this.loadedScopes.has(k));
    if (missing.length === 0) return;
    await this.loadScopes(missing);
  }

  /** the keys of a scope's chain (scope, flow scope, …) as far as this batch holds them, without reading */
  cachedScopeChain(scopeKey: string): string[] {
    const keys: string[] = [];
    for (let row = this.elementInstances.rows.get(scopeKey); row; row = row.flowScopeKey ? this.elementInstances.rows.get(row.flowScopeKey) : undefined) {
      keys.push(row.key);
    }
    return keys;
  }

  getJob(key: string) {
    return this.jobs.get(this.tx, key);
  }

  getIncident(key: string) {
    return this.incidents.get(this.tx, key);
  }

  /** live (not completed or terminated) children of a scope, in creation order */
  async getLiveChildren(flowScopeKey: string): Promise<ElementInstanceRow[]> {
    const raw = await this.tx.query(
      `SELECT * FROM engine.element_instance WHERE flow_scope_key = $1 AND state = ANY($2::text[]) ORDER BY key FOR UPDATE`,
      [flowScopeKey, LIVE_STATES],
    );
    const found = new Map(this.elementInstances.merge(raw).map((r) => [r.key, r]));
    for (const row of this.elementInstances.rows.values()) if (row.flowScopeKey === flowScopeKey) found.set(row.key, row);
    return [...found.values()]
      .filter((r) => LIVE_STATES.includes(r.state))
      .sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
  }

  /**
   * All variables of one scope, by name. On a miss the variables of the other scopes of the same
   * process instance that this batch holds (its flow scopes above all, which variable lookups
   * read next) come along in the same query.
   */
  async getScopeVariables(scopeKey: string): Promise<Map<string, VariableRow>> {
    const loaded = this.loadedScopes.get(scopeKey);
    if (loaded) return loaded;
    await this.loadScopes([scopeKey, ...this.unloadedScopesOfSameInstance(scopeKey)]);
    return this.loadedScopes.get(scopeKey)!;
  }

  private async loadScopes(scopeKeys: string[]): Promise<void> {
    const raw = await this.tx.query(`SELECT * FROM engine.variable WHERE scope_key = ANY($1::int8[])`, [scopeKeys]);
    const scopes = new Map(scopeKeys.map((k) => [k, new Map<string, VariableRow>()]));
    for (const row of this.variables.merge(raw)) scopes.get(row.scopeKey)?.set(row.name, row);
    // variables this batch created before the scope was loaded
    for (const row of this.variables.rows.values()) scopes.get(row.scopeKey)?.set(row.name, row);
    for (const [key, scope] of scopes) this.loadedScopes.set(key, scope);
  }

  /** scopes (element instances in this batch's cache) of the same process instance whose variables are not loaded yet */
  private unloadedScopesOfSameInstance(scopeKey: string, max = 32): string[] {
    const processInstanceKey = this.elementInstances.rows.get(scopeKey)?.processInstanceKey;
    if (!processInstanceKey) return [];
    const keys: string[] = [];
    for (const row of this.elementInstances.rows.values()) {
      if (keys.length >= max) break;
      if (row.processInstanceKey === processInstanceKey && row.key !== scopeKey && !this.loadedScopes.has(row.key)) keys.push(row.key);
    }
    return keys;
  }

  getTimer(key: string) {
    return this.timers.get(this.tx, key);
  }

  /** active timers owned by an element instance (or, with null, a definition's start timers) */
  async getActiveTimers(filter: { elementInstanceKey: string } | { processDefinitionKey: string }): Promise<TimerRow[]> {
    const byOwner = 'elementInstanceKey' in filter;
    const raw = await this.tx.query(
      byOwner
        ? `SELECT * FROM engine.timer WHERE element_instance_key = $1 AND state = 'ACTIVE' FOR UPDATE`
        : `SELECT * FROM engine.timer WHERE process_definition_key = $1 AND element_instance_key IS NULL AND state = 'ACTIVE' FOR UPDATE`,
      [byOwner ? filter.elementInstanceKey : filter.processDefinitionKey],
    );
    const found = new Map(this.timers.merge(raw).map((t) => [t.key, t]));
    for (const t of this.timers.rows.values()) {
      if (byOwner ? t.elementInstanceKey === filter.elementInstanceKey : t.processDefinitionKey === filter.processDefinitionKey && t.elementInstanceKey === null) {
        found.set(t.key, t);
      }
    }
    return [...found.values()].filter((t) => t.state === 'ACTIVE');
  }

  getUserTask(key: string) {
    return this.userTasks.get(this.tx, key);
  }

  /** the live (not completed or canceled) user task of an element instance */
  async getUserTaskOfElement(elementInstanceKey: string): Promise<UserTaskRow | undefined> {
    const live = (t: UserTaskRow) => t.state !== 'COMPLETED' && t.state !== 'CANCELED';
    for (const t of this.userTasks.rows.values()) if (t.elementInstanceKey === elementInstanceKey && live(t)) return t;
    const raw = await this.tx.query(
      `SELECT * FROM engine.user_task WHERE element_instance_key = $1 AND state NOT IN ('COMPLETED', 'CANCELED') FOR UPDATE`,
      [elementInstanceKey],
    );
    return this.userTasks.merge(raw).find(live);
  }

  putVariable(row: VariableRow): void {
    this.variables.put(row);
    this.loadedScopes.get(row.scopeKey)?.set(row.name, row);
  }

  async flush(): Promise<void> {
    // before the element instances: the statistics compare the stored rows with the batch's
    await flushElementStatistics(this.tx, [...this.elementInstances.dirty].map((k) => this.elementInstances.rows.get(k)!), this.elementInstances.created);
    await this.elementInstances.flush(this.tx);
    await this.jobs.flush(this.tx);
    await this.incidents.flush(this.tx);
    await this.variables.flush(this.tx);
    await this.timers.flush(this.tx);
    await this.messages.flush(this.tx);
    await this.messageSubscriptions.flush(this.tx);
    await this.signalSubscriptions.flush(this.tx);
    await flushMessageCorrelations(this.tx, this.messageCorrelations);
    await this.userTasks.flush(this.tx);
    await this.flushRecords();
  }

  /**
   * The batch's records in one statement, in order. Most columns travel as one delimited text
   * each (split by `string_to_array`), the values as their JSON texts joined by newlines (JSON
   * text never holds a raw newline): as elements of a text array, pg would escape every quote
   * of every value, which cost more than the rest of the flush. Rejection texts, which may hold
   * anything, stay arrays.
   */
  private async flushRecords(): Promise<void> {
    const r = this.records;
    const n = r.length;
    if (n === 0) return;
    const keys = new Array<string>(n);
    const recordTypes = new Array<string>(n);
    const valueTypes = new Array<string>(n);
    const intents = new Array<string>(n);
    const rejectionTypes = new Array<string | null>(n);
    const rejectionReasons = new Array<string | null>(n);
    const processInstanceKeys = new Array<string>(n);
    const timestamps = new Array<number>(n);
    const values = new Array<string>(n);
    const texts = new Map<string, { value: Record<string, unknown>; json: string }>();
    for (let i = 0; i < n; i++) {
      const x = r[i]!;
      keys[i] = x.key;
      recordTypes[i] = x.recordType;
      valueTypes[i] = x.valueType;
      intents[i] = x.intent;
      rejectionTypes[i] = x.rejectionType ?? null;
      rejectionReasons[i] = x.rejectionReason ?? null;
      processInstanceKeys[i] = x.processInstanceKey ?? '';
      timestamps[i] = x.timestamp;
      values[i] = recordJson(texts, x);
    }
    // set-returning functions in the select list run in lockstep and stream their rows to the
    // insert in array order (a FROM unnest(…) would first copy every row into a tuple store,
    // and ORDER BY would sort them): positions follow the order the records were written in
    await this.tx.query(
      `INSERT INTO engine.record (key, record_type, value_type, intent, rejection_type, rejection_reason, process_instance_key, timestamp, value)
       SELECT unnest(string_to_array($1, ','))::int8, unnest(string_to_array($2, ',')), unnest(string_to_array($3, ',')), unnest(string_to_array($4, ',')),
              unnest($5::text[]), unnest($6::text[]), unnest(string_to_array($7, ',', ''))::int8, unnest(string_to_array($8, ','))::int8,
              unnest(string_to_array($9, E'\\n'))::json`,
      [keys.join(','), recordTypes.join(','), valueTypes.join(','), intents.join(','), rejectionTypes, rejectionReasons, processInstanceKeys.join(','), timestamps.join(','), values.join('\n')],
    );
    this.records.length = 0;
  }
}

/**
 * A record's value as JSON text. An element's records (ACTIVATE_ELEMENT, ELEMENT_ACTIVATING, …,
 * ELEMENT_COMPLETED) carry equal values built afresh, and serialising them was the largest
 * part of a batch's flush: the text of the batch's last value under the same value type and
 * key is reused when the new value equals it field by field (nested objects by reference).
 */
function recordJson(texts: Map<string, { value: Record<string, unknown>; json: string }>, r: EngineRecord): string {
  const id = r.valueType + r.key;
  const last = texts.get(id);
  if (last && sameFields(last.value, r.value)) return last.json;
  const json = JSON.stringify(r.value);
  texts.set(id, { value: r.value, json });
  return json;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  let fields = 0;
  for (const name in a) {
    if (a[name] !== b[name]) return false;
    fields++;
  }
  for (const _ in b) fields--;
  return fields === 0;
}
