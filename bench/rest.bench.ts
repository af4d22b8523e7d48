/**
 * `npm run bench -- --only=rest` (or `npx tsx bench/rest.bench.ts`): the engine's REST searches at
 * court scale. Issue 4's goal: with 100,000 open user tasks and 1,000,000 element instances in
 * PostgreSQL, the searches the platform uses answer with p95 ≤ 50 ms.
 *
 * 1. Creates its own database `bench_rest_<random>` on BENCH_PG_URL (default
 *    postgres://postgres@127.0.0.1:5432/test; no other database is touched) and starts the
 *    engine (`engine/src/main.ts`, which migrates it) with two court models deployed: 首次执行
 *    (`bench-enforcement`) and 财产保全 (`bench-preservation`), the same nine steps.
 * 2. Seeds the engine's tables straight with `INSERT … SELECT generate_series` the rows the
 *    engine writes for such instances (element instances, user tasks, jobs, timers, incidents,
 *    variables; not the record log): 100,000 instances waiting at a user task (立案登记,
 *    查控结果审查, 执行实施 with its overdue timer, 结案审批), 1,000 stuck at 网络查控 with an
 *    incident, 40,000 finished (85 % completed, 15 % canceled during 执行实施), started over the
 *    last half year; candidate groups are the command centre's units, 300 officers as assignees
 *    and candidate users, due dates per step (some overdue), follow-up dates, priorities.
 *    About 1,000,000 element instances, 100,000 open and ~190,000 finished user tasks,
 *    ~565,000 variables. Then VACUUM ANALYZE, as autovacuum would.
 * 3. Drives every search route over HTTP (keep-alive, `--connections` concurrent clients, 2 by
 *    default) with request bodies varied per request (other assignees, groups, instances, …),
 *    checks each answer (status 200, the expected shape), and prints p50/p95/p99 per route
 *    against the 50 ms goal. The last line printed is one JSON object with every figure.
 *
 * Options: `--quick` (5 % of the data, fewer requests: a smoke run), `--requests=N` per route,
 * `--connections=N`, `--keep` (keep the database and print its name), `--db=NAME` (reuse a
 * database seeded by an earlier `--keep` run; the engine migrates it first, so new indexes get
 * built), `--routes=a,b` (only the routes whose names contain one of these), `--explain` (print
 * PostgreSQL's plan of each route's statements: run with `--routes`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DAY, GROUPS, KEY_OFFSET, modelXml, OFFICERS, PARTITION_BASE, PROCESSES, seedStatements } from './court-seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const QUICK = process.argv.includes('--quick');
const KEEP = process.argv.includes('--keep');
const EXPLAIN = process.argv.includes('--explain');
const REUSE_DB = arg('db');
const ROUTE_FILTER = arg('routes')?.split(',');
const CONNECTIONS = Number(arg('connections') ?? 2);
const REQUESTS = Number(arg('requests') ?? (QUICK ? 60 : 300));
const GOAL_P95_MS = 50;

const SCALE = QUICK ? 0.05 : 1;
const ACTIVE = Math.round(100_000 * SCALE);
const STUCK = Math.round(1_000 * SCALE);
const FINISHED = Math.round(40_000 * SCALE);

const log = (...args: unknown[]) => console.log(...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


// ---------------------------------------------------------------------------------------------
// the routes

interface Sample {
  /** instance keys, assignees… picked from the seeded data */
  processInstanceKeys: string[];
  elementInstanceKeys: string[];
  definitionKeys: string[];
  caseNumbers: string[];
  now: number;
}

interface Route {
  name: string;
  method: 'GET' | 'POST';
  /** the path and body of request number n */
  request: (n: number, s: Sample) => { path: string; body?: unknown };
  /** what a right answer holds: throws otherwise */
  check?: (answer: any) => void;
}

