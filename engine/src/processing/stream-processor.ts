/**
 * The stream processor: client commands queue up; the processor takes them in batches, runs
 * each (and all its follow-up commands) against one unit of work, and commits the batch in one
 * transaction before any client hears back. A failed batch is retried command by command, so
 * one broken command cannot hold back the others.
 *
 * Back-pressure, after Zeebe's: commands that finish work (CompleteJob, FailJob, ThrowError,
 * cancellation, deployment, job activation and the engine's own due work) are never refused
 * and, once more is queued than one batch takes, go first; commands that bring new work
 * (creating instances, publishing messages, …) wait in a second queue and are refused with RESOURCE_EXHAUSTED while that
 * queue is behind: when its oldest command has waited longer than `maxQueueLatencyMs` (and at
 * least `minQueued` wait), as CoDel judges a queue by its sojourn time rather than its length.
 * So an engine offered more than it can do keeps finishing what it started at full speed and
 * sheds the excess at the door, instead of queueing completions behind a flood of creations
 * (which is how throughput collapsed: workers hold a bounded number of jobs, and each
 * completion's wait in a long FIFO queue stretched the time per job).
 */
import { BackpressureError, type Rejection } from '../engine-api.js';
import type { Database } from '../state/db.js';
import type { DefinitionCache } from '../state/definition-cache.js';
import type { KeyGenerator } from '../state/key-generator.js';
import { UnitOfWork } from '../state/unit-of-work.js';
import type { Result } from '../util/result.js';
import { BatchContext, type SideEffects } from './batch-context.js';
import { processBpmnCommand } from './bpmn/bpmn-command.processor.js';

/** a command from outside: it runs against the batch and returns its response */
export type CommandHandler<T> = (ctx: BatchContext) => Promise<Result<T, Rejection>>;

/**
 * What a command will read, declared up front: the batch reads it for all its commands at once
 * (a job, its element instance with flow scope and process instance, and with `variables`
 * those scopes' variables), instead of one round trip after the other per command.
 */
export interface ReadAhead {
  jobKey?: string;
  variables?: boolean;
}

export interface SubmitOptions {
  readAhead?: ReadAhead;
  /** new work: refused under back-pressure, and queued behind the commands that finish work */
  limited?: boolean;
  /** the RESOURCE_EXHAUSTED text for this command (Zeebe's differ by request) */
  overloadMessage?: string;
}

interface Pending {
  handler: CommandHandler<unknown>;
  readAhead?: ReadAhead;
  /** submission order, kept across the two queues while the engine keeps up */
  seq: number;
  submittedAt: number;
  resolve: (r: Result<unknown, Rejection>) => void;
  reject: (e: unknown) => void;
}

/** When new work is refused (see the file comment); `ENGINE_BACKPRESSURE_*` in the README. */
export interface BackpressureOptions {
  /** refuse new work while the oldest queued new-work command has waited longer (ms); 0: never by latency */
  maxQueueLatencyMs?: number;
  /** …but not while fewer new-work commands than this are queued */
  minQueued?: number;
  /** refuse new work when this many new-work commands are queued, whatever their wait */
  maxQueued?: number;
}

export const DEFAULT_BACKPRESSURE: Required<BackpressureOptions> = { maxQueueLatencyMs: 1_000, minQueued: 100, maxQueued: 10_000 };

/** what the processor has done so far, for benchmarks and health */
export interface StreamProcessorStats {
  batches: number;
  commands: number;
  /** new-work commands refused with RESOURCE_EXHAUSTED */
  refused: number;
}

export interface StreamProcessorOptions {
  db: Database;
  keys: KeyGenerator;
  definitions: DefinitionCache;
  now: () => number;
  awaitedInstances: Set<string>;
  onCommitted: (effects: SideEffects) => void;
  maxBatchSize?: number;
  backpressure?: BackpressureOptions;
}

/** keys one step may take without waiting for a new block */
const KEYS_PER_STEP = 2_000;

export class StreamProcessor {
  /** commands that finish work, never refused, first in every batch */
  private urgent: Pending[] = [];
  /** new work, refused under back-pressure */
  private limited: Pending[] = [];
  private running = false;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private readonly backpressure: Required<BackpressureOptions>;
  private seq = 0;
  readonly stats: StreamProcessorStats = { batches: 0, commands: 0, refused: 0 };

  constructor(private readonly options: StreamProcessorOptions) {
    const given = Object.entries(options.backpressure ?? {}).filter(([, v]) => v !== undefined);
    this.backpressure = { ...DEFAULT_BACKPRESSURE, ...Object.fromEntries(given) };
  }

