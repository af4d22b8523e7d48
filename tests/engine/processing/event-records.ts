/**
 * Record lines for message, signal and escalation tests: `describeRecord` (records.ts) plus what
 * identifies these records (the catch event, the message or signal name, the escalation code).
 */
import type { EngineHarness, RecordView } from '../../support/engine-harness.js';
import { describeRecord } from './records.js';

export function describeEventRecord(r: RecordView): string {
  const v = r.value;
  const base = describeRecord(r);
  if (r.recordType === 'COMMAND_REJECTION') return base;
  switch (r.valueType) {
    case 'PROCESS_MESSAGE_SUBSCRIPTION':
      return `${base} ${v.elementId}`;
    case 'MESSAGE_START_EVENT_SUBSCRIPTION':
      return `${base} ${v.startEventId}`;
    case 'SIGNAL_SUBSCRIPTION':
      return `${base} ${v.catchEventId}`;
    case 'MESSAGE':
      return `${base} ${v.name}`;
    case 'SIGNAL':
      return `${base} ${v.signalName}`;
    case 'ESCALATION':
      return `${base} ${v.escalationCode}${v.catchElementId ? ` → ${v.catchElementId}` : ''}`;
    default:
      return base;
  }
}

/** every record of one process instance (optionally of some value types only) */
export async function eventRecords(h: EngineHarness, processInstanceKey: string, valueTypes?: string[]): Promise<string[]> {
  const records = await h.records({ processInstanceKey });
  return records.filter((r) => !valueTypes || valueTypes.includes(r.valueType)).map(describeEventRecord);
}

/** every record written after `position` */
export async function eventRecordsAfter(h: EngineHarness, position: bigint): Promise<string[]> {
  return (await h.records()).filter((r) => BigInt(r.position) > position).map(describeEventRecord);
}

/** the keys of the process instances of a process id, oldest first, with their state */
export async function instancesOf(h: EngineHarness, bpmnProcessId: string): Promise<{ key: string; state: string }[]> {
  return h.engine.db.query<{ key: string; state: string }>(
    `SELECT key::text, state FROM engine.element_instance WHERE element_type = 'PROCESS' AND bpmn_process_id = $1 ORDER BY key`,
    [bpmnProcessId],
  );
}