const pick = <T>(list: T[], n: number): T => list[(n * 7919) % list.length]!;
const officerOf = (n: number) => `officer${String(1 + ((n * 37) % OFFICERS)).padStart(3, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const hasItems = (min = 1) => (a: any) => {
  if (!Array.isArray(a?.items) || a.items.length < min) throw new Error(`expected at least ${min} items, got ${JSON.stringify(a).slice(0, 200)}`);
  if (a.page && typeof a.page.totalItems !== 'number') throw new Error('page.totalItems missing');
};

const ROUTES: Route[] = [
  // --- the inbox (待办): user-task searches
  {
    name: 'user tasks: open, newest first (inbox)',
    method: 'POST',
    request: () => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED' }, sort: [{ field: 'creationDate', order: 'DESC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(50),
  },
  {
    name: 'user tasks: assignee, by due date (我的待办)',
    method: 'POST',
    request: (n) => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED', assignee: officerOf(n) }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: candidate group, unassigned, by priority (组待办)',
    method: 'POST',
    request: (n) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED', candidateGroup: GROUPS[n % GROUPS.length], assignee: { $exists: false } }, sort: [{ field: 'priority', order: 'DESC' }], page: { from: 0, limit: 50 } },
    }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: candidate groups $in, by creation',
    method: 'POST',
    request: (n) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED', candidateGroup: { $in: [GROUPS[n % GROUPS.length], GROUPS[(n + 3) % GROUPS.length]] } }, sort: [{ field: 'creationDate', order: 'DESC' }], page: { from: 0, limit: 50 } },
    }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: groups view as the platform asks (3 groups, due date then priority, 20)',
    method: 'POST',
    request: (n) => ({
      path: '/v2/user-tasks/search',
      body: {
        filter: { state: 'CREATED', candidateGroup: { $in: [GROUPS[n % GROUPS.length], GROUPS[(n + 2) % GROUPS.length], GROUPS[(n + 5) % GROUPS.length]] } },
        sort: [{ field: 'dueDate', order: 'ASC' }, { field: 'priority', order: 'DESC' }],
        page: { from: 20 * (n % 3), limit: 20 },
      },
    }),
    check: hasItems(20),
  },
  {
    name: 'user tasks: 案号 search as the platform asks ($like on caseNumber)',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED', processInstanceVariables: [{ name: 'caseNumber', value: { $like: `*${pick(s.caseNumbers, n).slice(-7)}*` } }] }, page: { from: 0, limit: 20 } },
    }),
  },
  {
    name: 'user tasks: candidate user',
    method: 'POST',
    request: (n) => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED', candidateUser: officerOf(n) }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: process instance',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/user-tasks/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: overdue (due date range), by due date',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED', dueDate: { $lt: iso(s.now - (n % 5) * DAY) } }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { from: 0, limit: 50 } },
    }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: due in the next 3 days (临期)',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED', dueDate: { $gte: iso(s.now), $lt: iso(s.now + 3 * DAY + (n % 3) * DAY) } }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { from: 0, limit: 50 } },
    }),
  },
  {
    name: 'user tasks: follow-up date passed, assignee',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED', assignee: officerOf(n), followUpDate: { $lte: iso(s.now) } }, page: { from: 0, limit: 50 } } }),
  },
  {
    name: 'user tasks: priority ≥ 90, by priority',
    method: 'POST',
    request: () => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED', priority: { $gte: 90 } }, sort: [{ field: 'priority', order: 'DESC' }, { field: 'dueDate', order: 'ASC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(50),
  },
  {
    name: 'user tasks: page 21 by offset (from 1000)',
    method: 'POST',
    request: (n) => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'CREATED' }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { from: 1000 + (n % 10) * 50, limit: 50 } } }),
    check: hasItems(50),
  },
  {
    name: 'user tasks: next page by cursor',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/user-tasks/search',
      body: { filter: { state: 'CREATED' }, sort: [{ field: 'dueDate', order: 'ASC' }], page: { after: cursorOf([s.now - 30 * DAY + (n % 50) * DAY, '0']), limit: 50 } },
    }),
    check: hasItems(50),
  },
  {
    name: 'user tasks: completed by assignee (已办)',
    method: 'POST',
    request: (n) => ({ path: '/v2/user-tasks/search', body: { filter: { state: 'COMPLETED', assignee: officerOf(n) }, sort: [{ field: 'completionDate', order: 'DESC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'user tasks: by case number variable',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/user-tasks/search', body: { filter: { processInstanceVariables: [{ name: 'caseNumber', value: JSON.stringify(pick(s.caseNumbers, n)) }] } } }),
    check: hasItems(1),
  },
  // --- monitoring (Operate-like)
  {
    name: 'process instances: active, newest first',
    method: 'POST',
    request: () => ({ path: '/v2/process-instances/search', body: { filter: { state: 'ACTIVE' }, sort: [{ field: 'startDate', order: 'DESC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(50),
  },
  {
    name: 'process instances: definition, with incident',
    method: 'POST',
    request: (n) => ({ path: '/v2/process-instances/search', body: { filter: { processDefinitionId: PROCESSES[n % 2]!.id, hasIncident: true }, page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'process instances: completed in a month',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/process-instances/search',
      body: { filter: { state: 'COMPLETED', endDate: { $gte: iso(s.now - (60 + (n % 30)) * DAY), $lt: iso(s.now - (30 + (n % 30)) * DAY) } }, sort: [{ field: 'endDate', order: 'DESC' }], page: { from: 0, limit: 50 } },
    }),
    check: hasItems(1),
  },
  {
    name: 'process instances: by key',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/process-instances/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
    check: hasItems(1),
  },
  {
    name: 'process instances: by case number variable',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/process-instances/search', body: { filter: { variables: [{ name: 'caseNumber', value: JSON.stringify(pick(s.caseNumbers, n)) }] } } }),
    check: hasItems(1),
  },
  {
    name: 'element instances: process instance',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/element-instances/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
    check: hasItems(2),
  },
  {
    name: 'element instances: element active in a definition',
    method: 'POST',
    request: (n, s) => ({
      path: '/v2/element-instances/search',
      body: { filter: { processDefinitionKey: s.definitionKeys[0], elementId: ['register', 'review', 'enforce', 'close'][n % 4], state: 'ACTIVE' }, page: { from: 0, limit: 50 } },
    }),
    check: hasItems(1),
  },
  {
    name: 'variables: process instance',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/variables/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
    check: hasItems(4),
  },
  {
    name: 'variables: name and value',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/variables/search', body: { filter: { name: 'caseNumber', value: JSON.stringify(pick(s.caseNumbers, n)) } } }),
    check: hasItems(1),
  },
  {
    name: 'incidents: active, newest first',
    method: 'POST',
    request: () => ({ path: '/v2/incidents/search', body: { filter: { state: 'ACTIVE' }, sort: [{ field: 'creationTime', order: 'DESC' }], page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'incidents: process instance',
    method: 'POST',
    request: (n, s) => ({ path: '/v2/incidents/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
  },
  {
    name: 'statistics: definition element instances (heatmap, 85 % of the data)',
    method: 'GET',
    request: (_n, s) => ({ path: `/v2/process-definitions/${s.definitionKeys[0]}/statistics/element-instances` }),
    check: hasItems(5),
  },
  {
    name: 'statistics: definition element instances, active only',
    method: 'POST',
    request: (n, s) => ({ path: `/v2/process-definitions/${s.definitionKeys[n % 2]}/statistics/element-instances`, body: { filter: { state: 'ACTIVE' } } }),
    check: hasItems(3),
  },
  {
    name: 'statistics: process instance element instances',
    method: 'GET',
    request: (n, s) => ({ path: `/v2/process-instances/${pick(s.processInstanceKeys, n)}/statistics/element-instances` }),
    check: hasItems(2),
  },
  {
    name: 'x-engine: element durations, 30 days (85 % of the data)',
    method: 'GET',
    request: (n, s) => ({ path: `/x-engine/v1/statistics/element-durations?processDefinitionId=${PROCESSES[0]!.id}&to=${encodeURIComponent(iso(s.now - (n % 5) * DAY))}` }),
    check: hasItems(3),
  },
  {
    name: 'x-engine: element durations, 180 days, one version',
    method: 'GET',
    request: (n, s) => ({ path: `/x-engine/v1/statistics/element-durations?processDefinitionKey=${s.definitionKeys[n % 2]}&from=${encodeURIComponent(iso(s.now - 180 * DAY))}&to=${encodeURIComponent(iso(s.now))}` }),
    check: hasItems(3),
  },
  {
    name: 'x-engine: pending timers, next due',
    method: 'POST',
    request: (n, s) => ({ path: '/x-engine/v1/timers/search', body: { filter: { dueDate: { $lt: iso(s.now + (40 + (n % 20)) * DAY) } }, page: { from: 0, limit: 50 } } }),
    check: hasItems(1),
  },
  {
    name: 'x-engine: pending timers of a process instance',
    method: 'POST',
    request: (n, s) => ({ path: '/x-engine/v1/timers/search', body: { filter: { processInstanceKey: pick(s.processInstanceKeys, n) } } }),
  },
];

/** a cursor as the engine writes them (base64 of the sort values): the page after a given due date */
const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64');

// ---------------------------------------------------------------------------------------------
// HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(port: number, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: any; ms: number }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, ms });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface RouteResult {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSec: number;
  totalItems: number | null;
  errors: number;
  firstError?: string;
  met: boolean;
}

async function runRoute(port: number, route: Route, sample: Sample): Promise<RouteResult> {
  // warm-up: plans cached, pages in shared buffers as they would be on a running system
  for (let n = 0; n < Math.min(5, REQUESTS); n++) {
    const { path: p, body } = route.request(1_000_000 + n, sample);
    await call(port, route.method, p, body);
  }
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let totalItems: number | null = null;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < REQUESTS) {
      const n = next++;
      const { path: p, body } = route.request(n, sample);
      const answer = await call(port, route.method, p, body).catch((e: Error) => ({ status: 0, json: e.message, ms: NaN }));
      try {
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.json).slice(0, 300)}`);
        route.check?.(answer.json);
        totalItems ??= answer.json?.page?.totalItems ?? null;
        latencies.push(answer.ms);
      } catch (e) {
        errors++;
        firstError ??= `${(e as Error).message} (request ${JSON.stringify(body ?? p).slice(0, 200)})`;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const p95 = percentile(latencies, 95);
  return {
    name: route.name,
    requests: latencies.length,
    p50: r1(percentile(latencies, 50)),
    p95: r1(p95),
    p99: r1(percentile(latencies, 99)),
    max: r1(latencies[latencies.length - 1] ?? NaN),
    perSec: r1(latencies.length / seconds),
    totalItems,
    errors,
    firstError,
    met: errors === 0 && p95 <= GOAL_P95_MS,
  };
}

