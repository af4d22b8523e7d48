/**
 * The stream processor: client commands queue up; the processor takes them in batches, runs
 * each (and all its follow-up commands) against one unit of work, and commits the batch in one
 * transaction before any client hears back. A failed batch is retried command by command, so
 * one broken command cannot hold back the others.
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

interface Pending {
  handler: CommandHandler<unknown>;
  readAhead?: ReadAhead;
  resolve: (r: Result<unknown, Rejection>) => void;
  reject: (e: unknown) => void;
}

export interface StreamProcessorOptions {
  db: Database;
  keys: KeyGenerator;
  definitions: DefinitionCache;
  now: () => number;
  awaitedInstances: Set<string>;
  onCommitted: (effects: SideEffects) => void;
  maxBatchSize?: number;
  maxQueueLength?: number;
}

/** keys one step may take without waiting for a new block */
const KEYS_PER_STEP = 2_000;

export class StreamProcessor {
  private queue: Pending[] = [];
  private running = false;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly options: StreamProcessorOptions) {}

  submit<T>(handler: CommandHandler<T>, readAhead?: ReadAhead): Promise<Result<T, Rejection>> {
    if (this.closed) return Promise.reject(new Error('the engine is shutting down'));
    if (this.queue.length >= (this.options.maxQueueLength ?? 10_000)) return Promise.reject(new BackpressureError());
    return new Promise((resolve, reject) => {
      this.queue.push({ handler: handler as CommandHandler<unknown>, readAhead, resolve: resolve as Pending['resolve'], reject });
      if (!this.running) void this.drain();
    });
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
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatchSize ?? 200);
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
    batch.forEach((item, i) => item.resolve(results[i]!));
    this.options.onCommitted(effects);
  }
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
