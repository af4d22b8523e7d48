/**
 * Resolving incidents keeps what the element had (after Zeebe's IncidentTest and
 * BoundaryEventTest): an output-mapping incident keeps the variables the job or user task
 * completed with, and maps them once the missing variable is there; an activation incident on a
 * task with a boundary timer opens the timer once, when the task finally activates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { from, instanceRecords } from './records.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const model = (id: string, body: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`,
});
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
/** claim (执行标的) comes from the completion; rate (费率) must exist somewhere, else an incident */
const OUTPUTS = `<zeebe:ioMapping>
  <zeebe:output source="=amount" target="claim" />
  <zeebe:output source="=assert(rate, rate != null, &quot;rate is required&quot;)" target="feeRate" />
</zeebe:ioMapping>`;
const around = (task: string) => `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}${task}${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />`;

describe('resolving incidents', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(
      model('out-job', around(`<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="ir.job" />${OUTPUTS}</bpmn:extensionElements></bpmn:serviceTask>`)),
      model('out-user', around(`<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:userTask />${OUTPUTS}</bpmn:extensionElements></bpmn:userTask>`)),
      model('out-job-user', around(`<bpmn:userTask id="task"><bpmn:extensionElements>${OUTPUTS}</bpmn:extensionElements></bpmn:userTask>`)),
      model(
        'out-error',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
         <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="ir.error" /></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:boundaryEvent id="failed" attachedToRef="task"><bpmn:extensionElements><zeebe:ioMapping>
             <zeebe:output source="=errorCode" target="code" />
             <zeebe:output source="=errorMessage" target="reason" />
             <zeebe:output source="=assert(rate, rate != null, &quot;rate is required&quot;)" target="feeRate" />
           </zeebe:ioMapping></bpmn:extensionElements><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
         ${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'failed', 'e2')}<bpmn:endEvent id="e2" />`,
      ),
      model(
        'type-timer',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
         <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="=jobType" /></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:boundaryEvent id="overdue" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         ${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'overdue', 'late')}<bpmn:endEvent id="late" />`,
      ),
      model(
        'in-timer',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
         <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="ir.timer" />
           <zeebe:ioMapping><zeebe:input source="=assert(案号, 案号 != null, &quot;案号 is required&quot;)" target="caseNo" /></zeebe:ioMapping>
         </bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:boundaryEvent id="overdue" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         ${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />${flow('f3', 'overdue', 'late')}<bpmn:endEvent id="late" />`,
      ),
    );
  });
  afterAll(() => h?.close());

  const resolveAfterFix = async (pi: string) => {
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'IO_MAPPING_ERROR', element_id: 'task' });
    expect(incident.error_message).toContain('rate is required');
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { rate: 0.01 }, local: false });
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
  };

  it('a job completion: the job variables are still mapped when the output-mapping incident is resolved', async () => {
    // given
    const pi = await h.createInstance('out-job');
    await h.completeJob('ir.job', { amount: 250000 });
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
      'EVENT VARIABLE CREATED amount=250000',
      'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
    ]);
    // when
    await resolveAfterFix(pi);
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED IO_MAPPING_ERROR',
      'EVENT VARIABLE CREATED claim=250000',
      'EVENT VARIABLE CREATED feeRate=0.01',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED task',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT e',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING e',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED e',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING e',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED e',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT out-job',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING out-job',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED out-job',
    ]);
    expect(await h.variables(pi)).toEqual({ rate: 0.01, claim: 250000, feeRate: 0.01 });
  });

  it('a Camunda user task completion: the completion variables are still mapped when the incident is resolved', async () => {
    // given
    const pi = await h.createInstance('out-user');
    const [task] = await h.engine.db.query<{ key: string }>(`SELECT key::text FROM engine.user_task WHERE process_instance_key = $1`, [pi]);
    expect((await h.engine.completeUserTask(task!.key, { amount: 88000 })).ok).toBe(true);
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'VARIABLE', 'INCIDENT']), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING task',
      'EVENT VARIABLE CREATED amount=88000',
      'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
    ]);
    // when
    await resolveAfterFix(pi);
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ rate: 0.01, claim: 88000, feeRate: 0.01 });
  });

  it('a job-based user task completion: the same', async () => {
    const pi = await h.createInstance('out-job-user');
    await h.completeJob('io.camunda.zeebe:userTask', { amount: 5000 });
    await resolveAfterFix(pi);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ rate: 0.01, claim: 5000, feeRate: 0.01 });
  });

  it('an error boundary event: errorCode and errorMessage are still there for its output mappings when the incident is resolved', async () => {
    // given
    const pi = await h.createInstance('out-error');
    const [job] = await h.activate('ir.error');
    await h.engine.throwError({ jobKey: job!.key, errorCode: 'ACCOUNT_FROZEN', errorMessage: '账户已冻结', variables: { amount: 1 } });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'IO_MAPPING_ERROR', element_id: 'failed' });
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { rate: 0.01 }, local: false });
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ rate: 0.01, code: 'ACCOUNT_FROZEN', reason: '账户已冻结', feeRate: 0.01 });
  });

  it('an input-mapping incident on a task with a boundary timer: resolving it opens the timer once', async () => {
    // given
    const pi = await h.createInstance('in-timer');
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
      'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
    ]);
    const [incident] = await h.incidents(pi);
    // when: resolved once without a fix (a new incident), then with it
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
    const [, second] = await h.incidents(pi);
    expect(second).toMatchObject({ state: 'ACTIVE', error_type: 'IO_MAPPING_ERROR' });
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { 案号: '(2030)豫01执9号' }, local: false });
    expect((await h.engine.resolveIncident(second.key)).ok).toBe(true);
    // then
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'INCIDENT', 'TIMER', 'JOB']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
      'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED IO_MAPPING_ERROR',
      'EVENT INCIDENT CREATED IO_MAPPING_ERROR',
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED IO_MAPPING_ERROR',
      'EVENT TIMER CREATED',
      'EVENT JOB CREATED ir.timer',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED task',
    ]);
    const timers = await h.engine.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine.timer WHERE process_instance_key = $1`, [pi]);
    expect(timers[0]!.n).toBe(1);
    // the one timer fires once and interrupts the task
    await h.advanceClock(31 * 24 * 3600_000);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await h.elementEvents(pi)).filter((e) => e.endsWith(' late'))).toHaveLength(4);
  });

  it('a job type expression incident on a task with a boundary timer: no timer waits during the incident, one after', async () => {
    // given
    const pi = await h.createInstance('type-timer');
    const lines = async () => from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'INCIDENT', 'TIMER', 'JOB']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task');
    const timers = async () => (await h.engine.db.query<{ state: string }>(`SELECT state FROM engine.timer WHERE process_instance_key = $1`, [pi])).map((t) => t.state);
    // then: the subscription opened with the activation is closed again with the incident
    expect(await lines()).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING task',
      'EVENT TIMER CREATED',
      'EVENT INCIDENT CREATED EXTRACT_VALUE_ERROR',
      'EVENT TIMER CANCELED',
    ]);
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { jobType: 'ir.typed' }, local: false });
    const [incident] = await h.incidents(pi);
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
    // then
    expect((await lines()).slice(4)).toEqual([
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED EXTRACT_VALUE_ERROR',
      'EVENT TIMER CREATED',
      'EVENT JOB CREATED ir.typed',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED task',
    ]);
    await h.advanceClock(31 * 24 * 3600_000);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await h.elementEvents(pi)).filter((e) => e === 'ELEMENT_COMPLETED late')).toHaveLength(1);
    expect(await timers()).not.toContain('CREATED');
  });
});
