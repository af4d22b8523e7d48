/**
 * Messages and signals through the gRPC gateway, with the Camunda 8 SDK and zbctl: a published
 * message reaches the waiting instance or starts one, a broadcast signal reaches every waiting
 * instance, and a message id is refused while its message is buffered, with Zeebe's answer.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { eventually, sdkClient, zbctl } from '../../support/clients.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('messages and signals over gRPC', () => {
  let server: TestEngineServer;
  let zeebe: ReturnType<typeof sdkClient>;

  beforeAll(async () => {
    server = await startTestEngineServer();
    zeebe = sdkClient(server.grpcAddress);
    await zeebe.deployResource({ processFilename: fixture('case-payment.bpmn') });
  });

  afterAll(async () => {
    await zeebe?.close();
    await server?.close();
  });

  const instanceState = async (key: string) =>
    (await server.engine.db.query<{ state: string }>('SELECT state FROM engine.element_instance WHERE key = $1', [key]))[0]?.state;
  const waitingAt = async (key: string) =>
    (
      await server.engine.db.query<{ element_id: string }>(
        `SELECT element_id FROM engine.element_instance WHERE process_instance_key = $1 AND state = 'ACTIVATED' AND element_type <> 'PROCESS'`,
        [key],
      )
    ).map((r) => r.element_id);
  const variables = async (key: string) =>
    Object.fromEntries(
      (await server.engine.db.query<{ name: string; value: string }>('SELECT name, value FROM engine.variable WHERE scope_key = $1', [key])).map((r) => [
        r.name,
        JSON.parse(r.value),
      ]),
    );

  it('correlates a message published with the SDK, then completes on a broadcast signal', async () => {
    // given
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'case-payment', variables: { caseNo: '(2026)豫1330民初7号' } });
    expect(await waitingAt(processInstanceKey)).toEqual(['wait-payment']);
    // when
    const published = await zeebe.publishMessage({
      name: 'payment-received',
      correlationKey: '(2026)豫1330民初7号',
      variables: { fee: 350 },
      timeToLive: 0,
    });
    // then
    expect(published).toMatchObject({ key: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    expect(await waitingAt(processInstanceKey)).toEqual(['wait-hearing']);
    // when
    const signal = await zeebe.broadcastSignal({ signalName: 'hearing-opened', variables: { courtroom: '第一法庭' } });
    // then
    expect(signal).toMatchObject({ key: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    expect(await instanceState(processInstanceKey)).toBe('COMPLETED');
    expect(await variables(processInstanceKey)).toEqual({ caseNo: '(2026)豫1330民初7号', fee: 350, courtroom: '第一法庭' });
  });

  it('buffers a message until the instance subscribes, and refuses its id a second time', async () => {
    await zeebe.publishMessage({ name: 'payment-received', correlationKey: 'c-buffered', messageId: 'fee-1', timeToLive: 60_000, variables: { fee: 1 } });
    const error = await zeebe
      .publishMessage({ name: 'payment-received', correlationKey: 'c-buffered', messageId: 'fee-1', timeToLive: 60_000, variables: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 6,
      details: "Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id 'fee-1', but a message with that id was already published",
    });
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'case-payment', variables: { caseNo: 'c-buffered' } });
    expect(await waitingAt(processInstanceKey)).toEqual(['wait-hearing']);
  });

  it('starts an instance by a message published with zbctl, and broadcasts a signal with zbctl', async () => {
    // when
    const published = await zbctl(server.grpcAddress, 'publish', 'message', 'case-filed', '--correlationKey', 'zb-1', '--variables', '{"plaintiff": "李四"}');
    // then
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ key: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    const [instance] = await server.engine.db.query<{ key: string }>(
      `SELECT key::text FROM engine.element_instance WHERE element_type = 'PROCESS' AND bpmn_process_id = 'filing-by-message'`,
    );
    expect(await variables(instance!.key)).toEqual({ plaintiff: '李四' });
    expect(await waitingAt(instance!.key)).toEqual(['filing-hearing']);
    // when
    const broadcast = await zbctl(server.grpcAddress, 'broadcast', 'signal', 'hearing-opened', '--variables', '{"day": 1}');
    // then
    expect(broadcast.code).toBe(0);
    await eventually(async () => (await instanceState(instance!.key)) === 'COMPLETED', 5_000, 'the instance to complete');
  });
});
