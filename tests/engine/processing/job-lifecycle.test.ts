/**
 * The life of a job, as Zeebe's job tests pin it: activation (worker, deadline, fetched
 * variables, batch size), completion, failure with and without retries and with a back-off,
 * time-outs on the controlled clock, retries and timeout updates, and the rejections of
 * commands for jobs that are unknown or in the wrong state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

const UNKNOWN_KEY = '2251799813999999';

describe('job lifecycle', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    h.engine.clock.pin(Date.UTC(2026, 0, 5, 9, 0, 0));
    await h.deploy(fixture('job-lifecycle.bpmn'));
  });
  afterAll(() => h?.close());

  const createInstance = (jobType: string, variables: Record<string, unknown> = {}) => h.createInstance('job-lifecycle', { jobType, ...variables });

  async function activateOne(type: string, timeout = 60_000) {
    const result = await h.engine.activateJobs({ type, worker: 'court-worker', timeout, maxJobsToActivate: 1 });
    if (!result.ok || result.value.length !== 1) throw new Error(`expected one job of type '${type}'`);
    return result.value[0]!;
  }

  const jobRow = async (key: string) =>
    (await h.engine.db.query<{ state: string; worker: string; deadline: string | null; retries: number }>(`SELECT state, worker, deadline, retries FROM engine.job WHERE key = $1`, [key]))[0];

  describe('activation', () => {
    it('hands the job to the worker until its deadline, with a JOB_BATCH record', async () => {
      // given
      const pi = await createInstance('jl-activate', { a: 1 });
      const now = h.engine.clock.now();
      const before = await lastPosition(h);
      // when
      const result = await h.engine.activateJobs({ type: 'jl-activate', worker: 'court-worker', timeout: 30_000, maxJobsToActivate: 5 });
      // then
      expect(result.ok).toBe(true);
      const jobs = result.ok ? result.value : [];
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        type: 'jl-activate',
        worker: 'court-worker',
        deadline: now + 30_000,
        retries: 3,
        processInstanceKey: pi,
        variables: { jobType: 'jl-activate', a: 1 },
      });
      expect(await recordsAfter(h, before)).toEqual(['EVENT JOB_BATCH ACTIVATED']);
      const [batch] = (await h.records({ valueType: 'JOB_BATCH' })).slice(-1);
      expect(batch!.value).toMatchObject({ type: 'jl-activate', worker: 'court-worker', timeout: 30_000, jobKeys: [jobs[0]!.key], deadline: String(now + 30_000) });
      expect(await jobRow(jobs[0]!.key)).toEqual({ state: 'ACTIVATED', worker: 'court-worker', deadline: String(now + 30_000), retries: 3 });
    });

    it('activates at most maxJobsToActivate jobs, oldest first, and never the same job twice', async () => {
      // given
      for (let i = 0; i < 3; i++) await createInstance('jl-max');
      // when
      const first = await h.engine.activateJobs({ type: 'jl-max', worker: 'w', timeout: 60_000, maxJobsToActivate: 2 });
      const second = await h.engine.activateJobs({ type: 'jl-max', worker: 'w', timeout: 60_000, maxJobsToActivate: 2 });
      const third = await h.engine.activateJobs({ type: 'jl-max', worker: 'w', timeout: 60_000, maxJobsToActivate: 2 });
      // then
      const keys = (r: typeof first) => (r.ok ? r.value.map((j) => j.key) : []);
      expect(keys(first)).toHaveLength(2);
      expect(keys(second)).toHaveLength(1);
      expect(keys(third)).toEqual([]);
      const all = [...keys(first), ...keys(second)];
      expect(new Set(all).size).toBe(3);
      expect([...all].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(all);
    });

    it('fetches only the requested variables', async () => {
      // given
      await createInstance('jl-fetch', { a: 1, b: { c: 2 }, d: '不要' });
      // when
      const result = await h.engine.activateJobs({ type: 'jl-fetch', worker: 'w', timeout: 60_000, maxJobsToActivate: 1, fetchVariable: ['a', 'b', 'missing'] });
      // then
      expect(result.ok && result.value[0]!.variables).toEqual({ a: 1, b: { c: 2 } });
    });
  });

  it('completes a job with variables and continues the instance', async () => {
    // given
    const pi = await createInstance('jl-complete');
    const job = await activateOne('jl-complete');
    // when
    const result = await h.engine.completeJob(job.key, { verdict: '准予执行' });
    // then
    expect(result).toEqual({ ok: true, value: undefined });
    expect(from(await instanceRecords(h, pi), 'COMMAND JOB COMPLETE jl-complete').slice(0, 6)).toEqual([
      'COMMAND JOB COMPLETE jl-complete',
      'EVENT JOB COMPLETED jl-complete',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT task',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
      'EVENT VARIABLE CREATED verdict="准予执行"',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED task',
    ]);
    const [completed] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'COMPLETED');
    expect(completed!.value).toMatchObject({ variables: { verdict: '准予执行' }, worker: 'court-worker' });
    expect(await jobRow(job.key)).toMatchObject({ state: 'COMPLETED' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  describe('failure', () => {
    it('makes a job with retries left activatable again at once', async () => {
      // given
      const pi = await createInstance('jl-retry');
      const job = await activateOne('jl-retry');
      // when
      await h.engine.failJob({ jobKey: job.key, retries: 2, errorMessage: '连接超时' });
      // then
      expect(from(await instanceRecords(h, pi), 'COMMAND JOB FAIL jl-retry')).toEqual(['COMMAND JOB FAIL jl-retry', 'EVENT JOB FAILED jl-retry']);
      const [failed] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'FAILED');
      expect(failed!.value).toMatchObject({ retries: 2, errorMessage: '连接超时', retryBackoff: 0 });
      const again = await activateOne('jl-retry');
      expect(again).toMatchObject({ key: job.key, retries: 2 });
      expect(await h.incidents(pi)).toEqual([]);
    });

    it('sets the variables of a failure locally on the task', async () => {
      // given
      const pi = await createInstance('jl-fail-vars');
      const job = await activateOne('jl-fail-vars');
      // when
      await h.engine.failJob({ jobKey: job.key, retries: 1, variables: { attempt: 1 } });
      // then
      expect(await h.variables(job.elementInstanceKey)).toEqual({ attempt: 1 });
      expect(await h.variables(pi)).toEqual({ jobType: 'jl-fail-vars' });
      expect((await activateOne('jl-fail-vars')).variables).toEqual({ jobType: 'jl-fail-vars', attempt: 1 });
    });

    it('holds a job back until its retry back-off has passed on the clock', async () => {
      // given
      await createInstance('jl-backoff');
      const job = await activateOne('jl-backoff');
      await h.engine.failJob({ jobKey: job.key, retries: 1, errorMessage: 'later', retryBackOff: 10_000 });
      // then
      expect(await h.activate('jl-backoff')).toEqual([]);
      await h.advanceClock(9_999);
      expect(await h.activate('jl-backoff')).toEqual([]);
      // when
      const before = await lastPosition(h);
      await h.advanceClock(1);
      // then
      expect(await recordsAfter(h, before)).toEqual(['COMMAND JOB RECUR_AFTER_BACKOFF jl-backoff', 'EVENT JOB RECURRED_AFTER_BACKOFF jl-backoff']);
      expect(await activateOne('jl-backoff')).toMatchObject({ key: job.key, retries: 1 });
    });

    it('raises JOB_NO_RETRIES with the error message when no retries are left', async () => {
      // given
      const pi = await createInstance('jl-no-retries');
      const job = await activateOne('jl-no-retries');
      // when
      await h.engine.failJob({ jobKey: job.key, retries: 0, errorMessage: '执行系统返回 500' });
      // then
      expect(from(await instanceRecords(h, pi), 'COMMAND JOB FAIL jl-no-retries')).toEqual([
        'COMMAND JOB FAIL jl-no-retries',
        'EVENT JOB FAILED jl-no-retries',
        'EVENT INCIDENT CREATED JOB_NO_RETRIES',
      ]);
      const [incident] = await h.records({ processInstanceKey: pi, valueType: 'INCIDENT' });
      expect(incident!.value).toMatchObject({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: '执行系统返回 500',
        elementId: 'task',
        elementInstanceKey: job.elementInstanceKey,
        jobKey: job.key,
        variableScopeKey: job.elementInstanceKey,
      });
      expect(await h.activate('jl-no-retries')).toEqual([]);
      expect(await jobRow(job.key)).toMatchObject({ state: 'FAILED', retries: 0 });
    });

    it("uses Zeebe's default message for a failure without one", async () => {
      // given
      const pi = await createInstance('jl-no-message');
      const job = await activateOne('jl-no-message');
      // when
      await h.engine.failJob({ jobKey: job.key, retries: 0 });
      // then
      expect((await h.incidents(pi))[0]).toMatchObject({ error_type: 'JOB_NO_RETRIES', error_message: 'No more retries left.' });
    });

    it('fails a job that is activatable but not activated, as Zeebe allows', async () => {
      // given
      const pi = await createInstance('jl-fail-activatable');
      const [created] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'CREATED');
      // when
      const result = await h.engine.failJob({ jobKey: created!.key, retries: 0, errorMessage: 'not worth trying' });
      // then
      expect(result.ok).toBe(true);
      expect((await h.incidents(pi))[0]).toMatchObject({ error_type: 'JOB_NO_RETRIES', job_key: created!.key });
    });
  });

  describe('time-out', () => {
    it('gives a job back to the workers once its deadline has passed', async () => {
      // given
      const pi = await createInstance('jl-timeout');
      const job = await activateOne('jl-timeout', 5_000);
      await h.advanceClock(4_000);
      expect(await jobRow(job.key)).toMatchObject({ state: 'ACTIVATED' });
      // when
      const before = await lastPosition(h);
      await h.advanceClock(1_001);
      // then
      expect(await recordsAfter(h, before)).toEqual(['COMMAND JOB TIME_OUT jl-timeout', 'EVENT JOB TIMED_OUT jl-timeout']);
      expect(await jobRow(job.key)).toEqual({ state: 'ACTIVATABLE', worker: '', deadline: null, retries: 3 });
      const again = await activateOne('jl-timeout');
      expect(again.key).toBe(job.key);
      expect(from(await instanceRecords(h, pi), 'COMMAND JOB TIME_OUT jl-timeout')).toEqual(['COMMAND JOB TIME_OUT jl-timeout', 'EVENT JOB TIMED_OUT jl-timeout']);
    });

    it('moves the deadline with UpdateJobTimeout, counted from now', async () => {
      // given
      await createInstance('jl-update-timeout');
      const job = await activateOne('jl-update-timeout', 5_000);
      const now = h.engine.clock.now();
      // when
      const result = await h.engine.updateJobTimeout(job.key, 60_000);
      // then
      expect(result.ok).toBe(true);
      const [updated] = (await h.records({ valueType: 'JOB' })).filter((r) => r.key === job.key && r.intent === 'TIMEOUT_UPDATED');
      expect(updated!.value.deadline).toBe(String(now + 60_000));
      await h.advanceClock(10_000);
      expect(await jobRow(job.key)).toMatchObject({ state: 'ACTIVATED', deadline: String(now + 60_000) });
      await h.advanceClock(50_001);
      expect(await jobRow(job.key)).toMatchObject({ state: 'ACTIVATABLE' });
    });

    it('rejects UpdateJobTimeout for a job that is not activated', async () => {
      // given
      const pi = await createInstance('jl-timeout-inactive');
      const [created] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'CREATED');
      // when
      const result = await h.engine.updateJobTimeout(created!.key, 60_000);
      // then
      expect(result).toEqual({
        ok: false,
        error: { intent: 'UPDATE_TIMEOUT', type: 'INVALID_STATE', reason: `Expected to update the timeout of job with key '${created!.key}', but it is not active` },
      });
    });
  });

  describe('retries', () => {
    it('accepts only a positive number of retries', async () => {
      // given
      await createInstance('jl-retries-positive');
      const job = await activateOne('jl-retries-positive');
      for (const retries of [0, -2]) {
        // when
        const result = await h.engine.updateJobRetries(job.key, retries);
        // then
        expect(result).toEqual({
          ok: false,
          error: {
            intent: 'UPDATE_RETRIES',
            type: 'INVALID_ARGUMENT',
            reason: `Expected to update retries for job with key '${job.key}' with a positive amount of retries, but the amount given was '${retries}'`,
          },
        });
      }
      expect(await jobRow(job.key)).toMatchObject({ retries: 3 });
    });

    it('gives a failed job back to the workers after UpdateJobRetries and ResolveIncident', async () => {
      // given
      const pi = await createInstance('jl-recover');
      const job = await activateOne('jl-recover');
      await h.engine.failJob({ jobKey: job.key, retries: 0, errorMessage: 'down' });
      const [incident] = await h.incidents(pi);
      // when
      const updated = await h.engine.updateJobRetries(job.key, 2);
      // then the job waits for its incident
      expect(updated.ok).toBe(true);
      expect(await h.activate('jl-recover')).toEqual([]);
      // when
      const resolved = await h.engine.resolveIncident(incident!.key);
      // then
      expect(resolved.ok).toBe(true);
      expect(from(await instanceRecords(h, pi), 'COMMAND JOB UPDATE_RETRIES jl-recover')).toEqual([
        'COMMAND JOB UPDATE_RETRIES jl-recover',
        'EVENT JOB RETRIES_UPDATED jl-recover',
        'COMMAND INCIDENT RESOLVE',
        'EVENT INCIDENT RESOLVED JOB_NO_RETRIES',
      ]);
      expect(await activateOne('jl-recover')).toMatchObject({ key: job.key, retries: 2 });
      await h.engine.completeJob(job.key);
      expect(await h.instanceState(pi)).toBe('COMPLETED');
    });
  });

  describe('rejections', () => {
    it('rejects commands for an unknown job with NOT_FOUND', async () => {
      const notFound = (intent: string, verb: string) => ({
        ok: false,
        error: { intent, type: 'NOT_FOUND', reason: `Expected to ${verb} job with key '${UNKNOWN_KEY}', but no such job was found` },
      });
      expect(await h.engine.completeJob(UNKNOWN_KEY)).toEqual(notFound('COMPLETE', 'complete'));
      expect(await h.engine.failJob({ jobKey: UNKNOWN_KEY, retries: 1 })).toEqual(notFound('FAIL', 'fail'));
      expect(await h.engine.throwError({ jobKey: UNKNOWN_KEY, errorCode: 'E' })).toEqual(notFound('THROW_ERROR', 'throw an error for'));
      expect(await h.engine.updateJobRetries(UNKNOWN_KEY, 1)).toEqual(notFound('UPDATE_RETRIES', 'update'));
      expect(await h.engine.updateJobTimeout(UNKNOWN_KEY, 1_000)).toEqual(notFound('UPDATE_TIMEOUT', 'update'));
    });

    it('writes the command and its rejection', async () => {
      // given
      const before = await lastPosition(h);
      // when
      await h.engine.failJob({ jobKey: UNKNOWN_KEY, retries: 1 });
      // then
      expect(await recordsAfter(h, before)).toEqual(['COMMAND JOB FAIL', 'COMMAND_REJECTION JOB FAIL NOT_FOUND']);
    });

    it('rejects failing or completing a job that failed without retries with INVALID_STATE', async () => {
      // given
      await createInstance('jl-invalid-state');
      const job = await activateOne('jl-invalid-state');
      await h.engine.failJob({ jobKey: job.key, retries: 0 });
      const before = await lastPosition(h);
      // when
      const failed = await h.engine.failJob({ jobKey: job.key, retries: 1 });
      const completed = await h.engine.completeJob(job.key);
      // then
      expect(failed).toEqual({
        ok: false,
        error: { intent: 'FAIL', type: 'INVALID_STATE', reason: `Expected to fail job with key '${job.key}', but it is in state 'FAILED'` },
      });
      expect(completed).toEqual({
        ok: false,
        error: { intent: 'COMPLETE', type: 'INVALID_STATE', reason: `Expected to complete job with key '${job.key}', but it is in state 'FAILED'` },
      });
      expect(await recordsAfter(h, before)).toEqual([
        'COMMAND JOB FAIL jl-invalid-state',
        'COMMAND_REJECTION JOB FAIL INVALID_STATE',
        'COMMAND JOB COMPLETE jl-invalid-state',
        'COMMAND_REJECTION JOB COMPLETE INVALID_STATE',
      ]);
    });

    it('rejects failing a job that waits for its retry back-off with INVALID_STATE', async () => {
      // given
      await createInstance('jl-backoff-state');
      const job = await activateOne('jl-backoff-state');
      await h.engine.failJob({ jobKey: job.key, retries: 2, retryBackOff: 60_000 });
      // when
      const result = await h.engine.failJob({ jobKey: job.key, retries: 1 });
      // then
      expect(result).toEqual({
        ok: false,
        error: { intent: 'FAIL', type: 'INVALID_STATE', reason: `Expected to fail job with key '${job.key}', but it is in state 'FAILED'` },
      });
    });
  });
});
