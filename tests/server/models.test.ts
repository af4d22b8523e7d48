/**
 * Models over the API against a real engine: the lint check names every problem's element id
 * and a model with errors is not deployed; a deployment makes version 1, a changed model
 * version 2, and both versions' XML stay readable; decisions, forms and drafts are listed.
 * Every deployment the platform makes (at start and from the console) is recorded with its
 * sources, so deployed forms and DRDs can be listed and opened again (Camunda 8.8 has no form search).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployModelsFolder } from '../../server/src/services/model-deployments.js';
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

describe('deployed forms and decisions (the record of deployments)', () => {
  const formV2 = { ...form, components: [...form.components, { type: 'textfield', id: 'Field_phone', key: 'phone', label: '联系电话' }] };

  it('records the models of a folder deployed at start, with their sources', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'models-startup-'));
    try {
      fs.mkdirSync(path.join(dir, 'forms'));
      fs.writeFileSync(path.join(dir, 'startup-test.bpmn'), model('启动部署').replaceAll('models-test', 'startup-test'));
      fs.writeFileSync(path.join(dir, 'startup-test.dmn'), decision.replace('id="modelsTestDrd"', 'id="startupTestDrd"').replace('id="modelsTestRoute"', 'id="startupTestRoute"'));
      const startupForm = { ...form, id: 'startup-test-form' };
      fs.writeFileSync(path.join(dir, 'forms', 'startup-test-form.form'), JSON.stringify(startupForm));
      await deployModelsFolder(app.engineClient, app.db, dir);
      // a second start deploys the unchanged folder again: the engine keeps the versions, the record one row each
      await deployModelsFolder(app.engineClient, app.db, dir);

      const deployed = await app.inject({ method: 'GET', url: '/api/models/deployed', headers: await sessionOf('supervisor') });
      expect(deployed.statusCode, deployed.body).toBe(200);
      const startup = (deployed.json().items as { resourceId: string; origin: string }[]).filter((r) => r.origin === 'startup');
      expect(startup.map((r) => r).sort((a, b) => a.resourceId.localeCompare(b.resourceId))).toEqual([
        expect.objectContaining({ kind: 'process', resourceId: 'startup-test', version: 1, resourceName: 'startup-test.bpmn', deployedBy: null }),
        expect.objectContaining({ kind: 'form', resourceId: 'startup-test-form', version: 1, resourceName: 'startup-test-form.form' }),
        expect.objectContaining({ kind: 'decision-requirements', resourceId: 'startupTestDrd', version: 1, resourceName: 'startup-test.dmn' }),
      ]);
      const forms = await app.inject({ method: 'GET', url: '/api/models/forms', headers: await sessionOf('admin') });
      const item = (forms.json().items as { formId: string; latestKey: string }[]).find((f) => f.formId === 'startup-test-form')!;
      const opened = await app.inject({ method: 'GET', url: `/api/models/forms/${item.latestKey}`, headers: await sessionOf('admin') });
      expect(JSON.parse(opened.json().content)).toEqual(startupForm);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists a form deployed from the console with its versions and opens each version as deployed', async () => {
    const admin = await sessionOf('admin');
    const res = await app.inject({ method: 'POST', url: '/api/models/deploy', headers: admin, payload: { resources: [{ name: 'models-test-form.form', content: JSON.stringify(formV2) }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().forms).toEqual([expect.objectContaining({ formId: 'models-test-form', version: 2 })]);

    const list = await app.inject({ method: 'GET', url: '/api/models/forms', headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    const entry = (list.json().items as { formId: string; latestVersion: number; versions: { formKey: string; version: number }[] }[]).find((f) => f.formId === 'models-test-form')!;
    expect(entry.latestVersion).toBe(2);
    expect(entry.versions.map((v) => v.version)).toEqual([2, 1]);
    const [v2, v1] = entry.versions;
    const first = await app.inject({ method: 'GET', url: `/api/models/forms/${v1!.formKey}`, headers: await sessionOf('supervisor') });
    expect(first.json()).toMatchObject({ formId: 'models-test-form', version: 1, resourceName: 'models-test-form.form' });
    expect(JSON.parse(first.json().content)).toEqual(form);
    const second = await app.inject({ method: 'GET', url: `/api/models/forms/${v2!.formKey}`, headers: admin });
    expect(second.json().content).toContain('联系电话');
    const recorded = (await app.inject({ method: 'GET', url: '/api/models/deployed', headers: admin })).json().items as { key: string; origin: string; deployedBy: string }[];
    expect(recorded.find((r) => r.key === v2!.formKey)).toMatchObject({ origin: 'console', deployedBy: 'admin' });
    // /api/models lists the form versions from the same record
    const models = (await app.inject({ method: 'GET', url: '/api/models', headers: admin })).json();
    expect(models.forms.filter((f: { formId: string }) => f.formId === 'models-test-form').map((f: { version: number }) => f.version)).toEqual([2, 1]);
  });

  it('answers 404 naming the key of a form it never deployed', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/models/forms/2251799813685999', headers: await sessionOf('admin') });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('2251799813685999');
  });

  it('lists the deployed DRDs and opens a version’s DMN XML, also of one deployed past the platform', async () => {
    const admin = await sessionOf('admin');
    const list = await app.inject({ method: 'GET', url: '/api/models/decision-requirements', headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    const drd = (list.json().items as { decisionRequirementsId: string; latestKey: string; versions: unknown[] }[]).find((d) => d.decisionRequirementsId === 'modelsTestDrd')!;
    expect(drd).toMatchObject({ name: '分流', latestVersion: 1 });
    const xml = await app.inject({ method: 'GET', url: `/api/models/decision-requirements/${drd.latestKey}/xml`, headers: await sessionOf('supervisor') });
    expect(xml.statusCode, xml.body).toBe(200);
    expect(xml.json()).toMatchObject({ decisionRequirementsId: 'modelsTestDrd', version: 1, resourceName: 'models-test-decision.dmn' });
    expect(xml.json().xml).toBe(decision);

    // deployed straight to the engine (zbctl, another tool): not recorded, its XML comes from the engine
    const other = decision.replace('id="modelsTestDrd"', 'id="outsideDrd"').replace('id="modelsTestRoute"', 'id="outsideRoute"');
    const direct = await app.engineClient.deployResources([{ name: 'outside.dmn', content: other }]);
    const entry = (direct.deployments as { decisionRequirements?: { decisionRequirementsKey: string } }[]).find((d) => d.decisionRequirements)!;
    const fromEngine = await app.inject({ method: 'GET', url: `/api/models/decision-requirements/${entry.decisionRequirements!.decisionRequirementsKey}/xml`, headers: admin });
    expect(fromEngine.statusCode, fromEngine.body).toBe(200);
    expect(fromEngine.json()).toMatchObject({ decisionRequirementsId: 'outsideDrd', version: 1 });
    expect(fromEngine.json().xml).toContain('outsideRoute');
    expect((await app.inject({ method: 'GET', url: '/api/models/decision-requirements/2251799813685999/xml', headers: admin })).statusCode).toBe(404);
  });

  it('lets supervisors read deployed forms and decisions, not clerks; only admins deploy a new version', async () => {
    for (const url of ['/api/models/forms', '/api/models/decision-requirements', '/api/models/deployed']) {
      expect((await app.inject({ method: 'GET', url, headers: await sessionOf('clerk') })).statusCode, url).toBe(403);
      expect((await app.inject({ method: 'GET', url, headers: await sessionOf('judge') })).statusCode, url).toBe(403);
      expect((await app.inject({ method: 'GET', url, headers: await sessionOf('supervisor') })).statusCode, url).toBe(200);
    }
    const payload = { resources: [{ name: 'models-test-form.form', content: JSON.stringify({ ...formV2, components: [] }) }] };
    expect((await app.inject({ method: 'POST', url: '/api/models/deploy', headers: await sessionOf('supervisor'), payload })).statusCode).toBe(403);
    const list = await app.inject({ method: 'GET', url: '/api/models/forms', headers: await sessionOf('admin') });
    expect((list.json().items as { formId: string; latestVersion: number }[]).find((f) => f.formId === 'models-test-form')!.latestVersion).toBe(2);
  });
});
