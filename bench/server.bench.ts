/**
 * `npm run bench -- --only=server` (or `npx tsx bench/server.bench.ts`): the platform server's
 * inbox and monitoring routes under load. Issue 6's goal: with 100,000 open user tasks, p95 ≤ 100 ms.
 *
 * 1. Creates its own database `bench_server_<random>` on BENCH_PG_URL (default
 *    postgres://postgres@127.0.0.1:5432/test; no other database is touched), starts the engine on
 *    it (its own process, as in production) with the two court models of `bench/court-seed.ts`,
 *    and seeds the engine's tables as `bench/rest.bench.ts` does: `--tasks=N` (default 100,000;
 *    `--quick` 5,000) instances waiting at a user task, 1 % stuck with an incident, 40 % as many
 *    finished; candidate groups are the command centre's units, 300 officers are assignees and
 *    candidate users. Every instance also gets the `caseId` variable the server sets.
 * 2. Seeds the platform's side in the same database (schema `platform`, migrated by the server):
 *    one case per process instance (案号, parties, team, officer, stage, status, filing date) and
 *    the 300 officers as users (judges of 执行团队, password `court2026`), beside the demo users.
 * 3. Starts the server and drives each route over HTTP with autocannon (`--connections`, default
 *    2; `--requests` per route), signed in as 立案庭's clerk, an officer (执行团队 and named as
 *    candidate user on some tasks: the groups view merges both) and a supervisor: the four inbox
 *    views sorted by due date and priority, the counts, a 案号 search, the case list, and the
 *    monitoring routes (heatmap counts and durations, timers, incidents, 执行质效 by team and by
 *    month). Prints p50/p95/p99 per route with the load average, and what the server asked the
 *    engine per request (calls, their summed time, the slowest kind of call with its filter), so a
 *    slow route says whether the engine's search or the server's own work is the cause; the last
 *    line is one JSON object. 执行质效 and the heatmap over a window answer from snapshots
 *    (server/src/services/snapshot-cache.ts): their percentiles are snapshot reads; the first answer
 *    (outside the percentiles, printed as `first answer`) waited for the computation, and
 *    `computations` counts those the run caused (each new heatmap window is one, inside the run).
 *
 * `--refreshing` reads the snapshot routes while they are recomputed back to back (an event every
 * second, no minimum interval between refreshes).
 *
 * `--keep` keeps the database (and prints its name); `--db=NAME` reuses one kept earlier (no
 * seeding; the engine and the server migrate it first). `--routes=a,b` runs only the routes
 * whose names contain one of these.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { openServerDatabase } from '../server/src/db/database.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../server/src/services/demo-users.js';
import { DAY, modelXml, OFFICERS, PROCESSES, SEEDED_KEY_FLOOR, seedStatements } from './court-seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const QUICK = process.argv.includes('--quick');
const KEEP = process.argv.includes('--keep');
const REUSE_DB = arg('db');
const ROUTE_FILTER = arg('routes')?.split(',');
const TASKS = Number(arg('tasks') ?? (QUICK ? 5_000 : 100_000));
const CONNECTIONS = Number(arg('connections') ?? 2);
const REQUESTS = Number(arg('requests') ?? (QUICK ? 60 : 300));
const GOAL_P95_MS = 100;
/** `--refreshing`: during each route the bench publishes an event every second and snapshots are refreshed with no minimum interval, so 执行质效 and the windowed heatmap are read while their snapshots are recomputed back to back (the worst a stream of events can do) */
const REFRESHING = process.argv.includes('--refreshing');

const log = (...args: unknown[]) => console.log(...args);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const urlOf = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// engine child

const children = new Set<ChildProcess>();

