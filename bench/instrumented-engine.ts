/**
 * DIAGNOSTIC (`npm run bench -- --instrument`): the engine server as `engine/src/main.ts` starts
 * it, but with its database handle wrapped and its stream processor's `runBatch` timed, so that
 * the benchmark can say where a batch's time goes. Nothing of the engine is changed: the
 * wrapping happens from outside, at run time. Adds a little overhead per query.
 *
 * Every 2 s (and at exit) it prints to stderr, for the interval: batches/s, commands per batch,
 * batch wall time, the time spent awaiting PostgreSQL (split by statement), the time spent in
 * JavaScript between queries, and the queue length the processor saw.
 *
 * Environment as main.ts: ENGINE_GRPC_PORT, DATABASE_URL, ENGINE_DEPLOY_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from '../engine/src/engine.js';
import { startGrpcGateway } from '../engine/src/gateway/grpc/grpc-gateway.js';
import { openDatabase, type Database, type Queryable } from '../engine/src/state/db.js';
import { migrate } from '../engine/src/state/migrate.js';

interface Stat {
  count: number;
  ms: number;
}

class Stats {
  batches = 0;
  commands = 0;
  batchMs = 0;
  txMs = 0;
  queryMs = 0;
  queries = 0;
  commitMs = 0;
  queueSeen = 0;
  maxQueue = 0;
  readonly bySql = new Map<string, Stat>();
  /** per command type (and 'flush' for the end of a batch): commands, queries and query time */
  readonly byCommand = new Map<string, { commands: number; queries: number; ms: number }>();
  readonly batchSizes: number[] = [];

  command(label: string) {
    let c = this.byCommand.get(label);
    if (!c) this.byCommand.set(label, (c = { commands: 0, queries: 0, ms: 0 }));
    return c;
  }

  addQuery(sql: string, ms: number): void {
    const c = this.command(current);
    c.queries++;
    c.ms += ms;
    this.queries++;
    this.queryMs += ms;
    const key = normalise(sql);
    const s = this.bySql.get(key) ?? { count: 0, ms: 0 };
    s.count++;
    s.ms += ms;
    this.bySql.set(key, s);
  }
}

/** the command whose handler (or follow-ups) the stream processor is running now */
let current = 'other';

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 90);
}

let stats = new Stats();
const total = new Stats();

function instrument(db: Database): Database {
  const timed = (q: Queryable): Queryable => ({
    async query(text, params) {
      const start = performance.now();
      try {
        return await q.query(text, params);
      } finally {
        const ms = performance.now() - start;
        stats.addQuery(text, ms);
        total.addQuery(text, ms);
      }
    },
  });
  return {
    kind: db.kind,
    query: timed(db).query,
    async transaction(fn) {
      const start = performance.now();
      let commitStart = 0;
      try {
        return await db.transaction(async (tx) => {
          const result = await fn(timed(tx));
          commitStart = performance.now();
          return result;
        });
      } finally {
        const end = performance.now();
        for (const s of [stats, total]) {
          s.txMs += end - start;
          if (commitStart) s.commitMs += end - commitStart;
        }
      }
    },
    close: () => db.close(),
  };
}

