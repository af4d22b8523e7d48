/**
 * Compensation as Zeebe 8.8 executes it (after Zeebe's CompensationEventExecutionTest): an
 * activity with a compensation boundary event that completed is compensated by its handler when a
 * compensation intermediate throw or end event of the same flow scope is reached; the throw event
 * waits for the handlers; activities that did not complete are not compensated; `activityRef`
 * compensates one activity only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const task = (id: string, type: string, extra = '') =>
  `<bpmn:serviceTask id="${id}" ${extra}><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
/** an activity with a compensation boundary event and its handler */
const compensable = (id: string, prefix: string) => `
  ${task(id, `${prefix}.${id}`)}
  <bpmn:boundaryEvent id="undo-${id}" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  ${task(`${id}-handler`, `${prefix}.${id}-handler`, 'isForCompensation="true"')}
  <bpmn:association id="assoc-${id}" associationDirection="One" sourceRef="undo-${id}" targetRef="${id}-handler" />`;
const model = (id: string, body: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`,
});
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

describe('compensation', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(
      // 冻结 then 扣划 fail: the freeze is undone (解冻) by the intermediate throw, then the case goes on
      model(
        'comp-throw',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'freeze')}${compensable('freeze', 'ct')}${flow('f2', 'freeze', 'undo')}
         <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
         ${flow('f3', 'undo', 'after')}${task('after', 'ct.after')}${flow('f4', 'after', 'e')}<bpmn:endEvent id="e" />`,
      ),
      model(
        'comp-end',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${compensable('a', 'ce')}${flow('f2', 'a', 'b')}${compensable('b', 'ce')}${flow('f3', 'b', 'end')}
         <bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
      model(
        'comp-ref',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${compensable('a', 'cr')}${flow('f2', 'a', 'b')}${compensable('b', 'cr')}${flow('f3', 'b', 'throw-a')}
         <bpmn:intermediateThrowEvent id="throw-a"><bpmn:compensateEventDefinition activityRef="a" /></bpmn:intermediateThrowEvent>${flow('f4', 'throw-a', 'e')}<bpmn:endEvent id="e" />`,
      ),
      // 执行款划拨失败 (an error): the error event sub-process undoes the freeze before the case ends
      model(
        'comp-esp',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'freeze')}${compensable('freeze', 'cx')}${flow('f2', 'freeze', 'transfer')}${task('transfer', 'cx.transfer')}
         ${flow('f3', 'transfer', 'e')}<bpmn:endEvent id="e" />
         <bpmn:subProcess id="on-error" triggeredByEvent="true">
           <bpmn:startEvent id="error-start"><bpmn:errorEventDefinition /></bpmn:startEvent>${flow('f4', 'error-start', 'undo-all')}
           <bpmn:endEvent id="undo-all"><bpmn:compensateEventDefinition /></bpmn:endEvent>
         </bpmn:subProcess>`,
      ),
      model(
        'comp-sub',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
         <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-s" />${flow('sf1', 'sub-s', 'a')}${compensable('a', 'cu')}${flow('sf2', 'a', 'sub-e')}<bpmn:endEvent id="sub-e" /></bpmn:subProcess>
         ${flow('f2', 'sub', 'undo')}<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('f3', 'undo', 'e')}<bpmn:endEvent id="e" />`,
      ),
      model(
        'comp-multi',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}
         <bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="cm.a" /></bpmn:extensionElements>
           <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=accounts" inputElement="account" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
         </bpmn:serviceTask>
         <bpmn:boundaryEvent id="undo-a" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         ${task('a-handler', 'cm.a-handler', 'isForCompensation="true"')}
         <bpmn:association id="assoc-a" associationDirection="One" sourceRef="undo-a" targetRef="a-handler" />
         ${flow('f2', 'a', 'end')}<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
      model(
        'comp-skipped',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}<bpmn:exclusiveGateway id="gw" default="f-skip" />
         <bpmn:sequenceFlow id="f-do" sourceRef="gw" targetRef="a"><bpmn:conditionExpression>=false</bpmn:conditionExpression></bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="f-skip" sourceRef="gw" targetRef="join" />
         ${compensable('a', 'cs')}${flow('f2', 'a', 'join')}<bpmn:exclusiveGateway id="join" />${flow('f3', 'join', 'end')}
         <bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
    );
  });
  afterAll(() => h?.close());

  const compensationRecords = async (pi: string) =>
    (await h.records({ processInstanceKey: pi, valueType: 'COMPENSATION_SUBSCRIPTION' })).map((r) => `${r.intent} ${r.value.compensableActivityId}`);

  it('an intermediate throw event runs the handler of the completed activity and waits for it', async () => {
    // given
    const pi = await h.createInstance('comp-throw', { 案号: '(2030)豫01执800号' });
    await h.completeJob('ct.freeze');
    // then: the handler runs, the throw event waits
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze']);
    const [handlerJob] = await h.activate('ct.freeze-handler');
    expect(handlerJob).toMatchObject({ elementId: 'freeze-handler', processInstanceKey: pi });
    expect(await h.activate('ct.after')).toEqual([]);
    // when
    await h.engine.completeJob(handlerJob!.key, { 解冻: true });
    // then
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze', 'COMPLETED freeze']);
    const events = await h.elementEvents(pi);
    expect(events.slice(events.indexOf('ELEMENT_ACTIVATING undo'))).toEqual([
      'ELEMENT_ACTIVATING undo',
      'ELEMENT_ACTIVATED undo',
      // as Zeebe records it: the compensation boundary event, then its handler
      'ELEMENT_ACTIVATING undo-freeze',
      'ELEMENT_ACTIVATED undo-freeze',
      'ELEMENT_COMPLETING undo-freeze',
      'ELEMENT_COMPLETED undo-freeze',
      'ELEMENT_ACTIVATING freeze-handler',
      'ELEMENT_ACTIVATED freeze-handler',
      'ELEMENT_COMPLETING freeze-handler',
      'ELEMENT_COMPLETED freeze-handler',
      'ELEMENT_COMPLETING undo',
      'ELEMENT_COMPLETED undo',
      'SEQUENCE_FLOW_TAKEN f3',
      'ELEMENT_ACTIVATING after',
      'ELEMENT_ACTIVATED after',
    ]);
    await h.completeJob('ct.after');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toMatchObject({ 解冻: true });
  });

  it('an end event compensates every completed activity of its scope before the instance completes', async () => {
    const pi = await h.createInstance('comp-end');
    await h.completeJob('ce.a');
    await h.completeJob('ce.b');
    const handlers = [...(await h.activate('ce.a-handler')), ...(await h.activate('ce.b-handler'))];
    expect(handlers.map((j) => j.elementId)).toEqual(['a-handler', 'b-handler']);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.completeJob(handlers[0]!.key);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.completeJob(handlers[1]!.key);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('activityRef compensates that activity only; the others are deleted when the instance ends', async () => {
    const pi = await h.createInstance('comp-ref');
    await h.completeJob('cr.a');
    await h.completeJob('cr.b');
    expect(await h.activate('cr.b-handler')).toEqual([]);
    await h.completeJob('cr.a-handler');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await compensationRecords(pi)).toEqual(['CREATED a', 'CREATED b', 'TRIGGERED a', 'COMPLETED a', 'DELETED b']);
  });

  it('a compensation end event in an error event sub-process compensates the scope around it', async () => {
    const pi = await h.createInstance('comp-esp');
    await h.completeJob('cx.freeze');
    const [transfer] = await h.activate('cx.transfer');
    const thrown = await h.engine.throwError({ jobKey: transfer!.key, errorCode: 'TRANSFER_FAILED' });
    expect(thrown.ok).toBe(true);
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze']);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.completeJob('cx.freeze-handler');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events.filter((e) => /undo-all|freeze-handler|on-error/.test(e))).toEqual([
      'ELEMENT_ACTIVATING on-error',
      'ELEMENT_ACTIVATED on-error',
      'ELEMENT_ACTIVATING undo-all',
      'ELEMENT_ACTIVATED undo-all',
      'ELEMENT_ACTIVATING freeze-handler',
      'ELEMENT_ACTIVATED freeze-handler',
      'ELEMENT_COMPLETING freeze-handler',
      'ELEMENT_COMPLETED freeze-handler',
      'ELEMENT_COMPLETING undo-all',
      'ELEMENT_COMPLETED undo-all',
      'ELEMENT_COMPLETING on-error',
      'ELEMENT_COMPLETED on-error',
    ]);
  });

  it('compensates the activities of a completed sub-process through it', async () => {
    const pi = await h.createInstance('comp-sub');
    await h.completeJob('cu.a');
    expect(await compensationRecords(pi)).toEqual(['CREATED a', 'CREATED sub', 'TRIGGERED sub', 'TRIGGERED a']);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.completeJob('cu.a-handler');
    expect(await compensationRecords(pi)).toEqual(['CREATED a', 'CREATED sub', 'TRIGGERED sub', 'TRIGGERED a', 'COMPLETED a', 'COMPLETED sub']);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('compensates each inner instance of a multi-instance activity', async () => {
    const pi = await h.createInstance('comp-multi', { accounts: ['工商银行', '建设银行'] });
    await h.completeJob('cm.a');
    await h.completeJob('cm.a');
    const handlers = await h.activate('cm.a-handler');
    expect(handlers).toHaveLength(2);
    expect(await compensationRecords(pi)).toEqual(['CREATED a', 'CREATED a', 'CREATED a', 'TRIGGERED a', 'TRIGGERED a', 'TRIGGERED a']);
    for (const job of handlers) expect((await h.engine.completeJob(job.key)).ok).toBe(true);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('an activity that did not complete is not compensated: the throw completes at once', async () => {
    const pi = await h.createInstance('comp-skipped');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await compensationRecords(pi)).toEqual([]);
  });

  it('refuses a compensation boundary event without a handler, naming it', async () => {
    const result = await h.engine.deploy([
      {
        name: 'no-handler.bpmn',
        content: Buffer.from(
          model(
            'comp-no-handler',
            `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${task('a', 'x')}<bpmn:boundaryEvent id="undo-a" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>${flow('f2', 'a', 'e')}<bpmn:endEvent id="e" />`,
          ).xml,
        ),
      },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.reason).toContain('Element: undo-a');
  });
});