// ---------------------------------------------------------------------------------------------
// explain: the statements a route runs, with PostgreSQL's plans (for tuning, `--explain --routes=…`)

async function explainRoute(dbUrl: string, route: Route, sample: Sample): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const db = {
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, params as unknown[]);
      log(`\n-- ${text.replace(/\s+/g, ' ').slice(0, 400)}\n-- params ${JSON.stringify(params ?? []).slice(0, 200)}`);
      for (const row of plan.rows) log(`   ${row['QUERY PLAN']}`);
      return (await client.query(text, params as unknown[])).rows as T[];
    },
  };
  const { path: p, body } = route.request(3, sample);
  log(`\n=== ${route.name}: ${route.method} ${p} ${body ? JSON.stringify(body) : ''}`);
  const q = await import('../engine/src/query/user-task.queries.js');
  const pi = await import('../engine/src/query/process-instance.queries.js');
  const ei = await import('../engine/src/query/element-instance.queries.js');
  const v = await import('../engine/src/query/variable.queries.js');
  const inc = await import('../engine/src/query/incident.queries.js');
  const st = await import('../engine/src/query/statistics.queries.js');
  const du = await import('../engine/src/query/duration.queries.js');
  const tm = await import('../engine/src/query/timer.queries.js');
  const b = (body ?? {}) as any;
  try {
    if (p === '/v2/user-tasks/search') await q.searchUserTasks(db, b);
    else if (p === '/v2/process-instances/search') await pi.searchProcessInstances(db, b);
    else if (p === '/v2/element-instances/search') await ei.searchElementInstances(db, b);
    else if (p === '/v2/variables/search') await v.searchVariables(db, b);
    else if (p === '/v2/incidents/search') await inc.searchIncidents(db, b);
    else if (p === '/x-engine/v1/timers/search') await tm.searchPendingTimers(db, b);
    else if (p.startsWith('/v2/process-definitions/')) await st.processDefinitionElementStatistics(db, p.split('/')[3]!, b.filter);
    else if (p.startsWith('/v2/process-instances/')) await st.processInstanceElementStatistics(db, p.split('/')[3]!);
    else if (p.startsWith('/x-engine/v1/statistics/element-durations')) {
      const u = new URL(p, 'http://x');
      const to = Date.parse(u.searchParams.get('to') ?? iso(sample.now));
      const from = u.searchParams.get('from') ? Date.parse(u.searchParams.get('from')!) : to - 30 * DAY;
      await du.elementDurationStatistics(db, {
        processDefinitionKey: u.searchParams.get('processDefinitionKey') ?? undefined,
        bpmnProcessId: u.searchParams.get('processDefinitionId') ?? undefined,
        from,
        to,
      });
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// engine child, database

const children = new Set<ChildProcess>();

async function startEngine(dbUrl: string, deployDir: string): Promise<{ proc: ChildProcess; httpPort: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, ENGINE_GRPC_PORT: '0', ENGINE_HTTP_PORT: '0', ENGINE_DEPLOY_DIR: deployDir, ENGINE_DATA_DIR: path.join(os.tmpdir(), 'bench-rest-unused') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let output = '';
  proc.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
    if (output.length > 20_000) output = output.slice(-10_000);
  });
  const httpPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start within 600 s:\n${output}`)), 600_000);
    let stdout = '';
    const onData = (c: Buffer) => {
      stdout += c.toString();
      const match = /engine ready: gRPC \d+, HTTP (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        resolve(Number(match[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited with ${code} before it was ready:\n${stdout}${output}`));
    });
  });
  return { proc, httpPort };
}

