/**
 * How long each element of a process takes: count, mean and 90th percentile of the durations
 * of element instances that completed within a time window, from the element-instance history
 * (`start_time`, `end_time`). The process itself is one of the elements (the whole case).
 * A process id stands for its versions' definition keys, so that the rows come from
 * `element_instance_completed_idx` (definition, end time; completed rows only).
 */
import type { Queryable } from '../state/db.js';
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

export async function elementDurationStatistics(db: Queryable, window: DurationWindow): Promise<ElementDurationStatistics[]> {
  const params = new SqlParams();
  const definition =
    window.processDefinitionKey !== undefined
      ? `e.process_definition_key = ${params.add(window.processDefinitionKey, 'int8')}`
      : `e.process_definition_key IN (SELECT pd.key FROM engine.process_definition pd WHERE pd.bpmn_process_id = ${params.add(window.bpmnProcessId ?? '', 'text')} AND pd.tenant_id = ${params.add(window.tenantId ?? '<default>', 'text')})`;
  const rows = await db.query<{ element_id: string; element_type: string; count: string | number; mean_ms: string | number; p90_ms: string | number }>(
    `SELECT e.element_id, min(e.element_type) AS element_type, count(*) AS count,
            avg(e.end_time - e.start_time) AS mean_ms,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY e.end_time - e.start_time) AS p90_ms
       FROM engine.element_instance e
      WHERE ${definition} AND e.state = 'COMPLETED'
        AND e.end_time >= ${params.add(window.from, 'int8')} AND e.end_time < ${params.add(window.to, 'int8')}
      GROUP BY e.element_id
      ORDER BY e.element_id`,
    params.values,
  );
  return rows.map((r) => ({
    elementId: r.element_id,
    elementType: r.element_type,
    count: Number(r.count),
    meanMs: Math.round(Number(r.mean_ms) * 1000) / 1000,
    p90Ms: Math.round(Number(r.p90_ms) * 1000) / 1000,
  }));
}
