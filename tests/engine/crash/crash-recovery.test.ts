/**
 * Crash recovery: the engine runs as its own process while Camunda 8 SDK workers drive
 * instances of a two-task process; mid-way it is killed with SIGKILL and started again on the
 * same storage (a PGlite folder, or a fresh PostgreSQL database with DATABASE_URL) and ports.
 * The workers reconnect and carry on. Afterwards the storage shows that
 * - every instance the engine acknowledged completed, each element exactly once;
 * - no job completion was applied twice: one JOB COMPLETED per job, one ELEMENT_COMPLETED per
 *   element instance, and a CompleteJob for a job already completed was rejected NOT_FOUND;
 * - jobs a worker held when the engine died timed out after the restart and were handed out
 *   and completed again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Camunda8 } from '@camunda8/sdk';
import { openDatabase } from '../../../engine/src/state/db.js';
import { createTestStorage, type TestStorage } from '../../support/database.js';
import { eventually, sleep } from '../../support/clients.js';
import { EngineProcess, freePorts } from './engine-process.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'crash-recovery.bpmn');
const PROCESS_ID = 'crash-recovery';
const INSTANCES = 200;
const JOBS = INSTANCES * 2; // two service tasks
/** once this many jobs were completed (and acknowledged), a holding worker starts; the engine dies as soon as it holds jobs */
const KILL_AFTER_COMPLETIONS = Math.ceil(JOBS / 3);
const HOLDER_TIMEOUT_MS = 4_000;
const WORKER_TIMEOUT_MS = 6_000;
const HOLDER = 'holder';
const ACK = 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
/** PGlite's start on a loaded machine can be slow */
const STARTUP_TIMEOUT_MS = 45_000;

type Phase = 'before-kill' | 'down' | 'after-restart';

interface Completion {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  worker: string;
  phase: Phase;
}

interface FailedCompletion extends Completion {
  code: number | undefined;
  message: string;
}

interface JobRecord {
  position: string;
  key: string;
  record_type: string;
  value_type: string;
  intent: string;
  rejection_type: string | null;
  timestamp: string;
  value: { worker?: string; jobKeys?: string[] };
}

/** what the storage holds once the engine has stopped */
interface Stored {
  processInstances: { key: string; state: string }[];
  elements: { key: string; process_instance_key: string; element_id: string; state: string }[];
  jobs: { key: string; state: string; process_instance_key: string; element_id: string }[];
  jobRecords: JobRecord[];
  elementCompletedTwice: { key: string; n: number }[];
  jobCompletedTwice: { key: string; n: number }[];
}

/** plain-text gRPC, quiet logs; unlike the other tests' client it retries while the engine is away */
function reconnectingClient(address: string) {
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${address}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    // a worker whose poll failed (e.g. INTERNAL) waits at most a second before it polls again
    CAMUNDA_JOB_WORKER_MAX_BACKOFF_MS: 1_000,
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: true,
      // about a retry a second, for at most ~60 s
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: 60,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 1,
      ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 2,
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 100,
      // reconnect quickly once the engine listens again (the SDK hands these to grpc-js as numbers)
      GRPC_INITIAL_RECONNECT_BACKOFF_MS: 100 as unknown as string,
      GRPC_MIN_RECONNECT_BACKOFF_MS: 100 as unknown as string,
      GRPC_MAX_RECONNECT_BACKOFF_MS: 500 as unknown as string,
    },
  });
  return camunda.getZeebeGrpcApiClient();
}

