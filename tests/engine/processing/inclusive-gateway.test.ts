/**
 * Inclusive gateways (Zeebe's InclusiveGatewayProcessor and its join rule): forking takes every
 * flow whose condition holds, else the default flow, else raises an incident; joining waits for
 * the tokens that can still arrive, and no longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

describe('inclusive gateway', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('inclusive-gateway.bpmn'));
  });
  afterAll(() => h?.close());

  const completeJobOf = async (type: string, pi: string, variables: Record<string, unknown> = {}) => {
    const job = (await h.activate(type, 50)).find((j) => j.processInstanceKey === pi);
    if (!job) throw new Error(`no job '${type}' in instance ${pi}`);
    const result = await h.engine.completeJob(job.key, variables);
    if (!result.ok) throw new Error(result.error.reason);
  };
  const processEvents = (pi: string) => instanceRecords(h, pi, ['PROCESS_INSTANCE']);

  it('forks on every true condition and joins once both branches arrived', async () => {
    // when
    const pi = await h.createInstance('inclusive-notify', { parties: ['原告', '被告'] });
    // then
    expect(from(await processEvents(pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING fork').slice(0, 8)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING fork',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED fork',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING fork',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED fork',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-plaintiff',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT plaintiff',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-defendant',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT defendant',
    ]);
    // when the first branch arrives, the join waits for the other one
    await completeJobOf('inclusive.plaintiff', pi);
    expect((await processEvents(pi)).slice(-2)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED plaintiff',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN j-plaintiff',
    ]);
    // when the second arrives, it activates once
    await completeJobOf('inclusive.defendant', pi);
    expect(from(await processEvents(pi), 'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN j-defendant')).toEqual([
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN j-defendant',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED join',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-end',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT inclusive-notify',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING inclusive-notify',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED inclusive-notify',
    ]);
  });

  it('takes the default flow when no condition holds, and the join lets its one token through', async () => {
    const pi = await h.createInstance('inclusive-notify', { parties: [] });
    const events = await processEvents(pi);
    expect(events.filter((e) => e.includes('SEQUENCE_FLOW_TAKEN'))).toEqual(['EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f1', 'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f-court']);
    await completeJobOf('inclusive.court', pi);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('lets a single taken branch through the join at once', async () => {
    const pi = await h.createInstance('inclusive-notify', { parties: ['被告'] });
    await completeJobOf('inclusive.defendant', pi);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('raises an incident when no condition holds and there is no default flow, and forks once resolved', async () => {
    // given
    const pi = await h.createInstance('inclusive-no-default', { amount: 5000, urgent: false });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'CONDITION_ERROR',
      element_id: 'choose',
      error_message: 'Expected at least one condition to evaluate to true, or to have a default flow',
    });
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { amount: 200000, urgent: true }, local: false });
    await h.engine.resolveIncident(incident.key);
    // then
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await processEvents(pi);
    expect(events.filter((e) => e.includes('ELEMENT_COMPLETED') && e.endsWith('-end'))).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED large-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED urgent-end',
    ]);
  });

  it('raises an incident when a condition is not a boolean', async () => {
    const pi = await h.createInstance('inclusive-no-default', { amount: null, urgent: true });
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'EXTRACT_VALUE_ERROR',
      element_id: 'choose',
      error_message: "Expected result of the expression 'amount > 100000' to be 'BOOLEAN', but was 'NULL'.",
    });
  });

  it('waits at the join while another live path can still reach it', async () => {
    // given
    const pi = await h.createInstance('inclusive-dead-path', { skip: false });
    // when
    await completeJobOf('inclusive.a', pi);
    await completeJobOf('inclusive.prepare', pi);
    // then: the appraisal is on its way to the join
    expect((await processEvents(pi)).filter((e) => e.endsWith(' d-join'))).toEqual([]);
    // when
    await completeJobOf('inclusive.b', pi);
    // then
    expect((await processEvents(pi)).filter((e) => e.endsWith(' d-join'))).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED d-join',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('activates the join once the other path ends elsewhere and no token can come any more', async () => {
    // given: one token waits at the join while the other path may still reach it
    const pi = await h.createInstance('inclusive-dead-path', { skip: true });
    await completeJobOf('inclusive.a', pi);
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    // when: that path turns to another end event
    await completeJobOf('inclusive.prepare', pi);
    // then: from there no token can reach the join
    expect(from(await processEvents(pi), 'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN d-skip')).toEqual([
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN d-skip',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT skip-end',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING skip-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED skip-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING skip-end',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED skip-end',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING d-join',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED d-join',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN d-end',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT d-end-event',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING d-end-event',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED d-end-event',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING d-end-event',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED d-end-event',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT inclusive-dead-path',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING inclusive-dead-path',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED inclusive-dead-path',
    ]);
  });
});
