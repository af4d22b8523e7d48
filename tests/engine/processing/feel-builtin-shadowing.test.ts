/**
 * Variables named like FEEL built-in functions (`mode`, `count`, `sum`, `min`, `abs`, `date`),
 * with feel-scala's (Zeebe's) rule: a name used as a value is the variable, which shadows the
 * built-in function (a missing one is null); a name that is called is the built-in function
 * unless the variable of that name holds a function. Checked on a sequence flow condition and on
 * input mappings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { evaluateFeel } from '../../../engine/src/feel/feel.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-shadow" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="feel-shadow" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="to-other" />
    <bpmn:sequenceFlow id="to-watch" sourceRef="gw" targetRef="watch">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">= mode = "watch" and count(items) = count</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to-other" sourceRef="gw" targetRef="other" />
    <bpmn:serviceTask id="watch">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="shadow.watch" />
        <zeebe:ioMapping>
          <zeebe:input source="=mode" target="modeSeen" />
          <zeebe:input source="=count + 1" target="countPlusOne" />
          <zeebe:input source="=count(items)" target="itemCount" />
          <zeebe:input source="=sum(items) + sum" target="total" />
          <zeebe:input source="=min(items) + abs(abs)" target="smallest" />
          <zeebe:input source="=date" target="dateSeen" />
          <zeebe:input source="=string(date(&quot;2026-12-01&quot;))" target="hearingDate" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="watch" targetRef="end" />
    <bpmn:serviceTask id="other">
      <bpmn:extensionElements><zeebe:taskDefinition type="shadow.other" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="other" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('FEEL: variables named like built-in functions', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy({ name: 'feel-shadow.bpmn', xml });
  });
  afterAll(() => h?.close());

  const variables = { mode: 'watch', count: 2, items: [3, 4], sum: 10, abs: -5, date: '2026-11-30' };

  it('a sequence flow condition reads the variable `mode`, and still calls `count(…)` under a variable `count`', async () => {
    // when
    const pi = await h.createInstance('feel-shadow', variables);
    // then
    expect(await h.elementEvents(pi)).toContain('SEQUENCE_FLOW_TAKEN to-watch');
    // and: another mode takes the default flow (the comparison is false, not null)
    const other = await h.createInstance('feel-shadow', { ...variables, mode: '终本' });
    expect(await h.elementEvents(other)).toContain('SEQUENCE_FLOW_TAKEN to-other');
  });

  it('input mappings read the variables as values and call the built-ins by name', async () => {
    // when
    await h.createInstance('feel-shadow', variables);
    const job = await h.completeJob('shadow.watch');
    // then
    expect(job.variables).toMatchObject({
      modeSeen: 'watch',
      countPlusOne: 3,
      itemCount: 2,
      total: 17,
      smallest: 8,
      dateSeen: '2026-11-30',
      hearingDate: '2026-12-01',
    });
  });

  it('a variable that holds no function cannot be called in its place, and a missing one is still the built-in', () => {
    expect(evaluateFeel('count([1, 2, 3])', { count: 7 })).toMatchObject({ ok: true, value: 3 });
    expect(evaluateFeel('string length("执行") + string length', { 'string length': 1 })).toMatchObject({ ok: true, value: 3 });
    expect(evaluateFeel('count([1, 2, 3])', {})).toMatchObject({ ok: true, value: 3 });
    expect(evaluateFeel('for count in [1, 2] return count * 10', { count: 7 })).toMatchObject({ ok: true, value: [10, 20] });
  });

  it('a missing variable named like a built-in is null as a value, not the function', () => {
    expect(evaluateFeel('mode = "watch"', {})).toMatchObject({ ok: true, value: false });
    expect(evaluateFeel('not(mode = "watch")', {})).toMatchObject({ ok: true, value: true });
    expect(evaluateFeel('is defined(count)', {})).toMatchObject({ ok: true, value: false });
    expect(evaluateFeel('get or else(mode, "常规")', {})).toMatchObject({ ok: true, value: '常规' });
    expect(evaluateFeel('count([1, 2]) + sum([1, 2])', {})).toMatchObject({ ok: true, value: 5 });
    expect(evaluateFeel('[{count: 1}, {count: 5}][count > 2]', {})).toMatchObject({ ok: true, value: [{ count: 5 }] });
  });
});
