/**
 * Forms (`.form`) and DMN (`.dmn`) deploy with BPMN in one all-or-nothing deployment, as in
 * Zeebe: forms are versioned per form id, decision requirements graphs and their decisions per
 * id; an identical resource is the same version again; once anything in a deployment is new,
 * everything in it gets a new version. The records follow the deployment's resource order.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, lastPosition, recordsAfter } from './records.js';

const read = (name: string, as = name) => ({ name: as, content: fs.readFileSync(fixture(name)) });
const form = (id: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ id, components: [], ...extra });

describe('deploying forms and DMN', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h?.close());

  const deploy = async (...resources: { name: string; content: Buffer }[]) => {
    const result = await h.engine.deploy(resources);
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };
  const rows = {
    forms: (formId: string) =>
      h.engine.db.query<any>(`SELECT key, version, resource_name, deployment_key FROM engine.form WHERE form_id = $1 ORDER BY version`, [formId]),
    decisions: (decisionId: string) =>
      h.engine.db.query<any>(`SELECT key, name, version, decision_requirements_key FROM engine.decision WHERE decision_id = $1 ORDER BY version`, [decisionId]),
    graphs: (id: string) =>
      h.engine.db.query<any>(`SELECT key, name, version, resource_name FROM engine.decision_requirements WHERE decision_requirements_id = $1 ORDER BY version`, [id]),
  };

  it('deploys a process, a DRG and a form together, writing their records in the deployment’s order', async () => {
    const position = await lastPosition(h);

    const deployment = await deploy(read('case-filing.bpmn'), read('case-triage.dmn'), read('case-review.form'));

    expect(await recordsAfter(h, position)).toEqual([
      'COMMAND DEPLOYMENT CREATE',
      'EVENT PROCESS CREATED',
      'EVENT DECISION_REQUIREMENTS CREATED',
      'EVENT DECISION CREATED',
      'EVENT FORM CREATED',
      'EVENT DEPLOYMENT CREATED',
    ]);
    const [graph] = await rows.graphs('case-triage-drg');
    const [decision] = await rows.decisions('case_triage');
    const [stored] = await rows.forms('case-review');
    expect(deployment).toEqual({
      key: deployment.key,
      tenantId: '<default>',
      processes: [expect.objectContaining({ bpmnProcessId: 'case-filing', version: 1 })],
      decisions: [
        {
          decisionId: 'case_triage',
          decisionName: '分案',
          version: 1,
          decisionKey: decision.key,
          decisionRequirementsId: 'case-triage-drg',
          decisionRequirementsKey: graph.key,
          tenantId: '<default>',
        },
      ],
      decisionRequirements: [
        {
          decisionRequirementsId: 'case-triage-drg',
          decisionRequirementsName: '分案规则',
          version: 1,
          decisionRequirementsKey: graph.key,
          resourceName: 'case-triage.dmn',
          tenantId: '<default>',
        },
      ],
      forms: [{ formId: 'case-review', version: 1, formKey: stored.key, resourceName: 'case-review.form', tenantId: '<default>' }],
    });
    expect(stored).toMatchObject({ version: 1, resource_name: 'case-review.form', deployment_key: deployment.key });
    expect(decision).toMatchObject({ name: '分案', version: 1, decision_requirements_key: graph.key });
    const resources = await h.engine.db.query<any>(`SELECT resource_name, resource_type FROM engine.resource WHERE deployment_key = $1 ORDER BY key`, [deployment.key]);
    expect(resources).toEqual([
      { resource_name: 'case-filing.bpmn', resource_type: 'bpmn' },
      { resource_name: 'case-triage.dmn', resource_type: 'dmn' },
      { resource_name: 'case-review.form', resource_type: 'form' },
    ]);
    const [event] = (await h.records({ valueType: 'DEPLOYMENT' })).filter((r) => r.recordType === 'EVENT').slice(-1);
    expect(event!.value).toMatchObject({
      decisionRequirementsMetadata: [{ decisionRequirementsId: 'case-triage-drg', decisionRequirementsVersion: 1, duplicate: false }],
      decisionsMetadata: [{ decisionId: 'case_triage', version: 1, duplicate: false }],
      formMetadata: [{ formId: 'case-review', version: 1, duplicate: false }],
    });
  });

  it('keeps versions and keys when the same resources are deployed again, writing only the deployment', async () => {
    const first = await deploy(read('case-triage.dmn', 'again.dmn'), read('case-review.form', 'again.form'));
    const position = await lastPosition(h);

    const again = await deploy(read('case-triage.dmn', 'again.dmn'), read('case-review.form', 'again.form'));

    expect(await recordsAfter(h, position)).toEqual(['COMMAND DEPLOYMENT CREATE', 'EVENT DEPLOYMENT CREATED']);
    expect(again.decisions).toEqual(first.decisions);
    expect(again.decisionRequirements).toEqual(first.decisionRequirements);
    expect(again.forms).toEqual(first.forms);
    const [event] = (await h.records({ valueType: 'DEPLOYMENT' })).filter((r) => r.recordType === 'EVENT').slice(-1);
    expect(event!.value.formMetadata).toMatchObject([{ duplicate: true }]);
    expect(event!.value.decisionsMetadata).toMatchObject([{ duplicate: true }]);
  });

  it('versions a changed form per form id', async () => {
    const v1 = await deploy({ name: 'notice.form', content: Buffer.from(form('service-notice')) });
    const v2 = await deploy({ name: 'notice.form', content: Buffer.from(form('service-notice', { components: [{ type: 'text', text: '送达回证' }] })) });

    expect(v1.forms[0]).toMatchObject({ formId: 'service-notice', version: 1 });
    expect(v2.forms[0]).toMatchObject({ formId: 'service-notice', version: 2 });
    expect(v2.forms[0]!.formKey).not.toBe(v1.forms[0]!.formKey);
    expect((await rows.forms('service-notice')).map((r: { version: number }) => r.version)).toEqual([1, 2]);
  });

  it('versions everything in a deployment together once one resource in it is new', async () => {
    const process = read('job-user-task.bpmn', 'together.bpmn');
    const first = await deploy(process, read('case-triage.dmn', 'together.dmn'), { name: 'together.form', content: Buffer.from(form('together')) });
    const position = await lastPosition(h);

    // only the form changed
    const second = await deploy(process, read('case-triage.dmn', 'together.dmn'), { name: 'together.form', content: Buffer.from(form('together', { type: 'default' })) });

    expect(await recordsAfter(h, position)).toEqual([
      'COMMAND DEPLOYMENT CREATE',
      'EVENT PROCESS CREATED',
      'EVENT DECISION_REQUIREMENTS CREATED',
      'EVENT DECISION CREATED',
      'EVENT FORM CREATED',
      'EVENT DEPLOYMENT CREATED',
    ]);
    expect(second.processes[0]!.version).toBe(first.processes[0]!.version + 1);
    expect(second.processes[0]!.processDefinitionKey).not.toBe(first.processes[0]!.processDefinitionKey);
    expect(second.decisionRequirements[0]!.version).toBe(first.decisionRequirements[0]!.version + 1);
    expect(second.decisions[0]!.version).toBe(first.decisions[0]!.version + 1);
    expect(second.decisions[0]!.decisionKey).not.toBe(first.decisions[0]!.decisionKey);
    expect(second.forms[0]).toMatchObject({ version: 2 });
  });

  it('deploys a process whose user task names a form that is not deployed yet', async () => {
    const deployment = await deploy(read('hearing-notice.bpmn'));
    expect(deployment.processes.map((p) => p.bpmnProcessId)).toEqual(['hearing-notice', 'user-task-expressions']);
    expect(deployment.forms).toEqual([]);
  });

  it('refuses the whole deployment when a form or a DMN resource is broken, naming each problem', async () => {
    const before = await h.engine.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM engine.process_definition`);

    const result = await h.engine.deploy([
      read('job-user-task.bpmn'),
      { name: 'no-id.form', content: Buffer.from(JSON.stringify({ components: [] })) },
      { name: 'blank-id.form', content: Buffer.from(form('  ')) },
      { name: 'broken.form', content: Buffer.from('{ "id": ') },
      { name: 'broken.dmn', content: Buffer.from(fs.readFileSync(fixture('case-triage.dmn'), 'utf8').replace('&lt;= 50000', '&lt;= ')) },
      { name: 'notes.txt', content: Buffer.from('备忘') },
    ]);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('INVALID_ARGUMENT');
    const lines = result.error.reason.split('\n');
    expect(lines[0]).toBe('Expected to deploy new resources, but encountered the following errors:');
    expect(lines).toContain('Expected the form id to be present, but none given');
    expect(lines).toContain('Expected the form id to be filled, but it is blank');
    expect(lines.some((l) => l.startsWith("Failed to parse form JSON. 'broken.form': "))).toBe(true);
    expect(lines.some((l) => l.startsWith("'broken.dmn': FEEL unary-tests: failed to parse expression '<='"))).toBe(true);
    expect(lines).toContain("'notes.txt': unknown resource type");
    // all or nothing: the valid process was not deployed either
    expect(await h.engine.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM engine.process_definition`)).toEqual(before);
    expect(await rows.forms('job-review')).toEqual([]);
  });

  it('refuses decision and form ids that appear twice in one deployment', async () => {
    const triage = fs.readFileSync(fixture('case-triage.dmn'), 'utf8');
    const result = await h.engine.deploy([
      { name: 'a.dmn', content: Buffer.from(triage) },
      { name: 'b.dmn', content: Buffer.from(triage.replace('id="case-triage-drg"', 'id="other-drg"')) },
      { name: 'a.form', content: Buffer.from(form('twice')) },
      { name: 'b.form', content: Buffer.from(form('twice', { type: 'default' })) },
    ]);

    expect(result).toEqual({
      ok: false,
      error: {
        intent: 'CREATE',
        type: 'INVALID_ARGUMENT',
        reason:
          'Expected to deploy new resources, but encountered the following errors:\n' +
          "Expected the decision ids to be unique within a deployment but found a duplicated id 'case_triage' in the resources 'a.dmn' and 'b.dmn'.\n" +
          "Expected the form ids to be unique within a deployment but found a duplicated id 'twice' in the resources 'a.form' and 'b.form'.",
      },
    });
  });
});
