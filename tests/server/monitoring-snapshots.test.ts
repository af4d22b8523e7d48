/**
 * 执行质效 and the windowed heatmap as snapshots (server/src/services/snapshot-cache.ts), against a
 * real engine: the first request waits for the first computation and carries `asOf`; concurrent
 * requests share one computation; a snapshot is served until the server sees a change (an event
 * on its bus), then refreshed in the background to figures equal to a fresh computation; a clock
 * moved on past `maxStaleMs` makes the request wait for figures as of the new time (a task now
 * overdue is counted). The cache's rules alone, with a counted fake computation, at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { cases } from '../../server/src/db/schema.js';
import { loadQuality } from '../../server/src/services/quality-loader.js';
import { SnapshotCache } from '../../server/src/services/snapshot-cache.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;
/** the server's clock, moved by the tests */
let clock = new Date('2026-06-15T02:00:00Z');
const computed: string[] = [];

const dueModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_snap" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="snapshot-due" isExecutable="true">
   <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handle" />
   <bpmn:userTask id="handle" name="办理"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="内勤" /><zeebe:taskSchedule dueDate="=dueDate" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
   <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

let definitionKey: string;

beforeAll(async () => {
  h = await startServerHarness({
    engine: true,
    app: {
      now: () => clock,
      // no scheduled refresh during the test: only events and the clock refresh the figures
      monitoring: { snapshots: { maxAgeMs: 3_600_000, refreshDelayMs: 50, minIntervalMs: 0 }, onCompute: (kind, key) => computed.push(`${kind} ${key}`) },
    },
  });
  ({ app, database } = h);
  const deployed = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: await h.login('admin'), payload: { resources: [{ name: 'snapshot-due.bpmn', content: dueModel }] } });
  expect(deployed.statusCode, deployed.body).toBe(200);
  definitionKey = deployed.json().processes[0].processDefinitionKey;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const supervisor = () => h.login('zhuren');
