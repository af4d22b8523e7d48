/**
 * Element statistics kept on write: the unit of work calls `flushElementStatistics` with the
 * element instances a batch changed, just before it writes them, in the same transaction. It
 * reads the stored rows those changes touch, so it compares each (process instance, element)
 * before and after the batch whatever changed it (activation, completion, termination,
 * incidents, modification), and adds the difference to
 * - `element_statistics`: per definition, element and state of the owning process instance,
 *   how many process instances have an element instance of the element that is active without
 *   an incident, active with one, completed, terminated (each instance counted once per column);
 * - `element_duration_bucket`: for each element instance that completed, its duration in the
 *   hour, day, 8-day and 32-day bucket of its end time, in a log-scale histogram bin.
 * `engine.rebuild_element_statistics()` (migrations 0010, 0011) computes both from history; the tests
 * compare the two.
 */
import type { Queryable } from './db.js';
import type { ElementInstanceRow } from './tables.js';

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** bucket spans of the duration histograms, longest first: 32 days, 8 days, a day, an hour (each divides the one before) */
export const DURATION_SPANS = [32 * 86_400_000, 8 * 86_400_000, 86_400_000, 3_600_000] as const;

/**
 * The histogram bin of a duration in ms, as `engine.duration_bin` computes it: the duration
 * itself below 32 ms; above, 16 bins per doubling (the bit length and the four bits after the
 * leading one), so that a bin is at most 1/16 of its smallest value wide.
 */
export function durationBin(ms: number): number {
  if (ms < 32) return Math.max(ms, 0);
  const shift = Math.trunc(ms).toString(2).length - 5;
  return shift * 16 + Math.floor(ms / 2 ** shift);
}

/** the start of the bucket of `span` that holds `time` (floor, also before 1970) */
export const bucketStart = (time: number, span: number) => time - (((time % span) + span) % span);

const LIVE = new Set(['ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING']);

export const processInstanceState = (state: string | undefined): ProcessInstanceState =>
  state === 'COMPLETED' ? 'COMPLETED' : state === 'TERMINATED' ? 'TERMINATED' : 'ACTIVE';

/** the stored fields that decide an element instance's statistics */
interface Stored {
  key: string;
  process_instance_key: string;
  process_definition_key: string;
  element_id: string;
  element_type: string;
  state: string;
  incident: boolean;
}

interface Counted {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  elementId: string;
  elementType: string;
  state: string;
  incident: boolean;
}

const fromStored = (r: Stored): Counted => ({
  key: r.key,
  processInstanceKey: r.process_instance_key,
  processDefinitionKey: r.process_definition_key,
  elementId: r.element_id,
  elementType: r.element_type,
  state: r.state,
  incident: r.incident,
});

const fromRow = (r: ElementInstanceRow): Counted => ({
  key: r.key,
  processInstanceKey: r.processInstanceKey,
  processDefinitionKey: r.processDefinitionKey,
  elementId: r.elementId,
  elementType: r.elementType,
  state: r.state,
  incident: r.incidentKey !== null,
});

/** which of the four columns element instances put their process instance in: bits active, incidents, completed, canceled */
function presence(rows: Iterable<Counted>): number {
  let bits = 0;
  for (const r of rows) {
    if (LIVE.has(r.state)) bits |= r.incident ? 2 : 1;
    else if (r.state === 'COMPLETED') bits |= 4;
    else if (r.state === 'TERMINATED') bits |= 8;
  }
  return bits;
}

const COLUMNS = 4;

/**
 * The stored rows the batch's changes touch, in one statement: every element instance of the
 * same (definition, element, process instance) as a changed one, the roots of the changed
 * rows' process instances, and all element instances of process instances that end in this
 * batch (their counts move to the ended state).
 */
