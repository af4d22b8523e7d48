/**
 * A job must never be activated for a long poll that its SDK worker has already given up on.
 *
 * The SDK (`GrpcClient`) does not cancel an ActivateJobs call when it stops waiting: it ends
 * the stream on its side `requestTimeout + 1 s` after sending it, opens the next poll, and
 * silently drops anything the old call still delivers. When the engine is busy (a slow batch
 * on a loaded machine), the activation a jobs-available notification triggers can be processed
 * after that moment; the job was then ACTIVATED for a call nobody reads any more and waited for
 * its timeout (forever on a pinned clock: the process tests' hang). Here a slow batch (2.5 s)
 * sits between the notification and the activation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/src/engine.js';
import { createProcessInstance } from '../../../engine/src/processing/process-instance/process-instance-create.processor.js';
import type { StreamProcessor } from '../../../engine/src/processing/stream-processor.js';
import { ok } from '../../../engine/src/util/result.js';
import { eventually, sdkClient, sleep } from '../../support/clients.js';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { oneServiceTask as oneTask } from '../../support/models.js';

let server: TestEngineServer;
let zbc: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  server = await startTestEngineServer();
  // the SDK stops reading a poll 1 s + 1 s after sending it
  zbc = sdkClient(server.grpcAddress, { longPollSeconds: 1 });
  await zbc.deployResource({ name: 'late.bpmn', process: Buffer.from(oneTask('late', 'late.activation')) });
}, 60_000);

afterAll(async () => {
  await zbc?.close();
  await server?.close();
});

const internals = (engine: Engine) => engine as unknown as { processor: StreamProcessor; jobListeners: Map<string, Set<() => void>> };

describe('activation for a long poll the SDK has given up on', () => {
  it('hands the job to the worker that polls next, not to the poll it stopped reading', async () => {
    const { processor, jobListeners } = internals(server.engine);
    const handled: string[] = [];
    const worker = zbc.createWorker({
      taskType: 'late.activation',
      timeout: 120_000,
      taskHandler: (job) => {
        handled.push(job.key);
        return job.complete();
      },
    });
    try {
      // given: the worker's poll is open (subscribed for notifications)
      await eventually(async () => (jobListeners.get('late.activation')?.size ?? 0) > 0, 20_000, 'the worker to poll');

      // when: a job is created, and before the activation that its notification triggers, the
      // engine spends 2.5 s on another batch (the poll's 1 s + the SDK's 1 s pass meanwhile)
      const created = await processor.submit(async (ctx) => {
        const result = await createProcessInstance(ctx, { bpmnProcessId: 'late', version: -1, variables: {}, tenantId: '<default>' }, false);
        void processor.submit(async () => {
          await sleep(2_500);
          return ok(undefined);
        });
        return result;
      });
      if (!created.ok) throw new Error(created.error.reason);

      // then: the worker gets the job from its next poll, long before the job's 120 s timeout
      const jobKey = await eventually(async () => handled[0], 15_000, 'the worker to be handed the job').catch(async (error: Error) => {
        const jobs = await server.engine.db.query<{ state: string; worker: string }>(`SELECT state, worker FROM engine.job WHERE type = 'late.activation'`);
        throw new Error(`${error.message}; jobs: ${JSON.stringify(jobs)}`);
      });
      await eventually(async () => {
        const [row] = await server.engine.db.query<{ state: string }>('SELECT state FROM engine.job WHERE key = $1', [jobKey]);
        return row?.state === 'COMPLETED';
      }, 15_000, 'the job to complete');
      expect(handled).toEqual([jobKey]);
    } finally {
      await worker.close(2_000).catch(() => undefined);
    }
  }, 60_000);
});
