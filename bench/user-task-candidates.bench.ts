/**
 * DIAGNOSTIC, not a test: what `engine.user_task_candidate`'s triggers (migration 0012) cost the
 * engine's write path. In-process engine on PostgreSQL, no gateway. Per round, N instances of a
 * one-user-task model (two candidate groups, one candidate user) are created, their tasks
 * assigned, and completed, all concurrently; rounds alternate between the triggers enabled and
 * disabled (`ALTER TABLE … DISABLE TRIGGER`), so both modes see the same machine load. Prints,
 * per mode, the CPU that PostgreSQL's backends and the engine (this process) used per instance
 * and the side table's rows.
 * Env: BENCH_PG_URL (server, default postgres://postgres@127.0.0.1:5432/test; a database
 * candidates_bench_<random> is created and dropped), N (default 128), ROUNDS (per mode, default 10),
 * DROP_GIN=1 (drop the GIN indexes over the candidate arrays first).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { Engine } from '../engine/src/engine.js';
import { openDatabase } from '../engine/src/state/db.js';
import { migrate } from '../engine/src/state/migrate.js';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="bench-user-task" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="查控结果审查"><bpmn:extensionElements><zeebe:userTask />
      <zeebe:assignmentDefinition candidateGroups="查控组,执行指挥中心" candidateUsers="=[officer]" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.N ?? 128);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const TRIGGERS = ['user_task_candidates_inserted', 'user_task_candidates_updated', 'user_task_candidates_deleted'];

const dbName = `candidates_bench_${crypto.randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: PG });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = (() => {
  const u = new URL(PG);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const db = await openDatabase({ url });
await migrate(db);
const engine = new Engine(db, {});
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
// DROP_GIN=1: without the GIN indexes over candidate_groups / candidate_users, which the searches
// no longer use since the side table (what dropping them would save)
if (process.env.DROP_GIN) await db.query('DROP INDEX engine.user_task_candidate_groups_idx, engine.user_task_candidate_users_idx');
ok(await engine.deploy([{ name: 'bench-user-task.bpmn', content: Buffer.from(MODEL) }]));

const ticks = (pid: number) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
};
const pgPids = async () => (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbName])).rows.map((r) => r.pid as number);

async function round(n: number) {
  const created = await Promise.all(Array.from({ length: n }, (_, i) => engine.createProcessInstance({ bpmnProcessId: 'bench-user-task', variables: { officer: `officer${i % 300}` } })));
  const instances = created.map((c) => ok(c).processInstanceKey);
  // the tasks are created by the commands that follow the instances' creation
  let tasks: string[] = [];
  for (let waited = 0; tasks.length < n; waited += 10) {
    if (waited > 60_000) throw new Error(`expected ${n} open tasks, found ${tasks.length}`);
    if (waited > 0) await new Promise((r) => setTimeout(r, 10));
    tasks = (await db.query<{ key: string }>(`SELECT key::text FROM engine.user_task WHERE process_instance_key = ANY($1::int8[]) AND state = 'CREATED'`, [instances])).map((r) => r.key);
  }
  await Promise.all(tasks.map((k, i) => engine.assignUserTask(k, `officer${i % 300}`).then(ok)));
  await Promise.all(tasks.map((k) => engine.completeUserTask(k, {}).then(ok)));
}

const setTriggers = (enabled: boolean) => Promise.all(TRIGGERS.map((t) => db.query(`ALTER TABLE engine.user_task ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`)));

try {
for (let i = 0; i < 3; i++) await round(N);
const totals = { with: { pg: 0, engine: 0, ms: 0, n: 0 }, without: { pg: 0, engine: 0, ms: 0, n: 0 } };
for (let i = 0; i < 2 * ROUNDS; i++) {
  const mode = i % 2 === 0 ? 'with' : 'without';
  await setTriggers(mode === 'with');
  const pids = await pgPids();
  const pg0 = pids.map(ticks);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await round(N);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const pg1 = pids.map(ticks);
  const m = totals[mode];
  m.pg += (pg1.reduce((a, b) => a + b, 0) - pg0.reduce((a, b) => a + b, 0)) * 10;
  m.engine += (c1.user - c0.user + c1.system - c0.system) / 1000;
  m.ms += t1 - t0;
  m.n += N;
}
await setTriggers(true);
const [rows] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM engine.user_task_candidate');
const [tasks] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM engine.user_task');
for (const [mode, m] of Object.entries(totals)) {
  console.log(
    `triggers ${mode.padEnd(7)}: ${m.n} instances (create, assign, complete) in ${(m.ms / 1000).toFixed(1)} s, ${(m.n / (m.ms / 1000)).toFixed(0)}/s; ` +
      `CPU ms/instance postgres ${(m.pg / m.n).toFixed(3)}, engine ${(m.engine / m.n).toFixed(3)}`,
  );
}
console.log(`side table rows ${rows!.n} for ${tasks!.n} user tasks (the rounds without triggers leave none); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await engine.close();
  await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await admin.end();
}
