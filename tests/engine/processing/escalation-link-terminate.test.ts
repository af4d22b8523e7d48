/**
 * Escalations (thrown outwards to boundary events and event sub-processes, a specific code before
 * a catch-all; uncaught ones change nothing), link events (a jump to the catch event of the same
 * name) and terminate end events (the rest of the scope is terminated, the scope completes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from } from './records.js';
import { eventRecords } from './event-records.js';

describe('escalation events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('escalation-boundary.bpmn'), fixture('escalation-event-sub-process.bpmn'), fixture('escalation-call.bpmn'));
  });
  afterAll(() => h?.close());

  const escalations = async (pi: string) =>
    (await h.records({ processInstanceKey: pi, valueType: 'ESCALATION' })).map((r) => [r.intent, r.value.escalationCode, r.value.throwElementId, r.value.catchElementId]);

  it('is caught by a non-interrupting boundary event of the sub-process; the thrower goes on', async () => {
    // when
    const pi = await h.createInstance('escalation-boundary');
    // then
    expect(from(await eventRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING ask-approval').slice(0, 13)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING ask-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED ask-approval',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-approval',
      'EVENT ESCALATION ESCALATED APPROVAL → on-approval',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT ask-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED on-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING on-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-approval',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-approval',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT approve',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING ask-approval',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED ask-approval',
    ]);
    expect(await escalations(pi)).toEqual([['ESCALATED', 'APPROVAL', 'ask-approval', 'on-approval']]);
    await h.completeJob('escalation.approve');
    await h.completeJob('escalation.finish');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('is caught by the interrupting boundary event of its code rather than the catch-all one', async () => {
    // when
    const pi = await h.createInstance('escalation-end', { code: 'OVERDUE' });
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await escalations(pi)).toEqual([['ESCALATED', 'OVERDUE', 'escalate', 'on-overdue']]);
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE', 'ESCALATION']);
    expect(from(events, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED escalate').slice(0, 10)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED escalate',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT hearing',
      'EVENT ESCALATION ESCALATED OVERDUE → on-overdue',
      // an interrupting catch event: the end event does not complete, it ends with its scope
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING hearing',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT escalate',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING escalate',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED escalate',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED hearing',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-overdue',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-overdue',
    ]);
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED overdue-end');
  });

  it('is caught by a catch-all boundary event when no event has its code', async () => {
    const pi = await h.createInstance('escalation-end', { code: 'LATE_FEE' });
    expect(await escalations(pi)).toEqual([['ESCALATED', 'LATE_FEE', 'escalate', 'on-any']]);
    expect(await eventRecords(h, pi, ['PROCESS_INSTANCE'])).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED any-end');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('raises an incident when the escalation code expression fails', async () => {
    const pi = await h.createInstance('escalation-end', {});
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ error_type: 'EXTRACT_VALUE_ERROR', element_id: 'escalate' });
    expect(incident.error_message).toContain("Expected result of the expression 'code' to be 'STRING', but was 'NULL'.");
  });

  it('starts a non-interrupting event sub-process of an outer scope, and the thrower completes', async () => {
    const pi = await h.createInstance('escalation-event-sub-process', { innerCode: 'NOTICE' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await escalations(pi)).toEqual([['ESCALATED', 'NOTICE', 'inner-escalate', 'notice-start']]);
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE']);
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-notice');
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED inner-escalate');
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED inner');
  });

  it('starts an interrupting event sub-process, terminating the scope it was thrown in', async () => {
    const pi = await h.createInstance('escalation-event-sub-process', { innerCode: 'STOP' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await escalations(pi)).toEqual([['ESCALATED', 'STOP', 'inner-escalate', 'stop-start']]);
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE']);
    expect(events.filter((e) => e.startsWith('EVENT PROCESS_INSTANCE ELEMENT_TERMINATED'))).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED inner-escalate',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED inner',
    ]);
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-stop');
    expect(events).not.toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end');
  });

  it('travels from a called process to a boundary event of its call activity', async () => {
    const pi = await h.createInstance('escalation-call');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE']);
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED retrial-end');
    expect(events).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED call');
    const [escalated] = await h.records({ valueType: 'ESCALATION' }).then((rs) => rs.filter((r) => r.value.throwElementId === 'ask-retrial'));
    expect(escalated).toMatchObject({ intent: 'ESCALATED', value: { escalationCode: 'RETRIAL', catchElementId: 'on-retrial' } });
  });

  it('goes on without an incident when nothing catches the escalation (NOT_ESCALATED)', async () => {
    const pi = await h.createInstance('escalation-event-sub-process', { innerCode: 'UNKNOWN' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await escalations(pi)).toEqual([['NOT_ESCALATED', 'UNKNOWN', 'inner-escalate', '']]);
    expect(await h.incidents(pi)).toEqual([]);
    expect(await eventRecords(h, pi, ['PROCESS_INSTANCE'])).toContain('EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end');
  });
});

describe('link events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('link-events.bpmn'));
  });
  afterAll(() => h?.close());

  it('continue at the link catch event with the same name, without a sequence flow', async () => {
    const pi = await h.createInstance('link-events');
    expect(from(await eventRecords(h, pi, ['PROCESS_INSTANCE']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING to-archive').slice(0, 14)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING to-archive',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED to-archive',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT to-archive',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING to-archive',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED to-archive',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT from-filing',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING from-filing',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED from-filing',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING from-filing',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED from-filing',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT archive',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING archive',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED archive',
    ]);
    await h.completeJob('link.archive');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });
});

describe('terminate end events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('terminate-end.bpmn'));
  });
  afterAll(() => h?.close());

  it('terminate the other elements of the process and complete it', async () => {
    // given
    const pi = await h.createInstance('terminate-end');
    // when
    await h.completeJob('terminate.fast');
    // then
    expect(from(await eventRecords(h, pi, ['PROCESS_INSTANCE', 'JOB']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING stop-all')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING stop-all',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED stop-all',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT stop-all',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING stop-all',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED stop-all',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT slow',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING slow',
      'EVENT JOB CANCELED terminate.slow',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED slow',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT terminate-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING terminate-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED terminate-end',
    ]);
  });

  it('in a sub-process terminate only the sub-process, which then completes', async () => {
    const pi = await h.createInstance('terminate-sub-process');
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE']);
    expect(events.filter((e) => /ELEMENT_TERMINATED|COMPLETED (inner|after-inner)$/.test(e))).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED inner-wait',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED inner',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED after-inner',
    ]);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.completeJob('terminate.outer');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });
});
