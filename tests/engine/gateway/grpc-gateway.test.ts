/** The gateway through the official Camunda SDK, against the engine test double. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { processXml, sdkClient, sleep, startHarness, type Harness } from './gateway-harness.js';

let harness: Harness;
let zbc: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  harness = await startHarness();
  zbc = sdkClient(harness.address);
});

afterAll(async () => {
  await zbc.close();
  await harness.close();
});

describe('gRPC gateway with the Camunda SDK', () => {
  it('reports a one-broker topology with the bound port', async () => {
    const topology = await zbc.topology();

    expect(topology).toMatchObject({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: harness.gateway.port, partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }] }],
    });
  });

  it('deploys a process and answers keys as decimal strings in the default tenant', async () => {
    const deployment = await zbc.deployResource({ name: 'order.bpmn', process: Buffer.from(processXml('order')) });

    expect(deployment.key).toMatch(/^\d{16}$/);
    expect(deployment.tenantId).toBe('<default>');
    expect(deployment.deployments).toEqual([
      {
        Metadata: 'process',
        process: {
          bpmnProcessId: 'order',
          version: 1,
          processDefinitionKey: expect.stringMatching(/^\d{16}$/),
          resourceName: 'order.bpmn',
          tenantId: '<default>',
        },
      },
    ]);
    const [deployed] = harness.engine.commands('deploy') as { resources: { content: Buffer }[]; tenantId: string }[];
    expect(deployed!.tenantId).toBe('<default>');
    expect(deployed!.resources[0]!.content.toString()).toContain('<bpmn:process id="order"');
  });

  it('creates a process instance with its variables', async () => {
    await zbc.deployResource({ name: 'invoice.bpmn', process: Buffer.from(processXml('invoice')) });

    const created = await zbc.createProcessInstance({ bpmnProcessId: 'invoice', variables: { amount: 12, payer: '张三' } });

    expect(created).toMatchObject({ bpmnProcessId: 'invoice', version: 1, tenantId: '<default>' });
    expect(created.processInstanceKey).toMatch(/^\d{16}$/);
    expect(harness.engine.commands('createProcessInstance').at(-1)).toEqual({
      bpmnProcessId: 'invoice',
      version: -1,
      variables: { amount: 12, payer: '张三' },
      tenantId: '<default>',
    });
  });

  it('passes a NOT_FOUND rejection to the client with Zeebe text', async () => {
    const error = await zbc.completeJob({ jobKey: '2251799813685999', variables: {} }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 5 });
    expect((error as { details: string }).details).toMatch(
      /^Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '2251799813685999', but no such job was found/,
    );
  });

  it('rejects unknown process ids with NOT_FOUND', async () => {
    const error = await zbc.createProcessInstance({ bpmnProcessId: 'missing', variables: {} }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 5,
      details: "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID 'missing', but none found",
    });
  });

  it('answers UNIMPLEMENTED for RPCs the engine does not support', async () => {
    const error = await zbc
      .migrateProcessInstance({ processInstanceKey: '2251799813685249', migrationPlan: { targetProcessDefinitionKey: '2251799813685250', mappingInstructions: [] } })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 12,
      details: 'Expected to handle gRPC request MigrateProcessInstance, but it is not yet supported by this engine',
    });
  });

  it('publishes a message and broadcasts a signal, answering with the new key', async () => {
    const published = await zbc.publishMessage({ name: 'paid', correlationKey: 'c-1', timeToLive: 60_000, messageId: 'm-1', variables: { amount: 1 } });
    const broadcast = await zbc.broadcastSignal({ signalName: 'stop', variables: { reason: 'x' } });

    expect(published).toMatchObject({ key: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    expect(broadcast).toMatchObject({ key: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
    expect(harness.engine.commands('publishMessage')).toEqual([
      { name: 'paid', correlationKey: 'c-1', timeToLive: 60_000, messageId: 'm-1', variables: { amount: 1 }, tenantId: '<default>' },
    ]);
    expect(harness.engine.commands('broadcastSignal')).toEqual([{ signalName: 'stop', variables: { reason: 'x' }, tenantId: '<default>' }]);
  });

  it('maps a tenant other than the default to INVALID_ARGUMENT, as with multi-tenancy disabled', async () => {
    const error = await zbc
      .deployResource({ name: 'x.bpmn', process: Buffer.from(processXml('x')), tenantId: 'court-a' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 3,
      details: "Expected to handle gRPC request DeployResource with tenant identifier 'court-a', but multi-tenancy is disabled",
    });
  });

  it('sets variables, and refuses a document that is not an object', async () => {
    await zbc.deployResource({ name: 'vars.bpmn', process: Buffer.from(processXml('vars')) });
    const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'vars', variables: {} });

    // the SDK types the answer as void; on the wire it carries the command key
    const response = (await zbc.setVariables({ elementInstanceKey: processInstanceKey, variables: { status: '已立案' }, local: false })) as unknown as {
      key: string;
    };
    expect(response.key).toMatch(/^\d{16}$/);

    const error = await zbc
      .setVariables({ elementInstanceKey: processInstanceKey, variables: [1, 2] as never, local: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 3,
      details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
    });
  });

  it('answers CreateProcessInstanceWithResult when the instance completes', async () => {
    await zbc.deployResource({ name: 'quick.bpmn', process: Buffer.from(processXml('quick')) });

    const pending = zbc.createProcessInstanceWithResult({ bpmnProcessId: 'quick', variables: { a: 1 }, requestTimeout: 5000 });
    await waitFor(() => harness.engine.commands('createProcessInstanceWithResult').length === 1);
    harness.engine.completeInstance(harness.engine.createdInstances.at(-1)!, { a: 1, result: 'done' });

    expect(await pending).toMatchObject({ bpmnProcessId: 'quick', variables: { a: 1, result: 'done' } });
    expect(harness.engine.commands('createProcessInstanceWithResult')[0]).toMatchObject({ options: { requestTimeoutMs: 5000 } });
  });

  it('fails CreateProcessInstanceWithResult with DEADLINE_EXCEEDED after its requestTimeout', async () => {
    await zbc.deployResource({ name: 'slow.bpmn', process: Buffer.from(processXml('slow')) });

    const error = await zbc
      .createProcessInstanceWithResult({ bpmnProcessId: 'slow', variables: {}, requestTimeout: 300 })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 4,
      details: 'Time out between gateway and broker: Request CreateProcessInstanceWithResult timed out in PT0.3S',
    });
  });

  it('runs an SDK worker: polls, gets the job with variables and headers, completes it', async () => {
    const jobKey = harness.engine.createJob('court.notify', { caseNo: '(2026)京0105执123号' }, { channel: 'sms' });
    const handled: unknown[] = [];
    const worker = zbc.createWorker({
      taskType: 'court.notify',
      pollInterval: 100,
      taskHandler: (job) => {
        handled.push({ key: job.key, variables: job.variables, headers: job.customHeaders });
        return job.complete({ notified: true });
      },
    });

    await waitFor(() => harness.engine.jobState(jobKey) === 'COMPLETED');
    await worker.close();

    expect(handled).toEqual([{ key: jobKey, variables: { caseNo: '(2026)京0105执123号' }, headers: { channel: 'sms' } }]);
    expect(harness.engine.commands('completeJob')).toContainEqual({ jobKey, variables: { notified: true } });
  });

  it('streams jobs to an SDK stream worker as they are created', async () => {
    const completed: string[] = [];
    const stream = await zbc.streamJobs({
      type: 'court.stream',
      worker: 'stream-worker',
      timeout: 30_000,
      tenantIds: [],
      pollInterval: 0,
      taskHandler: async (job) => {
        completed.push(job.key);
        return job.complete();
      },
    });
    await waitFor(() => harness.engine.listenerCount('court.stream') === 1);

    const first = harness.engine.createJob('court.stream');
    const second = harness.engine.createJob('court.stream');
    await waitFor(() => completed.length === 2);
    // the SDK prints the stream's "Cancelled on client" when its own close cancels it
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    stream.close();

    expect(completed).toEqual([first, second]);
    const activations = harness.engine.commands('activateJobs') as { type: string; worker: string; timeout: number }[];
    expect(activations.filter((a) => a.type === 'court.stream')).toContainEqual(
      expect.objectContaining({ worker: 'stream-worker', timeout: 30_000, maxJobsToActivate: 1, tenantIds: ['<default>'] }),
    );
    await waitFor(() => harness.engine.listenerCount('court.stream') === 0);
    quiet.mockRestore();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
