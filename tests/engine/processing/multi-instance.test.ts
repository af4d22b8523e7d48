/**
 * Multi-instance activities: a MULTI_INSTANCE_BODY with the activity's id wraps one inner
 * instance per item of the input collection, in parallel or one after another; each inner
 * instance has its item and loop counter as local variables, the output collection gathers the
 * output elements in order, a completion condition ends the rest early, and boundary events
 * belong to the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

const DAY = 24 * 3_600_000;

describe('multi-instance', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('multi-instance.bpmn'), fixture('call-child.bpmn'));
  });
  afterAll(() => h?.close());

  /** the instance's jobs of `type`, by key (each test keeps to its own instance) */
  const jobsOf = async (pi: string, type: string, state?: string) =>
    (
      await h.engine.db.query<{ key: string }>(
        `SELECT key::text FROM engine.job WHERE process_instance_key = $1 AND type = $2 ${state ? 'AND state = $3' : ''} ORDER BY key`,
        state ? [pi, type, state] : [pi, type],
      )
    ).map((r) => r.key);
  const instancesOf = (pi: string, elementId: string) =>
    h.engine.db.query<{ key: string; element_type: string; state: string; flow_scope_key: string }>(
      `SELECT key::text, element_type, state, flow_scope_key::text FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = $2 ORDER BY key`,
      [pi, elementId],
    );

  it('activates one inner instance per item in parallel, each with its item and loop counter', async () => {
    // when
    const pi = await h.createInstance('mi-parallel', { parties: ['申请人甲', '被执行人乙', '案外人丙'] });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify')).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify',
      'EVENT TIMER CREATED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED notify',
      'EVENT VARIABLE CREATED receipts=[null,null,null]',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify',
      'EVENT VARIABLE CREATED party="申请人甲"',
      'EVENT VARIABLE CREATED receipt=null',
      'EVENT VARIABLE CREATED loopCounter=1',
      'EVENT JOB CREATED mi.notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify',
      'EVENT VARIABLE CREATED party="被执行人乙"',
      'EVENT VARIABLE CREATED receipt=null',
      'EVENT VARIABLE CREATED loopCounter=2',
      'EVENT JOB CREATED mi.notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify',
      'EVENT VARIABLE CREATED party="案外人丙"',
      'EVENT VARIABLE CREATED receipt=null',
      'EVENT VARIABLE CREATED loopCounter=3',
      'EVENT JOB CREATED mi.notify',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED notify',
    ]);
    const [body, ...inner] = await instancesOf(pi, 'notify');
    expect(body).toMatchObject({ element_type: 'MULTI_INSTANCE_BODY', state: 'ACTIVATED', flow_scope_key: pi });
    expect(inner.map((i) => [i.element_type, i.state, i.flow_scope_key])).toEqual(Array(3).fill(['SERVICE_TASK', 'ACTIVATED', body!.key]));
    expect(await h.variables(body!.key)).toEqual({ receipts: [null, null, null] });
    expect(await h.variables(inner[1]!.key)).toEqual({ party: '被执行人乙', receipt: null, loopCounter: 2 });
    const records = await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' });
    expect(records.find((r) => r.key === body!.key)?.value).toMatchObject({ bpmnElementType: 'MULTI_INSTANCE_BODY', elementId: 'notify', flowScopeKey: pi });
  });

  it('collects the output elements in item order, whatever the completion order, and then completes the body', async () => {
    // given
    const pi = await h.createInstance('mi-parallel', { parties: ['甲', '乙', '丙'] });
    const [first, second, third] = await jobsOf(pi, 'mi.notify');
    // when
    await h.engine.completeJob(second!, { receipt: '送达回证2' });
    await h.engine.completeJob(third!, { receipt: '送达回证3' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.completeJob(first!, { receipt: '送达回证1' });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND JOB COMPLETE mi.notify')).toEqual([
      'COMMAND JOB COMPLETE mi.notify',
      'EVENT JOB COMPLETED mi.notify',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING notify',
      'EVENT VARIABLE UPDATED receipt="送达回证2"',
      'EVENT VARIABLE UPDATED receipts=[null,"送达回证2",null]',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED notify',
      'COMMAND JOB COMPLETE mi.notify',
      'EVENT JOB COMPLETED mi.notify',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING notify',
      'EVENT VARIABLE UPDATED receipt="送达回证3"',
      'EVENT VARIABLE UPDATED receipts=[null,"送达回证2","送达回证3"]',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED notify',
      'COMMAND JOB COMPLETE mi.notify',
      'EVENT JOB COMPLETED mi.notify',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING notify',
      'EVENT VARIABLE UPDATED receipt="送达回证1"',
      'EVENT VARIABLE UPDATED receipts=["送达回证1","送达回证2","送达回证3"]',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED notify',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT notify',
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING notify',
      'EVENT VARIABLE CREATED receipts=["送达回证1","送达回证2","送达回证3"]',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED notify',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT mi-parallel',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING mi-parallel',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED mi-parallel',
    ]);
    // the output collection is created in the body's flow scope; the items stay local
    expect(await h.variables(pi)).toEqual({ parties: ['甲', '乙', '丙'], receipts: ['送达回证1', '送达回证2', '送达回证3'] });
  });

  it('runs a sequential body one instance after another until the completion condition holds', async () => {
    // given
    const pi = await h.createInstance('mi-sequential', { accounts: ['工商银行', '建设银行', '农业银行'], target: 100 });
    expect(await jobsOf(pi, 'mi.freeze')).toHaveLength(1);
    // when
    await h.engine.completeJob((await jobsOf(pi, 'mi.freeze'))[0]!, { amount: 60 });
    const [, next] = await jobsOf(pi, 'mi.freeze');
    const [job] = (await h.activate('mi.freeze')).filter((j) => j.key === next);
    expect(job?.variables).toMatchObject({ account: '建设银行', loopCounter: 2, frozen: [{ account: '工商银行', amount: 60 }, null, null] });
    await h.engine.completeJob(next!, { amount: 50 });
    // then: 110 ≥ 100, the third account is never frozen
    expect(await jobsOf(pi, 'mi.freeze')).toHaveLength(2);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await h.variables(pi)).frozen).toEqual([{ account: '工商银行', amount: 60 }, { account: '建设银行', amount: 50 }, null]);
    expect((await instancesOf(pi, 'freeze')).map((i) => `${i.element_type} ${i.state}`)).toEqual([
      'MULTI_INSTANCE_BODY COMPLETED',
      'SERVICE_TASK COMPLETED',
      'SERVICE_TASK COMPLETED',
    ]);
  });

  it('terminates the remaining inner instances once the completion condition holds', async () => {
    // given three judges; the condition checks every number Zeebe offers
    const pi = await h.createInstance('mi-condition', { judges: ['审判长', '审判员', '人民陪审员'] });
    const [a, b] = await jobsOf(pi, 'mi.review');
    await h.engine.completeJob(a!);
    // when
    await h.engine.completeJob(b!);
    // then
    const records = await instanceRecords(h, pi);
    expect(records.slice(records.lastIndexOf('COMMAND JOB COMPLETE mi.review'))).toEqual([
      'COMMAND JOB COMPLETE mi.review',
      'EVENT JOB COMPLETED mi.review',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT review',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING review',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED review',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT review',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING review',
      'EVENT JOB CANCELED mi.review',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED review',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT review',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING review',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED review',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN c2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT c-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING c-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED c-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING c-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED c-end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT mi-condition',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING mi-condition',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED mi-condition',
    ]);
    expect((await instancesOf(pi, 'review')).map((i) => `${i.element_type} ${i.state}`)).toEqual([
      'MULTI_INSTANCE_BODY COMPLETED',
      'SERVICE_TASK COMPLETED',
      'SERVICE_TASK COMPLETED',
      'SERVICE_TASK TERMINATED',
    ]);
  });

  it('completes the body once, after every instance, when the inner instances complete at once', async () => {
    // when
    const pi = await h.createInstance('mi-instant', { numbers: [1, 2, 3], stopAfter: null });
    // then
    const events = await h.elementEvents(pi);
    expect(events.filter((e) => e === 'ELEMENT_COMPLETED double')).toHaveLength(4);
    // the third inner instance completes, then the body
    expect(events.slice(events.lastIndexOf('ELEMENT_COMPLETED double') - 2)).toEqual([
      'ELEMENT_COMPLETED double',
      'ELEMENT_COMPLETING double',
      'ELEMENT_COMPLETED double',
      'SEQUENCE_FLOW_TAKEN i2',
      'ELEMENT_ACTIVATING i-end',
      'ELEMENT_ACTIVATED i-end',
      'ELEMENT_COMPLETING i-end',
      'ELEMENT_COMPLETED i-end',
      'ELEMENT_COMPLETING mi-instant',
      'ELEMENT_COMPLETED mi-instant',
    ]);
    expect(await h.variables(pi)).toEqual({ numbers: [1, 2, 3], stopAfter: null, doubled: [2, 4, 6] });
  });

  it('activates no further inner instance once the condition holds, even those already requested', async () => {
    // when
    const pi = await h.createInstance('mi-instant', { numbers: [1, 2, 3], stopAfter: 1 });
    // then
    expect((await instancesOf(pi, 'double')).map((i) => `${i.element_type} ${i.state}`)).toEqual(['MULTI_INSTANCE_BODY COMPLETED', 'TASK COMPLETED']);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await h.variables(pi)).doubled).toEqual([2, null, null]);
  });

  it('completes the body at once for an empty collection', async () => {
    // when
    const pi = await h.createInstance('mi-parallel', { parties: [] });
    // then
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify').slice(0, 10)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify',
      'EVENT TIMER CREATED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED notify',
      'EVENT VARIABLE CREATED receipts=[]',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT notify',
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING notify',
      'EVENT VARIABLE CREATED receipts=[]',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED notify',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ parties: [], receipts: [] });
  });

  it('raises EXTRACT_VALUE_ERROR when the input collection is not a list, and goes on once it is', async () => {
    // given
    const pi = await h.createInstance('mi-parallel', { parties: '甲,乙' });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      state: 'ACTIVE',
      error_type: 'EXTRACT_VALUE_ERROR',
      error_message: "Expected result of the expression ' parties' to be 'ARRAY', but was 'STRING'.",
      element_id: 'notify',
    });
    const [body] = await instancesOf(pi, 'notify');
    expect(body).toMatchObject({ element_type: 'MULTI_INSTANCE_BODY', state: 'ACTIVATING', key: incident.element_instance_key });
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { parties: ['甲', '乙'] }, local: false });
    expect(await h.engine.resolveIncident(incident.key)).toEqual({ ok: true, value: undefined });
    // then: one timer (closed with the incident, opened again), two inner instances
    expect(await jobsOf(pi, 'mi.notify')).toHaveLength(2);
    const timers = await h.engine.db.query<{ state: string }>(`SELECT state FROM engine.timer WHERE process_instance_key = $1 ORDER BY key`, [pi]);
    expect(timers.map((t) => t.state)).toEqual(['CANCELED', 'ACTIVE']);
  });

  it('terminates every inner instance when a boundary event of the body fires', async () => {
    // given
    const pi = await h.createInstance('mi-parallel', { parties: ['甲', '乙'] });
    await h.engine.completeJob((await jobsOf(pi, 'mi.notify'))[0]!, { receipt: 'r1' });
    // when
    await h.advanceClock(7 * DAY);
    // then
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'JOB']), 'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT notify').slice(0, 9)).toEqual([
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING notify',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT notify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING notify',
      'EVENT JOB CANCELED mi.notify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED notify',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED notify',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT notify-timeout',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING notify-timeout',
    ]);
    expect((await instancesOf(pi, 'notify')).map((i) => `${i.element_type} ${i.state}`)).toEqual([
      'MULTI_INSTANCE_BODY TERMINATED',
      'SERVICE_TASK COMPLETED',
      'SERVICE_TASK TERMINATED',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    // the output collection stayed in the terminated body
    expect(await h.variables(pi)).toEqual({ parties: ['甲', '乙'] });
  });

  it('runs an embedded sub-process once per item, each with its own scope', async () => {
    // given
    const pi = await h.createInstance('mi-sub-process', { parties: ['甲', '乙'] });
    const jobs = await jobsOf(pi, 'mi.serve');
    expect(jobs).toHaveLength(2);
    // when
    await h.engine.completeJob(jobs[1]!, { status: '已送达' });
    await h.engine.completeJob(jobs[0]!, { status: '公告送达' });
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toMatchObject({ served: ['甲:公告送达', '乙:已送达'] });
    const inner = (await instancesOf(pi, 'each-party')).slice(1);
    expect(await h.variables(inner[0]!.key)).toEqual({ party: '甲', loopCounter: 1 });
    expect(inner.map((i) => i.element_type)).toEqual(['SUB_PROCESS', 'SUB_PROCESS']);
  });

  it('calls a process once per item, one after another', async () => {
    // given
    const pi = await h.createInstance('mi-call', { cases: ['执1号', '执2号'] });
    const children = () =>
      h.engine.db.query<{ key: string }>(
        `SELECT DISTINCT key::text FROM engine.record WHERE value->>'parentProcessInstanceKey' = $1 AND value->>'bpmnElementType' = 'PROCESS' ORDER BY 1`,
        [pi],
      );
    const [first] = await children();
    expect(await h.variables(first!.key)).toMatchObject({ caseNo: '执1号', loopCounter: 1 });
    // when
    await h.engine.completeJob((await jobsOf(first!.key, 'child.work'))[0]!, { outcome: '结案' });
    const [, second] = await children();
    expect(await h.variables(second!.key)).toMatchObject({ caseNo: '执2号', loopCounter: 2 });
    await h.engine.completeJob((await jobsOf(second!.key, 'child.work'))[0]!, { outcome: '终本' });
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await h.variables(pi)).outcomes).toEqual(['结案', '终本']);
    expect((await instancesOf(pi, 'call-each')).map((i) => `${i.element_type} ${i.state}`)).toEqual([
      'MULTI_INSTANCE_BODY COMPLETED',
      'CALL_ACTIVITY COMPLETED',
      'CALL_ACTIVITY COMPLETED',
    ]);
  });
});
