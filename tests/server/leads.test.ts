/**
 * Leads over the API against a real engine: a hotline lead reaches the case's finality-review
 * instance waiting at its receive task (message `finality-review.lead`, correlation key = 案号,
 * as processes/finality-review.bpmn declares); a lead arriving while the instance is busy
 * waits and is delivered when it waits again; an unreachable engine leaves the lead registered
 * and unrouted until it is sent again.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { auditLog, cases } from '../../server/src/db/schema.js';
import { LEAD_MESSAGE } from '../../server/src/services/leads.js';
import type { TestEngineServer } from '../support/engine-server.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let engine: TestEngineServer;
let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;

/** a demo user of each role (server/src/services/demo-users.ts), signed in through the API */
const DEMO = { admin: 'admin', supervisor: 'zhuren', judge: 'faguan', clerk: 'neiqin', hotline: 'zhiban' } as const;
const sessionOf = async (role: keyof typeof DEMO) => ({ ...(await h.login(DEMO[role])) });

async function rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${engine.httpUrl}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** the lead loop of processes/finality-review.bpmn: wait for a lead, verify it, wait again */
const finalityModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_leadsTest" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="finality-review" isExecutable="true">
    <bpmn:startEvent id="monitoringStarted"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="monitoringStarted" targetRef="leadMerge" />
    <bpmn:exclusiveGateway id="leadMerge"><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f2" sourceRef="leadMerge" targetRef="awaitLead" />
    <bpmn:receiveTask id="awaitLead" name="接收财产线索" messageRef="Message_lead"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:receiveTask>
    <bpmn:sequenceFlow id="f3" sourceRef="awaitLead" targetRef="verifyLead" />
    <bpmn:userTask id="verifyLead" name="核实线索"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="终本管理组" /></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="verifyLead" targetRef="leadMerge" />
  </bpmn:process>
  <bpmn:message id="Message_lead" name="${LEAD_MESSAGE}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNumber" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

