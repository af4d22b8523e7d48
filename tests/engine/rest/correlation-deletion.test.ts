/**
 * `POST /v2/messages/correlation` with the strictly validating orchestration-cluster-api client
 * and the Camunda 8 SDK's REST client: a bank's payment notice reaches the waiting case at once
 * and answers with its process instance; with nothing waiting it is a 404 and is not buffered.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, fixture, NOW, sdkRestClient, type CamundaClient } from './rest-clients.js';

const file = (name: string) => new File([fs.readFileSync(fixture(name))], name, { type: 'application/octet-stream' });

describe('Camunda REST API message correlation', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  let sdk: ReturnType<typeof sdkRestClient>;

  const state = async (processInstanceKey: string) => (await camunda.getProcessInstance({ processInstanceKey }, NOW)).state;
  const start = async (caseNo: string) => (await camunda.createProcessInstance({ processDefinitionId: 'rest-payment', variables: { caseNo } })).processInstanceKey;

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    sdk = sdkRestClient(server.httpUrl);
    await camunda.createDeployment({ resources: [file('rest-events.bpmn')] });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('correlates to the waiting case and answers with its process instance key', async () => {
    const pi = await start('(2030)豫01执400号');
    const correlated = await camunda.correlateMessage({ name: 'rest-payment-received', correlationKey: '(2030)豫01执400号', variables: { 缴费金额: 900 } });
    expect(correlated).toEqual({ messageKey: expect.stringMatching(/^\d+$/), processInstanceKey: pi, tenantId: '<default>' });
    expect(await state(pi)).toBe('COMPLETED');
    const [paid] = (await camunda.searchVariables({ filter: { processInstanceKey: pi, name: '缴费金额' } }, NOW)).items;
    expect(paid?.value).toBe('900');
  });

  it('answers 404 when nothing waits, and does not buffer the message', async () => {
    const problem = await failure(camunda.correlateMessage({ name: 'rest-payment-received', correlationKey: '(2030)豫01执401号' }));
    expect(problem).toMatchObject({
      status: 404,
      title: 'NOT_FOUND',
      detail: expect.stringContaining("Expected to find subscription for message with name 'rest-payment-received' and correlation key '(2030)豫01执401号', but none was found."),
    });
    const pi = await start('(2030)豫01执401号');
    expect(await state(pi)).toBe('ACTIVE');
    await camunda.cancelProcessInstance({ processInstanceKey: pi });
  });

  it('correlates with the SDK REST client, and refuses a nameless message or another tenant', async () => {
    const pi = await start('(2030)豫01执402号');
    const correlated = await sdk.correlateMessage({ name: 'rest-payment-received', correlationKey: '(2030)豫01执402号', variables: {} });
    expect(correlated).toMatchObject({ processInstanceKey: pi, tenantId: '<default>' });
    expect(await state(pi)).toBe('COMPLETED');

    const post = (body: string) => fetch(`${server.httpUrl}/v2/messages/correlation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const nameless = await post('{"correlationKey":"x"}');
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: expect.stringContaining('name') });
    const tenant = await post('{"name":"rest-payment-received","tenantId":"other"}');
    expect(tenant.status).toBe(400);
    expect((await tenant.json()).detail).toContain('multi-tenancy is disabled');
  });
});
