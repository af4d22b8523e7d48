/**
 * Multi-instance activities with `zeebe:ioMapping` inputs: as in Zeebe, the inner instance's
 * input element and loop counter are local variables of that instance before its input mappings
 * are evaluated (in the instance's own scope), so `source="=asset"` reads the current item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture } from './records.js';

const process = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each" />
    ${body}
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const mapped = `<zeebe:ioMapping>
        <zeebe:input source="=asset" target="auctionAsset" />
        <zeebe:input source="=loopCounter" target="lot" />
        <zeebe:input source="=auctionAsset.name + &quot; #&quot; + string(lot)" target="label" />
      </zeebe:ioMapping>`;

describe('multi-instance input mappings', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(
      fixture('call-child.bpmn'),
      {
        name: 'mi-call-mapped.bpmn',
        xml: process(
          'mi-call-mapped',
          `<bpmn:callActivity id="each">
      <bpmn:extensionElements>
        <zeebe:calledElement processId="call-child" propagateAllParentVariables="false" />
        ${mapped}
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=assets" inputElement="asset" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>`,
        ),
      },
      {
        name: 'mi-task-mapped.bpmn',
        xml: process(
          'mi-task-mapped',
          `<bpmn:serviceTask id="each">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="mi.mapped" />
        ${mapped}
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=assets" inputElement="asset" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>`,
        ),
      },
    );
  });
  afterAll(() => h?.close());

  const assets = [{ name: '房产' }, { name: '车辆' }];

  it('a parallel multi-instance call activity maps each item and loop counter into its child', async () => {
    // when
    const pi = await h.createInstance('mi-call-mapped', { assets });
    const jobs = await h.activate('child.work');
    // then: without parent propagation each child gets the inner instance's local variables:
    // its item and loop counter (Zeebe sets them locally) and the mapped inputs
    const seen = jobs
      .map((job) => job.variables)
      .sort((a, b) => Number(a.lot) - Number(b.lot));
    expect(seen).toEqual([
      { asset: { name: '房产' }, loopCounter: 1, auctionAsset: { name: '房产' }, lot: 1, label: '房产 #1' },
      { asset: { name: '车辆' }, loopCounter: 2, auctionAsset: { name: '车辆' }, lot: 2, label: '车辆 #2' },
    ]);
    for (const job of jobs) await h.engine.completeJob(job.key, {});
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('a sequential multi-instance service task maps each item and loop counter into its job', async () => {
    // when
    const pi = await h.createInstance('mi-task-mapped', { assets });
    // then
    const first = await h.completeJob('mi.mapped');
    expect(first.variables).toMatchObject({ asset: { name: '房产' }, loopCounter: 1, auctionAsset: { name: '房产' }, lot: 1, label: '房产 #1' });
    const second = await h.completeJob('mi.mapped');
    expect(second.variables).toMatchObject({ asset: { name: '车辆' }, loopCounter: 2, auctionAsset: { name: '车辆' }, lot: 2, label: '车辆 #2' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });
});
