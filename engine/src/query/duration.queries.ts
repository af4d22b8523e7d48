/**
 * How long each element of a process takes: count, mean and 90th percentile of the durations
 * of element instances that completed within a time window. The process itself is one of the
 * elements (the whole case). A process id stands for its versions' definition keys.
 *
 * The window is read from the duration histograms kept on write (`element_duration_bucket`:
 * 32-day, 8-day, day and hour buckets of the end time, state/element-statistics.ts): the largest
 * buckets that fit, smaller ones towards the edges, and the history itself for the partial
 * hours at either end. Count and mean are exact; the 90th percentile is interpolated, as
 * `percentile_cont(0.9)` does, between the means of the histogram bins that hold the ranks it
 * falls between, so it is exact when those bins hold equal durations and otherwise within a
 * bin's width (1/16 of the value). A window with few completions (up to `exactLimit`) is
 * answered from the history, exactly.
 */
import type { Queryable } from '../state/db.js';
import { bucketStart, DURATION_SPANS } from '../state/element-statistics.js';
import { SqlParams } from './search.js';

export interface ElementDurationStatistics {
  elementId: string;
  elementType: string;
  count: number;
  meanMs: number;
  p90Ms: number;
}

export interface DurationWindow {
  /** one version… */
  processDefinitionKey?: string;
  /** …or every version of a process id */
  bpmnProcessId?: string;
  tenantId?: string;
  /** epoch ms, inclusive / exclusive; on the end time */
  from: number;
  to: number;
}

/** up to this many completions in the window, the answer comes from the history */
export const EXACT_LIMIT = 2_000;

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** the window's definition keys as an SQL array: the one given, or the versions of the process id */
function definitionKeys(window: DurationWindow, params: SqlParams): string {
  if (window.processDefinitionKey !== undefined) return params.add([window.processDefinitionKey], 'int8[]');
  return `ARRAY(SELECT pd.key FROM engine.process_definition pd WHERE pd.bpmn_process_id = ${params.add(window.bpmnProcessId ?? '', 'text')} AND pd.tenant_id = ${params.add(window.tenantId ?? '<default>', 'text')})`;
}

export interface WindowCover {
  /** bucket ranges: buckets of `span` starting in [start, end) */
  buckets: { span: number; start: number; end: number }[];
  /** end-time ranges [from, to) read from the history */
  exact: [number, number][];
}

/** The window as the largest aligned buckets that fit, smaller ones towards its edges, and the rest. */
export function coverWindow(from: number, to: number): WindowCover {
  const cover: WindowCover = { buckets: [], exact: [] };
  const split = (a: number, b: number, level: number) => {
    if (a >= b) return;
    const span = DURATION_SPANS[level];
    if (span === undefined) {
      cover.exact.push([a, b]);
      return;
    }
    const floorA = bucketStart(a, span);
    const first = floorA === a ? a : floorA + span;
    const last = bucketStart(b, span);
    if (first >= last) return split(a, b, level + 1);
    cover.buckets.push({ span, start: first, end: last });
    split(a, first, level + 1);
    split(last, b, level + 1);
  };
  split(from, to, 0);
  return cover;
}

interface Histogram {
  elementType: string;
  count: number;
  sum: number;
  /** count and sum of durations of each bin, in bin order */
  bins: { count: number; sum: number }[];
}