async function startEngine(dbUrl: string, deployDir: string): Promise<{ proc: ChildProcess; httpPort: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, ENGINE_GRPC_PORT: '0', ENGINE_HTTP_PORT: '0', ENGINE_DEPLOY_DIR: deployDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let output = '';
  proc.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-10_000)));
  const httpPort = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const onData = (c: Buffer) => {
      stdout += c.toString();
      const match = /engine ready: gRPC \d+, HTTP (\d+)/.exec(stdout);
      if (match) {
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        resolve(Number(match[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`the engine exited with ${code} before it was ready:\n${stdout}${output}`)));
  });
  return { proc, httpPort };
}

async function stopEngine(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000)).then(() => proc.kill('SIGKILL'))]);
}

// ---------------------------------------------------------------------------------------------
// seeding: the engine's tables (court-seed.ts), then the platform's cases and officers

/** the case id of a seeded process instance, derived from its key (the same on both sides) */
const caseIdSql = (key: string) => `md5('bench-case-' || ${key}::text)::uuid`;

/** `caseId` on every seeded instance (key + 14 is free in court-seed's key layout) */
const CASE_ID_VARIABLES = `
  INSERT INTO engine.variable (key, scope_key, process_instance_key, name, value, tenant_id)
  SELECT e.key + 14, e.key, e.key, 'caseId', to_jsonb(${caseIdSql('e.key')}::text)::text, '<default>'
    FROM engine.element_instance e
   WHERE e.element_type = 'PROCESS' AND e.key > ${SEEDED_KEY_FLOOR}::int8`;

/** one platform case per seeded instance, from its variables and state, as registration and refreshCase leave it */
const CASES = `
  INSERT INTO platform.cases (id, case_number, case_type, court_code, year, parties, claim_amount, amount_recovered, team, case_officer,
                              stage, status, process_instance_key, process_definition_key, registered_by, filed_at, closed_at)
  SELECT ${caseIdSql('e.key')}, (n.value::jsonb) #>> '{}', CASE e.bpmn_process_id WHEN 'bench-preservation' THEN '执保' ELSE '执' END, '豫1330', 2026,
         jsonb_build_object('applicant', jsonb_build_object('name', '申请人' || e.key % 100000, 'kind', 'person'),
                            'respondents', jsonb_build_array(jsonb_build_object('name', '被执行人' || e.key % 100000, 'kind', 'person')),
                            'basisDocument', jsonb_build_object('court', '本院', 'number', '（2025）豫1330民初' || e.key % 100000 || '号', 'kind', '民事判决书')),
         a.value::numeric, CASE WHEN e.state = 'COMPLETED' THEN round(a.value::numeric * 0.6) ELSE 0 END,
         (t.value::jsonb) #>> '{}', (o.value::jsonb) #>> '{}',
         CASE e.state WHEN 'COMPLETED' THEN '已结案' WHEN 'TERMINATED' THEN '已撤销'
              ELSE coalesce((SELECT s.name FROM engine.user_task s WHERE s.process_instance_key = e.key AND s.state = 'CREATED' LIMIT 1), '网络查控') END,
         CASE e.state WHEN 'COMPLETED' THEN 'closed' WHEN 'TERMINATED' THEN 'canceled' ELSE 'open' END,
         e.key::text, e.process_definition_key::text, 'lian', to_timestamp(e.start_time / 1000.0), to_timestamp(e.end_time / 1000.0)
    FROM engine.element_instance e
    JOIN engine.variable n ON n.scope_key = e.key AND n.name = 'caseNumber'
    JOIN engine.variable a ON a.scope_key = e.key AND a.name = 'claimAmount'
    JOIN engine.variable t ON t.scope_key = e.key AND t.name = 'team'
    JOIN engine.variable o ON o.scope_key = e.key AND o.name = 'caseOfficer'
   WHERE e.element_type = 'PROCESS' AND e.key > ${SEEDED_KEY_FLOOR}::int8`;

const officerName = (i: number) => `officer${String(i).padStart(3, '0')}`;