  submit<T>(handler: CommandHandler<T>, options: SubmitOptions = {}): Promise<Result<T, Rejection>> {
    if (this.closed) return Promise.reject(new Error('the engine is shutting down'));
    if (options.limited && this.overloaded()) {
      this.stats.refused++;
      return Promise.reject(new BackpressureError(options.overloadMessage));
    }
    return new Promise((resolve, reject) => {
      const pending = { handler: handler as CommandHandler<unknown>, readAhead: options.readAhead, seq: this.seq++, submittedAt: Date.now(), resolve: resolve as Pending['resolve'], reject };
      (options.limited ? this.limited : this.urgent).push(pending);
      if (!this.running) void this.drain();
    });
  }

  /** commands waiting for a batch: those that finish work, and new work */
  get queued(): { urgent: number; newWork: number } {
    return { urgent: this.urgent.length, newWork: this.limited.length };
  }

  /** new work waits too long already (see the file comment) */
  private overloaded(): boolean {
    const { maxQueueLatencyMs, minQueued, maxQueued } = this.backpressure;
    const queued = this.limited.length;
    if (queued >= maxQueued) return true;
    if (maxQueueLatencyMs <= 0 || queued < minQueued) return false;
    return Date.now() - this.limited[0]!.submittedAt > maxQueueLatencyMs;
  }

  /**
   * The next batch. While everything queued fits in one batch, in submission order (a caller
   * that creates an instance and then activates its job without awaiting finds the job). When
   * more waits, commands that finish work first, new work filling the rest but getting at least
   * a quarter of the batch.
   */
  private takeBatch(): Pending[] {
    const max = this.options.maxBatchSize ?? 200;
    if (this.urgent.length + this.limited.length <= max) {
      const batch = mergeBySeq(this.urgent, this.limited);
      this.urgent = [];
      this.limited = [];
      return batch;
    }
    const newWork = Math.min(this.limited.length, Math.max(max - this.urgent.length, Math.ceil(max / 4)));
    const batch = this.urgent.splice(0, max - newWork);
    for (const item of this.limited.splice(0, newWork)) batch.push(item);
    return batch;
  }

  /** stops taking commands and waits for the batch in flight */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.idle = new Promise((r) => (this.markIdle = r));
    try {
      while (this.urgent.length > 0 || this.limited.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.runBatch(batch);
        } catch {
          // isolate the culprit: each command alone, in its own transaction
          for (const item of batch) await this.runBatch([item]).catch((e) => item.reject(e));
        }
        // PGlite runs queries synchronously: without this turn of the event loop, answers,
        // new requests and timers would wait until the whole queue is processed
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const { db, keys, definitions, now, awaitedInstances } = this.options;
    const { results, effects } = await db.transaction(async (tx) => {
      const uow = new UnitOfWork(tx);
      const ctx = new BatchContext(uow, now(), keys, definitions, awaitedInstances);
      await readAhead(uow, batch);
      const results: Result<unknown, Rejection>[] = [];
      for (const item of batch) {
        await keys.reserve(tx, KEYS_PER_STEP);
        results.push(await item.handler(ctx));
        while (ctx.followUps.length > 0) {
          await keys.reserve(tx, KEYS_PER_STEP);
          await processBpmnCommand(ctx, ctx.followUps.shift()!);
        }
      }
      await uow.flush();
      return { results, effects: ctx.effects };
    });
    this.stats.batches++;
    this.stats.commands += batch.length;
    batch.forEach((item, i) => item.resolve(results[i]!));
    this.options.onCommitted(effects);
  }
}

/** two queues, each in submission order, as one */
function mergeBySeq(a: Pending[], b: Pending[]): Pending[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged = new Array<Pending>(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < merged.length; k++) merged[k] = j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq) ? a[i++]! : b[j++]!;
  return merged;
}

/** reads what the batch's commands declared they will read, in three queries at most */
async function readAhead(uow: UnitOfWork, batch: Pending[]): Promise<void> {
  const jobKeys: string[] = [];
  for (const item of batch) if (item.readAhead?.jobKey) jobKeys.push(item.readAhead.jobKey);
  if (jobKeys.length === 0) return;
  await uow.prefetchJobs(jobKeys);
  const elementKeys: string[] = [];
  for (const key of jobKeys) {
    const job = uow.jobs.rows.get(key);
    if (job) elementKeys.push(job.elementInstanceKey);
  }
  await uow.prefetchElementInstances(elementKeys);
  const scopeKeys: string[] = [];
  for (const item of batch) {
    const job = item.readAhead?.variables && item.readAhead.jobKey ? uow.jobs.rows.get(item.readAhead.jobKey) : undefined;
    if (job) scopeKeys.push(...uow.cachedScopeChain(job.elementInstanceKey));
  }
  await uow.prefetchScopeVariables(scopeKeys);
}