/** `promise`, or an error once `ms` have passed */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('crash recovery: SIGKILL while workers drive instances, restart on the same storage', () => {
  let storage: TestStorage;
  let tempDir: string;
  /** the PGlite data folder (without DATABASE_URL) */
  let dataDir: string | undefined;
  let engine: EngineProcess;
  let zeebe: ReturnType<typeof reconnectingClient>;
  const workers: { close(): Promise<unknown> }[] = [];

  let phase: Phase = 'before-kill';
  let killedAt = 0;
  let markKilled!: () => void;
  const killed = new Promise<void>((resolve) => (markKilled = resolve));
  /** set when the test is torn down: handlers that still wait stop waiting */
  let aborted = false;

  const acknowledged: string[] = [];
  /** instances whose jobs reached a worker (includes any created by a retried, already applied creation) */
  const touched = new Set<string>();
  const creationErrors: string[] = [];
  const completions: Completion[] = [];
  const failedCompletions: FailedCompletion[] = [];
  /** jobs the holding worker had activated when the engine died */
  const held: Completion[] = [];
  /** what became of the holder's late CompleteJob, by job key */
  const lateCompletion = new Map<string, { accepted: boolean; code?: number }>();
  let stored: Stored | undefined;
  /** the instances that must have completed: acknowledged ones and any other a worker saw */
  let expected: string[] = [];

  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-crash-'));
    storage = await createTestStorage();
    // PGlite keeps its data in a folder, which the restarted engine opens again
    dataDir = storage.databaseUrl ? undefined : path.join(tempDir, 'pglite');
    const [grpcPort, httpPort] = await freePorts(2);
    engine = new EngineProcess({
      grpcPort: grpcPort!,
      httpPort: httpPort!,
      databaseUrl: storage.databaseUrl,
      dataDir,
      deployDir: path.join(tempDir, 'no-models'),
    });
    await engine.start(STARTUP_TIMEOUT_MS);
    zeebe = reconnectingClient(engine.grpcAddress);
    const deployment = await zeebe.deployResource({ processFilename: FIXTURE });
    expect(deployment.deployments[0]?.process?.bpmnProcessId).toBe(PROCESS_ID);
  });

  afterAll(async () => {
    aborted = true;
    markKilled();
    engine?.signal('SIGKILL');
    // closing the client ends the SDK's retries; workers close once their handlers returned
    await Promise.race([Promise.allSettled([zeebe?.close(), ...workers.map((w) => w.close())]), sleep(5_000)]);
    await engine?.kill();
    await storage?.drop().catch(() => undefined);
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  /** what the handlers use of an SDK job */
  interface Job {
    key: string;
    processInstanceKey: string;
    elementId: string;
    complete(variables?: Record<string, unknown>): Promise<typeof ACK>;
  }

  const complete = async (job: Job, worker: string) => {
    touched.add(job.processInstanceKey);
    const seen = { jobKey: job.key, processInstanceKey: job.processInstanceKey, elementId: job.elementId, worker, phase };
    try {
      const ack = await job.complete({ [`${job.elementId}By`]: worker });
      completions.push({ ...seen, phase });
      return ack;
    } catch (e) {
      const error = e as { code?: number; message?: string };
      failedCompletions.push({ ...seen, phase, code: error.code, message: String(error.message) });
      return ACK;
    }
  };

  it('keeps driving instances through a SIGKILL and a restart', { timeout: 120_000 }, async () => {
    const startedAt = Date.now();
    workers.push(
      zeebe.createWorker({
        id: 'prepare-worker',
        taskType: 'crash.prepare',
        timeout: WORKER_TIMEOUT_MS,
        maxJobsToActivate: 16,
        taskHandler: (job) => complete(job, 'prepare-worker'),
      }),
      zeebe.createWorker({
        id: 'settle-worker',
        taskType: 'crash.settle',
        timeout: WORKER_TIMEOUT_MS,
        maxJobsToActivate: 16,
        taskHandler: async (job) => {
          // near the kill it gets busy: the jobs it takes then are still in its hands when the
          // engine dies (it completes them once the engine is back), and the settle jobs that
          // queue up meanwhile go to the holder below
          if (phase === 'before-kill' && completions.length >= KILL_AFTER_COMPLETIONS) await killed;
          return complete(job, 'settle-worker');
        },
      }),
    );

    // instances are created while the workers run; a creation caught by the kill is retried
    let next = 0;
    const creating = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < INSTANCES) {
          next++;
          try {
            const created = await zeebe.createProcessInstance({ bpmnProcessId: PROCESS_ID, variables: { n: next } });
            if (created?.processInstanceKey) acknowledged.push(created.processInstanceKey);
          } catch (e) {
            creationErrors.push(String((e as Error).message));
          }
        }
      }),
    );

    // a worker with a long handler: it holds the jobs it activates until the engine has died,
    // and finishes them only once they timed out and another worker completed them; the engine
    // is killed right after it took them
    await eventually(async () => completions.length >= KILL_AFTER_COMPLETIONS, 20_000, `${KILL_AFTER_COMPLETIONS} completed jobs`);
    workers.push(
      zeebe.createWorker({
        id: HOLDER,
        taskType: 'crash.settle',
        timeout: HOLDER_TIMEOUT_MS,
        // it asks for no more jobs while it holds any (the SDK refills below 30 % of this)
        maxJobsToActivate: 3,
        taskHandler: async (job) => {
          if (phase !== 'before-kill') return complete(job, HOLDER);
          touched.add(job.processInstanceKey);
          held.push({ jobKey: job.key, processInstanceKey: job.processInstanceKey, elementId: job.elementId, worker: HOLDER, phase });
          await killed;
          await eventually(async () => aborted || completions.some((c) => c.jobKey === job.key), 40_000, `job ${job.key} to be completed by another worker`).catch(
            () => undefined,
          );
          try {
            const ack = await job.complete({ settleBy: HOLDER });
            lateCompletion.set(job.key, { accepted: true });
            return ack;
          } catch (e) {
            lateCompletion.set(job.key, { accepted: false, code: (e as { code?: number }).code });
            return ACK;
          }
        },
      }),
    );
    await eventually(async () => held.length > 0, 20_000, 'the holder to hold jobs');

    // the crash
    const completedBeforeKill = completions.length;
    await engine.kill();
    killedAt = Date.now();
    phase = 'down';
    markKilled();
    await sleep(200);
    await engine.start(STARTUP_TIMEOUT_MS);
    phase = 'after-restart';

    await creating;
    const settled = (pi: string) =>
      completions.some((c) => c.processInstanceKey === pi && c.elementId === 'settle') ||
      failedCompletions.some((c) => c.processInstanceKey === pi && c.elementId === 'settle' && c.code === 5);
    await eventually(
      async () => acknowledged.every(settled) && [...touched].every(settled) && lateCompletion.size === held.length,
      45_000,
      'every instance to be settled and the holder to finish',
    );
    expected = [...new Set([...acknowledged, ...touched])];

    await within(Promise.all(workers.splice(0).map((w) => w.close())), 10_000, 'the workers to close');
    await engine.stop();
    stored = await readStorage();

    console.info(
      `crash recovery (${storage.databaseUrl ? 'PostgreSQL' : 'PGlite folder'}): ${acknowledged.length} instances acknowledged, ` +
        `${completedBeforeKill} jobs completed before the kill, ${completions.filter((c) => c.phase === 'after-restart').length} after the restart, ` +
        `${failedCompletions.length} completions rejected or failed (${failedCompletions.map((f) => f.code).join(', ') || 'none'}), ` +
        `${held.length} jobs held by the worker that outlived the engine, ` +
        `${stored.processInstances.length - acknowledged.length} unacknowledged instances (a creation applied, its answer lost, retried), ` +
        `${creationErrors.length} failed creations, ${Date.now() - startedAt} ms`,
    );

    expect(creationErrors).toEqual([]);
    expect(acknowledged).toHaveLength(INSTANCES);
    expect(held.length).toBeGreaterThan(0);
    // the workers carried on after the restart
    expect(completions.filter((c) => c.phase === 'after-restart').length).toBeGreaterThan(0);
  });

  async function readStorage(): Promise<Stored> {
    // PGlite opens a folder in one process at a time: the engine has stopped by now
    const db = await openDatabase({ url: storage.databaseUrl, dataDir, poolSize: 1 });
    try {
      return {
        processInstances: await db.query(`SELECT key, state FROM engine.element_instance WHERE element_type = 'PROCESS' AND bpmn_process_id = $1`, [PROCESS_ID]),
        elements: await db.query(`SELECT key, process_instance_key, element_id, state FROM engine.element_instance WHERE bpmn_process_id = $1`, [PROCESS_ID]),
        jobs: await db.query(`SELECT key, state, process_instance_key, element_id FROM engine.job WHERE bpmn_process_id = $1`, [PROCESS_ID]),
        jobRecords: await db.query(
          `SELECT position::text AS position, key, record_type, value_type, intent, rejection_type, timestamp::text AS timestamp, value
             FROM engine.record WHERE value_type IN ('JOB', 'JOB_BATCH') ORDER BY position`,
        ),
        elementCompletedTwice: await db.query(
          `SELECT key, count(*)::int AS n FROM engine.record
            WHERE record_type = 'EVENT' AND value_type = 'PROCESS_INSTANCE' AND intent = 'ELEMENT_COMPLETED'
            GROUP BY key HAVING count(*) > 1`,
        ),
        jobCompletedTwice: await db.query(
          `SELECT key, count(*)::int AS n FROM engine.record
            WHERE record_type = 'EVENT' AND value_type = 'JOB' AND intent = 'COMPLETED'
            GROUP BY key HAVING count(*) > 1`,
        ),
      };
    } finally {
      await db.close();
    }
  }

  const storedState = () => {
    if (!stored) throw new Error('the crash run did not finish; see the first test');
    return stored;
  };

  it('completes every acknowledged instance, each element exactly once', () => {
    const { processInstances, elements } = storedState();
    const state = new Map(processInstances.map((p) => [p.key, p.state]));
    expect(acknowledged.filter((pi) => state.get(pi) !== 'COMPLETED')).toEqual([]);
    // as did instances whose creation was applied but not acknowledged (a retried creation), if any
    expect(expected.filter((pi) => state.get(pi) !== 'COMPLETED')).toEqual([]);

    const byInstance = new Map<string, { element_id: string; state: string }[]>();
    for (const e of elements) byInstance.set(e.process_instance_key, [...(byInstance.get(e.process_instance_key) ?? []), e]);
    for (const pi of expected) {
      const ofInstance = byInstance.get(pi) ?? [];
      expect(ofInstance.map((e) => e.element_id).sort(), `elements of instance ${pi}`).toEqual(['crash-recovery', 'end', 'prepare', 'settle', 'start']);
      expect(ofInstance.filter((e) => e.state !== 'COMPLETED'), `instance ${pi}`).toEqual([]);
    }
  });

  it('applies no job completion twice', () => {
    const { jobs, jobRecords, elementCompletedTwice, jobCompletedTwice } = storedState();
    expect(jobCompletedTwice).toEqual([]);
    expect(elementCompletedTwice).toEqual([]);
    const expectedInstances = new Set(expected);
    expect(jobs.filter((j) => expectedInstances.has(j.process_instance_key) && j.state !== 'COMPLETED')).toEqual([]);

    const completedAt = new Map<string, bigint>();
    for (const r of jobRecords) if (r.record_type === 'EVENT' && r.value_type === 'JOB' && r.intent === 'COMPLETED') completedAt.set(r.key, BigInt(r.position));
    // one JOB COMPLETED per job of the expected instances, two jobs per instance
    const expectedJobs = jobs.filter((j) => expectedInstances.has(j.process_instance_key));
    expect(expectedJobs).toHaveLength(expected.length * 2);
    expect(expectedJobs.filter((j) => !completedAt.has(j.key))).toEqual([]);

    // a worker heard "completed" at most once per job and per task of an instance
    const acked = completions.map((c) => c.jobKey);
    expect(new Set(acked).size).toBe(acked.length);
    const tasks = completions.map((c) => `${c.processInstanceKey}/${c.elementId}`);
    expect(new Set(tasks).size).toBe(tasks.length);
    expect(acked.filter((k) => !completedAt.has(k))).toEqual([]);

    // every CompleteJob that came after the completion was rejected NOT_FOUND, never applied
    const rejections = jobRecords.filter((r) => r.record_type === 'COMMAND_REJECTION' && r.value_type === 'JOB' && r.intent === 'COMPLETE');
    expect(rejections.length).toBeGreaterThanOrEqual(held.length);
    for (const r of rejections) {
      expect(r.rejection_type, `rejection of job ${r.key}`).toBe('NOT_FOUND');
      expect(completedAt.get(r.key), `job ${r.key} completed before its rejected CompleteJob`).toBeLessThan(BigInt(r.position));
    }
    // workers heard those rejections as NOT_FOUND (gRPC 5): typically a CompleteJob the engine had
    // applied just before the kill, whose answer was lost, retried by the SDK after the restart
    for (const f of failedCompletions.filter((f) => f.code === 5)) {
      expect(rejections.some((r) => r.key === f.jobKey), `CompleteJob of job ${f.jobKey} rejected`).toBe(true);
    }
  });

  it('times out the jobs a worker held when the engine died, and hands them out again', () => {
    const { jobRecords } = storedState();
    expect(held.length).toBeGreaterThan(0);
    for (const { jobKey } of held) {
      const ofJob = jobRecords.filter((r) => r.key === jobKey || (r.value_type === 'JOB_BATCH' && r.value.jobKeys?.includes(jobKey)));
      const timedOut = ofJob.findIndex((r) => r.record_type === 'EVENT' && r.value_type === 'JOB' && r.intent === 'TIMED_OUT');
      expect(timedOut, `job ${jobKey} timed out`).toBeGreaterThanOrEqual(0);
      // nothing ran while the engine was down: a time-out after the kill is the restarted engine's
      expect(Number(ofJob[timedOut]!.timestamp), `job ${jobKey} timed out after the restart`).toBeGreaterThanOrEqual(killedAt);
      const after = ofJob.slice(timedOut + 1);
      const reactivated = after.findIndex((r) => r.value_type === 'JOB_BATCH' && r.intent === 'ACTIVATED');
      expect(reactivated, `job ${jobKey} activated again after its time-out`).toBeGreaterThanOrEqual(0);
      const completed = after.findIndex((r) => r.record_type === 'EVENT' && r.value_type === 'JOB' && r.intent === 'COMPLETED');
      expect(completed, `job ${jobKey} completed after it was activated again`).toBeGreaterThan(reactivated);

      // the holder's own CompleteJob came too late: rejected, not applied
      expect(lateCompletion.get(jobKey)).toEqual({ accepted: false, code: 5 });
      expect(completions.filter((c) => c.jobKey === jobKey), `job ${jobKey} completed by another activation`).toHaveLength(1);
    }
  });
});
