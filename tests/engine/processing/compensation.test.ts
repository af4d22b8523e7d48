/**
 * Compensation as Zeebe 8.8 executes it (after Zeebe's CompensationEventExecutionTest): an
 * activity with a compensation boundary event that completed is compensated by its handler when a
 * compensation intermediate throw or end event of the same flow scope is reached; the throw event
 * waits for the handlers; activities that did not complete are not compensated; `activityRef`
 * compensates one activity only. A handler may be a task, an embedded sub-process, a call
 * activity, multi-instance or not; compensation event sub-processes are refused at deployment,
 * as Zeebe 8.8 refuses them (CompensationEventTest, EventSubprocessValidationTest).
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
      // 解除冻结 takes two steps: the handler is an embedded sub-process
      model(
        'comp-sub-handler',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'freeze')}${task('freeze', 'cs2.freeze')}
         <bpmn:boundaryEvent id="undo-freeze" attachedToRef="freeze"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         <bpmn:subProcess id="unfreeze" isForCompensation="true">
           <bpmn:startEvent id="u-s" />${flow('uf1', 'u-s', 'notify')}${task('notify', 'cs2.notify')}${flow('uf2', 'notify', 'release')}${task('release', 'cs2.release')}${flow('uf3', 'release', 'u-e')}<bpmn:endEvent id="u-e" />
         </bpmn:subProcess>
         <bpmn:association id="assoc" associationDirection="One" sourceRef="undo-freeze" targetRef="unfreeze" />
         ${flow('f2', 'freeze', 'end')}<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
      // the handler is a call activity: the child process undoes the freeze
      model(
        'comp-call-handler',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'freeze')}${task('freeze', 'cc.freeze')}
         <bpmn:boundaryEvent id="undo-freeze" attachedToRef="freeze"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         <bpmn:callActivity id="unfreeze" isForCompensation="true"><bpmn:extensionElements><zeebe:calledElement processId="comp-undo-child" /></bpmn:extensionElements></bpmn:callActivity>
         <bpmn:association id="assoc" associationDirection="One" sourceRef="undo-freeze" targetRef="unfreeze" />
         ${flow('f2', 'freeze', 'end')}<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
      model('comp-undo-child', `<bpmn:startEvent id="cs" />${flow('cf1', 'cs', 'undo')}${task('undo', 'cc.undo')}${flow('cf2', 'undo', 'ce')}<bpmn:endEvent id="ce" />`),
      // one freeze, undone at each bank: the handler is multi-instance and runs once, per item inside
      model(
        'comp-multi-handler',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'freeze')}${task('freeze', 'cmh.freeze')}
         <bpmn:boundaryEvent id="undo-freeze" attachedToRef="freeze"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         <bpmn:serviceTask id="unfreeze" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="cmh.unfreeze" /></bpmn:extensionElements>
           <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=banks" inputElement="bank" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
         </bpmn:serviceTask>
         <bpmn:association id="assoc" associationDirection="One" sourceRef="undo-freeze" targetRef="unfreeze" />
         ${flow('f2', 'freeze', 'end')}<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>`,
      ),
    );
  }, 600_000);
  afterAll(() => h?.close());

  /** `ELEMENT_ACTIVATED unfreeze SUB_PROCESS COMPENSATION`: element records with their types */
  const typedEvents = async (pi: string) =>
    (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' }))
      .filter((r) => r.recordType === 'EVENT' && /ACTIVATED|COMPLETED|TERMINATED/.test(r.intent))
      .map((r) => `${r.intent} ${r.elementId} ${r.value.bpmnElementType} ${r.value.bpmnEventType}`);
  const deployError = async (id: string, body: string) => {
    const result = await h.engine.deploy([{ name: `${id}.bpmn`, content: Buffer.from(model(id, body).xml) }]);
    expect(result.ok).toBe(false);
    return result.ok ? '' : result.error.reason;
  };

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

  it('an embedded sub-process as handler runs its steps, then the throw completes (Zeebe: SUB_PROCESS with event type COMPENSATION)', async () => {
    // given
    const pi = await h.createInstance('comp-sub-handler');
    // when
    await h.completeJob('cs2.freeze');
    await h.completeJob('cs2.notify');
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.completeJob('cs2.release');
    // then
    expect(await typedEvents(pi)).toEqual([
      'ELEMENT_ACTIVATED comp-sub-handler PROCESS UNSPECIFIED',
      'ELEMENT_ACTIVATED s START_EVENT NONE',
      'ELEMENT_COMPLETED s START_EVENT NONE',
      'ELEMENT_ACTIVATED freeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED freeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_ACTIVATED end END_EVENT COMPENSATION',
      'ELEMENT_ACTIVATED undo-freeze BOUNDARY_EVENT COMPENSATION',
      'ELEMENT_COMPLETED undo-freeze BOUNDARY_EVENT COMPENSATION',
      'ELEMENT_ACTIVATED unfreeze SUB_PROCESS COMPENSATION',
      'ELEMENT_ACTIVATED u-s START_EVENT NONE',
      'ELEMENT_COMPLETED u-s START_EVENT NONE',
      'ELEMENT_ACTIVATED notify SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED notify SERVICE_TASK UNSPECIFIED',
      'ELEMENT_ACTIVATED release SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED release SERVICE_TASK UNSPECIFIED',
      'ELEMENT_ACTIVATED u-e END_EVENT NONE',
      'ELEMENT_COMPLETED u-e END_EVENT NONE',
      'ELEMENT_COMPLETED unfreeze SUB_PROCESS COMPENSATION',
      'ELEMENT_COMPLETED end END_EVENT COMPENSATION',
      'ELEMENT_COMPLETED comp-sub-handler PROCESS UNSPECIFIED',
    ]);
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze', 'COMPLETED freeze']);
  });

  it('a call activity as handler: the child process runs, then the throw completes', async () => {
    const pi = await h.createInstance('comp-call-handler');
    await h.completeJob('cc.freeze');
    const [undo] = await h.activate('cc.undo');
    expect(undo).toMatchObject({ bpmnProcessId: 'comp-undo-child' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.completeJob(undo!.key);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await typedEvents(pi)).filter((e) => e.includes('unfreeze'))).toEqual([
      'ELEMENT_ACTIVATED unfreeze CALL_ACTIVITY COMPENSATION',
      'ELEMENT_COMPLETED unfreeze CALL_ACTIVITY COMPENSATION',
    ]);
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze', 'COMPLETED freeze']);
  });

  it('a multi-instance handler is invoked once: its body is the COMPENSATION instance, one inner instance per item', async () => {
    const pi = await h.createInstance('comp-multi-handler', { banks: ['工商银行', '农业银行', '中国银行'] });
    await h.completeJob('cmh.freeze');
    const jobs = await h.activate('cmh.unfreeze');
    expect(jobs).toHaveLength(3);
    for (const job of jobs) expect((await h.engine.completeJob(job.key)).ok).toBe(true);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await typedEvents(pi)).filter((e) => e.includes('unfreeze') || e.includes(' end '))).toEqual([
      'ELEMENT_ACTIVATED end END_EVENT COMPENSATION',
      'ELEMENT_ACTIVATED unfreeze MULTI_INSTANCE_BODY COMPENSATION',
      'ELEMENT_ACTIVATED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_ACTIVATED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_ACTIVATED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED unfreeze SERVICE_TASK UNSPECIFIED',
      'ELEMENT_COMPLETED unfreeze MULTI_INSTANCE_BODY COMPENSATION',
      'ELEMENT_COMPLETED end END_EVENT COMPENSATION',
    ]);
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze', 'COMPLETED freeze']);
  });

  it('canceling the instance terminates a running handler and deletes its subscription', async () => {
    const pi = await h.createInstance('comp-sub-handler');
    await h.completeJob('cs2.freeze');
    expect((await h.engine.cancelProcessInstance(pi)).ok).toBe(true);
    expect(await h.instanceState(pi)).toBe('TERMINATED');
    expect((await typedEvents(pi)).filter((e) => e.includes('TERMINATED'))).toEqual([
      // as in Zeebe, the throw event first, then the handler
      'ELEMENT_TERMINATED end END_EVENT COMPENSATION',
      'ELEMENT_TERMINATED notify SERVICE_TASK UNSPECIFIED',
      'ELEMENT_TERMINATED unfreeze SUB_PROCESS COMPENSATION',
      'ELEMENT_TERMINATED comp-sub-handler PROCESS UNSPECIFIED',
    ]);
    expect(await compensationRecords(pi)).toEqual(['CREATED freeze', 'TRIGGERED freeze', 'DELETED freeze']);
  });

  describe('deployment', () => {
    const espWith = (startDefinition: string) => `
      <bpmn:subProcess id="on-undo" triggeredByEvent="true">
        <bpmn:startEvent id="undo-start">${startDefinition}</bpmn:startEvent>${flow('ef1', 'undo-start', 'undo-end')}<bpmn:endEvent id="undo-end" />
      </bpmn:subProcess>`;

    it('refuses a compensation event sub-process inside a sub-process with Zeebe 8.8 text', async () => {
      const reason = await deployError(
        'comp-esp-inner',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
         <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-s" />${flow('sf1', 'sub-s', 'sub-e')}<bpmn:endEvent id="sub-e" />${espWith('<bpmn:compensateEventDefinition />')}</bpmn:subProcess>
         ${flow('f2', 'sub', 'e')}<bpmn:endEvent id="e" />`,
      );
      expect(reason).toContain('Element: on-undo');
      expect(reason).toContain('ERROR: Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
      expect(reason).not.toContain('process level');
    });

    it('refuses a compensation event sub-process on the process level with both of Zeebe\'s texts', async () => {
      const reason = await deployError('comp-esp-top', `<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />${espWith('<bpmn:compensateEventDefinition />')}`);
      expect(reason).toContain('Element: on-undo');
      expect(reason).toContain('ERROR: Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
      expect(reason).toContain('ERROR: A compensation event subprocess is not allowed on the process level');
    });

    it('refuses a handler with sequence flows or boundary events, naming it', async () => {
      const reason = await deployError(
        'comp-bad-handler',
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${task('a', 'x.a')}
         <bpmn:boundaryEvent id="undo-a" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
         ${task('a-handler', 'x.h', 'isForCompensation="true"')}
         <bpmn:association id="assoc" associationDirection="One" sourceRef="undo-a" targetRef="a-handler" />
         <bpmn:boundaryEvent id="late" attachedToRef="a-handler"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         ${flow('f2', 'a', 'e')}${flow('f3', 'a-handler', 'e')}<bpmn:endEvent id="e" />`,
      );
      expect(reason).toContain('Element: a-handler');
      expect(reason).toContain('ERROR: A compensation handler should have no outgoing sequence flows');
      expect(reason).toContain('ERROR: A compensation handler should have no boundary events');
    });
  });
});
