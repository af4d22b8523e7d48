/**
 * `npx tsx bench/server.bench.ts`: the platform server's inbox under load. Issue 6's goal: with
 * 100,000 open user tasks, the inbox routes answer with p95 ≤ 100 ms.
 *
 * 1. Creates its own database `bench_server_<random>` on BENCH_PG_URL (default
 *    postgres://postgres@127.0.0.1:5432/test) and starts the engine on it; or, with
 *    `--engine-db=NAME`, reuses an engine database seeded by `bench/rest.bench.ts --keep`
 *    (100,000 open user tasks over the command centre's units, 1,000,000 element instances).
 * 2. Without a seeded database, deploys a one-task model (立案审查, candidate group 立案庭, with
 *    due dates and priorities) and creates `--tasks=N` instances through the REST API (default
 *    100,000; `--quick` 2,000), each carrying its 案号 as `caseNumber`.
 * 3. Starts the server (schema `platform` in the same database, demo users) and drives each
 *    inbox route over HTTP with autocannon (`--connections`, default 2; `--requests` per route),
 *    signed in as a 立案庭 clerk and as a supervisor (who sees every unit's tasks). Prints
 *    p50/p95/p99 per route against the goal; the last line is one JSON object.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { openServerDatabase } from '../server/src/db/database.js';
import { EngineClient } from '../server/src/plugins/engine-client.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../server/src/services/demo-users.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const QUICK = process.argv.includes('--quick');
const REUSE_DB = arg('engine-db');
const TASKS = Number(arg('tasks') ?? (QUICK ? 2_000 : 100_000));
const CONNECTIONS = Number(arg('connections') ?? 2);
const REQUESTS = Number(arg('requests') ?? (QUICK ? 100 : 400));
const GOAL_P95_MS = 100;

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench-inbox" name="收件箱压测" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review" name="立案审查">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="立案庭" />
        <zeebe:taskSchedule dueDate="=due" />
        <zeebe:priorityDefinition priority="=priority" />
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" />
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const dbName = REUSE_DB ?? `bench_server_${crypto.randomBytes(4).toString('hex')}`;
if (!REUSE_DB) await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
const url = new URL(PG_URL);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();

// the engine in its own process (as in production), so the server and the load generator do not
// share its event loop
const engine = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: databaseUrl, ENGINE_GRPC_PORT: '0', ENGINE_HTTP_PORT: '0', ENGINE_DEPLOY_DIR: '/nonexistent' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const engineHttpPort = await new Promise<number>((resolve, reject) => {
  let out = '';
  engine.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const m = /engine ready: gRPC \d+, HTTP (\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  engine.on('exit', (code) => reject(new Error(`engine exited with ${code}: ${out}`)));
});
const engineClient = new EngineClient({ restUrl: `http://127.0.0.1:${engineHttpPort}` });
const year = new Date().getFullYear();

if (!REUSE_DB) {
  await engineClient.deployResources([{ name: 'bench-inbox.bpmn', content: MODEL }]);
  const started = Date.now();
  let next = 0;
  const day = 86_400_000;
  const worker = async () => {
    for (let i = next++; i < TASKS; i = next++) {
      await engineClient.createProcessInstance({
        processDefinitionId: 'bench-inbox',
        variables: {
          caseNumber: `（${year}）豫1330执${i + 1}号`,
          due: new Date(Date.now() + ((i % 60) - 10) * day).toISOString(),
          priority: (i * 7) % 100,
        },
      });
      if ((i + 1) % 10_000 === 0) console.info(`  ${i + 1} instances (${Math.round(((i + 1) * 1000) / (Date.now() - started))}/s)`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  console.info(`created ${TASKS} open tasks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const database = await openServerDatabase({ url: databaseUrl });
const app = await buildApp({ database, engine: { restUrl: `http://127.0.0.1:${engineHttpPort}` }, events: { pollIntervalMs: 0 }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
await app.ready();
await seedDemoUsers(app.db);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

async function login(username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const clerk = await login('lian');
const supervisor = await login('zhuren');

const routes: { name: string; cookie: string; path: (n: number) => string }[] = [
  { name: 'GET /api/tasks?view=groups (立案庭, due date asc)', cookie: clerk, path: (n) => `/api/tasks?view=groups&page=${(n % 5) + 1}&pageSize=50` },
  { name: 'GET /api/tasks?view=unassigned&sort=priority', cookie: clerk, path: (n) => `/api/tasks?view=unassigned&sort=priority&page=${(n % 5) + 1}&pageSize=50` },
  { name: 'GET /api/tasks?view=groups (supervisor: every unit)', cookie: supervisor, path: () => '/api/tasks?view=groups&pageSize=50' },
  { name: 'GET /api/tasks?view=mine', cookie: clerk, path: () => '/api/tasks?view=mine&pageSize=50' },
  { name: 'GET /api/tasks?q=<案号>', cookie: clerk, path: (n) => `/api/tasks?view=groups&q=${encodeURIComponent(`执${(n * 37) % TASKS}号`)}` },
  { name: 'GET /api/tasks/counts', cookie: clerk, path: () => '/api/tasks/counts' },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const results: Record<string, { p50: number; p95: number; p99: number; errors: number; requests: number }> = {};
for (const route of routes) {
  let n = 0;
  const times: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    amount: REQUESTS,
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: route.path(n++), headers: { cookie: route.cookie } }) }],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode !== 200) errors++;
    times.push(responseTime);
  });
  await instance;
  times.sort((a, b) => a - b);
  results[route.name] = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors, requests: times.length };
  const r = results[route.name]!;
  console.info(`${route.name.padEnd(55)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${r.errors ? `${r.errors} errors ` : ''}${r.p95 <= GOAL_P95_MS ? 'ok' : `over the ${GOAL_P95_MS} ms goal`}`);
}

await app.close();
await database.close();
engine.kill('SIGTERM');
await new Promise((r) => engine.once('exit', r));
if (!REUSE_DB) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
console.info(JSON.stringify({ bench: 'server', openTasks: REUSE_DB ? 'seeded' : TASKS, connections: CONNECTIONS, goalP95Ms: GOAL_P95_MS, routes: results }));
