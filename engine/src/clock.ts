/**
 * The engine's clock. Uncontrolled it is the system clock; with ZEEBE_CLOCK_CONTROLLED=true it
 * can be pinned and moved (Zeebe's `/actuator/clock`), so a six-month timer is tested in
 * milliseconds. Listeners hear of every change, to re-check what became due.
 */
import type { EngineClock } from './engine-api.js';

export class ControllableClock implements EngineClock {
  private pinnedAt: number | undefined;
  private offset = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly controlled: boolean) {}

  now(): number {
    return (this.pinnedAt ?? Date.now()) + this.offset;
  }

  pin(epochMilli: number): void {
    this.assertControlled();
    this.pinnedAt = epochMilli;
    this.offset = 0;
    this.changed();
  }

  add(offsetMilli: number): void {
    this.assertControlled();
    this.offset += offsetMilli;
    this.changed();
  }

  reset(): void {
    this.assertControlled();
    this.pinnedAt = undefined;
    this.offset = 0;
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private assertControlled(): void {
    if (!this.controlled) throw new Error('The clock is not controllable: start the engine with ZEEBE_CLOCK_CONTROLLED=true');
  }
}
