/**
 * Exclusive gateway: the first outgoing flow (in model order) whose FEEL condition is true is
 * taken, else the default flow; with neither, or when a condition cannot be evaluated, the
 * gateway stops with an incident until the variables are fixed and the incident resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

describe('exclusive gateway', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('exclusive-gateway.bpmn'), fixture('exclusive-gateway-no-default.bpmn'));
  });
  afterAll(() => h?.close());

  /** the element events from the gateway's activation on */
  const gatewayOn = async (pi: string) => from(await h.elementEvents(pi), 'ELEMENT_ACTIVATING gw');

  const takes = (flow: string, end: string, process = 'xor') => [
    'ELEMENT_ACTIVATING gw',
    'ELEMENT_ACTIVATED gw',
    'ELEMENT_COMPLETING gw',
    'ELEMENT_COMPLETED gw',
    `SEQUENCE_FLOW_TAKEN ${flow}`,
    `ELEMENT_ACTIVATING ${end}`,
    `ELEMENT_ACTIVATED ${end}`,
    `ELEMENT_COMPLETING ${end}`,
    `ELEMENT_COMPLETED ${end}`,
    `ELEMENT_COMPLETING ${process}`,
    `ELEMENT_COMPLETED ${process}`,
  ];

  it('takes the flow whose condition is true', async () => {
    // when
    const pi = await h.createInstance('xor', { amount: 50 });
    // then
    expect(await gatewayOn(pi)).toEqual(takes('to-mid', 'mid'));
  });

  it('takes the first flow whose condition is true, in model order', async () => {
    // when: both `amount > 100` and `amount > 10` hold
    const pi = await h.createInstance('xor', { amount: 500 });
    // then
    expect(await gatewayOn(pi)).toEqual(takes('to-high', 'high'));
  });

  it('takes the default flow when no condition is true', async () => {
    // when
    const pi = await h.createInstance('xor', { amount: 1 });
    // then
    expect(await gatewayOn(pi)).toEqual(takes('to-default', 'low'));
  });

  it('raises CONDITION_ERROR when no condition is true and there is no default flow', async () => {
    // when
    const pi = await h.createInstance('xor-no-default', { decision: 'maybe' });
    // then
    expect(from(await instanceRecords(h, pi), 'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT gw')).toEqual([
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT gw',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING gw',
      'EVENT INCIDENT CREATED CONDITION_ERROR',
    ]);
    const [gw] = (await h.records({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE' })).filter((r) => r.intent === 'ELEMENT_ACTIVATING' && r.elementId === 'gw');
    const [incident] = (await h.records({ processInstanceKey: pi, valueType: 'INCIDENT' }));
    expect(incident!.value).toEqual({
      errorType: 'CONDITION_ERROR',
      errorMessage: 'Expected at least one condition to evaluate to true, or to have a default flow',
      bpmnProcessId: 'xor-no-default',
      processDefinitionKey: gw!.value.processDefinitionKey,
      processInstanceKey: pi,
      elementId: 'gw',
      elementInstanceKey: gw!.key,
      jobKey: '-1',
      variableScopeKey: gw!.key,
      tenantId: '<default>',
    });
    expect(await h.instanceState(gw!.key)).toBe('ACTIVATING');
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
  });

  it('continues on the flow chosen with the corrected variables once the incident is resolved', async () => {
    // given
    const pi = await h.createInstance('xor-no-default', { decision: 'maybe' });
    const [incident] = await h.incidents(pi);
    // when
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { decision: 'no' }, local: false });
    const resolved = await h.engine.resolveIncident(incident!.key);
    // then
    expect(resolved.ok).toBe(true);
    expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED CONDITION_ERROR',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED gw',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING gw',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED gw',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN to-no',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT no',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING no',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED no',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING no',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED no',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT xor-no-default',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING xor-no-default',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED xor-no-default',
    ]);
    expect((await h.incidents(pi)).map((i: any) => i.state)).toEqual(['RESOLVED']);
  });

  it('raises an incident, before trying the default flow, when a condition cannot be evaluated', async () => {
    // when: `amount > 100` compares a missing variable
    const pi = await h.createInstance('xor', {});
    // then
    expect(from(await instanceRecords(h, pi), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING gw')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING gw',
      'EVENT INCIDENT CREATED EXTRACT_VALUE_ERROR',
    ]);
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'EXTRACT_VALUE_ERROR', element_id: 'gw' });
    expect(incident.error_message).toMatch(/^Expected result of the expression 'amount > 100' to be 'BOOLEAN', but was 'NULL'\./);
    expect(incident.error_message).toContain("No variable found with name 'amount'");
  });

  it('stays at the gateway while the incident is resolved without fixing the variables', async () => {
    // given
    const pi = await h.createInstance('xor', {});
    const [first] = await h.incidents(pi);
    // when
    await h.engine.resolveIncident(first!.key);
    // then: the condition fails again and a new incident is raised
    expect(from(await instanceRecords(h, pi), 'COMMAND INCIDENT RESOLVE')).toEqual([
      'COMMAND INCIDENT RESOLVE',
      'EVENT INCIDENT RESOLVED EXTRACT_VALUE_ERROR',
      'EVENT INCIDENT CREATED EXTRACT_VALUE_ERROR',
    ]);
    // and when the variable is set, resolving the new incident continues the instance
    await h.engine.setVariables({ elementInstanceKey: pi, variables: { amount: 200 }, local: false });
    const [, second] = await h.incidents(pi);
    await h.engine.resolveIncident(second!.key);
    expect(from(await h.elementEvents(pi), 'ELEMENT_ACTIVATED gw')).toEqual(takes('to-high', 'high').slice(1));
    expect((await h.incidents(pi)).map((i: any) => i.state)).toEqual(['RESOLVED', 'RESOLVED']);
  });
});