async function seed(db: pg.Client, definitions: Map<string, string>): Promise<number> {
  const now = Date.now();
  const size = { active: TASKS, stuck: Math.round(TASKS / 100), finished: Math.round(TASKS * 0.4) };
  for (const [what, statement] of seedStatements(now, definitions, size)) {
    const started = Date.now();
    await db.query(statement);
    log(`seeded ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await db.query(CASE_ID_VARIABLES);
  await db.query(`CREATE TABLE IF NOT EXISTS public.bench_meta (seeded_at int8)`);
  await db.query(`INSERT INTO public.bench_meta VALUES ($1)`, [now]);
  return now;
}

async function seedPlatform(db: pg.Client): Promise<void> {
  const started = Date.now();
  // fresh statistics first: the join over 1,000,000 freshly seeded rows is planned on them
  await db.query('ANALYZE engine.element_instance, engine.variable, engine.user_task');
  const { rowCount } = await db.query(CASES);
  const passwordHash = await hash(DEMO_PASSWORD);
  const officers = Array.from({ length: OFFICERS }, (_, i) => officerName(i + 1));
  await db.query(
    `INSERT INTO platform.users (username, display_name, password_hash, roles, groups)
     SELECT u, '执行员 ' || u, $1, ARRAY['judge'], ARRAY['执行团队'] FROM unnest($2::text[]) u ON CONFLICT DO NOTHING`,
    [passwordHash, officers],
  );
  log(`seeded ${rowCount} platform cases and ${OFFICERS} officers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------------
// routes

interface Route {
  name: string;
  who: 'clerk' | 'officer' | 'supervisor';
  path: (n: number) => string;
  /** what a right answer holds: throws otherwise (checked on the first answer) */
  check?: (body: any) => void;
}

const hasItems = (min = 1) => (b: any) => {
  if (!Array.isArray(b?.items) || b.items.length < min) throw new Error(`expected at least ${min} items, got ${JSON.stringify(b).slice(0, 200)}`);
};

function routes(sample: { definitionKey: string; caseNumbers: string[]; now: number }): Route[] {
  const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
  const page = (n: number) => (n % 5) + 1;
  return [
    { name: 'tasks: groups, 立案庭, by due date', who: 'clerk', path: (n) => `/api/tasks?view=groups&page=${page(n)}&pageSize=50`, check: hasItems(50) },
    { name: 'tasks: unassigned, 立案庭, by priority', who: 'clerk', path: (n) => `/api/tasks?view=unassigned&sort=priority&page=${page(n)}&pageSize=50`, check: hasItems(1) },
    { name: 'tasks: mine, officer, by due date', who: 'officer', path: () => '/api/tasks?view=mine&pageSize=50', check: hasItems(1) },
    { name: 'tasks: groups + candidate user, officer, by due date', who: 'officer', path: (n) => `/api/tasks?view=groups&page=${page(n)}&pageSize=50`, check: hasItems(50) },
    { name: 'tasks: unassigned, officer (groups + candidate user)', who: 'officer', path: (n) => `/api/tasks?view=unassigned&page=${page(n)}&pageSize=50`, check: hasItems(1) },
    { name: 'tasks: completed, officer', who: 'officer', path: () => '/api/tasks?view=completed&pageSize=50', check: hasItems(1) },
    { name: 'tasks: groups, supervisor (every unit), by priority', who: 'supervisor', path: (n) => `/api/tasks?view=groups&sort=priority&page=${page(n)}&pageSize=50`, check: hasItems(50) },
    { name: 'tasks: 案号 search', who: 'clerk', path: (n) => `/api/tasks?view=groups&q=${encodeURIComponent(sample.caseNumbers[n % sample.caseNumbers.length]!.slice(-7))}` },
    { name: 'tasks: counts, officer', who: 'officer', path: () => '/api/tasks/counts' },
    { name: 'tasks: counts, supervisor', who: 'supervisor', path: () => '/api/tasks/counts' },
    { name: 'cases: open, page', who: 'clerk', path: (n) => `/api/cases?status=open&page=${page(n)}&pageSize=50`, check: hasItems(50) },
    { name: 'monitoring: heatmap (counts and durations, 30 days)', who: 'supervisor', path: () => `/api/monitoring/definitions/${sample.definitionKey}/heatmap` },
    {
      name: 'monitoring: heatmap, window of a quarter',
      who: 'supervisor',
      path: (n) => `/api/monitoring/definitions/${sample.definitionKey}/heatmap?from=${iso(sample.now - (90 + (n % 5)) * DAY)}&to=${iso(sample.now)}`,
    },
    { name: 'monitoring: timers, due within 60 days', who: 'supervisor', path: (n) => `/api/monitoring/timers?dueBefore=${iso(sample.now + (40 + (n % 20)) * DAY)}`, check: hasItems(1) },
    { name: 'monitoring: incidents', who: 'supervisor', path: (n) => `/api/monitoring/incidents?page=${page(n)}&pageSize=50`, check: hasItems(1) },
    { name: 'monitoring: 执行质效 by team', who: 'supervisor', path: () => '/api/monitoring/quality?groupBy=team' },
    { name: 'monitoring: 执行质效 by month', who: 'supervisor', path: () => '/api/monitoring/quality?groupBy=month' },
  ];
}

/**
 * What the server asks the engine while a route runs: every call of `app.engineClient.request`
 * (the one door to the engine's REST API) with its time, so each route's figure splits into the
 * engine's searches and the server's own work (its database, merging, JSON).
 */
interface EngineCall {
  what: string;
  ms: number;
}
const engineCalls: EngineCall[] = [];
function recordEngineCalls(client: { request: (...args: any[]) => Promise<unknown> }) {
  const original = client.request.bind(client);
  client.request = async (method: string, path: string, body?: any, ...rest: unknown[]) => {
    const started = performance.now();
    try {
      return await original(method, path, body, ...rest);
    } finally {
      const filter = body?.filter ? ` ${JSON.stringify(body.filter).replace(/"\d{4}-\d\d-\d\dT[^"]*"/g, '"…"').slice(0, 120)}` : '';
      engineCalls.push({ what: `${method} ${path.replace(/\d{6,}/g, ':key')}${filter}`, ms: performance.now() - started });
    }
  };
}

/** per request of a route: engine calls, summed engine time, and the slowest kind of call */
function engineShare(calls: EngineCall[], requests: number) {
  const byWhat = new Map<string, { n: number; ms: number }>();
  for (const c of calls) {
    const e = byWhat.get(c.what) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += c.ms;
    byWhat.set(c.what, e);
  }
  const slowest = [...byWhat].sort((a, b) => b[1].ms / b[1].n - a[1].ms / a[1].n)[0];
  const per = (x: number) => Math.round((x / Math.max(1, requests)) * 10) / 10;
  return {
    engineCallsPerRequest: per(calls.length),
    engineMsPerRequest: per(calls.reduce((t, c) => t + c.ms, 0)),
    slowestEngineCall: slowest ? { what: slowest[0], meanMs: Math.round(slowest[1].ms / slowest[1].n) } : undefined,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

interface RouteResult {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  firstError?: string;
  met: boolean;
  mean: number;
  engineCallsPerRequest: number;
  engineMsPerRequest: number;
  slowestEngineCall?: { what: string; meanMs: number };
  /** the first answer (not in the percentiles): for a snapshot route, the wait for its first computation */
  firstMs: number;
  /** snapshots computed while the route ran, its first answer included (执行质效, the heatmap over a window) */
  snapshotComputations: number;
}

/** every snapshot computation the server starts (`monitoring.onCompute`) */
let snapshotComputations = 0;

async function runRoute(base: string, cookie: string, route: Route, onEvent?: () => void): Promise<RouteResult> {
  // the first answer is checked, and warms caches and plans as a running server has them
  const computationsBefore = snapshotComputations;
  const firstStarted = performance.now();
  const first = await fetch(`${base}${route.path(1_000_000)}`, { headers: { cookie } });
  const body = (await first.json()) as unknown;
  const firstMs = Math.round(performance.now() - firstStarted);
  let firstError: string | undefined;
  try {
    if (first.status !== 200) throw new Error(`HTTP ${first.status}: ${JSON.stringify(body).slice(0, 300)}`);
    route.check?.(body);
  } catch (e) {
    firstError = (e as Error).message;
  }
  let n = 0;
  const times: number[] = [];
  engineCalls.length = 0;
  let errors = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    amount: REQUESTS,
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: route.path(n++), headers: { cookie } }) }],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode !== 200) {
      errors++;
      firstError ??= `HTTP ${statusCode}`;
    } else times.push(responseTime);
  });
  const events = onEvent ? setInterval(onEvent, 1_000) : undefined;
  await instance;
  if (events) clearInterval(events);
  times.sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const p95 = percentile(times, 95);
  const share = engineShare(engineCalls, times.length + errors);
  return {
    name: route.name,
    requests: times.length,
    p50: r1(percentile(times, 50)),
    p95: r1(p95),
    p99: r1(percentile(times, 99)),
    mean: r1(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    errors,
    firstError,
    met: !firstError && errors === 0 && p95 <= GOAL_P95_MS,
    ...share,
    firstMs,
    snapshotComputations: snapshotComputations - computationsBefore,
  };
}

