/**
 * What Zeebe's element instance knows beyond our columns: the call hierarchy (a called
 * process's parent call activity, a call activity's called child) and a multi-instance body's
 * loop counters. Until `element_instance` has columns for them, they live in existing columns
 * that these element kinds never use otherwise; only this file knows where:
 *
 * - `job_key` of a PROCESS row holds its parent element instance (the call activity), and
 *   `job_key` of a CALL_ACTIVITY row holds its called child process instance (neither has jobs);
 * - `taken_flows['#multiInstance']` of a MULTI_INSTANCE_BODY row holds its counters, and of an
 *   inner instance its loop counter (`#` cannot start a BPMN id, so no parallel join collides).
 *
 * Appliers write through the `set…` functions; everyone else reads through the getters.
 * Columns to add later: parent_process_instance_key, parent_element_instance_key (every row, as
 * Zeebe's record value), called_child_instance_key, multi_instance_loop_counter and the body's
 * numbers of completed and terminated inner instances.
 */
import type { ElementInstanceRow } from './tables.js';

const LOOP = '#multiInstance';

export interface LoopState {
  /** a body: inner instances created so far; an inner instance: its 1-based loop counter */
  loopCounter: number;
  /** a body: inner instances that completed, and that were terminated */
  completed: number;
  terminated: number;
}

export function loopStateOf(row: ElementInstanceRow): LoopState {
  const state = row.takenFlows?.[LOOP];
  return { loopCounter: state?.loopCounter ?? 0, completed: state?.completed ?? 0, terminated: state?.terminated ?? 0 };
}

/** appliers only */
export function setLoopState(row: ElementInstanceRow, changes: Partial<LoopState>): void {
  row.takenFlows = { ...row.takenFlows, [LOOP]: { ...loopStateOf(row), ...changes } };
}

/** the call activity instance that created this process instance, or null for a root instance */
export function parentElementInstanceKeyOf(processRow: ElementInstanceRow): string | null {
  return processRow.elementType === 'PROCESS' ? processRow.jobKey : null;
}

/** the process instance a call activity instance created, or null before it did */
export function calledChildInstanceKeyOf(callActivityRow: ElementInstanceRow): string | null {
  return callActivityRow.elementType === 'CALL_ACTIVITY' ? callActivityRow.jobKey : null;
}

/** appliers only: links a called process instance and its call activity both ways */
export function linkCalledProcess(processRow: ElementInstanceRow, callActivityRow: ElementInstanceRow): void {
  processRow.jobKey = callActivityRow.key;
  callActivityRow.jobKey = processRow.key;
}

/**
 * Element instances this batch activates without a token (process instance modification): their
 * activation consumes no sequence-flow token in the flow scope. Keyed by batch, so a hint never
 * outlives the batch that set it.
 */
const activatedWithoutToken = new WeakMap<object, Set<string>>();

export function markActivatedWithoutToken(batch: object, elementInstanceKey: string): void {
  let keys = activatedWithoutToken.get(batch);
  if (!keys) activatedWithoutToken.set(batch, (keys = new Set()));
  keys.add(elementInstanceKey);
}

export function isActivatedWithoutToken(batch: object, elementInstanceKey: string): boolean {
  return activatedWithoutToken.get(batch)?.has(elementInstanceKey) ?? false;
}
