/**
 * Call activities: a child instance of the latest version of the called process, with the
 * parent's keys on its records, variables copied in and propagated back, incidents when the
 * called process is missing, termination with the parent, and errors caught up the hierarchy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

const DAY = 24 * 3_600_000;

describe('call activity', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('call-parent.bpmn'), fixture('call-child.bpmn'), fixture('call-mapped.bpmn'));
  });
  afterAll(() => h?.close());

  /** the process instance a call activity of `pi` created (the first, by key) */
  const childOf = async (pi: string) => {
    const [row] = await h.engine.db.query<{ key: string }>(
      `SELECT key::text FROM engine.record WHERE record_type = 'EVENT' AND intent = 'ELEMENT_ACTIVATING'
         AND value->>'bpmnElementType' = 'PROCESS' AND value->>'parentProcessInstanceKey' = $1 ORDER BY position LIMIT 1`,
      [pi],
    );
    if (!row) throw new Error(`no child instance of ${pi}`);
    return row.key;
  };
  /** the job of `type` in instance `pi` (tests share job types, so never "the next job") */
  const jobOf = async (pi: string, type = 'child.work') => {
    const [row] = await h.engine.db.query<{ key: string }>(`SELECT key::text FROM engine.job WHERE process_instance_key = $1 AND type = $2`, [pi, type]);
    if (!row) throw new Error(`no job '${type}' in ${pi}`);
    return row.key;
  };
  const elementKey = async (pi: string, elementId: string) => {
    const [row] = await h.engine.db.query<{ key: string }>(
      `SELECT key::text FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = $2 ORDER BY key LIMIT 1`,
      [pi, elementId],
    );
    return row!.key;
  };
  const states = async (pi: string) =>
    Object.fromEntries(
      (
        await h.engine.db.query<{ element_id: string; state: string }>(
          `SELECT element_id, state FROM engine.element_instance WHERE process_instance_key = $1 ORDER BY key`,
          [pi],
        )
      ).map((r) => [r.element_id, r.state]),
    );

  it('creates an instance of the called process, with the parent keys and a copy of all variables', async () => {
    // when
    const pi = await h.createInstance('call-parent', { caseNo: '(2025)豫1330执123号', amount: 1200 });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT call')).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT call',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING call',
      'EVENT TIMER CREATED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED call',
    ]);
    const child = await childOf(pi);
    expect(await instanceRecords(h, child)).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT call-child',
      'EVENT VARIABLE CREATED caseNo="(2025)豫1330执123号"',
      'EVENT VARIABLE CREATED amount=1200',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING call-child',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED call-child',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT child-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING child-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED child-start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING child-start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED child-start',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN c1',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT child-task',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING child-task',
      'EVENT JOB CREATED child.work',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED child-task',
    ]);
    // every process-instance record of the child names its parent; the parent's name none
    const callKey = await elementKey(pi, 'call');
    const parents = (records: { valueType: string; value: Record<string, any> }[]) =>
      new Set(records.filter((r) => r.valueType === 'PROCESS_INSTANCE').map((r) => `${r.value.parentProcessInstanceKey}/${r.value.parentElementInstanceKey}`));
    expect(parents(await h.records({ processInstanceKey: child }))).toEqual(new Set([`${pi}/${callKey}`]));
    expect(parents(await h.records({ processInstanceKey: pi }))).toEqual(new Set(['-1/-1']));
    expect(await h.variables(child)).toEqual({ caseNo: '(2025)豫1330执123号', amount: 1200 });
    const jobs = await h.activate('child.work');
    expect(jobs).toMatchObject([{ processInstanceKey: child, bpmnProcessId: 'call-child', variables: { caseNo: '(2025)豫1330执123号', amount: 1200 } }]);
    await h.engine.completeJob(jobs[0]!.key);
  });

  it('completes with the child and propagates the child variables to the parent', async () => {
    // given
    const pi = await h.createInstance('call-parent', { amount: 1200 });
    const child = await childOf(pi);
    // when
    await h.engine.completeJob(await jobOf(child), { paid: true, amount: 1500 });
    // then
    expect(from(await instanceRecords(h, child), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED child-end')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED child-end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT call-child',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING call-child',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call-child',
    ]);
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT call')).toEqual([
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT call',
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING call',
      'EVENT VARIABLE UPDATED amount=1500',
      'EVENT VARIABLE CREATED paid=true',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT call-parent',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING call-parent',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call-parent',
    ]);
    expect(await h.variables(pi)).toEqual({ amount: 1500, paid: true });
  });

  it('passes only the input mappings in and only the output mappings out when propagation is off', async () => {
    // given a FEEL process id, propagateAllParentVariables and propagateAllChildVariables off
    const pi = await h.createInstance('call-mapped', { childId: 'call-child', docket: '(2025)豫1330执7号', secret: '内部' });
    const child = await childOf(pi);
    expect(await h.variables(child)).toEqual({ caseNo: '(2025)豫1330执7号' });
    // when
    await h.engine.completeJob(await jobOf(child), { outcome: '已执行', note: '仅子流程' });
    // then the call activity holds the child's variables locally; only the mapping leaves it
    expect(await h.variables(pi)).toEqual({ childId: 'call-child', docket: '(2025)豫1330执7号', secret: '内部', result: '已执行' });
    expect(await h.variables(await elementKey(pi, 'call'))).toEqual({ caseNo: '(2025)豫1330执7号', outcome: '已执行', note: '仅子流程' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('raises CALLED_ELEMENT_ERROR when the called process is not deployed, and calls it once it is', async () => {
    // given
    const pi = await h.createInstance('call-mapped', { childId: 'call-missing', docket: 'x' });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      state: 'ACTIVE',
      error_type: 'CALLED_ELEMENT_ERROR',
      error_message: "Expected process with BPMN process id 'call-missing' to be deployed, but not found.",
      element_id: 'call',
    });
    expect((await states(pi)).call).toBe('ACTIVATING');
    // when
    await h.deploy({ name: 'call-missing.bpmn', xml: (await import('node:fs')).readFileSync(fixture('call-child.bpmn'), 'utf8').replace('id="call-child"', 'id="call-missing"') });
    expect(await h.engine.resolveIncident(incident.key)).toEqual({ ok: true, value: undefined });
    // then
    const child = await childOf(pi);
    expect(await h.variables(child)).toEqual({ caseNo: 'x' });
    expect((await states(pi)).call).toBe('ACTIVATED');
  });

  it('terminates the child when the parent is canceled, children first', async () => {
    // given
    const pi = await h.createInstance('call-parent');
    const child = await childOf(pi);
    // when
    expect(await h.engine.cancelProcessInstance(pi)).toEqual({ ok: true, value: undefined });
    // then
    const terminations = (await h.records())
      .filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent.startsWith('ELEMENT_TERMINAT') && [pi, child].includes(r.value.processInstanceKey))
      .map((r) => `${r.intent} ${r.value.bpmnElementType} ${r.value.elementId}`);
    expect(terminations).toEqual([
      'ELEMENT_TERMINATING PROCESS call-parent',
      'ELEMENT_TERMINATING CALL_ACTIVITY call',
      'ELEMENT_TERMINATING PROCESS call-child',
      'ELEMENT_TERMINATING SERVICE_TASK child-task',
      'ELEMENT_TERMINATED SERVICE_TASK child-task',
      'ELEMENT_TERMINATED PROCESS call-child',
      'ELEMENT_TERMINATED CALL_ACTIVITY call',
      'ELEMENT_TERMINATED PROCESS call-parent',
    ]);
    const jobs = await h.engine.db.query<{ state: string }>(`SELECT state FROM engine.job WHERE process_instance_key = $1`, [child]);
    expect(jobs).toEqual([{ state: 'CANCELED' }]);
  });

  it('rejects canceling a called instance, naming the root instance', async () => {
    // given
    const pi = await h.createInstance('call-parent');
    const child = await childOf(pi);
    // when
    const result = await h.engine.cancelProcessInstance(child);
    // then
    expect(result).toEqual({
      ok: false,
      error: {
        intent: 'CANCEL',
        type: 'INVALID_STATE',
        reason: `Expected to cancel a process instance with key '${child}', but it is created by a parent process instance. Cancel the root process instance '${pi}' instead.`,
      },
    });
    expect(await h.instanceState(child)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(pi);
    expect(await h.instanceState(child)).toBe('TERMINATED');
  });

  it('terminates the child when a boundary timer interrupts the call activity', async () => {
    // given
    const pi = await h.createInstance('call-parent');
    const child = await childOf(pi);
    // when
    await h.advanceClock(30 * DAY);
    // then
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE']), 'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING call')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING call',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED call',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT call-timeout',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING call-timeout',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED call-timeout',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING call-timeout',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call-timeout',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-timeout',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT timeout-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING timeout-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED timeout-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING timeout-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED timeout-end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT call-parent',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING call-parent',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call-parent',
    ]);
    expect(await states(child)).toEqual({ 'call-child': 'TERMINATED', 'child-start': 'COMPLETED', 'child-task': 'TERMINATED' });
  });

  it('catches an error thrown in the child with the boundary event of the call activity', async () => {
    // given
    const pi = await h.createInstance('call-parent');
    const child = await childOf(pi);
    // when
    expect(await h.engine.throwError({ jobKey: await jobOf(child), errorCode: 'REJECTED', errorMessage: '法院驳回', variables: { reason: '材料不全' } })).toEqual({
      ok: true,
      value: undefined,
    });
    // then
    expect(await h.incidents(child)).toEqual([]);
    expect(await states(child)).toEqual({ 'call-child': 'TERMINATED', 'child-start': 'COMPLETED', 'child-task': 'TERMINATED' });
    expect(await states(pi)).toMatchObject({ 'call-parent': 'COMPLETED', call: 'TERMINATED', 'call-rejected': 'COMPLETED', 'rejected-end': 'COMPLETED' });
    expect(await h.variables(pi)).toEqual({ reason: '材料不全' });
  });

  it('raises an incident in the child when nobody up the hierarchy catches the error', async () => {
    // given
    const pi = await h.createInstance('call-parent');
    const child = await childOf(pi);
    // when
    await h.engine.throwError({ jobKey: await jobOf(child), errorCode: 'UNKNOWN_CODE', errorMessage: '未知' });
    // then
    const [incident] = await h.incidents(child);
    expect(incident).toMatchObject({
      error_type: 'UNHANDLED_ERROR_EVENT',
      element_id: 'child-task',
      error_message: "Expected to throw an error event with the code 'UNKNOWN_CODE' with message '未知', but it was not caught. Available error events are [REJECTED]",
    });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
  });

  it('calls the latest version of the called process', async () => {
    // given
    const fs = await import('node:fs');
    const v2 = fs.readFileSync(fixture('call-child.bpmn'), 'utf8').replace('type="child.work"', 'type="child.work.v2"');
    const deployed = await h.deploy({ name: 'call-child.bpmn', xml: v2 });
    // when
    const pi = await h.createInstance('call-parent');
    // then
    const [row] = await h.engine.db.query<{ process_definition_key: string; version: number }>(
      `SELECT process_definition_key::text, version FROM engine.element_instance WHERE key = $1`,
      [await childOf(pi)],
    );
    expect(row).toEqual({ process_definition_key: deployed.processes[0]!.processDefinitionKey, version: 2 });
    expect(await jobOf(await childOf(pi), 'child.work.v2')).toBeTruthy();
  });
});