async function stopEngine(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => proc.kill('SIGKILL'))]);
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const urlOf = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

// ---------------------------------------------------------------------------------------------
// main

async function main(): Promise<Record<string, unknown>> {
  const dbName = REUSE_DB ?? `bench_rest_${crypto.randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`--db must be a plain database name, not '${dbName}'`);
  const dbUrl = urlOf(dbName);
  log(
    `REST benchmark: ${os.cpus().length} cores, Node ${process.version}, database ${dbName}${REUSE_DB ? ' (reused)' : ''}${QUICK ? ', quick' : ''}; ` +
      `${CONNECTIONS} concurrent clients, ${REQUESTS} requests per route; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (!REUSE_DB) await withClient(PG_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const deployDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rest-models-'));
  for (const p of PROCESSES) fs.writeFileSync(path.join(deployDir, `${p.id}.bpmn`), modelXml(p.id, p.name));
  let engine: { proc: ChildProcess; httpPort: number } | undefined;
  try {
    const t0 = Date.now();
    engine = await startEngine(dbUrl, deployDir);
    log(`engine: pid ${engine.proc.pid}, HTTP ${engine.httpPort}, started (and migrated) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const definitions = new Map(
        (await db.query<{ bpmn_process_id: string; key: string }>(`SELECT bpmn_process_id, max(key)::text AS key FROM engine.process_definition GROUP BY bpmn_process_id`)).rows.map((r) => [
          r.bpmn_process_id,
          r.key,
        ]),
      );
      const seeded = Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM engine.element_instance WHERE key > ${PARTITION_BASE + KEY_OFFSET}`)).rows[0]!.n);
      let now: number;
      if (seeded === 0) {
        now = Date.now();
        for (const [what, statement] of seedStatements(now, definitions, { active: ACTIVE, stuck: STUCK, finished: FINISHED })) {
          const started = Date.now();
          await db.query(statement);
          log(`seeded ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
        await db.query(`CREATE TABLE IF NOT EXISTS public.bench_meta (seeded_at int8)`);
        await db.query(`INSERT INTO public.bench_meta VALUES ($1)`, [now]);
        const started = Date.now();
        await db.query('VACUUM ANALYZE');
        log(`VACUUM ANALYZE in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else {
        now = Number((await db.query<{ seeded_at: string }>(`SELECT seeded_at::text FROM public.bench_meta`)).rows[0]!.seeded_at);
        await db.query('ANALYZE');
        log(`reusing ${seeded} seeded element instances (seeded at ${iso(now)})`);
      }
      const counts = (
        await db.query<Record<string, string>>(
          `SELECT (SELECT count(*) FROM engine.element_instance)::text AS element_instances,
                  (SELECT count(*) FROM engine.element_instance WHERE element_type = 'PROCESS')::text AS process_instances,
                  (SELECT count(*) FROM engine.user_task WHERE state = 'CREATED')::text AS open_user_tasks,
                  (SELECT count(*) FROM engine.user_task)::text AS user_tasks,
                  (SELECT count(*) FROM engine.variable)::text AS variables,
                  (SELECT count(*) FROM engine.incident)::text AS incidents,
                  (SELECT count(*) FROM engine.timer WHERE state = 'ACTIVE')::text AS pending_timers,
                  pg_size_pretty(pg_database_size(current_database())) AS database_size`,
        )
      ).rows[0]!;
      log(`data: ${Object.entries(counts).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ')}`);
      const sample: Sample = {
        processInstanceKeys: (await db.query<{ key: string }>(`SELECT key::text FROM engine.element_instance WHERE element_type = 'PROCESS' ORDER BY hashint8(key) LIMIT 500`)).rows.map((r) => r.key),
        elementInstanceKeys: [],
        definitionKeys: PROCESSES.map((p) => definitions.get(p.id)!),
        caseNumbers: (await db.query<{ value: string }>(`SELECT value FROM engine.variable WHERE name = 'caseNumber' ORDER BY hashint8(key) LIMIT 500`)).rows.map((r) => JSON.parse(r.value) as string),
        now,
      };
      const routes = ROUTES.filter((r) => !ROUTE_FILTER || ROUTE_FILTER.some((f) => r.name.includes(f)));
      if (EXPLAIN) {
        for (const route of routes) await explainRoute(dbUrl, route, sample);
        return { explained: routes.map((r) => r.name) };
      }
      log(`\n${'route'.padEnd(70)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'req/s'.padStart(6)}  totalItems  goal`);
      const results: RouteResult[] = [];
      for (const route of routes) {
        const r = await runRoute(engine.httpPort, route, sample);
        results.push(r);
        log(
          `${r.name.padEnd(70)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)} ${String(r.perSec).padStart(6)}  ` +
            `${String(r.totalItems ?? '').padStart(10)}  ${r.met ? 'ok' : 'MISSED'}${r.errors ? `  ${r.errors} errors: ${r.firstError}` : ''}`,
        );
      }
      const missed = results.filter((r) => !r.met);
      log(`\n${results.length - missed.length} of ${results.length} routes answer with p95 ≤ ${GOAL_P95_MS} ms${missed.length ? `; missed: ${missed.map((r) => r.name).join('; ')}` : ''}`);
      log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
      return { data: counts, connections: CONNECTIONS, requestsPerRoute: REQUESTS, goalP95Ms: GOAL_P95_MS, met: missed.length === 0, routes: results, loadAverage: os.loadavg() };
    } finally {
      await db.end();
    }
  } finally {
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
} catch (error) {
  exitCode = 1;
  console.error('\nREST benchmark failed:', error);
  summary = { error: String((error as Error)?.message ?? error) };
}
agent.destroy();
console.log(JSON.stringify(summary));
process.exit(exitCode);
