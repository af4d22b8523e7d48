/**
 * Script tasks with `zeebe:script`: the FEEL expression is evaluated when the task activates
 * (seeing its input mappings), the task completes at once with the value in its result variable,
 * and no job is created. A failing expression is an incident that resolving re-evaluates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords } from './records.js';

describe('script tasks', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('script-tasks.bpmn'));
  });
  afterAll(() => h?.close());

  it('computes the 执行费 with the task’s input mapping and completes with it, without a job', async () => {
    const pi = await h.createInstance('court-fee', { amount: 30000 });

    const records = await instanceRecords(h, pi);
    expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING compute').slice(0, 9)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING compute',
      'EVENT VARIABLE CREATED rate=0.01',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED compute',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT compute',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING compute',
      'EVENT VARIABLE CREATED fee=300',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED compute',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
      'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ amount: 30000, fee: 300 });
    expect(records.some((r) => r.includes(' JOB '))).toBe(false);
  });

  it('keeps a context result on the task and maps a part of it to the process', async () => {
    const pi = await h.createInstance('case-summary', { caseNumber: '(2026)京0105执1234号', parties: ['申请人甲', '被执行人乙'], filedOn: '2026-01-05' });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({
      caseNumber: '(2026)京0105执1234号',
      parties: ['申请人甲', '被执行人乙'],
      filedOn: '2026-01-05',
      partyCount: 2,
    });
    const [task] = await h.engine.db.query<{ key: string }>(
      `SELECT key FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = 'summarise'`,
      [pi],
    );
    expect(await h.variables(task!.key)).toEqual({ summary: { caseNumber: '(2026)京0105执1234号', parties: 2, filed: '2026-01-05' } });
  });

  it('raises EXTRACT_VALUE_ERROR when the expression fails, and evaluates again once resolved', async () => {
    const pi = await h.createInstance('court-fee', {});

    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      state: 'ACTIVE',
      error_type: 'EXTRACT_VALUE_ERROR',
      element_id: 'compute',
      error_message: expect.stringMatching(/^Assertion failure on evaluate the expression ' assert\(amount, amount != null, "标的额缺失"\) \* rate': 标的额缺失/),
    });
    expect(from(await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'INCIDENT']), 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING compute')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING compute',
      'EVENT INCIDENT CREATED EXTRACT_VALUE_ERROR',
    ]);

    expect((await h.engine.setVariables({ elementInstanceKey: pi, variables: { amount: 1000 }, local: false })).ok).toBe(true);
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ amount: 1000, fee: 10 });
  });
});
