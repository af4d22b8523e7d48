/**
 * DIAGNOSTIC, not a test: the engine in-process on PostgreSQL, without gRPC. Per round, 128
 * one-task instances are created, their jobs activated (four calls of 64) and completed, all
 * concurrently, so batches are the same size whatever the machine's load. Prints statements per
 * instance and the CPU the engine (this process) and its PostgreSQL backends used per instance.
 * Env: BENCH_PG_URL (server, default postgres://postgres@127.0.0.1:5432/test; a database
 * core_bench_<random> is created and dropped), N, ROUNDS, PERF=<file> (perf record the backends),
 * SEQ=1 (print the engine tables' scan counters), SKIP_STATS=1 (what element statistics kept on
 * write cost the hot path: their read of the stored rows and their upsert per batch are answered
 * with no rows instead of run, while the engine still computes its deltas; run it alternately
 * with and without).
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import pg from 'pg';
import { Engine } from '../engine/src/engine.js';
import { openDatabase, type Database, type Queryable } from '../engine/src/state/db.js';
import { migrate } from '../engine/src/state/migrate.js';
let statements = 0;
const SKIP_STATS = Boolean(process.env.SKIP_STATS);
let skipped = 0;
const isStats = (t: string) => t.includes('AS p(process_definition_key, element_id, process_instance_key)') || t.includes('INSERT INTO engine.element_statistics');
const counted = (q: Queryable): Queryable => ({
  query: (t, p) => {
    if (SKIP_STATS && isStats(t)) {
      skipped++;
      return Promise.resolve([]) as never;
    }
    statements++;
    return q.query(t, p);
  },
});
function count(db: Database): Database {
  return { kind: db.kind, query: counted(db).query, transaction: (fn) => db.transaction((tx) => { statements += 2; return fn(counted(tx)); }), close: () => db.close() };
}

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `core_bench_${crypto.randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: PG }); await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = (() => { const u = new URL(PG); u.pathname = `/${dbName}`; return u.toString(); })();
const rawDb = await openDatabase({ url }); await migrate(rawDb); const engine = new Engine(count(rawDb), {});
const dep = await engine.deploy([{ name: 'one-task.bpmn', content: fs.readFileSync(new URL('./fixtures/one-task.bpmn', import.meta.url)) }]);
if (!dep.ok) throw new Error(JSON.stringify(dep));
const ticks = (pid: number) => { const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
const pgPids = async () => (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName])).rows.map((r) => r.pid as number);

const N = Number(process.env.N ?? 128);
const ROUNDS = Number(process.env.ROUNDS ?? 30);
async function round() {
  const created = await Promise.all(Array.from({ length: N }, () => engine.createProcessInstance({ bpmnProcessId: 'bench-one-task', variables: {} })));
  for (const c of created) if (!c.ok) throw new Error(JSON.stringify(c));
  let jobs: string[] = [];
  while (jobs.length < N) {
    const acts = await Promise.all([0, 1, 2, 3].map(() => engine.activateJobs({ type: 'bench.one', worker: 'w', timeout: 60000, maxJobsToActivate: 64 })));
    for (const a of acts) { if (!a.ok) throw new Error(); jobs.push(...a.value.map((j) => j.key)); }
  }
  const done = await Promise.all(jobs.map((k) => engine.completeJob(k, {})));
  for (const d of done) if (!d.ok) throw new Error(JSON.stringify(d));
}
for (let i = 0; i < 5; i++) await round();
const pids = await pgPids();
const perf = process.env.PERF ? (await import('node:child_process')).spawn('perf', ['record', '-g', '-o', process.env.PERF, '-p', pids.join(',')], { stdio: 'ignore' }) : undefined;
const st0 = statements; const pg0 = pids.map(ticks); const c0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < ROUNDS; i++) await round();
const c1 = process.cpuUsage(); const t1 = performance.now(); const pg1 = pids.map(ticks);
const n = N * ROUNDS;
if (perf) { perf.kill('SIGINT'); await new Promise((r) => perf.once('exit', r)); }
const engineMs = (c1.user - c0.user + c1.system - c0.system) / 1000 / n;
const pgMs = (pg1.reduce((a, b) => a + b, 0) - pg0.reduce((a, b) => a + b, 0)) * 10 / n;
console.log(`${SKIP_STATS ? `WITHOUT element statistics (skipped ${skipped}); ` : ''}statements/instance ${((statements - st0) / n).toFixed(2)}; ${n} instances in ${((t1 - t0) / 1000).toFixed(1)} s: ${(n / ((t1 - t0) / 1000)).toFixed(0)}/s; CPU ms/instance engine ${engineMs.toFixed(3)} (user ${((c1.user-c0.user)/1000/n).toFixed(3)}), postgres ${pgMs.toFixed(3)}; load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
if (process.env.SEQ) { const c = new pg.Client({ connectionString: url }); await c.connect(); console.log((await c.query(`select relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where schemaname = 'engine' and (seq_scan > 0 or n_tup_ins > 0) order by seq_tup_read desc`)).rows); await c.end(); }
await engine.close();
await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`); await admin.end();
