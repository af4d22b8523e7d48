/**
 * Message correlation (Camunda's `POST /v2/messages/correlation`): the message reaches what waits
 * now and answers with the first process instance it reached, or is rejected NOT_FOUND; it is
 * never buffered, so a subscription that opens later does not get it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, lastPosition } from './records.js';
import { eventRecordsAfter } from './event-records.js';

describe('message correlation', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('message-catch.bpmn'), fixture('message-start.bpmn'));
  });
  afterAll(() => h?.close());

  const correlate = (name: string, correlationKey: string, variables: Record<string, unknown> = {}) =>
    h.engine.correlateMessage({ name, correlationKey, variables });

  it('correlates to the waiting catch event and answers with its process instance', async () => {
    // given
    const pi = await h.createInstance('message-catch', { caseNo: 'corr-1' });
    const position = await lastPosition(h);
    // when
    const result = await correlate('payment-received', 'corr-1', { paid: 300 });
    // then
    expect(result).toEqual({ ok: true, value: { key: expect.stringMatching(/^\d+$/), processInstanceKey: pi, tenantId: '<default>' } });
    expect((await eventRecordsAfter(h, position)).slice(0, 8)).toEqual([
      'COMMAND MESSAGE_CORRELATION CORRELATE',
      'EVENT MESSAGE PUBLISHED payment-received',
      'EVENT MESSAGE_CORRELATION CORRELATING',
      'EVENT PROCESS_MESSAGE_SUBSCRIPTION CORRELATED wait-payment',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT wait-payment',
      'EVENT MESSAGE_CORRELATION CORRELATED',
      'EVENT MESSAGE EXPIRED payment-received',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING wait-payment',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toMatchObject({ caseNo: 'corr-1', paid: 300 });
    const [correlated] = await h.records({ valueType: 'MESSAGE_CORRELATION' }).then((rs) => rs.filter((r) => r.intent === 'CORRELATED'));
    expect(correlated!.value).toMatchObject({ name: 'payment-received', correlationKey: 'corr-1', messageKey: result.ok && result.value.key, processInstanceKey: pi });
  });

  it('starts an instance at a message start event and answers with the new instance', async () => {
    const result = await correlate('case-filed', 'corr-filed-1', { 案号: '(2030)豫01执300号' });
    if (!result.ok) throw new Error(result.error.reason);
    const pi = result.value.processInstanceKey;
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    expect(await h.variables(pi)).toEqual({ 案号: '(2030)豫01执300号' });
  });

  it('is rejected NOT_FOUND when nothing waits, and is not buffered for a later subscription', async () => {
    const position = await lastPosition(h);
    const result = await correlate('payment-received', 'corr-2');
    expect(result).toEqual({
      ok: false,
      error: {
        intent: 'CORRELATE',
        type: 'NOT_FOUND',
        reason: "Expected to find subscription for message with name 'payment-received' and correlation key 'corr-2', but none was found.",
      },
    });
    expect(await eventRecordsAfter(h, position)).toEqual(['COMMAND MESSAGE_CORRELATION CORRELATE', 'COMMAND_REJECTION MESSAGE_CORRELATION CORRELATE NOT_FOUND']);
    // the case that starts afterwards keeps waiting
    const pi = await h.createInstance('message-catch', { caseNo: 'corr-2' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(pi);
  });

  it('is rejected when the only start event is held by a live instance with the same correlation key', async () => {
    const first = await correlate('case-filed', 'corr-held');
    expect(first.ok).toBe(true);
    const second = await correlate('case-filed', 'corr-held');
    expect(second).toMatchObject({
      ok: false,
      error: {
        type: 'NOT_FOUND',
        reason:
          "Expected to find subscription for message with name 'case-filed' and correlation key 'corr-held', but no active subscription was found. " +
          'A process instance with this correlation key is already active for a message start event with this message name in process IDs [message-start]. ' +
          'Only one active process instance per correlation key is allowed for message start events.',
      },
    });
  });

  it('reaches one instance per process, answering with the first', async () => {
    const a = await h.createInstance('message-catch', { caseNo: 'corr-3' });
    const b = await h.createInstance('message-catch', { caseNo: 'corr-3' });
    const result = await correlate('payment-received', 'corr-3');
    expect(result).toMatchObject({ ok: true, value: { processInstanceKey: a } });
    expect(await h.instanceState(a)).toBe('COMPLETED');
    expect(await h.instanceState(b)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(b);
  });
});