async function storedRows(tx: Queryable, pairs: Counted[], instances: string[], ending: string[]): Promise<Map<string, Counted>> {
  const columns = `e.key, e.process_instance_key, e.process_definition_key, e.element_id, e.element_type, e.state, e.incident_key IS NOT NULL AS incident`;
  const raw = await tx.query<Stored>(
    `SELECT ${columns}
       FROM unnest($1::int8[], $2::text[], $3::int8[]) AS p(process_definition_key, element_id, process_instance_key)
       JOIN engine.element_instance e
         ON e.process_definition_key = p.process_definition_key AND e.element_id = p.element_id AND e.process_instance_key = p.process_instance_key
     UNION ALL
     SELECT ${columns} FROM engine.element_instance e WHERE e.key = ANY($4::int8[])
     UNION ALL
     SELECT ${columns} FROM engine.element_instance e WHERE e.process_instance_key = ANY($5::int8[])`,
    [pairs.map((p) => p.processDefinitionKey), pairs.map((p) => p.elementId), pairs.map((p) => p.processInstanceKey), instances, ending],
  );
  return new Map(raw.map((r) => [r.key, fromStored(r)]));
}

/**
 * `created`: element instances the batch created. A process instance whose root is one of them
 * has nothing stored yet, so its rows are not looked for (in a batch that only creates
 * instances, no read at all).
 */
