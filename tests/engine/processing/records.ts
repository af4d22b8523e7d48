/**
 * Shared helpers of the engine behaviour tests: fixture paths and a one-line rendering of a
 * record, so a test can assert the exact sequence of records as Zeebe's engine tests do.
 */
import path from 'node:path';
import type { EngineHarness, RecordView } from '../../support/engine-harness.js';

export const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

/**
 * `EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task`, `COMMAND JOB COMPLETE work`,
 * `EVENT VARIABLE CREATED x=1`, `EVENT INCIDENT CREATED JOB_NO_RETRIES`,
 * `COMMAND_REJECTION JOB FAIL INVALID_STATE`: what identifies the record in a sequence.
 */
export function describeRecord(r: RecordView): string {
  const v = r.value;
  const detail =
    r.recordType === 'COMMAND_REJECTION'
      ? r.rejectionType
      : r.valueType === 'PROCESS_INSTANCE'
        ? v.elementId
        : r.valueType === 'JOB'
          ? v.type
          : r.valueType === 'VARIABLE'
            ? `${v.name}=${v.value}`
            : r.valueType === 'INCIDENT' && r.recordType === 'EVENT'
              ? v.errorType
              : undefined;
  return [r.recordType, r.valueType, r.intent, detail].filter((p) => p !== undefined && p !== '').join(' ');
}

/** every record of one process instance, rendered by `describeRecord` */
export async function instanceRecords(h: EngineHarness, processInstanceKey: string, valueTypes?: string[]): Promise<string[]> {
  const records = await h.records({ processInstanceKey });
  return records.filter((r) => !valueTypes || valueTypes.includes(r.valueType)).map(describeRecord);
}

/** the records written from the first record matching `from` on (e.g. after a command) */
export function from(lines: string[], first: string): string[] {
  const i = lines.indexOf(first);
  if (i < 0) throw new Error(`no record '${first}' in:\n${lines.join('\n')}`);
  return lines.slice(i);
}

/** the position of the newest record, to read what a following command wrote */
export async function lastPosition(h: EngineHarness): Promise<bigint> {
  const [row] = await h.engine.db.query<{ position: string | null }>(`SELECT max(position)::text AS position FROM engine.record`);
  return BigInt(row?.position ?? 0);
}

/** every record written after `position` (all instances, client commands and rejections too) */
export async function recordsAfter(h: EngineHarness, position: bigint): Promise<string[]> {
  return (await h.records()).filter((r) => BigInt(r.position) > position).map(describeRecord);
}
