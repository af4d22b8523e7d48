/**
 * Incidents: every run-time failure stops the element where it happened with an incident of
 * Zeebe's error type; resolving it (after the variables or retries were fixed) re-runs the
 * failed step. A job incident needs retries first; unknown incidents are NOT_FOUND. (No
 * matching flow and uncaught errors are pinned in exclusive-gateway and error-events.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

describe('incidents', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('incident-mappings.bpmn'), fixture('incident-job-expressions.bpmn'), fixture('job-lifecycle.bpmn'), fixture('error-uncaught.bpmn'));
  });
  afterAll(() => h?.close());

  const taskKey = async (pi: string) =>
    (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).find((r) => r.intent === 'ELEMENT_ACTIVATING' && r.elementId === 'task')!.key;

  describe('IO_MAPPING_ERROR', () => {
    it('stops an activating task whose input mapping fails, and activates it once resolved', async () => {
      // given
      const pi = await h.createInstance('incident-mappings', { jobType: 'inc-input' });
      const task = await taskKey(pi);
      // then
      expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
        'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
      ]);
      const [incident] = await h.incidents(pi);
      expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'IO_MAPPING_ERROR', element_id: 'task', element_instance_key: task, job_key: null });
      expect(incident.error_message).toContain('amount is required');
      expect(await h.instanceState(task)).toBe('ACTIVATING');
      // when
      await h.engine.setVariables({ elementInstanceKey: pi, variables: { amount: 5 }, local: false });
      const resolved = await h.engine.resolveIncident(incident.key);
      // then
      expect(resolved.ok).toBe(true);
      expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
        'COMMAND INCIDENT RESOLVE',
        'EVENT INCIDENT RESOLVED IO_MAPPING_ERROR',
        'EVENT VARIABLE CREATED checkedAmount=5',
        'EVENT JOB CREATED inc-input',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED task',
      ]);
      await h.engine.cancelProcessInstance(pi);
    });

    it('stops a completing task whose output mapping fails, and completes it once resolved', async () => {
      // given
      const pi = await h.createInstance('incident-mappings', { jobType: 'inc-output', amount: 1 });
      const task = await taskKey(pi);
      // when
      await h.completeJob('inc-output', { other: true });
      // then
      expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
        'EVENT VARIABLE CREATED other=true',
        'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
      ]);
      const [incident] = await h.incidents(pi);
      expect(incident.error_message).toContain('result is required');
      expect(await h.instanceState(task)).toBe('COMPLETING');
      // when
      await h.engine.setVariables({ elementInstanceKey: task, variables: { result: '已结案' }, local: true });
      await h.engine.resolveIncident(incident.key);
      // then
      expect(from(await h.elementEvents(pi), 'ELEMENT_COMPLETING task')).toEqual([
        'ELEMENT_COMPLETING task',
        'ELEMENT_COMPLETED task',
        'SEQUENCE_FLOW_TAKEN f2',
        'ELEMENT_ACTIVATING end',
        'ELEMENT_ACTIVATED end',
        'ELEMENT_COMPLETING end',
        'ELEMENT_COMPLETED end',
        'ELEMENT_COMPLETING incident-mappings',
        'ELEMENT_COMPLETED incident-mappings',
      ]);
      expect(await h.variables(pi)).toEqual({ jobType: 'inc-output', amount: 1, outcome: '已结案' });
    });
  });

  describe('EXTRACT_VALUE_ERROR', () => {
    it('stops a task whose job type expression fails, and creates the job once resolved', async () => {
      // given
      const pi = await h.createInstance('incident-job-expressions', { tries: 2 });
      const task = await taskKey(pi);
      // then
      expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
        'EVENT INCIDENT CREATED EXTRACT_VALUE_ERROR',
      ]);
      const [incident] = await h.incidents(pi);
      expect(incident).toMatchObject({
        error_type: 'EXTRACT_VALUE_ERROR',
        error_message:
          "Expected result of the expression 'kind' to be 'STRING', but was 'NULL'. The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'kind'",
        element_instance_key: task,
      });
      // when
      await h.engine.setVariables({ elementInstanceKey: pi, variables: { kind: 'inc-kind' }, local: false });
      await h.engine.resolveIncident(incident.key);
      // then
      expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
        'COMMAND INCIDENT RESOLVE',
        'EVENT INCIDENT RESOLVED EXTRACT_VALUE_ERROR',
        'EVENT JOB CREATED inc-kind',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED task',
      ]);
      expect((await h.activate('inc-kind'))[0]).toMatchObject({ retries: 2, elementInstanceKey: task });
      await h.engine.cancelProcessInstance(pi);
    });

    it('stops a task whose retries expression is not a number', async () => {
      // when
      const pi = await h.createInstance('incident-job-expressions', { kind: 'inc-retries', tries: 'three' });
      // then
      const [incident] = await h.incidents(pi);
      expect(incident).toMatchObject({
        error_type: 'EXTRACT_VALUE_ERROR',
        error_message: "Expected result of the expression 'tries' to be 'NUMBER', but was 'STRING'.",
      });
      await h.engine.cancelProcessInstance(pi);
    });
  });

  describe('job incidents', () => {
    it('rejects resolving a JOB_NO_RETRIES incident before the retries are updated', async () => {
      // given
      const pi = await h.createInstance('job-lifecycle', { jobType: 'inc-no-retries' });
      const [job] = await h.activate('inc-no-retries');
      await h.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'down' });
      const [incident] = await h.incidents(pi);
      const before = await lastPosition(h);
      // when
      const result = await h.engine.resolveIncident(incident.key);
      // then
      expect(result).toEqual({
        ok: false,
        error: {
          intent: 'RESOLVE',
          type: 'INVALID_STATE',
          reason: `Expected to resolve incident with key '${incident.key}', but job with key '${job!.key}' has no retries left. Please update the job retries and retry resolving the incident`,
        },
      });
      expect(await recordsAfter(h, before)).toEqual(['COMMAND INCIDENT RESOLVE', 'COMMAND_REJECTION INCIDENT RESOLVE INVALID_STATE']);
      expect(await h.incidents(pi)).toMatchObject([{ key: incident.key, state: 'ACTIVE' }]);
      expect(await h.activate('inc-no-retries')).toEqual([]);
      await h.engine.cancelProcessInstance(pi);
    });

    it('gives the job of an uncaught error back to the workers once resolved', async () => {
      // given
      const pi = await h.createInstance('error-uncaught', { jobType: 'inc-uncaught' });
      const [job] = await h.activate('inc-uncaught');
      await h.engine.throwError({ jobKey: job!.key, errorCode: 'UNKNOWN' });
      const [incident] = await h.incidents(pi);
      expect(await h.activate('inc-uncaught')).toEqual([]);
      // when
      await h.engine.resolveIncident(incident.key);
      // then
      const [again] = await h.activate('inc-uncaught');
      expect(again).toMatchObject({ key: job!.key, retries: 3 });
      await h.engine.completeJob(again!.key);
      expect(await h.instanceState(pi)).toBe('COMPLETED');
    });
  });

  describe('rejections', () => {
    it('rejects resolving an unknown incident with NOT_FOUND', async () => {
      // given
      const before = await lastPosition(h);
      // when
      const result = await h.engine.resolveIncident('2251799813999999');
      // then
      expect(result).toEqual({
        ok: false,
        error: { intent: 'RESOLVE', type: 'NOT_FOUND', reason: "Expected to resolve incident with key '2251799813999999', but no such incident was found" },
      });
      expect(await recordsAfter(h, before)).toEqual(['COMMAND INCIDENT RESOLVE', 'COMMAND_REJECTION INCIDENT RESOLVE NOT_FOUND']);
    });

    it('rejects resolving an incident that is already resolved with NOT_FOUND', async () => {
      // given
      const pi = await h.createInstance('incident-mappings', { jobType: 'inc-twice' });
      const [incident] = await h.incidents(pi);
      await h.engine.resolveIncident(incident.key);
      // when
      const again = await h.engine.resolveIncident(incident.key);
      // then
      expect(again).toEqual({
        ok: false,
        error: { intent: 'RESOLVE', type: 'NOT_FOUND', reason: `Expected to resolve incident with key '${incident.key}', but no such incident was found` },
      });
      await h.engine.cancelProcessInstance(pi);
    });
  });
});
