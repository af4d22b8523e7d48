/**
 * The engine's extension endpoints under `/x-engine/v1`: pending timers and per-element
 * duration statistics over the element-instance history, on the controlled clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, modelCopy, type CamundaClient } from './rest-clients.js';

const T0 = Date.parse('2031-03-01T08:00:00.000Z');
const MINUTE = 60_000;

describe('engine extensions', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;

  beforeAll(async () => {
    server = await startTestEngineServer({ clockControlled: true });
    camunda = camundaClient(server.httpUrl);
  });

  afterAll(async () => {
    await server?.close();
  });

  const extension = async (path: string, init?: { method: string; body: unknown }) => {
    const response = await fetch(`${server.httpUrl}/x-engine/v1${path}`, init && { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { items: Record<string, unknown>[] } };
  };

  it('lists pending timers with their due dates and elements (none until the engine has timers)', async () => {
    await camunda.pinClock({ timestamp: T0 });
    const supported = await camunda.createDeployment({ resources: [modelCopy('rest-timer', 'rest-timer')] }).then(
      () => true,
      () => false,
    );
    if (!supported) {
      expect(await extension('/timers/search', { method: 'POST', body: {} })).toEqual({ status: 200, body: { items: [], page: { totalItems: 0 } } });
      return;
    }
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-timer' });
    const { status, body } = await extension('/timers/search', { method: 'POST', body: { filter: { processInstanceKey } } });
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        processInstanceKey,
        processDefinitionId: 'rest-timer',
        elementId: 'wait',
        elementName: '等待答辩期满',
        dueDate: new Date(T0 + 15 * 24 * 60 * MINUTE).toISOString(),
        repetitions: 1,
      }),
    ]);
  });

  it('computes count, mean and 90th percentile of element durations in a time window', async () => {
    const deployment = await camunda.createDeployment({ resources: [modelCopy('rest-steps', 'rest-steps')] });
    const definitionKey = deployment.processes[0]!.processDefinitionKey;
    // three cases whose inquiry takes 1, 2 and 10 minutes; the last one ends a day later
    for (const [start, minutes] of [
      [0, 1],
      [10, 2],
      [24 * 60, 10],
    ] as const) {
      await camunda.pinClock({ timestamp: T0 + start * MINUTE });
      await camunda.createProcessInstance({ processDefinitionId: 'rest-steps' });
      const { jobs } = await camunda.activateJobs({ type: 'rest-steps.inquire', timeout: 60 * MINUTE, maxJobsToActivate: 1, requestTimeout: 5_000 });
      await camunda.pinClock({ timestamp: T0 + (start + minutes) * MINUTE });
      await camunda.completeJob({ jobKey: jobs[0]!.jobKey });
    }

    const all = await extension(`/statistics/element-durations?processDefinitionKey=${definitionKey}&from=${new Date(T0).toISOString()}&to=${new Date(T0 + 2 * 24 * 60 * MINUTE).toISOString()}`);
    expect(all.status).toBe(200);
    const inquire = all.body.items.find((i) => i.elementId === 'inquire');
    // percentile_cont(0.9) over 1, 2, 10 minutes: 2 + 0.8 × (10 − 2) = 8.4 minutes
    expect(inquire).toEqual({ elementId: 'inquire', elementType: 'SERVICE_TASK', count: 3, meanMs: (13 * MINUTE) / 3, p90Ms: 8.4 * MINUTE });
    expect(all.body.items.find((i) => i.elementId === 'rest-steps')).toMatchObject({ elementType: 'PROCESS', count: 3 });
    expect(all.body.items.map((i) => i.elementId)).toEqual(['end', 'inquire', 'rest-steps', 'start']);

    const firstDay = await extension(`/statistics/element-durations?processDefinitionId=rest-steps&from=${new Date(T0).toISOString()}&to=${new Date(T0 + 60 * MINUTE).toISOString()}`);
    expect(firstDay.body).toMatchObject({ from: new Date(T0).toISOString(), to: new Date(T0 + 60 * MINUTE).toISOString() });
    expect(firstDay.body.items.find((i) => i.elementId === 'inquire')).toMatchObject({ count: 2, meanMs: 1.5 * MINUTE, p90Ms: 1.9 * MINUTE });

    const refused = await extension('/statistics/element-durations');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ title: 'INVALID_ARGUMENT', detail: 'Exactly one of [processDefinitionKey, processDefinitionId] is required.' });
  });
});
