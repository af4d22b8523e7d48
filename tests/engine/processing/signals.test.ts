/**
 * Signals, as Zeebe broadcasts them: a signal triggers every waiting signal catch event, boundary
 * event and event sub-process with its name, and starts one instance of every process with a
 * signal start event; nothing is buffered. Signal throw and end events broadcast their signal
 * with their local variables.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, lastPosition } from './records.js';
import { eventRecords, eventRecordsAfter, instancesOf } from './event-records.js';

describe('signal catch events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('signal-catch.bpmn'));
  });
  afterAll(() => h?.close());

  const broadcast = async (signalName: string, variables: Record<string, unknown> = {}) => {
    const result = await h.engine.broadcastSignal({ signalName, variables });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };

  it('triggers every waiting catch event with the signal\'s variables', async () => {
    // given
    const first = await h.createInstance('signal-catch');
    const second = await h.createInstance('signal-catch');
    expect(await eventRecords(h, first, ['SIGNAL_SUBSCRIPTION'])).toEqual(['EVENT SIGNAL_SUBSCRIPTION CREATED wait-verdict']);
    const position = await lastPosition(h);
    // when
    const signal = await broadcast('verdict-announced', { verdict: '驳回' });
    // then
    expect(signal.tenantId).toBe('<default>');
    const records = await eventRecordsAfter(h, position);
    expect(records.slice(0, 4)).toEqual([
      'COMMAND SIGNAL BROADCAST verdict-announced',
      'EVENT SIGNAL BROADCASTED verdict-announced',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-verdict',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-verdict',
    ]);
    expect(from(await eventRecords(h, first), 'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-verdict').slice(0, 5)).toEqual([
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-verdict',
      'EVENT SIGNAL_SUBSCRIPTION DELETED wait-verdict',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING wait-verdict',
      'EVENT VARIABLE CREATED verdict="驳回"',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED wait-verdict',
    ]);
    expect([await h.instanceState(first), await h.instanceState(second)]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(await h.variables(second)).toEqual({ verdict: '驳回' });
  });

  it('broadcasts a signal nothing waits for without keeping it', async () => {
    const position = await lastPosition(h);
    await broadcast('verdict-announced');
    expect(await eventRecordsAfter(h, position)).toEqual(['COMMAND SIGNAL BROADCAST verdict-announced', 'EVENT SIGNAL BROADCASTED verdict-announced']);
    const pi = await h.createInstance('signal-catch');
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await broadcast('verdict-announced');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('runs a non-interrupting boundary event (its name evaluated from the variables) per signal, and an interrupting one once', async () => {
    // given
    const pi = await h.createInstance('signal-boundary', { court: '豫1330' });
    expect(await eventRecords(h, pi, ['SIGNAL_SUBSCRIPTION'])).toEqual([
      'EVENT SIGNAL_SUBSCRIPTION CREATED on-closed',
      'EVENT SIGNAL_SUBSCRIPTION CREATED on-notice',
    ]);
    const [notice] = await h.engine.db.query<{ signal_name: string }>(
      `SELECT signal_name FROM engine.signal_subscription WHERE process_instance_key = $1 AND target_element_id = 'on-notice'`,
      [pi],
    );
    expect(notice?.signal_name).toBe('notice-豫1330');
    // when
    await broadcast('notice-豫1330');
    await broadcast('notice-豫1330');
    // then
    expect((await h.activate('signal.read')).length).toBe(2);
    // when
    await broadcast('court-closed');
    // then
    expect(from(await eventRecords(h, pi, ['PROCESS_INSTANCE', 'SIGNAL_SUBSCRIPTION', 'JOB']), 'EVENT SIGNAL_SUBSCRIPTION DELETED on-closed').slice(0, 8)).toEqual([
      // the interrupted task gives up its subscriptions at once
      'EVENT SIGNAL_SUBSCRIPTION DELETED on-closed',
      'EVENT SIGNAL_SUBSCRIPTION DELETED on-notice',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT hearing',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING hearing',
      'EVENT JOB CANCELED signal.hearing',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED hearing',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-closed',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-closed',
    ]);
    expect(await h.instanceState(pi)).toBe('ACTIVATED'); // the two notices are still read
  });

  it('closes the boundary subscriptions when the task completes', async () => {
    const pi = await h.createInstance('signal-boundary', { court: '豫1331' });
    await h.completeJob('signal.hearing');
    expect(await eventRecords(h, pi, ['SIGNAL_SUBSCRIPTION'])).toEqual([
      'EVENT SIGNAL_SUBSCRIPTION CREATED on-closed',
      'EVENT SIGNAL_SUBSCRIPTION CREATED on-notice',
      'EVENT SIGNAL_SUBSCRIPTION DELETED on-closed',
      'EVENT SIGNAL_SUBSCRIPTION DELETED on-notice',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('starts an interrupting event sub-process, ending the process', async () => {
    const pi = await h.createInstance('signal-event-sub-process');
    await broadcast('court-closed', { reason: '停电' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE']);
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_TERMINATED work');
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-court-closed');
    expect(await h.variables(pi)).toEqual({ reason: '停电' });
  });
});

describe('signal start, throw and end events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('signal-start.bpmn'), fixture('signal-catch.bpmn'), fixture('signal-throw.bpmn'));
  });
  afterAll(() => h?.close());

  it('starts one instance of a process with a signal start event per broadcast', async () => {
    // given
    expect((await h.records({ valueType: 'SIGNAL_SUBSCRIPTION' })).map((r) => `${r.intent} ${r.value.catchEventId}`)).toEqual([
      'CREATED on-closed-start',
    ]);
    // when
    await h.engine.broadcastSignal({ signalName: 'court-closed', variables: { courtroom: '第三法庭' } });
    // then
    const [instance] = await instancesOf(h, 'signal-start');
    expect(instance?.state).toBe('ACTIVATED');
    expect(from(await eventRecords(h, instance!.key, ['PROCESS_INSTANCE', 'VARIABLE']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-closed-start').slice(0, 5)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-closed-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED on-closed-start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING on-closed-start',
      'EVENT VARIABLE CREATED courtroom="第三法庭"',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-closed-start',
    ]);
    await h.completeJob('signal.archive');
  });

  it('broadcasts from a throw event with its input mappings, and from an end event', async () => {
    // given
    const waiting = await h.createInstance('signal-catch');
    const before = (await instancesOf(h, 'signal-start')).length;
    // when
    const pi = await h.createInstance('signal-throw', { outcome: '准许' });
    // then
    expect(from(await eventRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING announce')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING announce',
      'EVENT VARIABLE CREATED verdict="准许"',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED announce',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT announce',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING announce',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED announce',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT close-court',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING close-court',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED close-court',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT close-court',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING close-court',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED close-court',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT signal-throw',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING signal-throw',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED signal-throw',
    ]);
    const broadcasts = (await h.records({ valueType: 'SIGNAL' })).slice(-4).map((r) => [r.recordType, r.intent, r.value.signalName, r.value.variables]);
    expect(broadcasts).toEqual([
      ['COMMAND', 'BROADCAST', 'verdict-announced', { verdict: '准许' }],
      ['EVENT', 'BROADCASTED', 'verdict-announced', { verdict: '准许' }],
      ['COMMAND', 'BROADCAST', 'court-closed', {}],
      ['EVENT', 'BROADCASTED', 'court-closed', {}],
    ]);
    expect(await h.instanceState(waiting)).toBe('COMPLETED');
    expect(await h.variables(waiting)).toEqual({ verdict: '准许' });
    expect((await instancesOf(h, 'signal-start')).length).toBe(before + 1);
    // the throw event's local variable stays local
    expect(await h.variables(pi)).toEqual({ outcome: '准许' });
  });

  it('moves the start subscription to the new version on redeployment', async () => {
    const xml = fs.readFileSync(fixture('signal-start.bpmn'), 'utf8').replace('name="归档"', 'name="归档（新）"');
    await h.deploy({ name: 'signal-start.bpmn', xml });
    const subscriptions = await h.engine.db.query<{ state: string; version: number }>(
      `SELECT s.state, d.version FROM engine.signal_subscription s JOIN engine.process_definition d ON d.key = s.process_definition_key
        WHERE s.bpmn_process_id = 'signal-start' ORDER BY s.key`,
    );
    expect(subscriptions).toEqual([
      { state: 'CLOSED', version: 1 },
      { state: 'ACTIVE', version: 2 },
    ]);
  });
});
