/**
 * With credentials configured, every REST gateway requires them as Basic authentication,
 * as the gRPC gateway does: the clients with `CAMUNDA_AUTH_STRATEGY=BASIC` (and Camunda 7's
 * BasicAuthInterceptor) get through, anyone else gets 401.
 */
import { BasicAuthInterceptor, Client } from 'camunda-external-task-client-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, modelCopy, NOW, sdkRestClient } from './rest-clients.js';

const credentials = { username: 'demo', password: '执行-secret' };

describe('REST authentication', () => {
  let server: TestEngineServer;

  beforeAll(async () => {
    server = await startTestEngineServer({ credentials });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lets the Camunda clients in with Basic authentication', async () => {
    const camunda = camundaClient(server.httpUrl, { auth: credentials });
    expect((await camunda.getTopology()).brokers).toHaveLength(1);
    await camunda.createDeployment({ resources: [modelCopy('rest-steps', 'auth-steps')] });
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'auth-steps' });
    expect((await camunda.getProcessInstance({ processInstanceKey }, NOW)).state).toBe('ACTIVE');

    const sdk = sdkRestClient(server.httpUrl, { auth: credentials });
    expect((await sdk.getTopology()).brokers).toHaveLength(1);
  });

  it('answers 401 with a problem without credentials or with wrong ones', async () => {
    const anonymous = await failure(camundaClient(server.httpUrl).getTopology());
    expect(anonymous).toMatchObject({ status: 401, title: 'UNAUTHORIZED' });
    const wrong = await failure(camundaClient(server.httpUrl, { auth: { username: 'demo', password: 'guess' } }).getTopology());
    expect(wrong).toMatchObject({ status: 401, detail: 'Invalid credentials' });

    const response = await fetch(`${server.httpUrl}/v2/process-instances/search`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${server.httpUrl}/x-engine/v1/timers/search`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.httpUrl}/engine-rest/external-task/fetchAndLock`, { method: 'POST' })).status).toBe(401);
    // the health check stays open
    expect((await fetch(`${server.httpUrl}/v2/status`)).status).toBe(204);
  });

  it('lets a Camunda 7 worker in with its BasicAuthInterceptor', async () => {
    const camunda = camundaClient(server.httpUrl, { auth: credentials });
    await camunda.createDeployment({ resources: [modelCopy('rest-steps', 'auth-c7')] });
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'auth-c7' });
    const worker = new Client({
      baseUrl: `${server.httpUrl}/engine-rest`,
      asyncResponseTimeout: 1_000,
      interval: 50,
      interceptors: new BasicAuthInterceptor(credentials) as never,
    });
    try {
      const done = new Promise<void>((resolve) => worker.subscribe('auth-c7.inquire', async ({ task, taskService }) => resolve(await taskService.complete(task))));
      await done;
      expect((await camunda.getProcessInstance({ processInstanceKey }, NOW)).state).toBe('COMPLETED');
    } finally {
      worker.stop();
    }
  });
});
