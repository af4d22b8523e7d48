/**
 * Messages, with Zeebe's correlation rules: a published message reaches every waiting
 * subscription with its name and correlation key, but each process (id) once; it is buffered
 * while its time-to-live lasts and then correlated to a subscription that opens later; a message
 * start event starts one live instance per correlation key. Message throw and end events are jobs.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, lastPosition } from './records.js';
import { eventRecords, eventRecordsAfter, instancesOf } from './event-records.js';

const DAY = 24 * 3_600_000;

describe('message catch events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(Date.parse('2026-03-01T08:00:00Z'));
    await h.deploy(fixture('message-catch.bpmn'));
  });
  afterAll(() => h?.close());

  const publish = async (correlationKey: string, options: { timeToLive?: number; variables?: Record<string, unknown>; messageId?: string } = {}) => {
    const result = await h.engine.publishMessage({ name: 'payment-received', correlationKey, timeToLive: options.timeToLive ?? 0, ...options });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value.key;
  };

  it('correlates a published message to the waiting catch event, with its variables', async () => {
    // given
    const pi = await h.createInstance('message-catch', { caseNo: 'c-1' });
    expect(from(await eventRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING wait-payment').slice(0, 3)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING wait-payment',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CREATED wait-payment',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED wait-payment',
    ]);
    const position = await lastPosition(h);
    // when
    await publish('c-1', { variables: { paid: 500 } });
    // then
    expect(await eventRecordsAfter(h, position)).toEqual([
      'COMMAND MESSAGE PUBLISH payment-received',
      'EVENT MESSAGE PUBLISHED payment-received',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED wait-payment',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-payment',
      // without time-to-live the message is gone at once
      'EVENT MESSAGE EXPIRED payment-received',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING wait-payment',
      'EVENT VARIABLE CREATED paid=500',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED wait-payment',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT message-catch',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING message-catch',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED message-catch',
    ]);
    expect(await h.variables(pi)).toEqual({ caseNo: 'c-1', paid: 500 });
  });

  it('drops a message without time-to-live that nothing waits for', async () => {
    const position = await lastPosition(h);
    await publish('nobody');
    expect(await eventRecordsAfter(h, position)).toEqual([
      'COMMAND MESSAGE PUBLISH payment-received',
      'EVENT MESSAGE PUBLISHED payment-received',
      'EVENT MESSAGE EXPIRED payment-received',
    ]);
    const pi = await h.createInstance('message-catch', { caseNo: 'nobody' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
  });

  it('buffers a message while it lives and correlates it to a subscription that opens later', async () => {
    // given
    await publish('c-2', { timeToLive: DAY, variables: { paid: 800 } });
    // when
    const pi = await h.createInstance('message-catch', { caseNo: 'c-2' });
    // then
    expect(from(await eventRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING wait-payment').slice(0, 9)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING wait-payment',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CREATED wait-payment',
      // the buffered message is correlated once the event is activated
      'COMMAND PROCESS_MESSAGE_SUBSCRIPTION CORRELATE wait-payment',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED wait-payment',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED wait-payment',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-payment',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING wait-payment',
      'EVENT VARIABLE CREATED paid=800',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED wait-payment',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('correlates a buffered message once per process: a second instance keeps waiting', async () => {
    await publish('c-3', { timeToLive: DAY });
    const first = await h.createInstance('message-catch', { caseNo: 'c-3' });
    const second = await h.createInstance('message-catch', { caseNo: 'c-3' });
    expect(await h.instanceState(first)).toBe('COMPLETED');
    expect(await h.instanceState(second)).toBe('ACTIVATED');
    // a new message reaches the second instance
    await publish('c-3');
    expect(await h.instanceState(second)).toBe('COMPLETED');
  });

  it('gives a message to one waiting instance per process, the one that subscribed first', async () => {
    const first = await h.createInstance('message-catch', { caseNo: 'c-4' });
    const second = await h.createInstance('message-catch', { caseNo: 'c-4' });
    await publish('c-4');
    expect([await h.instanceState(first), await h.instanceState(second)]).toEqual(['COMPLETED', 'ACTIVATED']);
    await publish('c-4');
    expect(await h.instanceState(second)).toBe('COMPLETED');
  });

  it('gives one message to the waiting instances of different processes (a receive task among them)', async () => {
    const catching = await h.createInstance('message-catch', { caseNo: 'c-5' });
    const receiving = await h.createInstance('message-catch-other', { caseNo: 'c-5' });
    await publish('c-5', { variables: { paid: 1 } });
    expect([await h.instanceState(catching), await h.instanceState(receiving)]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(from(await eventRecords(h, receiving), 'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED other-wait').slice(0, 4)).toEqual([
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED other-wait',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT other-wait',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING other-wait',
      'EVENT VARIABLE CREATED paid=1',
    ]);
  });

  it('expires a buffered message when its time-to-live has passed on the clock', async () => {
    // given
    const key = await publish('c-6', { timeToLive: 2 * DAY });
    await h.advanceClock(2 * DAY - 1);
    expect((await h.records({ valueType: 'MESSAGE' })).filter((r) => r.key === key).map((r) => r.intent)).toEqual(['PUBLISH', 'PUBLISHED']);
    // when
    await h.advanceClock(1);
    // then
    expect((await h.records({ valueType: 'MESSAGE' })).filter((r) => r.key === key).map((r) => `${r.recordType} ${r.intent}`)).toEqual([
      'COMMAND PUBLISH',
      'EVENT PUBLISHED',
      'COMMAND EXPIRE',
      'EVENT EXPIRED',
    ]);
    const pi = await h.createInstance('message-catch', { caseNo: 'c-6' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
  });

  it('rejects a message whose id is buffered already, with Zeebe\'s ALREADY_EXISTS, until it expires', async () => {
    expect((await h.engine.publishMessage({ name: 'payment-received', correlationKey: 'c-7', timeToLive: DAY, messageId: 'pay-7' })).ok).toBe(true);
    const again = await h.engine.publishMessage({ name: 'payment-received', correlationKey: 'c-7', timeToLive: DAY, messageId: 'pay-7' });
    expect(again).toEqual({
      ok: false,
      error: {
        intent: 'PUBLISH',
        type: 'ALREADY_EXISTS',
        reason: "Expected to publish a new message with id 'pay-7', but a message with that id was already published",
      },
    });
    const rejection = (await h.records({ valueType: 'MESSAGE' })).at(-1)!;
    expect([rejection.recordType, rejection.intent, rejection.rejectionType]).toEqual(['COMMAND_REJECTION', 'PUBLISH', 'ALREADY_EXISTS']);
    // another id, or the same id once the first message expired, is accepted
    expect((await h.engine.publishMessage({ name: 'payment-received', correlationKey: 'c-7', timeToLive: DAY, messageId: 'pay-8' })).ok).toBe(true);
    await h.advanceClock(DAY);
    expect((await h.engine.publishMessage({ name: 'payment-received', correlationKey: 'c-7', timeToLive: 0, messageId: 'pay-7' })).ok).toBe(true);
  });

  it('correlates by a numeric correlation key as its integer text', async () => {
    const pi = await h.createInstance('message-catch', { caseNo: 1330 });
    const [subscription] = await h.engine.db.query<{ correlation_key: string }>(
      `SELECT correlation_key FROM engine.message_subscription WHERE process_instance_key = $1`,
      [pi],
    );
    expect(subscription?.correlation_key).toBe('1330');
    await publish('1330');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('raises an incident when the correlation key is no string or number, and subscribes once resolved', async () => {
    // given
    const pi = await h.createInstance('message-catch', {});
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'EXTRACT_VALUE_ERROR',
      element_id: 'wait-payment',
      error_message:
        "Failed to extract the correlation key for 'caseNo': The value must be either a string or a number, but was 'NULL'. " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'caseNo'",
    });
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { caseNo: 'c-9' }, local: false });
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
    await publish('c-9');
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });
});

describe('message boundary events, event sub-processes and event-based gateways', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    await h.deploy(fixture('message-boundary.bpmn'), fixture('message-event-sub-process.bpmn'));
  });
  afterAll(() => h?.close());

  const publish = async (name: string, correlationKey: string, variables: Record<string, unknown> = {}) => {
    const result = await h.engine.publishMessage({ name, correlationKey, timeToLive: 0, variables });
    if (!result.ok) throw new Error(result.error.reason);
  };
  const subscriptions = (pi: string) =>
    h.engine.db.query<{ target_element_id: string; state: string }>(
      `SELECT target_element_id, state FROM engine.message_subscription WHERE process_instance_key = $1 ORDER BY key`,
      [pi],
    );

  it('runs a non-interrupting boundary event for each message, and an interrupting one once', async () => {
    // given
    const pi = await h.createInstance('message-boundary', { caseNo: 'b-1' });
    // when
    await publish('supplement-filed', 'b-1', { pages: 3 });
    await publish('supplement-filed', 'b-1', { pages: 5 });
    // then
    expect((await h.activate('message.file')).length).toBe(2);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    const position = await lastPosition(h);
    // when
    await publish('case-withdrawn', 'b-1');
    // then
    expect((await eventRecordsAfter(h, position)).filter((r) => !r.startsWith('EVENT MESSAGE ') && !r.startsWith('COMMAND MESSAGE '))).toEqual([
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED on-withdrawn',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION DELETED on-supplement',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT review',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING review',
      'EVENT JOB CANCELED message.review',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED review',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-withdrawn',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-withdrawn',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED on-withdrawn',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING on-withdrawn',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-withdrawn',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-withdrawn',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT withdrawn-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING withdrawn-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED withdrawn-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING withdrawn-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED withdrawn-end',
    ]);
    expect(await subscriptions(pi)).toEqual([
      { target_element_id: 'on-withdrawn', state: 'CORRELATED' },
      { target_element_id: 'on-supplement', state: 'CLOSED' },
    ]);
    // the two filing tasks the supplements started go on
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
  });

  it('closes the boundary subscriptions when the task completes', async () => {
    const pi = await h.createInstance('message-boundary', { caseNo: 'b-2' });
    await h.completeJob('message.review');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect((await eventRecords(h, pi, ['PROCESS_MESSAGE_SUBSCRIPTION']))).toEqual([
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CREATED on-withdrawn',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CREATED on-supplement',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION DELETED on-withdrawn',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION DELETED on-supplement',
    ]);
    await publish('case-withdrawn', 'b-2');
    expect((await eventRecords(h, pi, ['PROCESS_MESSAGE_SUBSCRIPTION'])).length).toBe(4);
  });

  it('takes the message branch of an event-based gateway and cancels the timer', async () => {
    const pi = await h.createInstance('message-event-sub-process', { caseNo: 'g-1' });
    await publish('decision-made', 'g-1', { outcome: '准予撤诉' });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ caseNo: 'g-1', outcome: '准予撤诉' });
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE', 'TIMER', 'PROCESS_MESSAGE_SUBSCRIPTION']);
    expect(from(events, 'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED decided').slice(0, 9)).toEqual([
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED decided',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT gateway',
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING gateway',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED gateway',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-decision',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT decided',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING decided',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED decided',
    ]);
  });

  it('starts a non-interrupting event sub-process per message, and an interrupting one that ends the process', async () => {
    // given
    const pi = await h.createInstance('message-event-sub-process', { caseNo: 'e-1' });
    // when
    await publish('status-query', 'e-1');
    // then
    await h.completeJob('message.answer');
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    // when
    await publish('cancel-request', 'e-1');
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await eventRecords(h, pi, ['PROCESS_INSTANCE', 'PROCESS_MESSAGE_SUBSCRIPTION', 'TIMER']);
    expect(from(events, 'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED cancel-start')).toEqual([
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED cancel-start',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION DELETED query-start',
      'COMMAND PROCESS_INSTANCE TERMINATE_ELEMENT gateway',
      // an element gives up its subscriptions as it stops waiting
      'EVENT TIMER CANCELED',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION DELETED decided',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING gateway',
      'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED gateway',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT on-cancel',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING on-cancel',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED on-cancel',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT cancel-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING cancel-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED cancel-start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING cancel-start',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED cancel-start',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN c1',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT cancel-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING cancel-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED cancel-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING cancel-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED cancel-end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT on-cancel',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING on-cancel',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED on-cancel',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT message-event-sub-process',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING message-event-sub-process',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED message-event-sub-process',
    ]);
  });
});

describe('message start events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
  });
  afterAll(() => h?.close());

  const publish = async (correlationKey: string, variables: Record<string, unknown> = {}, timeToLive = DAY) => {
    const result = await h.engine.publishMessage({ name: 'case-filed', correlationKey, timeToLive, variables });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value.key;
  };

  it('does not start an instance for a message published before the process was deployed', async () => {
    await publish('early');
    await h.deploy(fixture('message-start.bpmn'));
    expect(await instancesOf(h, 'message-start')).toEqual([]);
  });

  it('starts an instance with the message\'s variables', async () => {
    // given
    const position = await lastPosition(h);
    // when
    const key = await publish('', { plaintiff: '张三' });
    // then
    const [instance] = await instancesOf(h, 'message-start');
    const records = await eventRecordsAfter(h, position);
    expect(records.slice(0, 6)).toEqual([
      'COMMAND MESSAGE PUBLISH case-filed',
      'EVENT MESSAGE PUBLISHED case-filed',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT message-start',
      'EVENT MESSAGE_START_EVENT_SUBSCRIPTION CORRELATED filed-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING message-start',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED message-start',
    ]);
    const correlated = (await h.records({ valueType: 'MESSAGE_START_EVENT_SUBSCRIPTION' })).find((r) => r.intent === 'CORRELATED')!;
    expect(correlated.value).toMatchObject({ messageKey: key, processInstanceKey: instance!.key, startEventId: 'filed-start', variables: { plaintiff: '张三' } });
    expect(await h.variables(instance!.key)).toEqual({ plaintiff: '张三' });
    await h.completeJob('message.register');
  });

  it('starts one instance per correlation key; the next message waits until that instance ends', async () => {
    // given
    const before = (await instancesOf(h, 'message-start')).length;
    await publish('(2026)豫1330民初5号', { n: 1 });
    await publish('(2026)豫1330民初5号', { n: 2 });
    await publish('(2026)豫1330民初6号', { n: 3 });
    let instances = (await instancesOf(h, 'message-start')).slice(before);
    expect(instances.map((i) => i.state)).toEqual(['ACTIVATED', 'ACTIVATED']);
    expect([await h.variables(instances[0]!.key), await h.variables(instances[1]!.key)]).toEqual([{ n: 1 }, { n: 3 }]);
    // when
    const jobs = await h.activate('message.register', 10);
    await h.engine.completeJob(jobs.find((j) => j.processInstanceKey === instances[0]!.key)!.key);
    // then: the buffered message starts the next instance
    instances = (await instancesOf(h, 'message-start')).slice(before);
    expect(instances.map((i) => i.state)).toEqual(['COMPLETED', 'ACTIVATED', 'ACTIVATED']);
    expect(await h.variables(instances[2]!.key)).toEqual({ n: 2 });
    for (const j of [...jobs.filter((j) => j.processInstanceKey !== instances[0]!.key), ...(await h.activate('message.register', 10))]) {
      await h.engine.completeJob(j.key);
    }
    expect((await instancesOf(h, 'message-start')).slice(before).map((i) => i.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  it('starts an instance for every message without a correlation key', async () => {
    const before = (await instancesOf(h, 'message-start')).length;
    await publish('', {}, 0);
    await publish('', {}, 0);
    expect((await instancesOf(h, 'message-start')).length).toBe(before + 2);
    for (const j of await h.activate('message.register', 10)) await h.engine.completeJob(j.key);
  });

  it('moves the subscription to the new version on redeployment', async () => {
    const xml = fs.readFileSync(fixture('message-start.bpmn'), 'utf8').replace('name="登记立案"', 'name="登记立案（新）"');
    await h.deploy({ name: 'message-start.bpmn', xml });
    const subscriptions = await h.engine.db.query<{ state: string; version: number }>(
      `SELECT s.state, d.version FROM engine.message_subscription s JOIN engine.process_definition d ON d.key = s.process_definition_key
        WHERE s.bpmn_process_id = 'message-start' ORDER BY s.key`,
    );
    expect(subscriptions).toEqual([
      { state: 'CLOSED', version: 1 },
      { state: 'ACTIVE', version: 2 },
    ]);
    await publish('', {}, 0);
    const [latest] = await h.engine.db.query<{ version: number }>(
      `SELECT version FROM engine.element_instance WHERE element_type = 'PROCESS' AND bpmn_process_id = 'message-start' ORDER BY key DESC LIMIT 1`,
    );
    expect(latest?.version).toBe(2);
  });
});

describe('message throw and end events', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('message-throw.bpmn'));
  });
  afterAll(() => h?.close());

  it('are executed by job workers, as send tasks are', async () => {
    const pi = await h.createInstance('message-throw');
    const notify = await h.completeJob('message.notify', { served: true });
    expect(notify.elementId).toBe('notify');
    const reply = await h.completeJob('message.reply');
    expect(reply.elementId).toBe('reply');
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ served: true });
  });
});
