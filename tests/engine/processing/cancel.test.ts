/**
 * Canceling a process instance terminates every live element in order (children first, the
 * process last), cancels their jobs and resolves their open incidents. Canceling what does not
 * exist (any more) is rejected with NOT_FOUND and Zeebe's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

describe('cancel process instance', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('cancel.bpmn'), fixture('start-end.bpmn'));
  });
  afterAll(() => h?.close());

  /** an instance with an activated job (a), a job without retries (b) and a gateway incident (check) */
  async function busyInstance() {
    const pi = await h.createInstance('cancel');
    const [jobA] = await h.activate('cancel-a');
    const [jobB] = await h.activate('cancel-b');
    await h.engine.failJob({ jobKey: jobB!.key, retries: 0, errorMessage: '法院系统不可用' });
    expect((await h.incidents(pi)).map((i: any) => i.error_type).sort()).toEqual(['CONDITION_ERROR', 'JOB_NO_RETRIES']);
    return { pi, jobA: jobA!, jobB: jobB! };
  }

  it('terminates every live element, cancels their jobs and resolves their incidents', async () => {
    // given
    const { pi } = await busyInstance();
    // when
    const result = await h.engine.cancelProcessInstance(pi);
    // then
    expect(result).toEqual({ ok: true, value: undefined });
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE CANCEL cancel')).toEqual([
      'COMMAND PROCESS_INSTANCE CANCEL cancel',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING cancel',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT a',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT b',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT check',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING a',
      'EVENT JOB CANCELED cancel-a',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED a',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING b',
      'EVENT JOB CANCELED cancel-b',
      'EVENT INCIDENT RESOLVED JOB_NO_RETRIES',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED b',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING check',
      'EVENT INCIDENT RESOLVED CONDITION_ERROR',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED check',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED cancel',
    ]);
  });

  it('leaves nothing alive: elements terminated, jobs canceled, incidents resolved', async () => {
    // given
    const { pi, jobA, jobB } = await busyInstance();
    // when
    await h.engine.cancelProcessInstance(pi);
    // then
    const elements = await h.engine.db.query<{ element_id: string; state: string }>(
      `SELECT element_id, state FROM engine.element_instance WHERE process_instance_key = $1 ORDER BY key`,
      [pi],
    );
    expect(Object.fromEntries(elements.map((e) => [e.element_id, e.state]))).toEqual({
      cancel: 'TERMINATED',
      start: 'COMPLETED',
      fork: 'COMPLETED',
      a: 'TERMINATED',
      b: 'TERMINATED',
      check: 'TERMINATED',
    });
    const jobs = await h.engine.db.query<{ key: string; state: string }>(`SELECT key, state FROM engine.job WHERE process_instance_key = $1 ORDER BY key`, [pi]);
    expect(jobs).toEqual([
      { key: jobA.key, state: 'CANCELED' },
      { key: jobB.key, state: 'CANCELED' },
    ]);
    expect((await h.incidents(pi)).map((i: any) => i.state)).toEqual(['RESOLVED', 'RESOLVED']);
    // and a worker can no longer complete the canceled job, nor activate it
    expect(await h.engine.completeJob(jobA.key)).toEqual({
      ok: false,
      error: { intent: 'COMPLETE', type: 'NOT_FOUND', reason: `Expected to complete job with key '${jobA.key}', but no such job was found` },
    });
    expect(await h.activate('cancel-a')).toEqual([]);
  });

  it('rejects canceling an unknown process instance with NOT_FOUND', async () => {
    // given
    const before = await lastPosition(h);
    // when
    const result = await h.engine.cancelProcessInstance('2251799813999999');
    // then
    expect(result).toEqual({
      ok: false,
      error: { intent: 'CANCEL', type: 'NOT_FOUND', reason: "Expected to cancel a process instance with key '2251799813999999', but no such process was found" },
    });
    expect(await recordsAfter(h, before)).toEqual(['COMMAND PROCESS_INSTANCE CANCEL', 'COMMAND_REJECTION PROCESS_INSTANCE CANCEL NOT_FOUND']);
  });

  it('rejects canceling a completed or an already canceled process instance with NOT_FOUND', async () => {
    // given
    const completed = await h.createInstance('start-end');
    const canceled = await h.createInstance('cancel');
    await h.engine.cancelProcessInstance(canceled);
    for (const [pi, processId] of [[completed, 'start-end'], [canceled, 'cancel']] as const) {
      // when
      const result = await h.engine.cancelProcessInstance(pi);
      // then
      expect(result).toEqual({
        ok: false,
        error: { intent: 'CANCEL', type: 'NOT_FOUND', reason: `Expected to cancel a process instance with key '${pi}', but no such process was found` },
      });
      expect((await instanceRecords(h, pi)).slice(-2)).toEqual([`COMMAND PROCESS_INSTANCE CANCEL ${processId}`, 'COMMAND_REJECTION PROCESS_INSTANCE CANCEL NOT_FOUND']);
    }
  });

  it('rejects canceling an element instance that is not a process instance', async () => {
    // given
    const pi = await h.createInstance('cancel');
    const [job] = await h.activate('cancel-a');
    // when
    const result = await h.engine.cancelProcessInstance(job!.elementInstanceKey);
    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.type).toBe('NOT_FOUND');
    expect(await h.instanceState(job!.elementInstanceKey)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(pi);
  });
});