beforeAll(async () => {
  h = await startServerHarness({ engine: true });
  ({ app, database } = h);
  engine = h.engine!;
  const form = new FormData();
  form.append('resources', new Blob([finalityModel]), 'finality-review.bpmn');
  const res = await fetch(`${engine.httpUrl}/v2/deployments`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

let serial = 0;
async function registerCase() {
  const caseNumber = `（2026）豫1330执${700 + ++serial}号`;
  const [row] = await database.db
    .insert(cases)
    .values({
      caseNumber,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '申请人' }, respondents: [{ name: '被执行人' }] },
      claimAmount: 80_000,
      team: '执行团队',
      stage: '终本',
      registeredBy: 'clerk-user',
    })
    .returning();
  return row!;
}

/** the open 核实线索 task of an instance and the lead it was given, once it is there */
async function verifyTask(processInstanceKey: string) {
  for (let i = 0; i < 100; i++) {
    const { items } = await rest('POST', '/v2/user-tasks/search', { filter: { processInstanceKey, elementId: 'verifyLead', state: 'CREATED' } });
    if (items.length > 0) {
      const vars = await rest('POST', `/v2/user-tasks/${items[0].userTaskKey}/variables/search?truncateValues=false`, { filter: { name: 'lead' } });
      return { key: items[0].userTaskKey as string, lead: JSON.parse(vars.items[0].value) };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no verifyLead task in ${processInstanceKey}`);
}

describe('POST /api/leads', () => {
  it('registers a hotline lead and delivers it to the instance waiting for it; audited', async () => {
    const theCase = await registerCase();
    const { processInstanceKey } = await rest('POST', '/v2/process-instances', { processDefinitionId: 'finality-review', variables: { caseId: theCase.id, caseNumber: theCase.caseNumber } });
    const other = await registerCase();
    const { processInstanceKey: otherInstance } = await rest('POST', '/v2/process-instances', { processDefinitionId: 'finality-review', variables: { caseId: other.id, caseNumber: other.caseNumber } });

    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: await sessionOf('hotline'),
      payload: { caseNumber: theCase.caseNumber, content: '被执行人在县城东关有一辆未登记的货车，车牌豫P·12345' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.routing).toEqual({ published: true, finalityInstances: 1 });
    expect(body.lead).toMatchObject({ caseId: theCase.id, caseNumber: theCase.caseNumber, source: '24小时举报电话', receivedBy: 'zhiban' });
    expect(body.lead.messagePublishedAt).not.toBeNull();

    const task = await verifyTask(processInstanceKey);
    expect(task.lead).toMatchObject({ id: body.lead.id, source: '24小时举报电话', content: expect.stringContaining('豫P·12345'), receivedBy: 'zhiban' });
    // the other case's instance still waits
    const waiting = await rest('POST', '/v2/element-instances/search', { filter: { processInstanceKey: otherInstance, elementId: 'awaitLead', state: 'ACTIVE' } });
    expect(waiting.items).toHaveLength(1);

    const audit = (await database.db.select().from(auditLog)).filter((a) => a.action === 'lead.register');
    expect(audit).toEqual([expect.objectContaining({ actor: 'zhiban', caseId: theCase.id, target: body.lead.id })]);
  });

  it('a lead arriving while the instance verifies an earlier one is delivered when it waits again', async () => {
    const theCase = await registerCase();
    const { processInstanceKey } = await rest('POST', '/v2/process-instances', { processDefinitionId: 'finality-review', variables: { caseId: theCase.id, caseNumber: theCase.caseNumber } });
    const judge = await sessionOf('judge');
    await app.inject({ method: 'POST', url: '/api/leads', headers: judge, payload: { caseNumber: theCase.caseNumber, source: '申请执行人', content: '第一条线索：银行理财' } });
    const first = await verifyTask(processInstanceKey);
    expect(first.lead.content).toBe('第一条线索：银行理财');

    const second = await app.inject({ method: 'POST', url: '/api/leads', headers: judge, payload: { caseNumber: theCase.caseNumber, source: '来信来访', content: '第二条线索：股权' } });
    expect(second.json().routing).toEqual({ published: true, finalityInstances: 1 });
    await rest('POST', `/v2/user-tasks/${first.key}/completion`, { variables: {} });
    const next = await verifyTask(processInstanceKey);
    expect(next.key).not.toBe(first.key);
    expect(next.lead).toMatchObject({ source: '来信来访', content: '第二条线索：股权' });
  });

  it('refuses an unknown case number naming the field, bad input, and roles that do not take leads', async () => {
    const hotline = await sessionOf('hotline');
    const unknown = await app.inject({ method: 'POST', url: '/api/leads', headers: hotline, payload: { caseNumber: '（2026）豫1330执99999号', content: '某处有房产' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().field).toBe('caseNumber');
    const noContent = await app.inject({ method: 'POST', url: '/api/leads', headers: hotline, payload: { caseNumber: '（2026）豫1330执701号' } });
    expect(noContent.statusCode).toBe(400);
    expect(noContent.json().field).toBe('content');
    const badSource = await app.inject({ method: 'POST', url: '/api/leads', headers: hotline, payload: { caseNumber: '（2026）豫1330执701号', content: '某处有房产', source: '微博' } });
    expect(badSource.json().field).toBe('source');
    expect((await app.inject({ method: 'POST', url: '/api/leads', headers: await sessionOf('supervisor'), payload: { caseNumber: '（2026）豫1330执701号', content: '某处有房产' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/leads', payload: { caseNumber: '（2026）豫1330执701号', content: '某处有房产' } })).statusCode).toBe(401);
  });

  it('keeps a lead when the engine cannot be reached, and routes it when sent again', async () => {
    const theCase = await registerCase();
    const { processInstanceKey } = await rest('POST', '/v2/process-instances', { processDefinitionId: 'finality-review', variables: { caseId: theCase.id, caseNumber: theCase.caseNumber } });
    const offline = await h.anotherApp({ engine: { restUrl: 'http://127.0.0.1:9', timeoutMs: 2000 } });
    try {
      const res = await offline.inject({ method: 'POST', url: '/api/leads', headers: await sessionOf('clerk'), payload: { caseNumber: theCase.caseNumber, content: '被执行人的车辆停在某小区' } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().routing).toEqual({ published: false, finalityInstances: 0 });
      expect(res.json().lead.messagePublishedAt).toBeNull();
      const again = await app.inject({ method: 'POST', url: `/api/leads/${res.json().lead.id}/route`, headers: await sessionOf('clerk') });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().routing.published).toBe(true);
      expect((await verifyTask(processInstanceKey)).lead.id).toBe(res.json().lead.id);
    } finally {
      await offline.close();
    }
  });
});

describe('GET /api/leads', () => {
  it('lists leads newest first, by case', async () => {
    const all = await app.inject({ method: 'GET', url: '/api/leads', headers: await sessionOf('supervisor') });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBe(4);
    const received = all.json().items.map((l: { receivedAt: string }) => l.receivedAt);
    expect([...received].sort().reverse()).toEqual(received);
    const one = await app.inject({ method: 'GET', url: `/api/leads?caseNumber=${encodeURIComponent('（2026）豫1330执703号')}`, headers: await sessionOf('hotline') });
    expect(one.json().items.map((l: { content: string }) => l.content)).toEqual(['第二条线索：股权', '第一条线索：银行理财']);
  });
});

it('the fixture waits for the message processes/finality-review.bpmn declares', () => {
  const model = fs.readFileSync('processes/finality-review.bpmn', 'utf8');
  expect(model).toMatch(new RegExp(`<bpmn:message id="Message_lead" name="${LEAD_MESSAGE.replace('.', '\\.')}">\\s*<bpmn:extensionElements>\\s*<zeebe:subscription correlationKey="=caseNumber" />`));
  expect(model).toContain('<bpmn:receiveTask id="awaitLead"');
});
