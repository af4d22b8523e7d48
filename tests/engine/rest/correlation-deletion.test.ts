/**
 * Message correlation and resource deletion through the real clients, on one engine:
 * - `POST /v2/messages/correlation` with the strictly validating orchestration-cluster-api client
 *   and the Camunda 8 SDK's REST client: a bank's payment notice reaches the waiting case at once
 *   and answers with its process instance; with nothing waiting it is a 404 and is not buffered;
 * - `POST /v2/resources/{key}/deletion` (both REST clients), gRPC DeleteResource (the SDK) and
 *   `zbctl delete resource`: a model with running cases is refused (409), one without is deleted.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, fixture, NOW, sdkRestClient, type CamundaClient } from './rest-clients.js';
import { sdkClient, zbctl } from '../../support/clients.js';

const file = (name: string) => new File([fs.readFileSync(fixture(name))], name, { type: 'application/octet-stream' });

describe('Camunda REST API message correlation and resource deletion', () => {
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

  describe('resource deletion', () => {
    const deployCopy = async (id: string) => {
      const xml = fs.readFileSync(fixture('rest-events.bpmn'), 'utf8').replaceAll('rest-payment', id).replaceAll('rest-verdict', `${id}-verdict`);
      const deployment = await camunda.createDeployment({ resources: [new File([xml], `${id}.bpmn`)] });
      return deployment.processes.find((p) => p.processDefinitionId === id)!.processDefinitionKey;
    };
    const exists = async (processDefinitionKey: string) =>
      (await camunda.createProcessInstance({ processDefinitionKey, variables: { caseNo: 'probe' } }).then(
        async (created) => (await camunda.cancelProcessInstance({ processInstanceKey: created.processInstanceKey }), true),
        () => false,
      ));

    it('refuses a process definition with running cases (409) and deletes it once they ended', async () => {
      const key = await deployCopy('del-rest');
      const pi = (await camunda.createProcessInstance({ processDefinitionKey: key, variables: { caseNo: '(2030)豫01执700号' } })).processInstanceKey;
      expect(await failure(camunda.deleteResource({ resourceKey: key }))).toMatchObject({
        status: 409,
        title: 'INVALID_STATE',
        detail: expect.stringContaining(`Expected to delete resource with key \`${key}\` but there are still running instances`),
      });
      await camunda.cancelProcessInstance({ processInstanceKey: pi });
      // 200 without a body: the client hands back the (empty) body as it came
      await camunda.deleteResource({ resourceKey: key });
      expect(await exists(key)).toBe(false);
      expect(await failure(camunda.deleteResource({ resourceKey: key }))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
    });

    it('deletes with the SDK REST client, the SDK gRPC client and zbctl', async () => {
      const byRest = await deployCopy('del-sdk-rest');
      await sdk.deleteResource({ resourceKey: byRest });
      expect(await exists(byRest)).toBe(false);

      const zeebe = sdkClient(server.grpcAddress);
      try {
        const byGrpc = await deployCopy('del-sdk-grpc');
        expect(await zeebe.deleteResource({ resourceKey: byGrpc })).toEqual({});
        expect(await exists(byGrpc)).toBe(false);
        const refused = await zeebe.deleteResource({ resourceKey: byGrpc }).catch((e: unknown) => e);
        expect(refused).toMatchObject({ code: 5, details: expect.stringContaining(`no resource found with key \`${byGrpc}\``) });
      } finally {
        await zeebe.close();
      }

      const byZbctl = await deployCopy('del-zbctl');
      const deleted = await zbctl(server.grpcAddress, 'delete', 'resource', byZbctl);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(await exists(byZbctl)).toBe(false);
      const again = await zbctl(server.grpcAddress, 'delete', 'resource', byZbctl);
      expect(again.stderr).toContain(`rpc error: code = NotFound desc = Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key \`${byZbctl}\``);
    });

    it('answers 400 for a key that is not a number', async () => {
      const response = await fetch(`${server.httpUrl}/v2/resources/abc/deletion`, { method: 'POST' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: expect.stringContaining('resourceKey') });
    });
  });
});