// ---------------------------------------------------------------------------------------------
// main

async function main(): Promise<Record<string, unknown>> {
  const dbName = REUSE_DB ?? `bench_server_${crypto.randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`--db must be a plain database name, not '${dbName}'`);
  const dbUrl = urlOf(dbName);
  log(`server benchmark: ${os.cpus().length} cores, Node ${process.version}, database ${dbName}${REUSE_DB ? ' (reused)' : ''}; ${CONNECTIONS} connections, ${REQUESTS} requests per route; load average ${loadAverage()}`);
  if (!REUSE_DB) await withClient(PG_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const deployDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-server-models-'));
  for (const p of PROCESSES) fs.writeFileSync(path.join(deployDir, `${p.id}.bpmn`), modelXml(p.id, p.name));
  let engine: { proc: ChildProcess; httpPort: number } | undefined;
  const db = new pg.Client({ connectionString: dbUrl });
  try {
    engine = await startEngine(dbUrl, deployDir);
    await db.connect();
    const definitions = new Map(
      (await db.query<{ bpmn_process_id: string; key: string }>(`SELECT bpmn_process_id, max(key)::text AS key FROM engine.process_definition GROUP BY bpmn_process_id`)).rows.map((r) => [r.bpmn_process_id, r.key]),
    );
    const seeded = Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM engine.element_instance WHERE key > ${SEEDED_KEY_FLOOR} LIMIT 1`)).rows[0]!.n) > 0;
    const now = seeded ? Number((await db.query<{ seeded_at: string }>(`SELECT seeded_at::text FROM public.bench_meta`)).rows[0]!.seeded_at) : await seed(db, definitions);

    // the server migrates its schema on start
    const database = await openServerDatabase({ url: dbUrl });
    // the engine watcher runs as in production (every 2 s), keeping cases current in the background
    const app = await buildApp({ database, engine: { restUrl: `http://127.0.0.1:${engine.httpPort}` }, loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
      monitoring: { onCompute: () => snapshotComputations++, ...(REFRESHING ? { snapshots: { minIntervalMs: 0 } } : {}) },
    });
    try {
      await app.ready();
      recordEngineCalls(app.engineClient as unknown as { request: (...args: any[]) => Promise<unknown> });
      await seedDemoUsers(app.db);
      if (!seeded) {
        await seedPlatform(db);
        const started = Date.now();
        await db.query('VACUUM ANALYZE');
        log(`VACUUM ANALYZE in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      const counts = (
        await db.query<Record<string, string>>(
          `SELECT (SELECT count(*) FROM engine.user_task WHERE state = 'CREATED')::text AS open_user_tasks,
                  (SELECT count(*) FROM engine.element_instance)::text AS element_instances,
                  (SELECT count(*) FROM platform.cases)::text AS cases,
                  pg_size_pretty(pg_database_size(current_database())) AS database_size`,
        )
      ).rows[0]!;
      log(`data: ${Object.entries(counts).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ')}`);
      const caseNumbers = (await db.query<{ case_number: string }>(`SELECT case_number FROM platform.cases WHERE status = 'open' ORDER BY md5(id::text) LIMIT 200`)).rows.map((r) => r.case_number);

      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const login = async (username: string) => {
        const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
        if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
        return res.headers.get('set-cookie')!.split(';')[0]!;
      };
      const cookies = { clerk: await login('lian'), officer: await login(officerName(7)), supervisor: await login('zhuren') };
      const selected = routes({ definitionKey: definitions.get(PROCESSES[0]!.id)!, caseNumbers, now }).filter((r) => !ROUTE_FILTER || ROUTE_FILTER.some((f) => r.name.includes(f)));

      log(`\n${'route'.padEnd(58)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  goal   load average       engine: calls, ms per request (sum), slowest call`);
      const results: RouteResult[] = [];
      for (const route of selected) {
        const r = await runRoute(base, cookies[route.who], route, REFRESHING ? () => app.events.publish({ type: 'case', key: 'bench', action: 'updated' }) : undefined);
        results.push(r);
        log(
          `${r.name.padEnd(58)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)}  ${r.met ? 'ok    ' : 'MISSED'} ${loadAverage()}` +
            `  ${r.engineCallsPerRequest} × ${r.engineMsPerRequest} ms of ${r.mean} ms${r.slowestEngineCall ? `; slowest ${r.slowestEngineCall.meanMs} ms ${r.slowestEngineCall.what}` : ''}` +
            `${r.snapshotComputations ? `  [snapshot: first answer ${r.firstMs} ms, ${r.snapshotComputations} computations]` : ''}` +
            `${r.errors || r.firstError ? `  ${r.errors} errors: ${r.firstError}` : ''}`,
        );
      }
      const missed = results.filter((r) => !r.met);
      log(`\n${results.length - missed.length} of ${results.length} routes answer with p95 ≤ ${GOAL_P95_MS} ms${missed.length ? `; missed: ${missed.map((r) => r.name).join('; ')}` : ''}`);
      log(`load average after: ${loadAverage()} (${os.cpus().length} cores)`);
      return { bench: 'server', data: counts, connections: CONNECTIONS, requestsPerRoute: REQUESTS, goalP95Ms: GOAL_P95_MS, met: missed.length === 0, routes: results, loadAverage: os.loadavg() };
    } finally {
      await app.close();
      await database.close();
    }
  } finally {
    await db.end().catch(() => undefined);
    if (engine) await stopEngine(engine.proc);
    fs.rmSync(deployDir, { recursive: true, force: true });
    if (KEEP || REUSE_DB) log(`database kept: ${dbName} (rerun with --db=${dbName}; drop it with DROP DATABASE ${dbName})`);
    else await withClient(PG_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((e) => console.error(`could not drop ${dbName}:`, e));
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
}

let exitCode = 0;
let summary: Record<string, unknown>;
try {
  summary = await main();
  if (!summary.met) exitCode = 1;
} catch (error) {
  exitCode = 1;
  console.error('\nserver benchmark failed:', error);
  summary = { error: String((error as Error)?.message ?? error) };
}
console.log(JSON.stringify(summary));
process.exit(exitCode);
