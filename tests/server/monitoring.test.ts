/**
 * Monitoring over the API against a real engine: heatmap counts that follow instances as they
 * move (and durations once elements complete), pending timers with their due dates, an incident
 * listed and retried until it is resolved and its job runs again, and the 执行质效 figures of
 * registered cases by team and month, with overdue tasks counted for their case's team.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { auditLog, cases } from '../../server/src/db/schema.js';
import { computeQuality, monthsOf } from '../../server/src/services/quality.js';
import type { TestEngineServer } from '../support/engine-server.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let engine: TestEngineServer;
let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;

/** a demo user of each role (server/src/services/demo-users.ts), signed in through the API */
const DEMO = { admin: 'admin', supervisor: 'zhuren', judge: 'faguan', clerk: 'neiqin', hotline: 'zhiban' } as const;
const sessionOf = async (role: keyof typeof DEMO) => ({ ...(await h.login(DEMO[role])) });

/** the engine's REST API, as any client sees it */
async function rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${engine.httpUrl}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const definitions = (body: string, id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

/** 网络查控 (a job) then 审核 (a user task) */
const inquiryModel = definitions(
  `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inquire" />
   <bpmn:serviceTask id="inquire" name="网络查控"><bpmn:extensionElements><zeebe:taskDefinition type="monitor-test.inquire" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
   <bpmn:sequenceFlow id="f2" sourceRef="inquire" targetRef="review" />
   <bpmn:userTask id="review" name="审核"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="查控组" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
   <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  'monitor-inquiry',
);

/** waits an hour (the timer list) */
const waitModel = definitions(
  `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
   <bpmn:intermediateCatchEvent id="wait" name="等待一小时"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
     <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
  'monitor-wait',
);

/** one user task due at `dueDate` (the overdue count) */
const dueModel = definitions(
  `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handle" />
   <bpmn:userTask id="handle" name="办理"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="内勤" /><zeebe:taskSchedule dueDate="=dueDate" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
   <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
  'monitor-due',
);

/** as processes/finality-review.bpmn: the 终本裁定书 made in `generateRuling`, then five years of checks */
const finalityModel = definitions(
  `<bpmn:startEvent id="finalityRequested"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
   <bpmn:sequenceFlow id="f1" sourceRef="finalityRequested" targetRef="generateRuling" />
   <bpmn:serviceTask id="generateRuling" name="制作终本裁定书"><bpmn:extensionElements><zeebe:taskDefinition type="monitor-test.ruling" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
   <bpmn:sequenceFlow id="f2" sourceRef="generateRuling" targetRef="checks" />
   <bpmn:userTask id="checks" name="终本后定期查询"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="终本管理组" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
   <bpmn:sequenceFlow id="f3" sourceRef="checks" targetRef="end" />
   <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  'finality-review',
);

let keys: Record<string, string>;

/** start-up takes seconds on a busy machine (two PGlite databases and migrations) */
beforeAll(async () => {
  h = await startServerHarness({ engine: true });
  ({ app, database } = h);
  engine = h.engine!;
  const deployed = await app.inject({
    method: 'POST',
    url: '/api/models/deploy',
    headers: await sessionOf('admin'),
    payload: { resources: [{ name: 'monitor-inquiry.bpmn', content: inquiryModel }, { name: 'monitor-wait.bpmn', content: waitModel }, { name: 'monitor-due.bpmn', content: dueModel }, { name: 'finality-review.bpmn', content: finalityModel }] },
  });
  expect(deployed.statusCode, deployed.body).toBe(200);
  keys = Object.fromEntries(deployed.json().processes.map((p: { processDefinitionId: string; processDefinitionKey: string }) => [p.processDefinitionId, p.processDefinitionKey]));
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const start = (processDefinitionId: string, variables: Record<string, unknown> = {}) =>
  rest<{ processInstanceKey: string }>('POST', '/v2/process-instances', { processDefinitionId, variables });
const activate = (max = 1) =>
  rest<{ jobs: { jobKey: string; processInstanceKey: string; retries: number }[] }>('POST', '/v2/jobs/activation', {
    type: 'monitor-test.inquire',
    worker: 'monitor-test',
    timeout: 60_000,
    maxJobsToActivate: max,
    requestTimeout: -1,
  });

let caseNumbers: Record<string, string> = {};
async function registerCase(values: { team: string; filedAt: string; closedAt?: string; stage?: string; status?: string; amountRecovered?: number; processInstanceKey?: string }) {
  const n = Object.keys(caseNumbers).length + 1;
  const caseNumber = `（2026）豫1330执${900 + n}号`;
  const [row] = await database.db
    .insert(cases)
    .values({
      caseNumber,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '申请人' }, respondents: [{ name: '被执行人' }] },
      claimAmount: 100_000,
      amountRecovered: values.amountRecovered ?? 0,
      team: values.team,
      stage: values.stage ?? '执行实施',
      status: values.status ?? (values.closedAt ? 'closed' : 'open'),
      registeredBy: 'clerk-user',
      filedAt: new Date(values.filedAt),
      closedAt: values.closedAt ? new Date(values.closedAt) : null,
      processInstanceKey: values.processInstanceKey ?? null,
    })
    .returning();
  caseNumbers[row!.id] = caseNumber;
  return row!;
}

describe('heatmap', () => {
  let first: string;
  it('counts instances per element and follows them as they move; durations once elements complete', async () => {
    const supervisor = await sessionOf('supervisor');
    const url = `/api/monitoring/definitions/${keys['monitor-inquiry']}/heatmap`;
    first = (await start('monitor-inquiry')).processInstanceKey;
    await start('monitor-inquiry');

    const before = await app.inject({ method: 'GET', url, headers: supervisor });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().durationsAvailable).toBe(true);
    expect(before.json().elements.inquire).toMatchObject({ active: 2, completed: 0, incidents: 0, durationCount: 0, meanMs: null });
    expect(before.json().elements.review).toBeUndefined();

    const [job] = (await activate(1)).jobs;
    await rest('POST', `/v2/jobs/${job!.jobKey}/completion`, { variables: {} });

    const after = (await app.inject({ method: 'GET', url, headers: supervisor })).json();
    expect(after.elements.inquire).toMatchObject({ active: 1, completed: 1, durationCount: 1 });
    expect(after.elements.inquire.meanMs).toBeGreaterThanOrEqual(0);
    expect(after.elements.inquire.p90Ms).toBeGreaterThanOrEqual(after.elements.inquire.meanMs - 1e-6);
    expect(after.elements.review).toMatchObject({ active: 1, completed: 0 });
    expect(after.elements.start).toMatchObject({ completed: 2, durationCount: 2 });
  });

  it('counts only the instances alive in the window', async () => {
    const supervisor = await sessionOf('supervisor');
    const url = `/api/monitoring/definitions/${keys['monitor-inquiry']}/heatmap`;
    const past = (await app.inject({ method: 'GET', url: `${url}?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`, headers: supervisor })).json();
    expect(past).toMatchObject({ from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z', elements: {} });
    const now = (await app.inject({ method: 'GET', url: `${url}?from=${new Date(Date.now() - 3_600_000).toISOString()}`, headers: supervisor })).json();
    expect(now.elements.inquire).toMatchObject({ active: 1, completed: 1 });
    const reversed = await app.inject({ method: 'GET', url: `${url}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, headers: supervisor });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().field).toBe('from');
  });

  it('lists definitions with their versions; clerks may not see monitoring', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/monitoring/definitions', headers: await sessionOf('supervisor') });
    expect(list.json().items).toContainEqual(expect.objectContaining({ processDefinitionId: 'monitor-inquiry', version: 1, latest: true, processDefinitionKey: keys['monitor-inquiry'] }));
    expect((await app.inject({ method: 'GET', url: `/api/monitoring/definitions/${keys['monitor-inquiry']}/heatmap`, headers: await sessionOf('clerk') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/monitoring/definitions/999999/heatmap', headers: await sessionOf('supervisor') })).statusCode).toBe(404);
  });

  it('incident: listed with its case, retried (job retries back, incident resolved), audited, and the job runs again', async () => {
    const supervisor = await sessionOf('supervisor');
    const [job] = (await activate(1)).jobs;
    expect(job).toBeDefined();
    const registered = await registerCase({ team: '执行团队', filedAt: '2026-06-01T09:00:00+08:00', processInstanceKey: job!.processInstanceKey });
    await rest('POST', `/v2/jobs/${job!.jobKey}/failure`, { retries: 0, errorMessage: '总对总查控系统无响应' });

    const listed = await app.inject({ method: 'GET', url: `/api/monitoring/incidents?processDefinitionKey=${keys['monitor-inquiry']}`, headers: supervisor });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().total).toBe(1);
    const [incident] = listed.json().items;
    expect(incident).toMatchObject({ elementId: 'inquire', errorType: 'JOB_NO_RETRIES', errorMessage: '总对总查控系统无响应', jobKey: job!.jobKey, caseId: registered.id, caseNumber: registered.caseNumber });

    const heat = (await app.inject({ method: 'GET', url: `/api/monitoring/definitions/${keys['monitor-inquiry']}/heatmap`, headers: supervisor })).json();
    expect(heat.elements.inquire).toMatchObject({ active: 0, incidents: 1 });

    const retried = await app.inject({ method: 'POST', url: `/api/monitoring/incidents/${incident.incidentKey}/retry`, headers: supervisor, payload: {} });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toEqual({ incidentKey: incident.incidentKey, jobKey: job!.jobKey, resolved: true });

    expect((await app.inject({ method: 'GET', url: '/api/monitoring/incidents', headers: supervisor })).json().total).toBe(0);
    const resolved = (await app.inject({ method: 'GET', url: '/api/monitoring/incidents?state=RESOLVED', headers: supervisor })).json();
    expect(resolved.items).toEqual([expect.objectContaining({ incidentKey: incident.incidentKey, state: 'RESOLVED' })]);
    const again = (await activate(1)).jobs;
    expect(again).toEqual([expect.objectContaining({ jobKey: job!.jobKey, retries: 1 })]);

    const audit = (await database.db.select().from(auditLog)).filter((a) => a.action === 'incident.retry');
    expect(audit).toEqual([expect.objectContaining({ actor: 'zhuren', target: incident.incidentKey, caseId: registered.id })]);

    const twice = await app.inject({ method: 'POST', url: `/api/monitoring/incidents/${incident.incidentKey}/retry`, headers: supervisor, payload: {} });
    expect(twice.statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/api/monitoring/incidents/${incident.incidentKey}/retry`, headers: await sessionOf('judge'), payload: {} })).statusCode).toBe(403);
  });
});

