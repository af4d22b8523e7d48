/**
 * Models over the API against a real engine: the lint check names every problem's element id
 * and a model with errors is not deployed; a deployment makes version 1, a changed model
 * version 2, and both versions' XML stay readable; decisions, forms and drafts are listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { auditLog } from '../../server/src/db/schema.js';
import type { TestEngineServer } from '../support/engine-server.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let engine: TestEngineServer;
let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;

/** a demo user of each role (server/src/services/demo-users.ts), signed in through the API */
const DEMO = { admin: 'admin', supervisor: 'zhuren', judge: 'faguan', clerk: 'neiqin', hotline: 'zhiban' } as const;
const sessionOf = async (role: keyof typeof DEMO) => ({ ...(await h.login(DEMO[role])) });

beforeAll(async () => {
  h = await startServerHarness({ engine: true });
  ({ app, database } = h);
  engine = h.engine!;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** a one-task model as the Camunda Modeler writes it for 8.8 */
const model = (taskName: string, jobType = 'models-test.work') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_modelsTest" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="models-test" name="模型测试" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>toWork</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="toWork" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" name="${taskName}">
      <bpmn:extensionElements>${jobType ? `<zeebe:taskDefinition type="${jobType}" />` : ''}</bpmn:extensionElements>
      <bpmn:incoming>toWork</bpmn:incoming><bpmn:outgoing>toEnd</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>toEnd</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

/** a one-rule decision table and a one-field form */
const decision = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="modelsTestDrd" name="分流" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="modelsTestRoute" name="分流">
    <decisionTable id="table" hitPolicy="FIRST">
      <input id="in1" label="标的额"><inputExpression id="ie1" typeRef="number"><text>claimAmount</text></inputExpression></input>
      <output id="out1" name="team" typeRef="string" />
      <rule id="r1"><inputEntry id="e1"><text>&lt;= 50000</text></inputEntry><outputEntry id="o1"><text>"速执团队"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="e2"><text>-</text></inputEntry><outputEntry id="o2"><text>"执行团队"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
const form = { id: 'models-test-form', type: 'default', schemaVersion: 16, components: [{ type: 'textfield', id: 'Field_note', key: 'note', label: '备注' }] };

const definitionsOf = async (processDefinitionId: string) => {
  const res = await fetch(`${engine.httpUrl}/v2/process-definitions/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ filter: { processDefinitionId } }),
  });
  return ((await res.json()) as { items: unknown[] }).items;
};

describe('POST /api/models/lint', () => {
  it('names the element of every problem (Camunda 8.8 rules from the declared platform version)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/models/lint', headers: await sessionOf('admin'), payload: { xml: model('办理', '') } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().problems).toEqual([
      {
        resource: 'model.bpmn',
        id: 'work',
        rule: 'camunda-compat/implementation',
        category: 'error',
        message: 'Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
      },
    ]);
  });

  it('passes a complete model', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/models/lint', headers: await sessionOf('admin'), payload: { xml: model('办理') } });
    expect(res.json()).toEqual({ problems: [] });
  });

  it('reports XML that does not parse, and a Camunda 7 model, as errors', async () => {
    const admin = await sessionOf('admin');
    const garbage = await app.inject({ method: 'POST', url: '/api/models/lint', headers: admin, payload: { xml: '<bpmn:definitions' } });
    expect(garbage.json().problems).toEqual([expect.objectContaining({ rule: 'xml', category: 'error' })]);
    const c7 = model('办理').replace('modeler:executionPlatform="Camunda Cloud"', 'modeler:executionPlatform="Camunda Platform"');
    const platform = await app.inject({ method: 'POST', url: '/api/models/lint', headers: admin, payload: { xml: c7 } });
    expect(platform.json().problems).toEqual([expect.objectContaining({ id: 'Definitions_modelsTest', rule: 'execution-platform', category: 'error' })]);
  });
});

describe('POST /api/models/deploy', () => {
  it('refuses a model with lint errors, answering each element id, and deploys nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/models/deploy',
      headers: await sessionOf('admin'),
      payload: { resources: [{ name: 'models-test.bpmn', content: model('办理', '') }] },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toContain('models-test.bpmn#work');
    expect(body.problems).toEqual([expect.objectContaining({ resource: 'models-test.bpmn', id: 'work', category: 'error' })]);
    expect(await definitionsOf('models-test')).toEqual([]);
    const audit = await database.db.select().from(auditLog);
    expect(audit.filter((a) => a.action === 'model.deploy')).toEqual([]);
  });

  it('deploys version 1, then version 2 after a change; both versions XML stay readable; each deploy audited', async () => {
    const admin = await sessionOf('admin');
    const first = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: admin, payload: { resources: [{ name: 'models-test.bpmn', content: model('办理') }] } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().processes).toEqual([expect.objectContaining({ processDefinitionId: 'models-test', version: 1, resourceName: 'models-test.bpmn' })]);
    const second = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: admin, payload: { resources: [{ name: 'models-test.bpmn', content: model('审核办理') }] } });
    expect(second.json().processes).toEqual([expect.objectContaining({ processDefinitionId: 'models-test', version: 2 })]);

    const versions = await app.inject({ method: 'GET', url: '/api/models/processes/models-test/versions', headers: admin });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const [v2, v1] = versions.json().items as { processDefinitionKey: string }[];
    const xml1 = await app.inject({ method: 'GET', url: `/api/models/definitions/${v1!.processDefinitionKey}/xml`, headers: admin });
    expect(xml1.json()).toMatchObject({ processDefinitionId: 'models-test', version: 1 });
    expect(xml1.json().xml).toContain('name="办理"');
    const xml2 = await app.inject({ method: 'GET', url: `/api/models/definitions/${v2!.processDefinitionKey}/xml`, headers: await sessionOf('supervisor') });
    expect(xml2.json().xml).toContain('name="审核办理"');

    const deploys = (await database.db.select().from(auditLog)).filter((a) => a.action === 'model.deploy');
    expect(deploys).toHaveLength(2);
    expect(deploys[0]).toMatchObject({ actor: 'admin', target: first.json().deploymentKey, details: expect.objectContaining({ resources: ['models-test.bpmn'] }) });
  });

  it('deploys decisions and forms with a process, and lists all three with their versions', async () => {
    const admin = await sessionOf('admin');
    const resources = [
      { name: 'models-test-decision.dmn', content: decision },
      { name: 'models-test-form.form', content: JSON.stringify(form) },
    ];
    const res = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: admin, payload: { resources } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().forms).toEqual([expect.objectContaining({ formId: 'models-test-form', version: 1 })]);
    expect(res.json().decisions).toEqual([expect.objectContaining({ decisionDefinitionId: 'modelsTestRoute', version: 1 })]);

    const models = await app.inject({ method: 'GET', url: '/api/models', headers: admin });
    expect(models.statusCode, models.body).toBe(200);
    const body = models.json();
    expect(body.processes).toContainEqual(expect.objectContaining({ processDefinitionId: 'models-test', latestVersion: 2, versions: [expect.objectContaining({ version: 2 }), expect.objectContaining({ version: 1 })] }));
    expect(body.forms).toContainEqual(expect.objectContaining({ formId: 'models-test-form' }));
    expect(body.decisions.map((d: { decisionDefinitionId: string }) => d.decisionDefinitionId)).toEqual(res.json().decisions.map((d: { decisionDefinitionId: string }) => d.decisionDefinitionId));
  });

  it('refuses a broken form and an unknown file type, naming them', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/models/deploy',
      headers: await sessionOf('admin'),
      payload: { resources: [{ name: 'models-test.bpmn', content: model('第三版') }, { name: 'broken.form', content: '{"components": []}' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toContainEqual(expect.objectContaining({ resource: 'broken.form', rule: 'form' }));
    // the good model in the same request is not deployed either
    expect(await definitionsOf('models-test')).toHaveLength(2);
    const txt = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: await sessionOf('admin'), payload: { resources: [{ name: 'notes.txt', content: 'x' }] } });
    expect(txt.statusCode).toBe(400);
    expect(txt.json().field).toBe('resources.0.name');
  });

  it('is for admins: a supervisor may read but not deploy, a clerk neither', async () => {
    const payload = { resources: [{ name: 'models-test.bpmn', content: model('越权') }] };
    expect((await app.inject({ method: 'POST', url: '/api/models/deploy', headers: await sessionOf('supervisor'), payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/models', headers: await sessionOf('clerk') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/models', headers: await sessionOf('supervisor') })).statusCode).toBe(200);
  });
});

describe('drafts', () => {
  it('saves, overwrites and reads a draft; lists it; 404 for an unknown one', async () => {
    const admin = await sessionOf('admin');
    const put1 = await app.inject({ method: 'PUT', url: '/api/models/drafts/new-process.bpmn', headers: admin, payload: { content: model('草稿一') } });
    expect(put1.statusCode, put1.body).toBe(200);
    expect(put1.json()).toMatchObject({ name: 'new-process.bpmn', kind: 'bpmn', updatedBy: 'admin' });
    await app.inject({ method: 'PUT', url: '/api/models/drafts/new-process.bpmn', headers: admin, payload: { content: model('草稿二') } });
    const read = await app.inject({ method: 'GET', url: '/api/models/drafts/new-process.bpmn', headers: admin });
    expect(read.json().content).toContain('草稿二');
    const models = await app.inject({ method: 'GET', url: '/api/models', headers: admin });
    expect(models.json().drafts).toEqual([expect.objectContaining({ name: 'new-process.bpmn', kind: 'bpmn' })]);
    expect((await app.inject({ method: 'GET', url: '/api/models/drafts/none.bpmn', headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: '/api/models/drafts/x.exe', headers: admin, payload: { content: 'x' } })).json().field).toBe('name');
  });
});
