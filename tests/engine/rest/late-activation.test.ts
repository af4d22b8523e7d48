/**
 * A REST long poll (`POST /v2/jobs/activation`, Camunda 7's `fetchAndLock`) must not leave a
 * job ACTIVATED for a client that went away while the activation waited in the engine's queue:
 * the engine asks whether the request is still wanted when it processes the activation, and
 * jobs activated for a client that has gone are handed back. Here a slow batch (2 s) sits
 * between the job's creation (which wakes the poll) and the activation, and the client
 * disconnects during it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/src/engine.js';
import { createProcessInstance } from '../../../engine/src/processing/process-instance/process-instance-create.processor.js';
import type { StreamProcessor } from '../../../engine/src/processing/stream-processor.js';
import { ok } from '../../../engine/src/util/result.js';
import { eventually, sleep } from '../../support/clients.js';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { oneServiceTask as oneTask } from '../../support/models.js';

let server: TestEngineServer;

beforeAll(async () => {
  server = await startTestEngineServer();
  await server.engine.deploy([
    { name: 'rest-late.bpmn', content: Buffer.from(oneTask('restLate', 'rest.late')) },
    { name: 'c7-late.bpmn', content: Buffer.from(oneTask('c7Late', 'c7.late')) },
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const internals = (engine: Engine) => engine as unknown as { processor: StreamProcessor; jobListeners: Map<string, Set<() => void>> };

async function jobsOf(type: string) {
  return server.engine.db.query<{ key: string; state: string; worker: string | null }>('SELECT key, state, worker FROM engine.job WHERE type = $1', [type]);
}

/** opens the long poll, then creates the job behind which a 2 s batch waits; the client leaves during it */
async function clientLeavesWhileActivationQueued(type: string, bpmnProcessId: string, request: (signal: AbortSignal) => Promise<Response>) {
  const { processor, jobListeners } = internals(server.engine);
  const client = new AbortController();
  const answered = request(client.signal).catch((e: Error) => e);
  await eventually(async () => (jobListeners.get(type)?.size ?? 0) > 0, 20_000, 'the long poll to wait for jobs');
  const created = await processor.submit(async (ctx) => {
    const result = await createProcessInstance(ctx, { bpmnProcessId, version: -1, variables: {}, tenantId: '<default>' }, false);
    void processor.submit(async () => {
      await sleep(2_000);
      return ok(undefined);
    });
    return result;
  });
  if (!created.ok) throw new Error(created.error.reason);
  await sleep(300);
  client.abort();
  expect(await answered).toBeInstanceOf(Error);
  // after the slow batch and the queued activation: the job is there for the next worker
  await sleep(2_500);
  await eventually(async () => (await jobsOf(type)).length === 1, 10_000, 'the job to exist');
  const activated = await server.engine.activateJobs({ type, worker: 'next', timeout: 60_000, maxJobsToActivate: 1 });
  if (!activated.ok) throw new Error(activated.error.reason);
  return { activated: activated.value, jobs: await jobsOf(type) };
}

describe('REST activation for a client that has gone', () => {
  it('/v2/jobs/activation: the job goes to the next worker, not to the request that was given up', async () => {
    const { activated, jobs } = await clientLeavesWhileActivationQueued('rest.late', 'restLate', (signal) =>
      fetch(`${server.httpUrl}/v2/jobs/activation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'rest.late', worker: 'gone', timeout: 120_000, maxJobsToActivate: 1, requestTimeout: 20_000 }),
        signal,
      }),
    );
    expect(activated.map((j) => j.worker)).toEqual(['next']);
    expect(jobs).toEqual([expect.objectContaining({ state: 'ACTIVATED', worker: 'next' })]);
  }, 60_000);

  it('fetchAndLock (Camunda 7): the task is not locked for a worker that has gone', async () => {
    const { activated } = await clientLeavesWhileActivationQueued('c7.late', 'c7Late', (signal) =>
      fetch(`${server.httpUrl}/engine-rest/external-task/fetchAndLock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workerId: 'gone', maxTasks: 1, asyncResponseTimeout: 20_000, topics: [{ topicName: 'c7.late', lockDuration: 120_000 }] }),
        signal,
      }),
    );
    expect(activated.map((j) => j.worker)).toEqual(['next']);
  }, 60_000);
});