describe('against a Camunda cluster (no /x-engine/v1 extension)', () => {
  /** the engine behind a proxy that answers only Camunda's own API, as a cluster does */
  async function camundaLikeProxy() {
    const server = http.createServer((req, res) => {
      if (!req.url!.startsWith('/v2/')) {
        res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, title: 'NOT_FOUND', detail: `No endpoint ${req.url}` }));
        return;
      }
      const upstream = http.request(`${engine.httpUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('the heatmap degrades to counts and the timer list says it is not available', async () => {
    const proxy = await camundaLikeProxy();
    const cluster = await h.anotherApp({ engine: { restUrl: proxy.url } });
    try {
      const headers = await sessionOf('supervisor');
      const heat = await cluster.inject({ method: 'GET', url: `/api/monitoring/definitions/${keys['monitor-inquiry']}/heatmap`, headers });
      expect(heat.statusCode, heat.body).toBe(200);
      expect(heat.json().durationsAvailable).toBe(false);
      expect(heat.json().elements.start).toMatchObject({ completed: 2, durationCount: 0, meanMs: null, p90Ms: null });
      const timers = await cluster.inject({ method: 'GET', url: '/api/monitoring/timers', headers });
      expect(timers.json()).toEqual({ available: false, items: [], total: 0 });
    } finally {
      await cluster.close();
      await proxy.close();
    }
  });
});

describe('timers', () => {
  it('lists pending timers with due dates and their case, soonest first', async () => {
    // a process the case called: it knows its case by the propagated caseId variable
    const waiting = await registerCase({ team: '保全组', filedAt: '2026-07-01T09:00:00+08:00' });
    const { processInstanceKey } = await start('monitor-wait', { caseId: waiting.id });
    const startedAt = Date.now();
    const res = await app.inject({ method: 'GET', url: `/api/monitoring/timers?processInstanceKey=${processInstanceKey}`, headers: await sessionOf('supervisor') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ available: true, total: 1 });
    const [timer] = res.json().items;
    expect(timer).toMatchObject({ processDefinitionId: 'monitor-wait', elementId: 'wait', elementName: '等待一小时', processInstanceKey, repetitions: 1, caseId: waiting.id, caseNumber: waiting.caseNumber });
    expect(Math.abs(Date.parse(timer.dueDate) - (startedAt + 3_600_000))).toBeLessThan(30_000);

    await start('monitor-wait');
    const all = (await app.inject({ method: 'GET', url: `/api/monitoring/timers?processDefinitionKey=${keys['monitor-wait']}`, headers: await sessionOf('admin') })).json();
    expect(all.total).toBe(2);
    expect(Date.parse(all.items[0].dueDate)).toBeLessThanOrEqual(Date.parse(all.items[1].dueDate));
    const none = (await app.inject({ method: 'GET', url: `/api/monitoring/timers?dueBefore=${new Date(startedAt).toISOString()}&processDefinitionKey=${keys['monitor-wait']}`, headers: await sessionOf('admin') })).json();
    expect(none.total).toBe(0);
  });
});

describe('执行质效', () => {
  it('figures by team and by month from registered cases, with overdue tasks counted by unit and by due month', async () => {
    // 速执团队: two cases filed in March, one closed by 终本 after 30 days, one paid in full after 10
    await registerCase({ team: '速执团队', filedAt: '2026-03-10T10:00:00+08:00', closedAt: '2026-04-09T10:00:00+08:00', stage: '终本', amountRecovered: 1_000 });
    await registerCase({ team: '速执团队', filedAt: '2026-03-15T10:00:00+08:00', closedAt: '2026-03-25T10:00:00+08:00', stage: '执行完毕', amountRecovered: 5_000 });
    // 执行团队: two older cases still open; one has a 内勤 task overdue since January
    const open = await registerCase({ team: '执行团队', filedAt: '2026-02-01T10:00:00+08:00' });
    await registerCase({ team: '执行团队', filedAt: '2025-12-01T10:00:00+08:00' });
    // outside the window: closed before it
    await registerCase({ team: '速执团队', filedAt: '2025-10-01T10:00:00+08:00', closedAt: '2026-01-10T10:00:00+08:00', stage: '执行完毕', amountRecovered: 9_999 });
    await start('monitor-due', { caseId: open.id, dueDate: '2026-01-05T09:00:00+08:00' });
    await start('monitor-due', { dueDate: '2026-03-20T09:00:00+08:00' });
    await start('monitor-due', { dueDate: '2099-01-01T00:00:00Z' });

    const window = 'from=2026-02-28T16:00:00Z&to=2026-04-30T16:00:00Z';
    const byTeam = await app.inject({ method: 'GET', url: `/api/monitoring/quality?${window}&groupBy=team`, headers: await sessionOf('supervisor') });
    expect(byTeam.statusCode, byTeam.body).toBe(200);
    const groups = Object.fromEntries(byTeam.json().groups.map((g: { group: string }) => [g.group, g]));
    expect(groups['速执团队']).toEqual({
      group: '速执团队',
      received: 2,
      pendingAtStart: 0,
      closed: 2,
      closureRate: 1,
      amountRecovered: 6_000,
      averageDaysToClose: 20,
      finalityClosed: 1,
      finalityRate: 0.5,
      overdueTasks: 0,
      overdueTasksAtLeast: false,
    });
    // the incident test's case was filed in June: outside the window
    expect(groups['执行团队']).toMatchObject({ received: 0, pendingAtStart: 2, closed: 0, closureRate: 0, finalityRate: null, averageDaysToClose: null, overdueTasks: 0 });
    expect(groups['内勤']).toMatchObject({ received: 0, pendingAtStart: 0, closed: 0, overdueTasks: 2 });
    expect(byTeam.json().total).toMatchObject({ group: '合计', received: 2, pendingAtStart: 2, closed: 2, closureRate: 0.5, amountRecovered: 6_000, overdueTasks: 2 });

    const byMonth = (await app.inject({ method: 'GET', url: `/api/monitoring/quality?${window}&groupBy=month`, headers: await sessionOf('supervisor') })).json();
    expect(byMonth.groups.map((g: { group: string }) => g.group)).toEqual(['2026-03', '2026-04']);
    expect(byMonth.groups[0]).toMatchObject({ received: 2, pendingAtStart: 2, closed: 1, closureRate: 0.25, amountRecovered: 5_000, finalityClosed: 0, overdueTasks: 1 });
    expect(byMonth.groups[1]).toMatchObject({ received: 0, pendingAtStart: 3, closed: 1, closureRate: 0.3333, amountRecovered: 1_000, finalityClosed: 1, finalityRate: 1, overdueTasks: 0 });
  });

  it('a 终本 ruling closes its case in the figures while the process goes on with the checks; canceled cases are left out', async () => {
    const ruled = await registerCase({ team: '终本测试组', filedAt: '2026-03-20T10:00:00+08:00' });
    await registerCase({ team: '终本测试组', filedAt: '2026-03-21T10:00:00+08:00', closedAt: new Date().toISOString(), status: 'canceled', stage: '已撤销' });
    const { processInstanceKey } = await start('finality-review', { caseId: ruled.id });
    const [job] = (await rest<{ jobs: { jobKey: string }[] }>('POST', '/v2/jobs/activation', { type: 'monitor-test.ruling', worker: 't', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 })).jobs;
    await rest('POST', `/v2/jobs/${job!.jobKey}/completion`, { variables: {} });
    expect((await rest('GET', `/v2/process-instances/${processInstanceKey}`)).state).toBe('ACTIVE');

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const res = await app.inject({ method: 'GET', url: `/api/monitoring/quality?from=${from}&to=${to}`, headers: await sessionOf('supervisor') });
    const group = res.json().groups.find((g: { group: string }) => g.group === '终本测试组');
    expect(group).toMatchObject({ received: 0, pendingAtStart: 1, closed: 1, closureRate: 1, finalityClosed: 1, finalityRate: 1 });
  });

  it('months are China months; groups with nothing to show are left out', () => {
    expect(monthsOf(new Date('2026-02-28T16:00:00Z'), new Date('2026-03-31T16:00:00Z'))).toEqual(['2026-03']);
    const report = computeQuality([], { total: 1, byGroup: { 内勤: 1, 查控组: 0 } }, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z'), groupBy: 'team' });
    expect(report.groups).toEqual([expect.objectContaining({ group: '内勤', overdueTasks: 1, received: 0, closureRate: null })]);
  });

});