function report(s: Stats, seconds: number, label: string): string {
  if (s.batches === 0) return `${label}: idle`;
  const lines = [
    `${label}: ${(s.batches / seconds).toFixed(0)} batches/s, ${(s.commands / s.batches).toFixed(1)} commands/batch (max queue seen ${s.maxQueue}), ` +
      `batch ${(s.batchMs / s.batches).toFixed(1)} ms wall: tx ${(s.txMs / s.batches).toFixed(1)} ms ` +
      `(awaiting ${s.queries / s.batches > 0 ? (s.queries / s.batches).toFixed(1) : 0} queries ${(s.queryMs / s.batches).toFixed(1)} ms incl. COMMIT ${(s.commitMs / s.batches).toFixed(1)} ms, ` +
      `JS ${((s.txMs - s.queryMs - s.commitMs) / s.batches).toFixed(1)} ms); busy ${((s.batchMs / (seconds * 1000)) * 100).toFixed(0)}% of wall time`,
  ];
  lines.push(
    '   per command: ' +
      [...s.byCommand]
        .map(([label, c]) => `${label} ${c.commands ? `${c.commands}× ${(c.queries / c.commands).toFixed(1)} queries ${(c.ms / c.commands).toFixed(2)} ms each` : `${c.queries} queries ${c.ms.toFixed(0)} ms`}`)
        .join('; '),
  );
  const top = [...s.bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  for (const [sql, st] of top) lines.push(`   ${st.ms.toFixed(0).padStart(7)} ms ${String(st.count).padStart(7)}× ${(st.ms / st.count).toFixed(2).padStart(6)} ms  ${sql}`);
  return lines.join('\n');
}

const env = process.env;
const db = instrument(await openDatabase({ url: env.DATABASE_URL, dataDir: env.ENGINE_DATA_DIR }));
await migrate(db);
const engine = new Engine(db, {});

// label each command by the engine method that submitted it, so that queries can be attributed
type Handler = (ctx: { uow: { flush: () => Promise<void> } }) => Promise<unknown>;
const processor = (
  engine as unknown as {
    processor: { queue: unknown[]; runBatch: (batch: unknown[]) => Promise<void>; submit: (h: Handler) => Promise<unknown> };
  }
).processor;
let submitting = 'other';
for (const method of ['createProcessInstance', 'activateJobs', 'completeJob', 'failJob', 'deploy', 'createProcessInstanceWithResult'] as const) {
  const original = (engine[method] as (...args: unknown[]) => unknown).bind(engine);
  (engine as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    submitting = method;
    try {
      return original(...args);
    } finally {
      submitting = 'other';
    }
  };
}
const submit = processor.submit.bind(processor);
processor.submit = (handler: Handler) => {
  const label = submitting;
  return submit(async (ctx) => {
    if (!(ctx.uow as { __timed?: boolean }).__timed) {
      // the batch's final flush (all its writes and records)
      const flush = ctx.uow.flush.bind(ctx.uow);
      ctx.uow.flush = async () => {
        current = 'flush';
        for (const s of [stats, total]) s.command('flush').commands++;
        return flush();
      };
      (ctx.uow as { __timed?: boolean }).__timed = true;
    }
    current = label;
    for (const s of [stats, total]) s.command(label).commands++;
    return handler(ctx);
  });
};

// time the stream processor's batches from outside
const runBatch = processor.runBatch.bind(processor);
processor.runBatch = async (batch: unknown[]) => {
  const start = performance.now();
  const queued = processor.queue.length + batch.length;
  try {
    return await runBatch(batch);
  } finally {
    const ms = performance.now() - start;
    for (const s of [stats, total]) {
      s.batches++;
      s.commands += batch.length;
      s.batchMs += ms;
      s.maxQueue = Math.max(s.maxQueue, queued);
    }
  }
};

const grpc = await startGrpcGateway(engine, { host: '127.0.0.1', port: Number(env.ENGINE_GRPC_PORT ?? 0) });
const deployDir = env.ENGINE_DEPLOY_DIR;
if (deployDir) {
  const resources = fs
    .readdirSync(deployDir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((name) => ({ name, content: fs.readFileSync(path.join(deployDir, name)) }));
  const result = await engine.deploy(resources);
  if (!result.ok) throw new Error(result.error.reason);
}
console.info(`engine ready: gRPC ${grpc.port} (instrumented)`);

const started = performance.now();
let last = performance.now();
const interval = setInterval(() => {
  const now = performance.now();
  if (stats.batches > 0) process.stderr.write(`${report(stats, (now - last) / 1000, `[t+${((now - started) / 1000).toFixed(0)}s]`)}\n`);
  stats = new Stats();
  last = now;
}, 2_000);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearInterval(interval);
    process.stderr.write(`${report(total, (performance.now() - started) / 1000, 'whole run')}\n`);
    void grpc
      .close()
      .then(() => engine.close())
      .then(() => process.exit(0));
  });
}