export async function flushElementStatistics(tx: Queryable, changed: ElementInstanceRow[], created: ReadonlySet<string> = new Set()): Promise<void> {
  if (changed.length === 0) return;
  const after = new Map(changed.map((r) => [r.key, fromRow(r)]));
  const instances = new Set<string>();
  const pairKeys = new Map<string, Counted>();
  const ending: string[] = [];
  for (const r of after.values()) {
    if (created.has(r.processInstanceKey)) continue;
    instances.add(r.processInstanceKey);
    if (r.elementType === 'PROCESS' && r.key === r.processInstanceKey) {
      if (r.state === 'COMPLETED' || r.state === 'TERMINATED') ending.push(r.key);
    } else {
      pairKeys.set(`${r.processInstanceKey}/${r.elementId}`, r);
    }
  }
  const stored = instances.size > 0 ? await storedRows(tx, [...pairKeys.values()], [...instances], ending) : new Map<string, Counted>();

  // (process instance, element) → its element instances before the batch, and the batch's changes
  const pairOf = (r: Counted) => `${r.processInstanceKey}/${r.elementId}`;
  const group = (rows: Iterable<Counted>) => {
    const groups = new Map<string, Counted[]>();
    for (const r of rows) {
      if (r.elementType === 'PROCESS' && r.key === r.processInstanceKey) continue;
      const list = groups.get(pairOf(r));
      if (list) list.push(r);
      else groups.set(pairOf(r), [r]);
    }
    return groups;
  };
  const before = group(stored.values());
  const changes = group(after.values());
  // a process instance without a root row counts as active, as in engine.rebuild_element_statistics()
  const stateBefore = (pi: string) => processInstanceState(stored.get(pi)?.state);
  const stateAfter = (pi: string) => processInstanceState((after.get(pi) ?? stored.get(pi))?.state);

  const deltas = new Map<string, { definition: string; elementId: string; state: ProcessInstanceState; columns: number[] }>();
  const add = (definition: string, elementId: string, state: ProcessInstanceState, bits: number, sign: 1 | -1) => {
    if (bits === 0) return;
    const id = `${definition}/${elementId}/${state}`;
    let delta = deltas.get(id);
    if (!delta) deltas.set(id, (delta = { definition, elementId, state, columns: [0, 0, 0, 0] }));
    for (let c = 0; c < COLUMNS; c++) if (bits & (1 << c)) delta.columns[c]! += sign;
  };

  // every pair with a changed row, and every pair of an instance that ended (all were read)
  const pairs = new Set(changes.keys());
  const endingSet = new Set(ending);
  for (const [id, rows] of before) if (endingSet.has(rows[0]!.processInstanceKey)) pairs.add(id);
  for (const id of pairs) {
    const old = before.get(id) ?? [];
    const now = new Map(old.map((r) => [r.key, r]));
    for (const r of changes.get(id) ?? []) now.set(r.key, r);
    const sample = old[0] ?? changes.get(id)![0]!;
    const was = stateBefore(sample.processInstanceKey);
    const is = stateAfter(sample.processInstanceKey);
    const bitsBefore = presence(old);
    const bitsAfter = presence(now.values());
    if (was === is && bitsBefore === bitsAfter) continue;
    add(sample.processDefinitionKey, sample.elementId, was, bitsBefore, -1);
    add(sample.processDefinitionKey, sample.elementId, is, bitsAfter, 1);
  }

  // element instances that completed in this batch, into their duration buckets
  const buckets = new Map<string, { definition: string; span: number; start: number; elementId: string; bin: number; elementType: string; count: number; sum: number }>();
  for (const row of changed) {
    if (row.state !== 'COMPLETED' || row.endTime == null || stored.get(row.key)?.state === 'COMPLETED') continue;
    const duration = row.endTime - row.startTime;
    const bin = durationBin(duration);
    for (const span of DURATION_SPANS) {
      const start = bucketStart(row.endTime, span);
      const id = `${row.processDefinitionKey}/${span}/${start}/${row.elementId}/${bin}`;
      const bucket = buckets.get(id);
      if (bucket) {
        bucket.count++;
        bucket.sum += duration;
        if (row.elementType < bucket.elementType) bucket.elementType = row.elementType;
      } else {
        buckets.set(id, { definition: row.processDefinitionKey, span, start, elementId: row.elementId, bin, elementType: row.elementType, count: 1, sum: duration });
      }
    }
  }

  const counts = [...deltas.values()].filter((d) => d.columns.some((c) => c !== 0));
  if (counts.length === 0 && buckets.size === 0) return;
  const histogram = [...buckets.values()];
  // rows in key order, so that engine processes sharing the database lock them in one order
  await tx.query(
    `WITH counts AS (
       INSERT INTO engine.element_statistics AS s (process_definition_key, element_id, process_instance_state, active, incidents, completed, canceled)
       SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[]) ORDER BY 1, 2, 3
       ON CONFLICT (process_definition_key, element_id, process_instance_state) DO UPDATE
         SET active = s.active + EXCLUDED.active, incidents = s.incidents + EXCLUDED.incidents,
             completed = s.completed + EXCLUDED.completed, canceled = s.canceled + EXCLUDED.canceled)
     INSERT INTO engine.element_duration_bucket AS b (process_definition_key, span, bucket_start, element_id, bin, element_type, count, sum_ms)
     SELECT * FROM unnest($8::int8[], $9::int8[], $10::int8[], $11::text[], $12::int4[], $13::text[], $14::int8[], $15::int8[]) ORDER BY 1, 2, 3, 4, 5
     ON CONFLICT (process_definition_key, span, bucket_start, element_id, bin) DO UPDATE
       SET count = b.count + EXCLUDED.count, sum_ms = b.sum_ms + EXCLUDED.sum_ms,
           -- a multi-instance body and its inner instances share the element id: the least type, as min() in a recount
           element_type = LEAST(b.element_type, EXCLUDED.element_type)`,
    [
      counts.map((d) => d.definition),
      counts.map((d) => d.elementId),
      counts.map((d) => d.state),
      ...[0, 1, 2, 3].map((c) => counts.map((d) => d.columns[c]!)),
      histogram.map((b) => b.definition),
      histogram.map((b) => b.span),
      histogram.map((b) => b.start),
      histogram.map((b) => b.elementId),
      histogram.map((b) => b.bin),
      histogram.map((b) => b.elementType),
      histogram.map((b) => b.count),
      histogram.map((b) => b.sum),
    ],
  );
}
