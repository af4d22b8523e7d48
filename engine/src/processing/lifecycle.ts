/**
 * The legal element-instance transitions, as a table (Zeebe's ProcessInstanceLifecycle).
 * A transition outside the table is a broken invariant, not a business failure.
 */
import type { ElementState } from '../state/tables.js';
import type { ProcessInstanceIntent } from './records.js';

const TRANSITIONS: Record<string, readonly ProcessInstanceIntent[]> = {
  ACTIVATING: ['ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING'],
  ACTIVATED: ['ELEMENT_COMPLETING', 'ELEMENT_TERMINATING'],
  COMPLETING: ['ELEMENT_COMPLETED', 'ELEMENT_TERMINATING'],
  TERMINATING: ['ELEMENT_TERMINATED'],
  COMPLETED: [],
  TERMINATED: [],
};

export function canTransition(from: ElementState, to: ProcessInstanceIntent): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertTransition(from: ElementState, to: ProcessInstanceIntent, key: string): void {
  if (!canTransition(from, to)) throw new Error(`illegal transition of element instance ${key}: ${from} → ${to}`);
}

export const isFinal = (state: ElementState) => state === 'COMPLETED' || state === 'TERMINATED';
