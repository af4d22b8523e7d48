/** ActivateJobs long polling and its edges: timeout, no long polling, cancellation, shutdown. */
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient, sdkClient, sleep, startHarness, type Harness, type RawGatewayClient } from './gateway-harness.js';

let harness: Harness;
let zbc: ReturnType<typeof sdkClient>;
let raw: RawGatewayClient;

beforeAll(async () => {
  harness = await startHarness();
  zbc = sdkClient(harness.address);
  raw = rawClient(harness.address);
});

afterAll(async () => {
  raw.close();
  await zbc.close();
  await harness.close();
});

const activation = (type: string, requestTimeout: number) => ({
  type,
  worker: 'test-worker',
  timeout: 60_000,
  maxJobsToActivate: 5,
  requestTimeout,
});

describe('ActivateJobs long polling', () => {
  it('answers as soon as a job appears within the request timeout', async () => {
    const started = Date.now();
    const pending = zbc.activateJobs(activation('lp.appears', 3000));
    await waitFor(() => harness.engine.listenerCount('lp.appears') === 1);
    await sleep(200);

    const jobKey = harness.engine.createJob('lp.appears', { n: 1 });
    const jobs = await pending;

    expect(Date.now() - started).toBeLessThan(1500);
    expect(jobs.map((job) => job.key)).toEqual([jobKey]);
    expect(jobs[0]).toMatchObject({ type: 'lp.appears', worker: 'test-worker', variables: { n: 1 }, tenantId: '<default>' });
    expect(harness.engine.commands('activateJobs').filter(isType('lp.appears'))).toHaveLength(2);
    expect(harness.engine.listenerCount('lp.appears')).toBe(0);
  });

  it('answers with no jobs when the request timeout elapses', async () => {
    const started = Date.now();

    const jobs = await zbc.activateJobs(activation('lp.empty', 400));

    const elapsed = Date.now() - started;
    expect(jobs).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1200); // the SDK would give up by itself at 1400 ms
    expect(harness.engine.commands('activateJobs').filter(isType('lp.empty'))).toHaveLength(1);
  });

  it('does not long-poll when the request timeout is negative', async () => {
    const started = Date.now();

    const jobs = await zbc.activateJobs(activation('lp.negative', -1));

    expect(jobs).toEqual([]);
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('waits for the default (10 s) when the request timeout is 0', async () => {
    const call = raw.ActivateJobs({ ...activation('lp.default', 0), timeout: '60000', requestTimeout: '0' }) as grpc.ClientReadableStream<{
      jobs: { key: string }[];
    }>;
    const received = collect(call);
    await sleep(600);
    expect(received.ended).toBe(false);

    const jobKey = harness.engine.createJob('lp.default');
    await waitFor(() => received.ended);

    expect(received.error).toBeUndefined();
    expect(received.messages.flatMap((m) => m.jobs.map((job) => job.key))).toEqual([jobKey]);
  });

  it('activates nothing for a call the client has cancelled', async () => {
    const call = raw.ActivateJobs({ ...activation('lp.cancelled', 5000), timeout: '60000', requestTimeout: '5000' }) as grpc.ClientReadableStream<unknown>;
    const received = collect(call);
    await waitFor(() => harness.engine.listenerCount('lp.cancelled') === 1);

    call.cancel();
    await waitFor(() => harness.engine.listenerCount('lp.cancelled') === 0);
    const jobKey = harness.engine.createJob('lp.cancelled');
    await sleep(100);

    expect(received.error).toMatchObject({ code: 1 });
    expect(harness.engine.commands('activateJobs').filter(isType('lp.cancelled'))).toHaveLength(1);
    expect(harness.engine.activated.filter((job) => job.type === 'lp.cancelled')).toEqual([]);
    expect(harness.engine.jobState(jobKey)).toBe('ACTIVATABLE');
  });

  it('hands jobs back at once when the call is cancelled while their activation is in flight', async () => {
    let open!: () => void;
    harness.engine.activationGate = new Promise<void>((resolve) => (open = resolve));
    const jobKey = harness.engine.createJob('lp.handback');
    const call = raw.ActivateJobs({ ...activation('lp.handback', 5000), timeout: '60000', requestTimeout: '5000' }) as grpc.ClientReadableStream<unknown>;
    const received = collect(call);
    await waitFor(() => harness.engine.commands('activateJobs').filter(isType('lp.handback')).length === 1);

    call.cancel();
    await sleep(50);
    harness.engine.activationGate = undefined;
    open();
    await waitFor(() => harness.engine.commands('failJob').length > 0 && harness.engine.jobState(jobKey) === 'ACTIVATABLE');

    expect(received.messages).toEqual([]);
    expect(harness.engine.activated.map((job) => job.key)).toContain(jobKey);
    expect(harness.engine.commands('failJob').at(-1)).toMatchObject({ jobKey, retries: 3, retryBackOff: 0 });
  });

  it('gives one job to one of two waiting requests; the other keeps waiting', async () => {
    const first = zbc.activateJobs({ ...activation('lp.shared', 800), maxJobsToActivate: 1 });
    const second = zbc.activateJobs({ ...activation('lp.shared', 800), maxJobsToActivate: 1 });
    await waitFor(() => harness.engine.listenerCount('lp.shared') === 2);

    const jobKey = harness.engine.createJob('lp.shared');
    const results = await Promise.all([first, second]);

    expect(results.flat().map((job) => job.key)).toEqual([jobKey]);
  });

  it('streams an engine rejection as the call status', async () => {
    const error = await zbc.activateJobs(activation('', 1000)).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 3,
      details: "Command 'ACTIVATE' rejected with code 'INVALID_ARGUMENT': Expected to activate job batch with type to be present, but it was blank",
    });
  });

  it('carries keys and the deadline as decimal strings on the wire', async () => {
    const jobKey = harness.engine.createJob('lp.wire', {}, { region: '朝阳' });
    const call = raw.ActivateJobs({ ...activation('lp.wire', -1), timeout: '60000', requestTimeout: '-1' }) as grpc.ClientReadableStream<{
      jobs: Record<string, unknown>[];
    }>;
    const received = collect(call);
    await waitFor(() => received.ended);

    const [job] = received.messages[0]!.jobs;
    expect(job).toMatchObject({ key: jobKey, customHeaders: '{"region":"朝阳"}', variables: '{}', retries: 3 });
    expect(job!.deadline).toMatch(/^\d{13}$/);
    expect(job!.processInstanceKey).toMatch(/^\d{16}$/);
  });

  it('ends open long polls without jobs when the gateway closes', async () => {
    const own = await startHarness();
    const client = rawClient(own.address);
    const call = client.ActivateJobs({ ...activation('lp.shutdown', 10_000), timeout: '60000', requestTimeout: '10000' }) as grpc.ClientReadableStream<unknown>;
    const received = collect(call);
    await waitFor(() => own.engine.listenerCount('lp.shutdown') === 1);

    const started = Date.now();
    await own.close();
    await waitFor(() => received.ended);
    client.close();

    expect(Date.now() - started).toBeLessThan(1500);
    expect(received.error).toBeUndefined();
    expect(received.messages).toEqual([]);
  });
});

