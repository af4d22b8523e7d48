/**
 * BPMN errors: a worker's ThrowError (or an error end event) is caught by the nearest error
 * catch event, a boundary event with the same code being preferred over a catch-all one; the
 * interrupted task is terminated and the boundary event continues with the error's variables.
 * An error nobody catches raises an UNHANDLED_ERROR_EVENT incident with Zeebe's message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

describe('error events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(
      fixture('error-boundary.bpmn'),
      fixture('error-specific.bpmn'),
      fixture('error-uncaught.bpmn'),
      fixture('error-end.bpmn'),
      fixture('error-subprocess.bpmn'),
    );
  });
  afterAll(() => h?.close());

  async function activatedJob(process: string, jobType: string) {
    const pi = await h.createInstance(process, { jobType });
    const [job] = await h.activate(jobType);
    return { pi, job: job! };
  }

  it('catches the error with the boundary event of its code, preferred over the catch-all', async () => {
    // given
    const { pi, job } = await activatedJob('error-boundary', 'eb-specific');
    // when
    const thrown = await h.engine.throwError({ jobKey: job.key, errorCode: 'REJECTED', errorMessage: '材料不全', variables: { reason: 'missing', other: 1 } });
    // then
    expect(thrown.ok).toBe(true);
    expect(from(await instanceRecords(h, pi), 'COMMAND JOB THROW_ERROR eb-specific')).toEqual([
      'COMMAND JOB THROW_ERROR eb-specific',
      'EVENT JOB ERROR_THROWN eb-specific',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT task',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING task',
      // the job ended with its error: nothing is left to cancel
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED task',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-rejected',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-rejected',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED on-rejected',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING on-rejected',
      'EVENT VARIABLE CREATED reason="missing"',
      'EVENT VARIABLE CREATED other=1',
      'EVENT VARIABLE CREATED caughtCode="REJECTED"',
      'EVENT VARIABLE CREATED caughtMessage="材料不全"',
      'EVENT VARIABLE CREATED rejection={"reason":"missing"}',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-rejected',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-rejected',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT rejected-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING rejected-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED rejected-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING rejected-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED rejected-end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT error-boundary',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING error-boundary',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED error-boundary',
    ]);
    const [thrownRecord] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'ERROR_THROWN');
    expect(thrownRecord!.value).toMatchObject({ errorCode: 'REJECTED', errorMessage: '材料不全', variables: { reason: 'missing', other: 1 } });
    // the error variables stay local to the boundary event; only its outputs reach the process
    expect(await h.variables(pi)).toEqual({ jobType: 'eb-specific', caughtCode: 'REJECTED', caughtMessage: '材料不全', rejection: { reason: 'missing' } });
    expect(await h.incidents(pi)).toEqual([]);
  });

  it('falls back to the catch-all boundary event, whose error variables propagate', async () => {
    // given
    const { pi, job } = await activatedJob('error-boundary', 'eb-any');
    // when
    await h.engine.throwError({ jobKey: job.key, errorCode: 'SOMETHING_ELSE', variables: { detail: '退回' } });
    // then
    expect(from(await h.elementEvents(pi), 'ELEMENT_TERMINATING task')).toEqual([
      'ELEMENT_TERMINATING task',
      'ELEMENT_TERMINATED task',
      'ELEMENT_ACTIVATING on-any',
      'ELEMENT_ACTIVATED on-any',
      'ELEMENT_COMPLETING on-any',
      'ELEMENT_COMPLETED on-any',
      'SEQUENCE_FLOW_TAKEN f-any',
      'ELEMENT_ACTIVATING any-end',
      'ELEMENT_ACTIVATED any-end',
      'ELEMENT_COMPLETING any-end',
      'ELEMENT_COMPLETED any-end',
      'ELEMENT_COMPLETING error-boundary',
      'ELEMENT_COMPLETED error-boundary',
    ]);
    const boundary = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).find((r) => r.elementId === 'on-any')!;
    expect(boundary.bpmnElementType).toBe('BOUNDARY_EVENT');
    expect(boundary.value.bpmnEventType).toBe('ERROR');
    expect(await h.variables(pi)).toEqual({ jobType: 'eb-any', detail: '退回' });
  });

  it('raises UNHANDLED_ERROR_EVENT when no catch event matches, naming the available ones', async () => {
    // given
    const { pi, job } = await activatedJob('error-specific', 'es-other');
    // when
    await h.engine.throwError({ jobKey: job.key, errorCode: 'OTHER', errorMessage: '未知错误' });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND JOB THROW_ERROR es-other')).toEqual([
      'COMMAND JOB THROW_ERROR es-other',
      'EVENT JOB ERROR_THROWN es-other',
      'EVENT INCIDENT CREATED UNHANDLED_ERROR_EVENT',
    ]);
    const [incident] = (await h.records({ processInstanceKey: pi, valueType: 'INCIDENT' }));
    expect(incident!.value).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage: "Expected to throw an error event with the code 'OTHER' with message '未知错误', but it was not caught. Available error events are [REJECTED, TIMEOUT]",
      elementId: 'task',
      elementInstanceKey: job.elementInstanceKey,
      jobKey: job.key,
      variableScopeKey: job.elementInstanceKey,
    });
    expect(await h.instanceState(job.elementInstanceKey)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(pi);
  });

  it('leaves the message out of the incident when the error has none', async () => {
    // given
    const { pi, job } = await activatedJob('error-uncaught', 'eu-plain');
    // when
    await h.engine.throwError({ jobKey: job.key, errorCode: 'NOT_FOUND' });
    // then
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      state: 'ACTIVE',
      error_type: 'UNHANDLED_ERROR_EVENT',
      error_message: "Expected to throw an error event with the code 'NOT_FOUND', but it was not caught. No error events are available in the scope.",
      job_key: job.key,
    });
    await h.engine.cancelProcessInstance(pi);
  });

  it('cancels the job of an uncaught error together with its incident', async () => {
    // given
    const { pi, job } = await activatedJob('error-uncaught', 'eu-cancel');
    await h.engine.throwError({ jobKey: job.key, errorCode: 'BOOM', errorMessage: 'm' });
    // when
    await h.engine.cancelProcessInstance(pi);
    // then
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING task')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING task',
      'EVENT JOB CANCELED eu-cancel',
      'EVENT INCIDENT RESOLVED UNHANDLED_ERROR_EVENT',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED task',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED error-uncaught',
    ]);
  });

  it('raises UNHANDLED_ERROR_EVENT for an error end event nobody catches, before activating it', async () => {
    // when
    const pi = await h.createInstance('error-end');
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT fail')).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT fail',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING fail',
      'EVENT INCIDENT CREATED UNHANDLED_ERROR_EVENT',
    ]);
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'UNHANDLED_ERROR_EVENT',
      error_message: "Expected to throw an error event with the code 'FAILED', but it was not caught. No error events are available in the scope.",
      element_id: 'fail',
      job_key: null,
    });
    expect(await h.instanceState(incident.element_instance_key)).toBe('ACTIVATING');
    // and resolving it throws the error again, which is still not caught
    await h.engine.resolveIncident(incident.key);
    expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED UNHANDLED_ERROR_EVENT',
      'EVENT INCIDENT CREATED UNHANDLED_ERROR_EVENT',
    ]);
    await h.engine.cancelProcessInstance(pi);
  });

  it('catches an error end event of an embedded sub-process with the sub-process boundary event', async () => {
    // when
    const pi = await h.createInstance('error-subprocess');
    // then
    expect(from(await h.elementEvents(pi), 'ELEMENT_ACTIVATING sub-fail')).toEqual([
      'ELEMENT_ACTIVATING sub-fail',
      'ELEMENT_ACTIVATED sub-fail',
      'ELEMENT_TERMINATING sub',
      'ELEMENT_TERMINATING sub-fail',
      'ELEMENT_TERMINATED sub-fail',
      'ELEMENT_TERMINATED sub',
      'ELEMENT_ACTIVATING on-failed',
      'ELEMENT_ACTIVATED on-failed',
      'ELEMENT_COMPLETING on-failed',
      'ELEMENT_COMPLETED on-failed',
      'SEQUENCE_FLOW_TAKEN f-failed',
      'ELEMENT_ACTIVATING failed-end',
      'ELEMENT_ACTIVATED failed-end',
      'ELEMENT_COMPLETING failed-end',
      'ELEMENT_COMPLETED failed-end',
      'ELEMENT_COMPLETING error-subprocess',
      'ELEMENT_COMPLETED error-subprocess',
    ]);
    expect(await h.incidents(pi)).toEqual([]);
  });
});
