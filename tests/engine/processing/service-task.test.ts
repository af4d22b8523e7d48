/**
 * None start and end events, and the job worker tasks (service, send, script, business rule):
 * a task creates a job on activation and completes with it; the task definition's type and
 * retries may be static or FEEL, and task headers reach the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, instanceRecords } from './records.js';

describe('service task', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('one-task.bpmn'), fixture('start-end.bpmn'), fixture('task-kinds.bpmn'), fixture('job-properties.bpmn'));
  });
  afterAll(() => h?.close());

  it('runs a process of a none start and a none end event to completion', async () => {
    // when
    const pi = await h.createInstance('start-end');
    // then
    expect(await instanceRecords(h, pi)).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT start-end',
      'EVENT PROCESS_INSTANCE_CREATION CREATED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING start-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED start-end',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED start',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f1',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT start-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING start-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED start-end',
    ]);
    const events = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).filter((r) => r.intent === 'ELEMENT_ACTIVATED');
    expect(events.map((r) => [r.elementId, r.bpmnElementType, r.value.bpmnEventType])).toEqual([
      ['start-end', 'PROCESS', 'UNSPECIFIED'],
      ['start', 'START_EVENT', 'NONE'],
      ['end', 'END_EVENT', 'NONE'],
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('creates a job on activation and completes the task with the job', async () => {
    // given
    const pi = await h.createInstance('one-task', { a: 1 });
    // when
    const job = await h.completeJob('work', { b: 2 });
    // then
    expect(job.variables).toEqual({ a: 1 });
    expect(await h.elementEvents(pi)).toEqual([
      'ELEMENT_ACTIVATING one-task',
      'ELEMENT_ACTIVATED one-task',
      'ELEMENT_ACTIVATING start',
      'ELEMENT_ACTIVATED start',
      'ELEMENT_COMPLETING start',
      'ELEMENT_COMPLETED start',
      'SEQUENCE_FLOW_TAKEN f1',
      'ELEMENT_ACTIVATING task',
      'ELEMENT_ACTIVATED task',
      'ELEMENT_COMPLETING task',
      'ELEMENT_COMPLETED task',
      'SEQUENCE_FLOW_TAKEN f2',
      'ELEMENT_ACTIVATING end',
      'ELEMENT_ACTIVATED end',
      'ELEMENT_COMPLETING end',
      'ELEMENT_COMPLETED end',
      'ELEMENT_COMPLETING one-task',
      'ELEMENT_COMPLETED one-task',
    ]);
    expect(await h.variables(pi)).toEqual({ a: 1, b: 2 });
  });

  it('rejects completing a job twice with NOT_FOUND', async () => {
    await h.createInstance('one-task');
    const [job] = await h.activate('work');
    expect((await h.engine.completeJob(job!.key)).ok).toBe(true);
    const again = await h.engine.completeJob(job!.key);
    expect(again).toEqual({
      ok: false,
      error: { intent: 'COMPLETE', type: 'NOT_FOUND', reason: `Expected to complete job with key '${job!.key}', but no such job was found` },
    });
  });

  it('executes send, script and business rule tasks as jobs, like service tasks', async () => {
    // given
    const pi = await h.createInstance('task-kinds');
    // when
    for (const kind of ['service', 'send', 'script', 'rule']) await h.completeJob(`kinds-${kind}`);
    // then
    const lines = await instanceRecords(h, pi);
    const task = (id: string, type: string) => [
      `COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT ${id}`,
      `EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING ${id}`,
      `EVENT JOB CREATED ${type}`,
      `EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED ${id}`,
      `COMMAND JOB COMPLETE ${type}`,
      `EVENT JOB COMPLETED ${type}`,
      `COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT ${id}`,
      `EVENT PROCESS_INSTANCE ELEMENT_COMPLETING ${id}`,
      `EVENT PROCESS_INSTANCE ELEMENT_COMPLETED ${id}`,
    ];
    expect(lines.slice(10, -8)).toEqual([
      ...task('service', 'kinds-service'),
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      ...task('send', 'kinds-send'),
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f3',
      ...task('script', 'kinds-script'),
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f4',
      ...task('rule', 'kinds-rule'),
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f5',
    ]);
    const activated = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).filter(
      (r) => r.intent === 'ELEMENT_ACTIVATED' && ['service', 'send', 'script', 'rule'].includes(r.elementId!),
    );
    expect(activated.map((r) => r.bpmnElementType)).toEqual(['SERVICE_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'BUSINESS_RULE_TASK']);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('writes the job with the task definition: type, default retries, no worker and no deadline yet', async () => {
    // when
    const pi = await h.createInstance('task-kinds');
    // then
    const [created] = (await h.records({ processInstanceKey: pi, valueType: 'JOB' })).filter((r) => r.intent === 'CREATED');
    const [task] = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).filter(
      (r) => r.intent === 'ELEMENT_ACTIVATING' && r.elementId === 'service',
    );
    expect(created!.value).toMatchObject({
      type: 'kinds-service',
      retries: 3,
      worker: '',
      deadline: '-1',
      customHeaders: {},
      elementId: 'service',
      elementInstanceKey: task!.key,
      processInstanceKey: pi,
      bpmnProcessId: 'task-kinds',
      processDefinitionVersion: 1,
      processDefinitionKey: task!.value.processDefinitionKey,
      tenantId: '<default>',
    });
    await h.engine.cancelProcessInstance(pi);
  });

  it('hands static retries and the task headers to the worker', async () => {
    // given
    const pi = await h.createInstance('job-properties', { kind: 'static-case', tries: 0 });
    // when
    const [job] = await h.activate('props-static');
    // then
    expect(job).toMatchObject({
      type: 'props-static',
      retries: 5,
      customHeaders: { court: '第一法庭', priority: 'high' },
      processInstanceKey: pi,
      bpmnProcessId: 'job-properties',
      elementId: 'static',
      worker: 'test',
    });
    await h.engine.cancelProcessInstance(pi);
  });

  it('evaluates a FEEL job type and FEEL retries against the instance variables', async () => {
    // given
    const pi = await h.createInstance('job-properties', { kind: 'fast', tries: 1 });
    await h.completeJob('props-static');
    // when
    const [job] = await h.activate('props-fast');
    // then
    expect(job).toMatchObject({ type: 'props-fast', retries: 2, elementId: 'dynamic', customHeaders: {} });
    await h.engine.completeJob(job!.key);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });
});