describe('StreamActivatedJobs', () => {
  it('stops activating while the client does not read, and resumes when it does', async () => {
    const call = raw.StreamActivatedJobs({ type: 'st.slow', worker: 'w', timeout: '60000', fetchVariable: [], tenantIds: [] });
    const received = collect(call as grpc.ClientReadableStream<{ key: string }>);
    call.pause();
    await waitFor(() => harness.engine.listenerCount('st.slow') === 1);

    const payload = 'x'.repeat(20_000);
    for (let i = 0; i < 200; i++) harness.engine.createJob('st.slow', { payload });
    await sleep(300);
    const activatedWhilePaused = harness.engine.activated.filter((job) => job.type === 'st.slow').length;

    call.resume();
    await waitFor(() => received.messages.length === 200, 5000);
    call.cancel();

    expect(activatedWhilePaused).toBeLessThan(100);
    expect(harness.engine.activated.filter((job) => job.type === 'st.slow')).toHaveLength(200);
    await waitFor(() => harness.engine.listenerCount('st.slow') === 0);
  });
});

function isType(type: string) {
  return (input: unknown) => (input as { type: string }).type === type;
}

function collect<T>(call: grpc.ClientReadableStream<T>) {
  const received: { messages: T[]; ended: boolean; error: grpc.ServiceError | undefined } = { messages: [], ended: false, error: undefined };
  call.on('data', (message: T) => received.messages.push(message));
  call.on('error', (error: grpc.ServiceError) => {
    received.error = error;
    received.ended = true;
  });
  call.on('end', () => (received.ended = true));
  return received;
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
