/**
 * What Zeebe's element instance knows beyond the token bookkeeping: the call hierarchy (a
 * called process's call activity, a call activity's called child) and a multi-instance body's
 * loop counters. Appliers write through the `set…`/`link…` functions; everyone else reads
 * through the getters.
 */
import type { ElementInstanceRow } from './tables.js';

export interface LoopState {
  /** a body: inner instances created so far; an inner instance: its 1-based loop counter */
  loopCounter: number;
  /** a body: inner instances that completed, and that were terminated */
  completed: number;
  terminated: number;
}

export function loopStateOf(row: ElementInstanceRow): LoopState {
  return { loopCounter: row.loopCounter, completed: row.completedInstances, terminated: row.terminatedInstances };
}

/** appliers only */
export function setLoopState(row: ElementInstanceRow, changes: Partial<LoopState>): void {
  if (changes.loopCounter !== undefined) row.loopCounter = changes.loopCounter;
  if (changes.completed !== undefined) row.completedInstances = changes.completed;
  if (changes.terminated !== undefined) row.terminatedInstances = changes.terminated;
}

/** the call activity instance that created this process instance, or null for a root instance */
export function parentElementInstanceKeyOf(processRow: ElementInstanceRow): string | null {
  return processRow.elementType === 'PROCESS' && processRow.parentElementInstanceKey !== '-1' ? processRow.parentElementInstanceKey : null;
}

/** the process instance a call activity instance created, or null before it did */
export function calledChildInstanceKeyOf(callActivityRow: ElementInstanceRow): string | null {
  return callActivityRow.calledChildInstanceKey;
}

/** appliers only: links a called process instance and its call activity both ways */
export function linkCalledProcess(processRow: ElementInstanceRow, callActivityRow: ElementInstanceRow): void {
  processRow.parentElementInstanceKey = callActivityRow.key;
  processRow.parentProcessInstanceKey = callActivityRow.processInstanceKey;
  callActivityRow.calledChildInstanceKey = processRow.key;
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
