/**
 * Variables with Zeebe's rules. `zeebe:ioMapping`: inputs become local variables of the task
 * (the job sees them, the process does not); outputs are evaluated on completion and propagated,
 * nested targets merging into the variable's current value. Scopes: job completion variables
 * (without output mappings) and propagating SetVariables update the nearest scope that already
 * has the variable, else create it in the root scope; local SetVariables write the given scope
 * only. A variable is CREATED once, UPDATED when its value changes, and no record is written
 * for an unchanged value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

describe('variables', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('variables.bpmn'), fixture('io-mapping.bpmn'));
  });
  afterAll(() => h?.close());

  describe('input and output mappings', () => {
    async function taskKey(pi: string): Promise<string> {
      const records = await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' });
      return records.find((r) => r.intent === 'ELEMENT_ACTIVATING' && r.elementId === 'task')!.key;
    }

    it('creates the inputs as local variables of the task, in order, before the job', async () => {
      // when
      const pi = await h.createInstance('io-mapping', { order: { amount: 21, customer: '张三' }, summary: { count: 1 } });
      // then
      expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
        'EVENT VARIABLE CREATED amount=21',
        'EVENT VARIABLE CREATED doubled=42',
        'EVENT VARIABLE CREATED party={"name":"张三"}',
        'EVENT JOB CREATED io-work',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED task',
      ]);
      const task = await taskKey(pi);
      expect(await h.variables(task)).toEqual({ amount: 21, doubled: 42, party: { name: '张三' } });
      expect(await h.variables(pi)).toEqual({ order: { amount: 21, customer: '张三' }, summary: { count: 1 } });
      await h.engine.cancelProcessInstance(pi);
    });

    it('lets the job see the inputs together with the process variables', async () => {
      // given
      const pi = await h.createInstance('io-mapping', { order: { amount: 5, customer: '李四' }, summary: {} });
      // when
      const [job] = await h.activate('io-work');
      // then
      expect(job!.variables).toEqual({
        order: { amount: 5, customer: '李四' },
        summary: {},
        amount: 5,
        doubled: 10,
        party: { name: '李四' },
      });
      await h.engine.cancelProcessInstance(pi);
    });

    it('propagates only the outputs: job variables stay local and nested targets merge', async () => {
      // given
      const pi = await h.createInstance('io-mapping', { order: { amount: 21, customer: '张三' }, summary: { count: 1 } });
      const task = await taskKey(pi);
      // when
      await h.completeJob('io-work', { result: 'ok', extra: true });
      // then
      expect(from(await instanceRecords(h, pi), 'COMMAND JOB COMPLETE io-work').slice(0, 11)).toEqual([
        'COMMAND JOB COMPLETE io-work',
        'EVENT JOB COMPLETED io-work',
        'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT task',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
        'EVENT VARIABLE CREATED result="ok"',
        'EVENT VARIABLE CREATED extra=true',
        'EVENT VARIABLE CREATED outcome="ok"',
        'EVENT VARIABLE UPDATED summary={"count":1,"total":43}',
        'EVENT VARIABLE CREATED report={"amount":21}',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED task',
        'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      ]);
      const scopes = (await h.records({ processInstanceKey: pi, valueType: 'VARIABLE' })).map((r) => [r.value.name, r.value.scopeKey]);
      expect(scopes.slice(-5)).toEqual([
        ['result', task],
        ['extra', task],
        ['outcome', pi],
        ['summary', pi],
        ['report', pi],
      ]);
      expect(await h.variables(pi)).toEqual({
        order: { amount: 21, customer: '张三' },
        summary: { count: 1, total: 43 },
        outcome: 'ok',
        report: { amount: 21 },
      });
      expect(await h.instanceState(pi)).toBe('COMPLETED');
    });

    it('maps a missing variable to null, as FEEL does, without an incident', async () => {
      // when
      const pi = await h.createInstance('io-mapping', {});
      // then
      const task = await taskKey(pi);
      expect(await h.variables(task)).toEqual({ amount: null, doubled: null, party: { name: null } });
      expect(await h.incidents(pi)).toEqual([]);
      await h.engine.cancelProcessInstance(pi);
    });
  });

  describe('scopes', () => {
    /** an instance waiting at `task`, whose input mapping made `status` local to the task */
    async function waitingInstance(jobType: string, variables: Record<string, unknown> = {}) {
      const pi = await h.createInstance('variables', { jobType, ...variables });
      const records = await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' });
      const task = records.find((r) => r.intent === 'ELEMENT_ACTIVATED' && r.elementId === 'task')!.key;
      return { pi, task };
    }

    it('creates the instance variables in the root scope before the process activates', async () => {
      // when
      const pi = await h.createInstance('variables', { jobType: 'vars-create', court: '东城法院', amount: 1.5 });
      // then
      const lines = await instanceRecords(h, pi);
      expect(lines.slice(0, 5)).toEqual([
        'EVENT VARIABLE CREATED jobType="vars-create"',
        'EVENT VARIABLE CREATED court="东城法院"',
        'EVENT VARIABLE CREATED amount=1.5',
        'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT variables',
        'EVENT PROCESS_INSTANCE_CREATION CREATED',
      ]);
      const scopes = (await h.records({ processInstanceKey: pi, valueType: 'VARIABLE' })).map((r) => r.value.scopeKey);
      expect(scopes.slice(0, 3)).toEqual([pi, pi, pi]);
      await h.engine.cancelProcessInstance(pi);
    });

    it('merges job variables into the nearest scope that has them, else into the root', async () => {
      // given
      const { pi, task } = await waitingInstance('vars-job', { existing: 1, same: 'x' });
      // when
      await h.completeJob('vars-job', { status: 'done', existing: 2, same: 'x', fresh: true });
      // then
      expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task').slice(0, 5)).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
        'EVENT VARIABLE UPDATED status="done"',
        'EVENT VARIABLE UPDATED existing=2',
        'EVENT VARIABLE CREATED fresh=true',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED task',
      ]);
      const variableRecords = await h.records({ processInstanceKey: pi, valueType: 'VARIABLE' });
      const byName = (name: string) => variableRecords.filter((r) => r.value.name === name);
      // an update keeps the variable's key and scope
      expect(byName('existing').map((r) => [r.intent, r.key, r.value.scopeKey])).toEqual([
        ['CREATED', byName('existing')[0]!.key, pi],
        ['UPDATED', byName('existing')[0]!.key, pi],
      ]);
      expect(byName('status').map((r) => [r.intent, r.value.scopeKey])).toEqual([
        ['CREATED', task],
        ['UPDATED', task],
      ]);
      expect(byName('fresh').map((r) => [r.intent, r.value.scopeKey])).toEqual([['CREATED', pi]]);
      expect(await h.variables(pi)).toEqual({ jobType: 'vars-job', existing: 2, same: 'x', fresh: true });
      expect(await h.instanceState(pi)).toBe('COMPLETED');
    });

    it('sets local variables in the given scope only', async () => {
      // given
      const { pi, task } = await waitingInstance('vars-local', { existing: 1 });
      const before = await lastPosition(h);
      // when
      const result = await h.engine.setVariables({ elementInstanceKey: task, variables: { existing: 7, note: '备注' }, local: true });
      // then
      expect(result.ok).toBe(true);
      expect(await recordsAfter(h, before)).toEqual([
        'COMMAND VARIABLE_DOCUMENT UPDATE',
        'EVENT VARIABLE CREATED existing=7',
        'EVENT VARIABLE CREATED note="备注"',
        'EVENT VARIABLE_DOCUMENT UPDATED',
      ]);
      expect(await h.variables(task)).toEqual({ status: 'draft', existing: 7, note: '备注' });
      expect(await h.variables(pi)).toEqual({ jobType: 'vars-local', existing: 1 });
      const [job] = await h.activate('vars-local');
      expect(job!.variables).toEqual({ jobType: 'vars-local', status: 'draft', existing: 7, note: '备注' });
      await h.engine.cancelProcessInstance(pi);
    });

    it('propagates SetVariables from the given scope upwards', async () => {
      // given
      const { pi, task } = await waitingInstance('vars-propagate', { existing: 1 });
      const before = await lastPosition(h);
      // when
      await h.engine.setVariables({ elementInstanceKey: task, variables: { status: 'review', existing: 5, added: [1, 2] }, local: false });
      // then
      expect(await recordsAfter(h, before)).toEqual([
        'COMMAND VARIABLE_DOCUMENT UPDATE',
        'EVENT VARIABLE UPDATED status="review"',
        'EVENT VARIABLE UPDATED existing=5',
        'EVENT VARIABLE CREATED added=[1,2]',
        'EVENT VARIABLE_DOCUMENT UPDATED',
      ]);
      expect(await h.variables(task)).toEqual({ status: 'review' });
      expect(await h.variables(pi)).toEqual({ jobType: 'vars-propagate', existing: 5, added: [1, 2] });
      const [update] = (await h.records({ valueType: 'VARIABLE_DOCUMENT' })).filter((r) => r.intent === 'UPDATED').slice(-1);
      expect(update!.value).toMatchObject({ scopeKey: task, updateSemantics: 'PROPAGATE', processInstanceKey: pi });
      await h.engine.cancelProcessInstance(pi);
    });

    it('writes no variable record for a value that did not change', async () => {
      // given
      const { pi } = await waitingInstance('vars-same', { existing: { a: [1, 'b'] } });
      const before = await lastPosition(h);
      // when
      await h.engine.setVariables({ elementInstanceKey: pi, variables: { existing: { a: [1, 'b'] }, jobType: 'vars-same' }, local: true });
      // then
      expect(await recordsAfter(h, before)).toEqual(['COMMAND VARIABLE_DOCUMENT UPDATE', 'EVENT VARIABLE_DOCUMENT UPDATED']);
      await h.engine.cancelProcessInstance(pi);
    });

    it('rejects SetVariables for an element instance that does not exist or has ended', async () => {
      // given
      const { pi } = await waitingInstance('vars-ended');
      await h.completeJob('vars-ended');
      expect(await h.instanceState(pi)).toBe('COMPLETED');
      for (const key of ['2251799813999999', pi]) {
        const before = await lastPosition(h);
        // when
        const result = await h.engine.setVariables({ elementInstanceKey: key, variables: { x: 1 }, local: false });
        // then
        expect(result).toEqual({
          ok: false,
          error: { intent: 'UPDATE', type: 'NOT_FOUND', reason: `Expected to update variables for element with key '${key}', but no such element was found` },
        });
        expect(await recordsAfter(h, before)).toEqual(['COMMAND VARIABLE_DOCUMENT UPDATE', 'COMMAND_REJECTION VARIABLE_DOCUMENT UPDATE NOT_FOUND']);
      }
    });
  });
});