export async function elementDurationStatistics(
  db: Queryable,
  window: DurationWindow,
  options: { exactLimit?: number } = {},
): Promise<ElementDurationStatistics[]> {
  const cover = coverWindow(window.from, window.to);
  const params = new SqlParams();
  const definitions = definitionKeys(window, params);
  const ranges = (values: number[]) => params.add(values, 'int8[]');
  const buckets = cover.buckets;
  const edges = cover.exact
    .map(
      ([from, to]) => `
     UNION ALL
     SELECT e.element_id, e.element_type, engine.duration_bin(e.end_time - e.start_time), 1, e.end_time - e.start_time
       FROM engine.element_instance e
      WHERE e.process_definition_key = ANY(${definitions}) AND e.state = 'COMPLETED'
        AND e.end_time >= ${params.add(from, 'int8')} AND e.end_time < ${params.add(to, 'int8')}`,
    )
    .join('');
  // per element and bin: the buckets of each range, and the completions in the (at most two)
  // edges read from the history, binned as the buckets are; element ids in the database's
  // order, as the exact answer has them
  const rows = await db.query<{ element_id: string; element_type: string; bin: number; count: string | number; sum_ms: string | number }>(
    `SELECT element_id, min(element_type) AS element_type, bin, sum(count) AS count, sum(sum_ms) AS sum_ms
       FROM (SELECT b.element_id, b.element_type, b.bin, b.count, b.sum_ms
               FROM unnest(${ranges(buckets.map((r) => r.span))}, ${ranges(buckets.map((r) => r.start))}, ${ranges(buckets.map((r) => r.end))}) AS r(span, from_start, to_start)
               JOIN engine.element_duration_bucket b
                 ON b.process_definition_key = ANY(${definitions}) AND b.span = r.span AND b.bucket_start >= r.from_start AND b.bucket_start < r.to_start
${edges}) counted
      GROUP BY element_id, bin
      ORDER BY element_id, bin`,
    params.values,
  );
  const histograms = new Map<string, Histogram>();
  let total = 0;
  for (const r of rows) {
    const count = Number(r.count);
    const sum = Number(r.sum_ms);
    let h = histograms.get(r.element_id);
    if (!h) histograms.set(r.element_id, (h = { elementType: r.element_type, count: 0, sum: 0, bins: [] }));
    // a multi-instance body and its inner instances share the id: the least type, as min() (plain ASCII names)
    if (r.element_type < h.elementType) h.elementType = r.element_type;
    h.count += count;
    h.sum += sum;
    h.bins.push({ count, sum });
    total += count;
  }
  if (total <= (options.exactLimit ?? EXACT_LIMIT)) return exactElementDurationStatistics(db, window);
  return [...histograms.entries()]
    .filter(([, h]) => h.count > 0)
    .map(([elementId, h]) => ({ elementId, elementType: h.elementType, count: h.count, meanMs: round(h.sum / h.count), p90Ms: round(p90(h)) }));
}

/** `percentile_cont(0.9)` over the histogram: each rank's value is its bin's mean */
function p90(h: Histogram): number {
  const position = 0.9 * (h.count - 1);
  const lower = Math.floor(position);
  const bins = h.bins.filter((b) => b.count > 0);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const b of bins) {
      seen += b.count;
      if (rank < seen) return b.sum / b.count;
    }
    const last = bins[bins.length - 1]!;
    return last.sum / last.count;
  };
  const low = valueAt(lower);
  return low + (position - lower) * (valueAt(Math.ceil(position)) - low);
}

/** The same from the element-instance history (`element_instance_completed_idx`: definition, end time). */
export async function exactElementDurationStatistics(db: Queryable, window: DurationWindow): Promise<ElementDurationStatistics[]> {
  const params = new SqlParams();
  const definitions = definitionKeys(window, params);
  const rows = await db.query<{ element_id: string; element_type: string; count: string | number; mean_ms: string | number; p90_ms: string | number }>(
    `SELECT e.element_id, min(e.element_type) AS element_type, count(*) AS count,
            avg(e.end_time - e.start_time) AS mean_ms,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY e.end_time - e.start_time) AS p90_ms
       FROM engine.element_instance e
      WHERE e.process_definition_key = ANY(${definitions}) AND e.state = 'COMPLETED'
        AND e.end_time >= ${params.add(window.from, 'int8')} AND e.end_time < ${params.add(window.to, 'int8')}
      GROUP BY e.element_id
      ORDER BY e.element_id`,
    params.values,
  );
  return rows.map((r) => ({
    elementId: r.element_id,
    elementType: r.element_type,
    count: Number(r.count),
    meanMs: round(Number(r.mean_ms)),
    p90Ms: round(Number(r.p90_ms)),
  }));
}
