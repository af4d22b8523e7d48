/**
 * ModifyProcessInstance through the Camunda 8 SDK against the engine's gRPC gateway: a token
 * moved from one task to another (with variables), and rejections with Zeebe's codes and texts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { sdkClient } from '../../support/clients.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('ModifyProcessInstance with the Camunda 8 SDK', () => {
  let server: TestEngineServer;
  let zeebe: ReturnType<typeof sdkClient>;

  beforeAll(async () => {
    server = await startTestEngineServer();
    zeebe = sdkClient(server.grpcAddress);
    await zeebe.deployResource({ processFilename: fixture('modify.bpmn') });
  });
  afterAll(async () => {
    await zeebe?.close();
    await server?.close();
  });

  const elements = async (pi: string) =>
    (
      await server.engine.db.query<{ key: string; element_id: string; state: string }>(
        'SELECT key::text, element_id, state FROM engine.element_instance WHERE process_instance_key = $1 ORDER BY key',
        [pi],
      )
    ).map((r) => ({ key: r.key, element: `${r.element_id} ${r.state}` }));

  it('moves the token from one task to another, with variables for the new task', async () => {
    // given
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'modify', variables: { caseNo: '(2025)豫1330执1号' } });
    const a = (await elements(processInstanceKey)).find((e) => e.element === 'a ACTIVATED')!;
    // when
    await zeebe.modifyProcessInstance({
      processInstanceKey,
      activateInstructions: [{ elementId: 'b', ancestorElementInstanceKey: '-1', variableInstructions: [{ scopeId: 'b', variables: { reason: '撤回立案审查' } }] }],
      terminateInstructions: [{ elementInstanceKey: a.key }],
    });
    // then
    const after = await elements(processInstanceKey);
    expect(after.map((e) => e.element)).toEqual(['modify ACTIVATED', 'start COMPLETED', 'a TERMINATED', 'b ACTIVATED']);
    const jobs = await zeebe.activateJobs({ type: 'mod.b', worker: 'e2e', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 1_000 });
    expect(jobs.map((j) => [j.processInstanceKey, j.variables])).toEqual([[processInstanceKey, { caseNo: '(2025)豫1330执1号', reason: '撤回立案审查' }]]);
    await zeebe.completeJob({ jobKey: jobs[0]!.key, variables: {} });
    expect((await elements(processInstanceKey))[0]!.element).toBe('modify COMPLETED');
  });

  it('answers NOT_FOUND and INVALID_ARGUMENT with Zeebe texts', async () => {
    const missing = await zeebe.modifyProcessInstance({ processInstanceKey: '2251799813999999', terminateInstructions: [] }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: 5,
      details: "Command 'MODIFY' rejected with code 'NOT_FOUND': Expected to modify process instance but no process instance found with key '2251799813999999'",
    });
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'modify', variables: {} });
    const unknown = await zeebe
      .modifyProcessInstance({ processInstanceKey, activateInstructions: [{ elementId: 'no-such-task', ancestorElementInstanceKey: '-1', variableInstructions: [] }] })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      code: 3,
      details:
        "Command 'MODIFY' rejected with code 'INVALID_ARGUMENT': Expected to modify instance of process 'modify' but it contains one or more activate instructions with an element that could not be found: 'no-such-task'",
    });
  });
});
