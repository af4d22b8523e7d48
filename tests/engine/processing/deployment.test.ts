/**
 * Deployment with Zeebe's versioning: a changed process gets the next version; the same
 * resource (same name and content as the latest version) keeps its version and key without a
 * new PROCESS record. A deployment with any invalid resource is rejected as a whole. Process
 * instances are created by key, by id and version, or of the latest version.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, lastPosition, recordsAfter } from './records.js';

describe('deployment', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h?.close());

  const resource = (file: string, name = file) => ({ name, content: fs.readFileSync(fixture(file)) });

  async function deploy(...resources: { name: string; content: Buffer }[]) {
    const result = await h.engine.deploy(resources);
    if (!result.ok) throw new Error(result.error.reason);
    return result.value.processes[0]!;
  }

  const definitions = (bpmnProcessId: string) =>
    h.engine.db.query<{ key: string; version: number; resource_name: string }>(
      `SELECT key, version, resource_name FROM engine.process_definition WHERE bpmn_process_id = $1 ORDER BY version`,
      [bpmnProcessId],
    );

  /** the element events of an instance, to tell which version it runs */
  const endReached = async (pi: string) => (await h.elementEvents(pi)).find((e) => e.startsWith('ELEMENT_COMPLETED end'));

  describe('versions', () => {
    it('deploys a new process as version 1: PROCESS CREATED, then DEPLOYMENT CREATED', async () => {
      // given
      const before = await lastPosition(h);
      // when
      const result = await h.engine.deploy([resource('one-task.bpmn')]);
      // then
      expect(result.ok).toBe(true);
      const deployment = result.ok ? result.value : undefined;
      expect(deployment!.processes).toEqual([
        { bpmnProcessId: 'one-task', version: 1, processDefinitionKey: expect.any(String), resourceName: 'one-task.bpmn', tenantId: '<default>' },
      ]);
      expect(await recordsAfter(h, before)).toEqual(['COMMAND DEPLOYMENT CREATE', 'EVENT PROCESS CREATED', 'EVENT DEPLOYMENT CREATED']);
      const records = (await h.records()).filter((r) => BigInt(r.position) > before);
      expect(records[1]!.key).toBe(deployment!.processes[0]!.processDefinitionKey);
      expect(records[1]!.value).toMatchObject({ bpmnProcessId: 'one-task', version: 1, resourceName: 'one-task.bpmn', duplicate: false, deploymentKey: deployment!.key });
      expect(records[2]!.key).toBe(deployment!.key);
      expect(records[2]!.value.processesMetadata).toMatchObject([{ bpmnProcessId: 'one-task', version: 1, duplicate: false }]);
      expect(await definitions('one-task')).toEqual([{ key: deployment!.processes[0]!.processDefinitionKey, version: 1, resource_name: 'one-task.bpmn' }]);
    });

    it('keeps version and key for an identical resource, without a new PROCESS record', async () => {
      // given
      const first = await deploy(resource('versioned-v1.bpmn'));
      const before = await lastPosition(h);
      const count = (await definitions('versioned')).length;
      // when
      const again = await deploy(resource('versioned-v1.bpmn'));
      // then
      expect(again).toEqual(first);
      expect(await recordsAfter(h, before)).toEqual(['COMMAND DEPLOYMENT CREATE', 'EVENT DEPLOYMENT CREATED']);
      const [created] = (await h.records({ valueType: 'DEPLOYMENT' })).slice(-1);
      expect(created!.value.processesMetadata).toMatchObject([
        { bpmnProcessId: 'versioned', version: first.version, processDefinitionKey: first.processDefinitionKey, duplicate: true },
      ]);
      expect(await definitions('versioned')).toHaveLength(count);
    });

    it('deploys a changed process as the next version, with a new key', async () => {
      // given
      const v1 = await deploy(resource('versioned-v1.bpmn'));
      // when
      const v2 = await deploy(resource('versioned-v2.bpmn'));
      // then
      expect(v2.version).toBe(v1.version + 1);
      expect(v2.processDefinitionKey).not.toBe(v1.processDefinitionKey);
      expect((await definitions('versioned')).slice(-2).map((d) => d.version)).toEqual([v1.version, v2.version]);
    });

    it('compares with the latest version only: older content comes back as a new version', async () => {
      // given
      const v1 = await deploy(resource('versioned-v1.bpmn'));
      const v2 = await deploy(resource('versioned-v2.bpmn'));
      // when
      const v1Again = await deploy(resource('versioned-v1.bpmn'));
      // then
      expect(v1Again.version).toBe(v2.version + 1);
      expect(v1Again.processDefinitionKey).not.toBe(v1.processDefinitionKey);
    });

    it('deploys the same content under another resource name as a new version', async () => {
      // given
      const v1 = await deploy(resource('versioned-v1.bpmn'));
      // when
      const renamed = await deploy(resource('versioned-v1.bpmn', 'versioned-renamed.bpmn'));
      // then
      expect(renamed).toMatchObject({ version: v1.version + 1, resourceName: 'versioned-renamed.bpmn' });
    });
  });

  describe('rejection', () => {
    it('rejects the whole deployment when one resource is invalid, deploying nothing', async () => {
      // given
      const before = await lastPosition(h);
      // when
      const result = await h.engine.deploy([resource('fresh.bpmn'), resource('invalid-task.bpmn')]);
      // then
      expect(result).toEqual({
        ok: false,
        error: {
          intent: 'CREATE',
          type: 'INVALID_ARGUMENT',
          reason:
            "Expected to deploy new resources, but encountered the following errors:\n'invalid-task.bpmn': - Element: task\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n",
        },
      });
      expect(await recordsAfter(h, before)).toEqual(['COMMAND DEPLOYMENT CREATE', 'COMMAND_REJECTION DEPLOYMENT CREATE INVALID_ARGUMENT']);
      expect(await definitions('fresh')).toEqual([]);
      expect(await h.engine.createProcessInstance({ bpmnProcessId: 'fresh' })).toMatchObject({ ok: false, error: { type: 'NOT_FOUND' } });
    });

    it('rejects two resources with the same process id', async () => {
      // when
      const result = await h.engine.deploy([resource('duplicated-a.bpmn'), resource('duplicated-b.bpmn')]);
      // then
      expect(result).toEqual({
        ok: false,
        error: {
          intent: 'CREATE',
          type: 'INVALID_ARGUMENT',
          reason: "Expected to deploy new resources, but encountered the following errors:\nDuplicated process id in resources 'duplicated-a.bpmn' and 'duplicated-b.bpmn'",
        },
      });
      expect(await definitions('duplicated')).toEqual([]);
    });
  });

  describe('creating instances', () => {
    it('creates an instance of the latest version, of a given version, or of a definition key', async () => {
      // given
      const v1 = await deploy(resource('versioned-v1.bpmn', 'versioned-create.bpmn'));
      const v2 = await deploy(resource('versioned-v2.bpmn', 'versioned-create.bpmn'));
      // when
      const latest = await h.engine.createProcessInstance({ bpmnProcessId: 'versioned' });
      const explicitLatest = await h.engine.createProcessInstance({ bpmnProcessId: 'versioned', version: -1 });
      const byVersion = await h.engine.createProcessInstance({ bpmnProcessId: 'versioned', version: v1.version });
      const byKey = await h.engine.createProcessInstance({ processDefinitionKey: v1.processDefinitionKey });
      // then
      const created = (r: typeof latest) => (r.ok ? r.value : undefined)!;
      expect(created(latest)).toMatchObject({ bpmnProcessId: 'versioned', version: v2.version, processDefinitionKey: v2.processDefinitionKey, tenantId: '<default>' });
      expect(created(explicitLatest)).toMatchObject({ version: v2.version, processDefinitionKey: v2.processDefinitionKey });
      expect(created(byVersion)).toMatchObject({ version: v1.version, processDefinitionKey: v1.processDefinitionKey });
      expect(created(byKey)).toMatchObject({ bpmnProcessId: 'versioned', version: v1.version, processDefinitionKey: v1.processDefinitionKey });
      expect(await endReached(created(latest).processInstanceKey)).toBe('ELEMENT_COMPLETED end-v2');
      expect(await endReached(created(byVersion).processInstanceKey)).toBe('ELEMENT_COMPLETED end-v1');
      expect(await endReached(created(byKey).processInstanceKey)).toBe('ELEMENT_COMPLETED end-v1');
      const [process] = await h.records({ processInstanceKey: created(byKey).processInstanceKey, valueType: 'PROCESS_INSTANCE' });
      expect(process!.value).toMatchObject({ bpmnProcessId: 'versioned', version: v1.version, processDefinitionKey: v1.processDefinitionKey });
    });

    it('rejects an unknown process id, version or key with NOT_FOUND', async () => {
      // given
      await deploy(resource('versioned-v1.bpmn'));
      const notFound = (reason: string) => ({ ok: false, error: { intent: 'CREATE', type: 'NOT_FOUND', reason } });
      // when / then
      expect(await h.engine.createProcessInstance({ bpmnProcessId: 'no-such-process' })).toEqual(
        notFound("Expected to find process definition with process ID 'no-such-process', but none found"),
      );
      expect(await h.engine.createProcessInstance({ bpmnProcessId: 'versioned', version: 999 })).toEqual(
        notFound("Expected to find process definition with process ID 'versioned' and version '999', but none found"),
      );
      expect(await h.engine.createProcessInstance({ processDefinitionKey: '2251799813999999' })).toEqual(
        notFound("Expected to find process definition with key '2251799813999999', but none found"),
      );
    });

    it('writes the creation command and its rejection', async () => {
      // given
      const before = await lastPosition(h);
      // when
      await h.engine.createProcessInstance({ bpmnProcessId: 'no-such-process' });
      // then
      expect(await recordsAfter(h, before)).toEqual(['COMMAND PROCESS_INSTANCE_CREATION CREATE', 'COMMAND_REJECTION PROCESS_INSTANCE_CREATION CREATE NOT_FOUND']);
    });
  });
});