const quality = async (query = 'groupBy=team') => {
  const res = await app.inject({ method: 'GET', url: `/api/monitoring/quality?${query}`, headers: await supervisor() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const countOf = (kind: string) => computed.filter((c) => c.startsWith(kind)).length;
/** the figures as the loader computes them now, for the route's default window at `asOf` */
const fresh = (asOf: string, groupBy: 'team' | 'month') => {
  const at = new Date(asOf);
  return loadQuality(app.db, app.engineClient, { from: new Date('2026-01-01T00:00:00+08:00'), to: at, groupBy, now: at });
};
const startDue = async (dueDate: string) => {
  const res = await fetch(`${h.engine!.httpUrl}/v2/process-instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ processDefinitionId: 'snapshot-due', variables: { dueDate } }) });
  expect(res.status).toBe(200);
};
let n = 0;
const registerCase = async (filedAt: string) => {
  const [row] = await database.db
    .insert(cases)
    .values({
      caseNumber: `（2026）豫1330执${700 + ++n}号`,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '申请人' }, respondents: [{ name: '被执行人' }] },
      claimAmount: 1_000,
      amountRecovered: 0,
      team: '速执团队',
      stage: '执行实施',
      status: 'open',
      registeredBy: 'clerk-user',
      filedAt: new Date(filedAt),
    })
    .returning();
  return row!;
};

describe('执行质效 snapshot', () => {
  it('two concurrent first requests share one computation; the reply carries asOf and equals a fresh computation', async () => {
    await registerCase('2026-03-01T10:00:00+08:00');
    await startDue('2026-06-01T00:00:00Z');
    const [a, b] = await Promise.all([quality(), quality()]);
    expect(countOf('quality')).toBe(1);
    expect(a.asOf).toBe(clock.toISOString());
    expect(b).toEqual(a);
    const { asOf, ...figures } = a;
    expect(figures).toEqual(await fresh(asOf, 'team'));
    expect(figures.total).toMatchObject({ received: 1, overdueTasks: 1 });
  });

  it('serves the snapshot until a change is seen, then refreshes it in the background to fresh figures', async () => {
    const before = await quality();
    await registerCase('2026-04-01T10:00:00+08:00');
    // no event yet: the snapshot, computed once
    const again = await quality();
    expect(again).toEqual(before);
    expect(countOf('quality')).toBe(1);

    clock = new Date(clock.getTime() + 1_000);
    // the snapshots observe the bus without counting as a listening console (the watcher's completed-task search stays off)
    expect(app.events.listenerCount).toBe(0);
    app.events.publish({ type: 'case', key: 'x', action: 'registered' });
    await expect.poll(async () => (await quality()).asOf, { timeout: 30_000, interval: 200 }).toBe(clock.toISOString());
    const after = await quality();
    expect(after.total.received).toBe(before.total.received + 1);
    const { asOf, ...figures } = after;
    expect(figures).toEqual(await fresh(asOf, 'team'));
    expect(countOf('quality')).toBe(2);
  });

  it('a task becoming overdue as the clock moves on past maxStaleMs: the request waits for figures as of the new time', async () => {
    await startDue('2026-06-16T00:00:00Z');
    const before = await quality();
    clock = new Date('2026-06-17T02:00:00Z');
    const after = await quality();
    expect(after.asOf).toBe(clock.toISOString());
    expect(after.total.overdueTasks).toBe(before.total.overdueTasks + 1);
    expect(after.groups.find((g: { group: string }) => g.group === '内勤').overdueTasks).toBe(2);
    const byMonth = await quality('groupBy=month');
    const { asOf, ...figures } = byMonth;
    expect(figures).toEqual(await fresh(asOf, 'month'));
  });
});

describe('heatmap over a chosen window', () => {
  it('is a snapshot per window with asOf; without a window it is computed per request', async () => {
    const url = `/api/monitoring/definitions/${definitionKey}/heatmap?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`;
    const first = await app.inject({ method: 'GET', url, headers: await supervisor() });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().asOf).toBe(clock.toISOString());
    expect(first.json().elements.handle.active).toBe(2);
    await startDue('2099-01-01T00:00:00Z');
    const second = (await app.inject({ method: 'GET', url, headers: await supervisor() })).json();
    expect(second).toEqual(first.json());
    expect(countOf('heatmap')).toBe(1);

    const live = (await app.inject({ method: 'GET', url: `/api/monitoring/definitions/${definitionKey}/heatmap`, headers: await supervisor() })).json();
    expect(live.elements.handle.active).toBe(3);
    expect(Math.abs(Date.parse(live.asOf) - Date.now())).toBeLessThan(60_000);

    app.events.publish({ type: 'task', key: 'x', action: 'created' });
    await expect.poll(async () => (await app.inject({ method: 'GET', url, headers: await supervisor() })).json().elements.handle.active, { timeout: 30_000, interval: 200 }).toBe(3);
  });
});

describe('SnapshotCache', () => {
  const counter = () => {
    let calls = 0;
    let fail = false;
    return {
      get calls() {
        return calls;
      },
      failNext: () => (fail = true),
      compute: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        if (fail) {
          fail = false;
          throw new Error('engine unreachable');
        }
        return calls;
      },
    };
  };

  it('a failed first computation is not kept: the request gets the error, the next one computes again', async () => {
    const cache = new SnapshotCache<number>({ maxAgeMs: 60_000 });
    const c = counter();
    c.failNext();
    await expect(cache.get('k', c.compute)).rejects.toThrow('engine unreachable');
    expect((await cache.get('k', c.compute)).value).toBe(2);
    cache.close();
  });

  it('after an invalidation a cheap computation is refreshed within a second, a costly one no sooner than ten times its duration', async () => {
    const cheap = new SnapshotCache<number>({ maxAgeMs: 3_600_000, refreshDelayMs: 10, minIntervalMs: 60_000 });
    const c = counter();
    expect((await cheap.get('k', c.compute)).value).toBe(1);
    cheap.invalidate();
    expect((await cheap.get('k', c.compute)).value).toBe(1);
    await expect.poll(async () => (await cheap.get('k', c.compute)).value, { timeout: 10_000, interval: 20 }).toBe(2);
    cheap.close();

    const costly = new SnapshotCache<number>({ maxAgeMs: 3_600_000, refreshDelayMs: 10, minIntervalMs: 60_000 });
    let calls = 0;
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 500));
      return ++calls;
    };
    await costly.get('k', slow);
    costly.invalidate();
    // ten times 500 ms at least
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await costly.get('k', slow)).value).toBe(1);
    expect(calls).toBe(1);
    costly.close();
  });

  it('an old snapshot is served while one refresh runs; past maxStaleMs the request waits', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const cache = new SnapshotCache<number>({ maxAgeMs: 60_000, maxStaleMs: 600_000 }, { now: () => now });
    const c = counter();
    expect(await cache.get('k', c.compute)).toEqual({ value: 1, asOf: new Date('2026-01-01T00:00:00Z') });
    now = new Date('2026-01-01T00:02:00Z');
    const [x, y] = await Promise.all([cache.get('k', c.compute), cache.get('k', c.compute)]);
    expect([x.value, y.value]).toEqual([1, 1]);
    await expect.poll(async () => (await cache.get('k', c.compute)).value, { timeout: 5_000, interval: 20 }).toBe(2);
    expect(c.calls).toBe(2);
    now = new Date('2026-01-01T01:00:00Z');
    expect(await cache.get('k', c.compute)).toEqual({ value: 3, asOf: new Date('2026-01-01T01:00:00Z') });
    cache.close();
  });
});
