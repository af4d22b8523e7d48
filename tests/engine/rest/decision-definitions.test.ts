/**
 * The deployed DMN through Camunda 8.8's REST reads: `/v2/decision-definitions` and
 * `/v2/decision-requirements` (search, get, XML), and process-definition reads without deleted
 * definitions, with version tags and start forms (`GET /v2/process-definitions/{key}/form`). One engine; every call through the orchestration-cluster-api
 * client validating requests and responses strictly against Camunda's specification.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, fixture, NOW, type CamundaClient } from './rest-clients.js';

const UNKNOWN_KEY = '2251799813600000';

/** a DRG of two literal-expression decisions; `rate` makes a new version's content differ */
const dmn = (drgId: string, rate: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${drgId}" name="收费标准" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${drgId}_fee" name="申请执行费">
    <variable id="${drgId}_fee_var" name="fee" typeRef="number" />
    <literalExpression id="${drgId}_fee_expr"><text>amount * ${rate}</text></literalExpression>
  </decision>
  <decision id="${drgId}_deposit" name="保证金">
    <variable id="${drgId}_deposit_var" name="deposit" typeRef="number" />
    <literalExpression id="${drgId}_deposit_expr"><text>amount * 0.3</text></literalExpression>
  </decision>
</definitions>`;

const bpmn = (id: string, versionTag?: string, startFormId?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" name="版本标签" isExecutable="true">
    ${versionTag ? `<bpmn:extensionElements><zeebe:versionTag value="${versionTag}" /></bpmn:extensionElements>` : ''}
    ${startFormId ? `<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="${startFormId}" /></bpmn:extensionElements></bpmn:startEvent>` : '<bpmn:startEvent id="start" />'}
  </bpmn:process>
</bpmn:definitions>`;

const file = (name: string, text: string) => new File([text], name, { type: 'application/octet-stream' });

describe('Camunda REST API decision definitions and decision requirements', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  /** fees v1 and v2, triage v1 (from the shared fixture) */
  const drg = {} as Record<'fees1' | 'fees2' | 'triage', string>;
  const decisions = {} as Record<'fee1' | 'deposit1' | 'fee2' | 'deposit2' | 'triage', string>;

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    const keyOf = (d: { decisions: { decisionDefinitionId?: string; decisionDefinitionKey?: string }[] }, id: string) =>
      d.decisions.find((x) => x.decisionDefinitionId === id)!.decisionDefinitionKey!;

    const first = await camunda.createDeployment({ resources: [file('rest-fees.dmn', dmn('rest_fees', 0.01)), file('rest-triage.dmn', fs.readFileSync(fixture('rest-triage.dmn'), 'utf8'))] });
    drg.fees1 = first.decisionRequirements.find((r) => r.decisionRequirementsId === 'rest_fees')!.decisionRequirementsKey!;
    drg.triage = first.decisionRequirements.find((r) => r.decisionRequirementsId === 'case-triage-drg')!.decisionRequirementsKey!;
    decisions.fee1 = keyOf(first, 'rest_fees_fee');
    decisions.deposit1 = keyOf(first, 'rest_fees_deposit');
    decisions.triage = keyOf(first, 'case_triage');

    const second = await camunda.createDeployment({ resources: [file('rest-fees.dmn', dmn('rest_fees', 0.02))] });
    drg.fees2 = second.decisionRequirements[0]!.decisionRequirementsKey!;
    decisions.fee2 = keyOf(second, 'rest_fees_fee');
    decisions.deposit2 = keyOf(second, 'rest_fees_deposit');
  });

  afterAll(async () => {
    await server?.close();
  });

  const definition = (key: string, id: string, name: string, version: number, requirementsKey: string, requirementsId: string) => ({
    decisionDefinitionKey: key,
    decisionDefinitionId: id,
    name,
    version,
    decisionRequirementsKey: requirementsKey,
    decisionRequirementsId: requirementsId,
    tenantId: '<default>',
  });

  describe('decision definitions', () => {
    it('are searched by plain-value filters, sorted and paged', async () => {
      const all = await camunda.searchDecisionDefinitions({}, NOW);
      expect(all.page.totalItems).toBe(5n);

      const fees = await camunda.searchDecisionDefinitions(
        { filter: { decisionRequirementsId: 'rest_fees' }, sort: [{ field: 'version', order: 'DESC' }, { field: 'decisionDefinitionId' }] },
        NOW,
      );
      expect(fees.page.totalItems).toBe(4n);
      expect(fees.items).toEqual([
        definition(decisions.deposit2, 'rest_fees_deposit', '保证金', 2, drg.fees2, 'rest_fees'),
        definition(decisions.fee2, 'rest_fees_fee', '申请执行费', 2, drg.fees2, 'rest_fees'),
        definition(decisions.deposit1, 'rest_fees_deposit', '保证金', 1, drg.fees1, 'rest_fees'),
        definition(decisions.fee1, 'rest_fees_fee', '申请执行费', 1, drg.fees1, 'rest_fees'),
      ]);

      const byId = await camunda.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'rest_fees_fee', version: 1 } }, NOW);
      expect(byId.items!.map((d) => d.decisionDefinitionKey)).toEqual([decisions.fee1]);
      const byRequirementsKey = await camunda.searchDecisionDefinitions({ filter: { decisionRequirementsKey: drg.triage } }, NOW);
      expect(byRequirementsKey.items).toEqual([definition(decisions.triage, 'case_triage', '分案', 1, drg.triage, 'case-triage-drg')]);
      const byName = await camunda.searchDecisionDefinitions({ filter: { name: '保证金', decisionDefinitionKey: decisions.deposit2 } }, NOW);
      expect(byName.items!.map((d) => d.decisionDefinitionKey)).toEqual([decisions.deposit2]);
      expect((await camunda.searchDecisionDefinitions({ filter: { tenantId: '<default>', name: '没有' } }, NOW)).page.totalItems).toBe(0n);

      const firstPage = await camunda.searchDecisionDefinitions({ sort: [{ field: 'decisionDefinitionKey' }], page: { from: 0, limit: 2 } }, NOW);
      const secondPage = await camunda.searchDecisionDefinitions({ sort: [{ field: 'decisionDefinitionKey' }], page: { from: 2, limit: 2 } }, NOW);
      expect(firstPage.page.totalItems).toBe(5n);
      const keys = [...firstPage.items!, ...secondPage.items!].map((d) => BigInt(d.decisionDefinitionKey!));
      expect(keys).toHaveLength(4);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : 1)));
    });

    it('refuses what Camunda 8.8 refuses: operator objects, unknown fields and sorts (400 naming the field)', async () => {
      const post = async (body: unknown) => {
        const response = await fetch(`${server.httpUrl}/v2/decision-definitions/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, problem: (await response.json()) as { title: string; detail: string } };
      };
      const operator = await post({ filter: { decisionDefinitionId: { $like: 'rest_*' } } });
      expect(operator).toMatchObject({ status: 400, problem: { title: 'INVALID_ARGUMENT', detail: expect.stringContaining('filter.decisionDefinitionId') } });
      const unknown = await post({ filter: { isLatestVersion: true } });
      expect(unknown).toMatchObject({ status: 400, problem: { detail: expect.stringContaining('isLatestVersion') } });
      const sort = await post({ sort: [{ field: 'resourceName' }] });
      expect(sort).toMatchObject({ status: 400, problem: { detail: expect.stringContaining('resourceName') } });
      const wrongType = await post({ filter: { version: 'one' } });
      expect(wrongType).toMatchObject({ status: 400, problem: { detail: expect.stringContaining('filter.version') } });
    });

    it('are read by key, with the XML of their decision requirements graph; unknown keys are 404', async () => {
      expect(await camunda.getDecisionDefinition({ decisionDefinitionKey: decisions.fee2 }, NOW)).toEqual(
        definition(decisions.fee2, 'rest_fees_fee', '申请执行费', 2, drg.fees2, 'rest_fees'),
      );
      const xml = await camunda.getDecisionDefinitionXml({ decisionDefinitionKey: decisions.fee2 }, NOW);
      expect(xml).toContain('<decision id="rest_fees_fee" name="申请执行费">');
      expect(xml).toContain('amount * 0.02');
      expect(await camunda.getDecisionDefinitionXml({ decisionDefinitionKey: decisions.fee1 }, NOW)).toContain('amount * 0.01');

      const missing = await failure(camunda.getDecisionDefinition({ decisionDefinitionKey: UNKNOWN_KEY }, NOW));
      expect(missing).toMatchObject({ status: 404, title: 'NOT_FOUND', detail: `Decision definition with key '${UNKNOWN_KEY}' not found` });
      expect(await failure(camunda.getDecisionDefinitionXml({ decisionDefinitionKey: UNKNOWN_KEY }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
      const response = await fetch(`${server.httpUrl}/v2/decision-definitions/not-a-key`);
      expect(response.status).toBe(400);
    });
  });

  describe('decision requirements', () => {
    const requirements = (key: string, id: string, name: string, version: number, resourceName: string) => ({
      decisionRequirementsKey: key,
      decisionRequirementsId: id,
      decisionRequirementsName: name,
      version,
      resourceName,
      tenantId: '<default>',
    });

    it('are searched, sorted and read by key, with their DMN XML', async () => {
      const all = await camunda.searchDecisionRequirements({ sort: [{ field: 'decisionRequirementsId' }, { field: 'version', order: 'DESC' }] }, NOW);
      expect(all.page.totalItems).toBe(3n);
      expect(all.items).toEqual([
        requirements(drg.triage, 'case-triage-drg', '分案规则', 1, 'rest-triage.dmn'),
        requirements(drg.fees2, 'rest_fees', '收费标准', 2, 'rest-fees.dmn'),
        requirements(drg.fees1, 'rest_fees', '收费标准', 1, 'rest-fees.dmn'),
      ]);
      const byName = await camunda.searchDecisionRequirements({ filter: { decisionRequirementsName: '收费标准', version: 1 } }, NOW);
      expect(byName.items!.map((r) => r.decisionRequirementsKey)).toEqual([drg.fees1]);
      const byResource = await camunda.searchDecisionRequirements({ filter: { resourceName: 'rest-triage.dmn', decisionRequirementsKey: drg.triage } }, NOW);
      expect(byResource.items!.map((r) => r.decisionRequirementsId)).toEqual(['case-triage-drg']);

      expect(await camunda.getDecisionRequirements({ decisionRequirementsKey: drg.fees1 }, NOW)).toEqual(requirements(drg.fees1, 'rest_fees', '收费标准', 1, 'rest-fees.dmn'));
      const xml = await camunda.getDecisionRequirementsXml({ decisionRequirementsKey: drg.triage }, NOW);
      expect(xml).toBe(fs.readFileSync(fixture('rest-triage.dmn'), 'utf8'));
      const missing = await failure(camunda.getDecisionRequirements({ decisionRequirementsKey: UNKNOWN_KEY }, NOW));
      expect(missing).toMatchObject({ status: 404, title: 'NOT_FOUND', detail: `Decision requirements with key '${UNKNOWN_KEY}' not found` });
      expect(await failure(camunda.getDecisionRequirementsXml({ decisionRequirementsKey: UNKNOWN_KEY }, NOW))).toMatchObject({ status: 404 });
    });

    it('are left out of searches and gets once deleted, with their decisions; the XML stays readable', async () => {
      const deployed = await camunda.createDeployment({ resources: [file('rest-deleted.dmn', dmn('rest_deleted', 0.5))] });
      const key = deployed.decisionRequirements[0]!.decisionRequirementsKey!;
      const decisionKey = deployed.decisions[0]!.decisionDefinitionKey!;
      expect((await camunda.searchDecisionDefinitions({ filter: { decisionRequirementsId: 'rest_deleted' } }, NOW)).page.totalItems).toBe(2n);

      await camunda.deleteResource({ resourceKey: key });
      expect((await camunda.searchDecisionRequirements({ filter: { decisionRequirementsId: 'rest_deleted' } }, NOW)).page.totalItems).toBe(0n);
      expect((await camunda.searchDecisionDefinitions({ filter: { decisionRequirementsId: 'rest_deleted' } }, NOW)).page.totalItems).toBe(0n);
      expect(await failure(camunda.getDecisionRequirements({ decisionRequirementsKey: key }, NOW))).toMatchObject({ status: 404 });
      expect(await failure(camunda.getDecisionDefinition({ decisionDefinitionKey: decisionKey }, NOW))).toMatchObject({ status: 404 });
      expect(await camunda.getDecisionDefinitionXml({ decisionDefinitionKey: decisionKey }, NOW)).toContain('amount * 0.5');
      expect((await camunda.searchDecisionRequirements({}, NOW)).page.totalItems).toBe(3n);
    });
  });

  describe('process definitions', () => {
    it('carry their version tag, searchable and sortable', async () => {
      const tagged = await camunda.createDeployment({ resources: [file('rest-tagged.bpmn', bpmn('rest-tagged', '2030.1'))] });
      const v1 = tagged.processes[0]!.processDefinitionKey;
      const untagged = await camunda.createDeployment({ resources: [file('rest-tagged.bpmn', bpmn('rest-tagged'))] });
      const v2 = untagged.processes[0]!.processDefinitionKey;

      const found = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-tagged' }, sort: [{ field: 'versionTag' }] }, NOW);
      expect(found.items).toEqual([
        { processDefinitionKey: v1, processDefinitionId: 'rest-tagged', name: '版本标签', resourceName: 'rest-tagged.bpmn', version: 1, versionTag: '2030.1', tenantId: '<default>', hasStartForm: false },
        { processDefinitionKey: v2, processDefinitionId: 'rest-tagged', name: '版本标签', resourceName: 'rest-tagged.bpmn', version: 2, tenantId: '<default>', hasStartForm: false },
      ]);
      expect(await camunda.getProcessDefinition({ processDefinitionKey: v1 }, NOW)).toEqual(found.items![0]);
      const byTag = await camunda.searchProcessDefinitions({ filter: { versionTag: '2030.1' } }, NOW);
      expect(byTag.items!.map((d) => d.processDefinitionKey)).toEqual([v1]);
      const descending = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-tagged' }, sort: [{ field: 'versionTag', order: 'DESC' }] }, NOW);
      expect(descending.items!.map((d) => d.processDefinitionKey)).toEqual([v1, v2]);
    });

    it('are left out of searches and gets once deleted; the previous version becomes the latest; the XML stays', async () => {
      const v1 = (await camunda.createDeployment({ resources: [file('rest-gone.bpmn', bpmn('rest-gone', 'a'))] })).processes[0]!.processDefinitionKey;
      const v2 = (await camunda.createDeployment({ resources: [file('rest-gone.bpmn', bpmn('rest-gone', 'b'))] })).processes[0]!.processDefinitionKey;
      const latest = async () => (await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-gone', isLatestVersion: true } }, NOW)).items!.map((d) => d.processDefinitionKey);
      expect(await latest()).toEqual([v2]);

      await camunda.deleteResource({ resourceKey: v2 });
      const all = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-gone' } }, NOW);
      expect(all.page.totalItems).toBe(1n);
      expect(all.items!.map((d) => d.processDefinitionKey)).toEqual([v1]);
      expect(await latest()).toEqual([v1]);
      expect((await camunda.searchProcessDefinitions({ filter: { processDefinitionKey: v2 } }, NOW)).page.totalItems).toBe(0n);
      expect(await failure(camunda.getProcessDefinition({ processDefinitionKey: v2 }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
      expect(await camunda.getProcessDefinitionXml({ processDefinitionKey: v2 }, NOW)).toContain('<zeebe:versionTag value="b" />');
    });

    it('link their start form: hasStartForm, and the latest version of the linked form; 204 without one', async () => {
      const formJson = JSON.parse(fs.readFileSync(fixture('rest-case-review.form'), 'utf8')) as Record<string, unknown>;
      const deployed = await camunda.createDeployment({
        resources: [file('rest-start-form.bpmn', bpmn('rest-start-form', undefined, 'rest-start-review')), file('rest-start-review.form', JSON.stringify({ ...formJson, id: 'rest-start-review' }))],
      });
      const key = deployed.processes[0]!.processDefinitionKey;
      const newer = { ...formJson, id: 'rest-start-review', components: [] };
      const second = await camunda.createDeployment({ resources: [file('rest-start-review.form', JSON.stringify(newer))] });
      expect(second.forms[0]).toMatchObject({ formId: 'rest-start-review', version: 2 });

      const found = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-start-form' } }, NOW);
      expect(found.items!.map((d) => d.hasStartForm)).toEqual([true]);
      expect(await camunda.getProcessDefinition({ processDefinitionKey: key }, NOW)).toMatchObject({ hasStartForm: true });
      expect(await camunda.getStartProcessForm({ processDefinitionKey: key }, NOW)).toEqual({
        formKey: second.forms[0]!.formKey,
        formId: 'rest-start-review',
        version: 2n,
        tenantId: '<default>',
        schema: newer,
      });

      // Camunda's 204 is refused by the client's strict response validation: read it over HTTP
      const plain = (await camunda.createDeployment({ resources: [file('rest-no-form.bpmn', bpmn('rest-no-form'))] })).processes[0]!.processDefinitionKey;
      expect((await fetch(`${server.httpUrl}/v2/process-definitions/${plain}/form`)).status).toBe(204);
      expect(await failure(camunda.getStartProcessForm({ processDefinitionKey: UNKNOWN_KEY }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });

      const filtered = await fetch(`${server.httpUrl}/v2/process-definitions/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter: { hasStartForm: true } }),
      });
      expect(filtered.status).toBe(400);
      expect(((await filtered.json()) as { detail: string }).detail).toContain('hasStartForm');
    });
  });
});
