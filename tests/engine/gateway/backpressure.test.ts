/**
 * Back-pressure as Zeebe's: while the engine is behind, new work (CreateProcessInstance) is
 * refused with RESOURCE_EXHAUSTED and Zeebe's text, and commands that finish work (CompleteJob)
 * are never refused and are processed before the creations that were queued earlier.
 *
 * The engine is held "behind" deterministically: a command in the stream processor waits on a
 * gate that the test opens, so the queue of creations ages while the test watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERLOADED_ALL_PARTITIONS } from '../../../engine/src/engine-api.js';
import type { Engine } from '../../../engine/src/engine.js';
import type { StreamProcessor } from '../../../engine/src/processing/stream-processor.js';
import { startEngineServer, type EngineServer } from '../../../engine/src/server.js';
import { ok } from '../../../engine/src/util/result.js';
import { eventually, sdkClient, sleep } from '../../support/clients.js';
import { createTestStorage, type TestStorage } from '../../support/database.js';
import { oneServiceTask as oneTask } from '../../support/models.js';

const MAX_QUEUE_LATENCY_MS = 300;
const MIN_QUEUED = 10;

let storage: TestStorage;
let server: EngineServer;
let zbc: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  storage = await createTestStorage();
  server = await startEngineServer({
    grpcPort: 0,
    httpPort: 0,
    databaseUrl: storage.databaseUrl,
    dataDir: storage.dataDir,
    backpressure: { maxQueueLatencyMs: MAX_QUEUE_LATENCY_MS, minQueued: MIN_QUEUED },
    // the queue below (20 creations, 3 completions) is more than a batch: completions go first
    maxBatchSize: 16,
    logger: { info: () => undefined, error: console.error },
  });
  zbc = sdkClient(`127.0.0.1:${server.grpcPort}`); // no client retries: the test sees each refusal
  await zbc.deployResource({ name: 'flood.bpmn', process: Buffer.from(oneTask('flood', 'flood.work')) });
}, 60_000);

afterAll(async () => {
  await zbc?.close();
  await server?.close();
  await storage?.drop();
});

const internals = (engine: Engine) => engine as unknown as { processor: StreamProcessor };

/** positions of the records matching `where` (SQL over engine.record) */
async function positions(engine: Engine, where: string, params: unknown[]): Promise<bigint[]> {
  const rows = await engine.db.query<{ position: string }>(`SELECT position::text AS position FROM engine.record WHERE ${where} ORDER BY position`, params);
  return rows.map((r) => BigInt(r.position));
}

describe('back-pressure', () => {
  it('refuses creations while the engine is behind, and never the completions, which go first', async () => {
    const { processor } = internals(server.engine);
    // given: three activated jobs
    for (let i = 0; i < 3; i++) await zbc.createProcessInstance({ bpmnProcessId: 'flood', variables: {} });
    const jobs = await zbc.activateJobs({ type: 'flood.work', worker: 'w', timeout: 60_000, maxJobsToActivate: 3, requestTimeout: 5_000 });
    expect(jobs).toHaveLength(3);

    // and: the engine is busy with a batch that lasts until the gate opens
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const busy = processor.submit(async () => {
      await gate;
      return ok(undefined);
    });
    const refusedBefore = processor.stats.refused;
    try {
      // when: creations flood in and wait longer than the limit
      const queued = Array.from({ length: 2 * MIN_QUEUED }, () => zbc.createProcessInstance({ bpmnProcessId: 'flood', variables: {} }));
      await eventually(async () => processor.queued.newWork >= 2 * MIN_QUEUED, 20_000, 'the creations to queue');
      await sleep(MAX_QUEUE_LATENCY_MS + 200);
      const refused = await Promise.all(
        Array.from({ length: 5 }, () => zbc.createProcessInstance({ bpmnProcessId: 'flood', variables: {} }).then(() => 'created', (e: unknown) => e)),
      );
      // and the workers complete their jobs meanwhile
      const completions = jobs.map((job) => zbc.completeJob({ jobKey: job.key, variables: { done: true } }));
      await eventually(async () => processor.queued.urgent >= 3, 20_000, 'the completions to queue');
      openGate();

      // then: the late creations are refused with Zeebe's RESOURCE_EXHAUSTED text
      for (const error of refused) expect(error).toMatchObject({ code: 8, details: OVERLOADED_ALL_PARTITIONS });
      expect(processor.stats.refused - refusedBefore).toBe(5);
      // the completions all get through, and the creations queued before them too
      await Promise.all(completions);
      const created = await Promise.all(queued);
      expect(created).toHaveLength(2 * MIN_QUEUED);

      // the completions were processed before the creations that had waited longer
      const completed = await positions(server.engine, `value_type = 'JOB' AND record_type = 'COMMAND' AND intent = 'COMPLETE'`, []);
      const creations = await positions(server.engine, `value_type = 'PROCESS_INSTANCE_CREATION' AND record_type = 'COMMAND'`, []);
      expect(completed).toHaveLength(3);
      const afterFirstCompletion = creations.filter((p) => p > completed[0]!);
      expect(afterFirstCompletion).toHaveLength(2 * MIN_QUEUED);
      expect(afterFirstCompletion.every((p) => p > completed.at(-1)!)).toBe(true);
    } finally {
      openGate();
      await busy;
    }

    // and once the engine has caught up, creations are taken again
    await expect(zbc.createProcessInstance({ bpmnProcessId: 'flood', variables: {} })).resolves.toMatchObject({ bpmnProcessId: 'flood' });
  }, 90_000);
});
