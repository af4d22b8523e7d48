/**
 * Parallel gateway: a fork takes every outgoing flow; a join activates once each incoming flow
 * holds a token, consuming one token per flow, so it fires once per complete set. The process
 * completes only when no branch is alive and no token waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

describe('parallel gateway', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('parallel-gateway.bpmn'), fixture('parallel-join-sets.bpmn'));
  });
  afterAll(() => h?.close());

  const count = (lines: string[], line: string) => lines.filter((l) => l === line).length;

  it('forks: takes every outgoing flow and activates each branch', async () => {
    // when
    const pi = await h.createInstance('fork-join');
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT fork')).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT fork',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING fork',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED fork',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING fork',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED fork',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN to-a',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT a',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN to-b',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT b',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING a',
      'EVENT JOB CREATED fj-a',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED a',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING b',
      'EVENT JOB CREATED fj-b',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED b',
    ]);
    const forkEvents = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).filter((r) => r.elementId === 'fork');
    expect(forkEvents.map((r) => r.bpmnElementType)).toEqual(Array(5).fill('PARALLEL_GATEWAY'));
    await h.engine.cancelProcessInstance(pi);
  });

  it('joins: waits for every branch, then continues and completes the process', async () => {
    // given
    const pi = await h.createInstance('fork-join');
    // when the first branch arrives
    await h.completeJob('fj-a');
    // then the join waits and the process stays active
    expect(from(await h.elementEvents(pi), 'ELEMENT_COMPLETING a')).toEqual([
      'ELEMENT_COMPLETING a',
      'ELEMENT_COMPLETED a',
      'SEQUENCE_FLOW_TAKEN a-join',
    ]);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    // when the second branch arrives
    await h.completeJob('fj-b');
    // then
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED b')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED b',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN b-join',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED join',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT fork-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING fork-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED fork-join',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('fires the join once per complete set of tokens', async () => {
    // given
    const pi = await h.createInstance('join-sets');
    // when two tokens arrive on the same incoming flow
    await h.completeJob('js-a1');
    await h.completeJob('js-a2');
    // then the join still waits for the other flow
    let events = await h.elementEvents(pi);
    expect(count(events, 'SEQUENCE_FLOW_TAKEN a-join')).toBe(2);
    expect(count(events, 'ELEMENT_ACTIVATING join')).toBe(0);
    // when a token arrives on the other flow
    await h.completeJob('js-b1');
    // then the join fires once, and one token still waits on `a-join`
    events = await h.elementEvents(pi);
    expect(count(events, 'ELEMENT_COMPLETED join')).toBe(1);
    expect(count(events, 'ELEMENT_COMPLETED end')).toBe(1);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    // when the last branch arrives, the second set is complete
    await h.completeJob('js-b2');
    // then
    events = await h.elementEvents(pi);
    expect(count(events, 'ELEMENT_COMPLETED join')).toBe(2);
    expect(count(events, 'ELEMENT_COMPLETED end')).toBe(2);
    expect(events.slice(-2)).toEqual(['ELEMENT_COMPLETING join-sets', 'ELEMENT_COMPLETED join-sets']);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('does not complete the process while a token waits at a join', async () => {
    // given
    const pi = await h.createInstance('join-sets');
    // when three branches arrive, leaving one token at the join and one branch alive
    await h.completeJob('js-a1');
    await h.completeJob('js-a2');
    await h.completeJob('js-b1');
    // and the last branch is canceled with the instance
    const canceled = await h.engine.cancelProcessInstance(pi);
    // then
    expect(canceled.ok).toBe(true);
    const events = await h.elementEvents(pi);
    expect(count(events, 'ELEMENT_COMPLETED join')).toBe(1);
    expect(events.slice(-4)).toEqual(['ELEMENT_TERMINATING join-sets', 'ELEMENT_TERMINATING b2', 'ELEMENT_TERMINATED b2', 'ELEMENT_TERMINATED join-sets']);
    expect(await h.instanceState(pi)).toBe('TERMINATED');
  });
});
