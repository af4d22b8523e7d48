/**
 * Timers on the controlled clock: catch events, boundary events (interrupting and cycles),
 * start events, and event sub-processes; embedded sub-processes with their boundary timers.
 * Months pass in milliseconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture } from './records.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('timer events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(Date.parse('2026-01-01T00:00:00Z') - 1);
    await h.deploy(
      fixture('timer-catch.bpmn'),
      fixture('timer-boundary.bpmn'),
      fixture('sub-process.bpmn'),
      fixture('event-sub-process.bpmn'),
    );
  });
  afterAll(() => h?.close());

  const timers = (pi: string) =>
    h.engine.db.query<{ target_element_id: string; state: string; due_date: string }>(
      'SELECT target_element_id, state, due_date FROM engine.timer WHERE process_instance_key = $1 ORDER BY key',
      [pi],
    );

  it('waits at a timer catch event until its FEEL duration has passed on the clock', async () => {
    const pi = await h.createInstance('timer-catch', { noticePeriod: 'P15D' });
    expect(await timers(pi)).toEqual([{ target_element_id: 'wait', state: 'ACTIVE', due_date: String(h.engine.clock.now() + 15 * DAY) }]);

    await h.advanceClock(15 * DAY - 1);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');

    await h.advanceClock(1);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const timerRecords = (await h.records({ processInstanceKey: pi, valueType: 'TIMER' })).map((r) => `${r.recordType} ${r.intent}`);
    expect(timerRecords).toEqual(['EVENT CREATED', 'COMMAND TRIGGER', 'EVENT TRIGGERED']);
    const events = await h.elementEvents(pi);
    expect(events.slice(events.indexOf('ELEMENT_ACTIVATED wait'))).toEqual([
      'ELEMENT_ACTIVATED wait',
      'ELEMENT_COMPLETING wait',
      'ELEMENT_COMPLETED wait',
      'SEQUENCE_FLOW_TAKEN f2',
      'ELEMENT_ACTIVATING end',
      'ELEMENT_ACTIVATED end',
      'ELEMENT_COMPLETING end',
      'ELEMENT_COMPLETED end',
      'ELEMENT_COMPLETING timer-catch',
      'ELEMENT_COMPLETED timer-catch',
    ]);
  });

  it('raises an incident when the timer expression does not give a duration', async () => {
    const pi = await h.createInstance('timer-catch', { noticePeriod: 'fifteen days' });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ error_type: 'EXTRACT_VALUE_ERROR', element_id: 'wait' });
    expect(incident.error_message).toContain('fifteen days');
  });

  it('fires a non-interrupting cycle twice and then interrupts the task at its deadline', async () => {
    const pi = await h.createInstance('timer-boundary');
    await h.advanceClock(DAY);
    await h.completeJob('warn');
    await h.advanceClock(DAY);
    await h.completeJob('warn');
    await h.advanceClock(DAY); // R2: no third reminder
    expect((await h.activate('warn')).length).toBe(0);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');

    await h.advanceClock(4 * DAY); // seven days: the review is late
    const events = await h.elementEvents(pi);
    expect(events).toContain('ELEMENT_TERMINATED review');
    expect(events.slice(events.indexOf('ELEMENT_TERMINATED review'))).toEqual([
      'ELEMENT_TERMINATED review',
      'ELEMENT_ACTIVATING deadline',
      'ELEMENT_ACTIVATED deadline',
      'ELEMENT_COMPLETING deadline',
      'ELEMENT_COMPLETED deadline',
      'SEQUENCE_FLOW_TAKEN f-late',
      'ELEMENT_ACTIVATING late',
      'ELEMENT_ACTIVATED late',
      'ELEMENT_COMPLETING late',
      'ELEMENT_COMPLETED late',
      'ELEMENT_COMPLETING timer-boundary',
      'ELEMENT_COMPLETED timer-boundary',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const jobs = await h.engine.db.query<{ state: string }>(`SELECT state FROM engine.job WHERE process_instance_key = $1 AND type = 'review'`, [pi]);
    expect(jobs).toEqual([{ state: 'CANCELED' }]);
    expect((await timers(pi)).map((t) => `${t.target_element_id} ${t.state}`)).toEqual([
      'remind TRIGGERED',
      'deadline TRIGGERED',
      'remind TRIGGERED',
    ]);
  });

  it('cancels the boundary timers when the task completes in time', async () => {
    const pi = await h.createInstance('timer-boundary');
    await h.completeJob('review');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await timers(pi)).map((t) => t.state)).toEqual(['CANCELED', 'CANCELED']);
    await h.advanceClock(30 * DAY);
    expect((await h.incidents(pi)).length).toBe(0);
  });

  it('runs an embedded sub-process and maps its output to the process', async () => {
    const pi = await h.createInstance('sub-process');
    await h.completeJob('inner', { result: '已处置' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    // output mappings propagate: `local` reaches the root too, as in Zeebe
    expect(await h.variables(pi)).toEqual({ local: '已处置', fromSub: '已处置' });
    const events = await h.elementEvents(pi);
    expect(events.slice(0, 12)).toEqual([
      'ELEMENT_ACTIVATING sub-process',
      'ELEMENT_ACTIVATED sub-process',
      'ELEMENT_ACTIVATING start',
      'ELEMENT_ACTIVATED start',
      'ELEMENT_COMPLETING start',
      'ELEMENT_COMPLETED start',
      'SEQUENCE_FLOW_TAKEN f1',
      'ELEMENT_ACTIVATING sub',
      'ELEMENT_ACTIVATED sub',
      'ELEMENT_ACTIVATING sub-start',
      'ELEMENT_ACTIVATED sub-start',
      'ELEMENT_COMPLETING sub-start',
    ]);
  });

  it('terminates an embedded sub-process and everything in it when its boundary timer fires', async () => {
    const pi = await h.createInstance('sub-process');
    await h.advanceClock(HOUR);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events.filter((e) => e.startsWith('ELEMENT_TERMINAT'))).toEqual([
      'ELEMENT_TERMINATING sub',
      'ELEMENT_TERMINATING inner',
      'ELEMENT_TERMINATED inner',
      'ELEMENT_TERMINATED sub',
    ]);
    expect(events.at(-1)).toBe('ELEMENT_COMPLETED sub-process');
    expect(events).toContain('ELEMENT_COMPLETED timed-out');
  });

  it('starts a non-interrupting timer event sub-process while the process goes on', async () => {
    const pi = await h.createInstance('event-sub-process');
    await h.advanceClock(183 * DAY);
    await h.completeJob('esp.warn');
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.completeJob('esp.work');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events).toContain('ELEMENT_COMPLETED overdue');
  });

  it('catches an error in an error event sub-process, terminating the rest of the process', async () => {
    const pi = await h.createInstance('event-sub-process');
    const [job] = await h.activate('esp.work');
    await h.engine.throwError({ jobKey: job!.key, errorCode: 'CASE_CLOSED', errorMessage: '已结案' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events.slice(events.indexOf('ELEMENT_TERMINATING work'))).toEqual([
      'ELEMENT_TERMINATING work',
      'ELEMENT_TERMINATED work',
      'ELEMENT_ACTIVATING failure',
      'ELEMENT_ACTIVATED failure',
      'ELEMENT_ACTIVATING failure-start',
      'ELEMENT_ACTIVATED failure-start',
      'ELEMENT_COMPLETING failure-start',
      'ELEMENT_COMPLETED failure-start',
      'SEQUENCE_FLOW_TAKEN e1',
      'ELEMENT_ACTIVATING failure-end',
      'ELEMENT_ACTIVATED failure-end',
      'ELEMENT_COMPLETING failure-end',
      'ELEMENT_COMPLETED failure-end',
      'ELEMENT_COMPLETING failure',
      'ELEMENT_COMPLETED failure',
      'ELEMENT_COMPLETING event-sub-process',
      'ELEMENT_COMPLETED event-sub-process',
    ]);
    // the six-month timer of the other event sub-process closed with the process
    expect((await timers(pi)).map((t) => t.state)).toEqual(['CANCELED']);
  });
});

describe('timer start events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(Date.parse('2025-12-31T00:00:00Z'));
  });
  afterAll(() => h?.close());

  it('starts an instance at each firing of a cycle, three times', async () => {
    await h.deploy(fixture('timer-start.bpmn'));
    const instances = async () =>
      (await h.engine.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM engine.element_instance WHERE element_type = 'PROCESS'`))[0]!.n;
    expect(await instances()).toBe('0');
    await h.advanceClock(DAY); // 2026-01-01: the first firing
    expect(await instances()).toBe('1');
    await h.advanceClock(181 * DAY); // 2026-07-01
    expect(await instances()).toBe('2');
    await h.advanceClock(184 * DAY); // 2027-01-01
    expect(await instances()).toBe('3');
    await h.advanceClock(365 * 3 * DAY); // R3: no fourth firing
    expect(await instances()).toBe('3');
    const jobs = await h.activate('finality.check', 10);
    expect(jobs.length).toBe(3);
  });

  it('moves the start timer to the new version on redeployment', async () => {
    const xml = (await import('node:fs')).readFileSync(fixture('timer-start.bpmn'), 'utf8').replace('R3/2026-01-01T00:00:00Z/P6M', 'R/P1D');
    await h.deploy({ name: 'timer-start.bpmn', xml });
    const active = await h.engine.db.query<{ version: number }>(
      `SELECT d.version FROM engine.timer t JOIN engine.process_definition d ON d.key = t.process_definition_key WHERE t.state = 'ACTIVE'`,
    );
    expect(active).toEqual([{ version: 2 }]);
  });
});
