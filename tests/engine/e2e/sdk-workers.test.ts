/**
 * The official Camunda 8 SDK against the engine through the gRPC gateway: deployment,
 * instance creation with and without result, workers that complete, fail and throw, long
 * polling, and job time-outs on the controlled clock.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { eventually, sdkClient, sleep } from '../../support/clients.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('Camunda 8 SDK against the engine', () => {
  let server: TestEngineServer;
  let zeebe: ReturnType<typeof sdkClient>;
  const workers: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    server = await startTestEngineServer({ clockControlled: true });
    zeebe = sdkClient(server.grpcAddress);
    const deployment = await zeebe.deployResource({ processFilename: fixture('order.bpmn') });
    expect(deployment.deployments[0]?.process?.bpmnProcessId).toBe('order');
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await zeebe?.close();
    await server?.close();
  });

  /** the order model under another process id, with its job types prefixed, so tests do not share workers */
  const deployCopy = async (id: string) => {
    const xml = fs.readFileSync(fixture('order.bpmn'), 'utf8').replaceAll('"order"', `"${id}"`).replaceAll('type="order.', `type="${id}.`);
    await zeebe.deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
  };
  const instanceState = async (key: string) =>
    (await server.engine.db.query<{ state: string }>('SELECT state FROM engine.element_instance WHERE key = $1', [key]))[0]?.state;
  const completedElements = async (key: string) =>
    (
      await server.engine.db.query<{ element_id: string }>(
        `SELECT element_id FROM engine.element_instance WHERE process_instance_key = $1 AND state = 'COMPLETED' ORDER BY key`,
        [key],
      )
    ).map((r) => r.element_id);

  it('deploys again without a new version when the model is unchanged', async () => {
    const again = await zeebe.deployResource({ processFilename: fixture('order.bpmn') });
    expect(again.deployments[0]?.process?.version).toBe(1);
    const changed = fs.readFileSync(fixture('order.bpmn'), 'utf8').replace('retries="2"', 'retries="3"');
    const next = await zeebe.deployResource({ process: Buffer.from(changed), name: 'order.bpmn' });
    expect(next.deployments[0]?.process?.version).toBe(2);
  });

  it('runs instances to completion with workers that complete jobs, and returns the result', async () => {
    workers.push(
      zeebe.createWorker({
        taskType: 'order.check',
        taskHandler: (job) => job.complete({ checked: true, court: job.customHeaders.court }),
      }),
      zeebe.createWorker({ taskType: 'order.large', taskHandler: (job) => job.complete({ route: 'large' }) }),
      zeebe.createWorker({ taskType: 'order.small', taskHandler: (job) => job.complete({ route: 'small' }) }),
    );
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'order', variables: { amount: 80_000 }, requestTimeout: 10_000 });
    expect(result.variables).toEqual({ amount: 80_000, checked: true, court: '豫1330', route: 'large' });

    const created = await zeebe.createProcessInstance({ bpmnProcessId: 'order', variables: { amount: 100 } });
    await eventually(async () => (await instanceState(created.processInstanceKey)) === 'COMPLETED', 10_000, 'instance to complete');
    expect(await completedElements(created.processInstanceKey)).toEqual(['order', 'start', 'check', 'decide', 'small', 'end-small']);
  });

  it('retries a failed job and raises an incident when its retries run out', async () => {
    let attempts = 0;
    workers.push(
      zeebe.createWorker({
        taskType: 'flaky.check',
        taskHandler: (job) => (++attempts < 2 ? job.fail({ errorMessage: '查控系统暂不可用', retries: job.retries - 1 }) : job.complete({ attempts })),
      }),
      zeebe.createWorker({ taskType: 'flaky.small', taskHandler: (job) => job.complete() }),
    );
    await deployCopy('flaky');
    const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'flaky', variables: { amount: 1 }, requestTimeout: 10_000 });
    expect(result.variables.attempts).toBe(2);

    await deployCopy('hard');
    const failing = await zeebe.createProcessInstance({ bpmnProcessId: 'hard', variables: { amount: 1 } });
    const [job] = await zeebe.activateJobs({ type: 'hard.check', worker: 'hard', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 2_000 });
    await zeebe.failJob({ jobKey: job!.key, retries: 0, errorMessage: '银行接口返回错误', retryBackOff: 0 });
    const incidents = await eventually(async () => {
      const rows = await server.engine.db.query<{ error_type: string; error_message: string }>(
        'SELECT error_type, error_message FROM engine.incident WHERE process_instance_key = $1',
        [failing.processInstanceKey],
      );
      return rows.length > 0 && rows;
    });
    expect(incidents).toEqual([{ error_type: 'JOB_NO_RETRIES', error_message: '银行接口返回错误' }]);
  });

  it('routes a BPMN error thrown by a worker to the error boundary event', async () => {
    await deployCopy('thrown');
    workers.push(zeebe.createWorker({ taskType: 'thrown.check', taskHandler: (job) => job.error({ errorCode: 'REJECTED', errorMessage: '不予受理', variables: { reason: '不予受理' } }) }));
    const pi = await zeebe.createProcessInstance({ bpmnProcessId: 'thrown', variables: { amount: 5 } });
    await eventually(async () => (await instanceState(pi.processInstanceKey)) === 'COMPLETED');
    expect(await completedElements(pi.processInstanceKey)).toEqual(['thrown', 'start', 'rejected', 'rejected-end']);
  });

  it('answers a long poll as soon as a job is created', async () => {
    const polling = zeebe.activateJobs({ type: 'longpoll.check', worker: 'poller', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 8_000 });
    await sleep(300);
    await deployCopy('longpoll');
    const pi = await zeebe.createProcessInstance({ bpmnProcessId: 'longpoll', variables: { amount: 1 } });
    const jobs = await polling;
    expect(jobs.map((j) => j.processInstanceKey)).toEqual([pi.processInstanceKey]);
  });

  it('gives a job that timed out to the next worker (controlled clock)', async () => {
    await deployCopy('timeout');
    await zeebe.createProcessInstance({ bpmnProcessId: 'timeout', variables: { amount: 1 } });
    const [first] = await zeebe.activateJobs({ type: 'timeout.check', worker: 'slow', maxJobsToActivate: 1, timeout: 300_000, requestTimeout: 2_000 });
    expect(first).toBeDefined();
    expect(await zeebe.activateJobs({ type: 'timeout.check', worker: 'other', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 })).toEqual([]);
    // five minutes pass on the engine's clock, through Zeebe's actuator endpoint
    const res = await fetch(`${server.httpUrl}/actuator/clock/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetMilli: 300_001 }) });
    expect(res.status).toBe(200);
    const [again] = await eventually(async () => {
      const jobs = await zeebe.activateJobs({ type: 'timeout.check', worker: 'other', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 });
      return jobs.length > 0 && jobs;
    });
    expect(again!.key).toBe(first!.key);
    expect(again!.worker).toBe('other');
    await expect(zeebe.completeJob({ jobKey: first!.key, variables: {} })).resolves.toBeDefined();
  });
});
