/**
 * What one batch of commands shares: the unit of work, the batch's clock reading, key
 * generation, the record writers and the side effects to run after the commit.
 *
 * Writing an event applies it to state at once (appliers.ts); writing a follow-up command
 * queues it to be processed later in the same batch, before the next client command.
 */
import type { RejectionType, Variables } from '../engine-api.js';
import type { UnitOfWork } from '../state/unit-of-work.js';
import type { KeyGenerator } from '../state/key-generator.js';
import type { DefinitionCache } from '../state/definition-cache.js';
import { applyEvent } from '../state/appliers.js';
import type { EngineRecord, ValueType } from './records.js';

export interface InternalCommand {
  key: string;
  valueType: ValueType;
  intent: string;
  value: Record<string, unknown>;
  /** out-of-band data that never reaches the log (e.g. whether a token arrives by a flow) */
  meta?: Record<string, unknown>;
}

/** Things the batch tells the outside world once it has committed. */
export interface SideEffects {
  jobTypesAvailable: Set<string>;
  completedProcessInstances: Map<string, { variables: Variables }>;
  terminatedProcessInstances: Set<string>;
  /** a timer was created: the due-work checker should look again (it may be due already) */
  timersChanged: boolean;
}

/** Pending event triggers: what to activate once an interrupted element has terminated. */
export interface PendingTrigger {
  elementId: string;
  variables: Variables;
  errorCode?: string;
  errorMessage?: string;
  /** an event sub-process: the start event that triggered it */
  startElementId?: string;
  /** the trigger waits for the container's children to end, not for the container itself */
  afterChildren?: boolean;
}

export class BatchContext {
  readonly followUps: InternalCommand[] = [];
  readonly pendingTriggers = new Map<string, PendingTrigger>();
  readonly effects: SideEffects = {
    jobTypesAvailable: new Set(),
    completedProcessInstances: new Map(),
    terminatedProcessInstances: new Set(),
    timersChanged: false,
  };

  constructor(
    readonly uow: UnitOfWork,
    readonly now: number,
    readonly keys: KeyGenerator,
    readonly definitions: DefinitionCache,
    /** process instances a client awaits the result of (CreateProcessInstanceWithResult) */
    readonly awaitedInstances: ReadonlySet<string>,
  ) {}

  nextKey(): string {
    return this.keys.next();
  }

  /** one object per record, built once (records are the batch's most frequent allocation) */
  private record(
    key: string,
    recordType: EngineRecord['recordType'],
    valueType: ValueType,
    intent: string,
    value: Record<string, unknown>,
    rejectionType?: RejectionType,
    rejectionReason?: string,
  ): void {
    const pik = value.processInstanceKey;
    const processInstanceKey = typeof pik === 'string' && pik !== '-1' ? pik : undefined;
    this.uow.records.push({ key, recordType, valueType, intent, value, rejectionType, rejectionReason, processInstanceKey, timestamp: this.now });
  }

  /** appends the event and applies it to the state */
  async writeEvent(key: string, valueType: ValueType, intent: string, value: Record<string, unknown>): Promise<void> {
    this.record(key, 'EVENT', valueType, intent, value);
    await applyEvent(this, { key, valueType, intent, value });
  }

  /** logs a command received from a client (it is then processed by its processor) */
  logCommand(key: string, valueType: ValueType, intent: string, value: Record<string, unknown>): void {
    this.record(key, 'COMMAND', valueType, intent, value);
  }

  /** appends a follow-up command, processed later in this batch */
  writeCommand(command: InternalCommand): void {
    this.record(command.key, 'COMMAND', command.valueType, command.intent, command.value);
    this.followUps.push(command);
  }

  writeRejection(key: string, valueType: ValueType, intent: string, value: Record<string, unknown>, type: RejectionType, reason: string): void {
    this.record(key, 'COMMAND_REJECTION', valueType, intent, value, type, reason);
  }
}
