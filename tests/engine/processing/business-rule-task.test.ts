/**
 * Business rule tasks with `zeebe:calledDecision` and the EvaluateDecision command: the latest
 * version of the decision is evaluated with the variables the task sees, the evaluation is
 * recorded (DECISION_EVALUATION EVALUATED or FAILED), and the result lands in the result
 * variable. The court's triage table (分案): 标的额 ≤ 50000 and simple → 速执团队.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

describe('business rule tasks', () => {
  let h: EngineHarness;
  let decisionKey: string;
  let decisionRequirementsKey: string;
  beforeAll(async () => {
    h = await EngineHarness.start();
    const deployment = await h.deploy(fixture('case-triage.dmn'), fixture('business-rule-tasks.bpmn'));
    decisionKey = deployment.decisions[0]!.decisionKey;
    decisionRequirementsKey = deployment.decisionRequirements[0]!.decisionRequirementsKey;
  });
  afterAll(() => h?.close());

  const evaluations = (pi: string) => h.records({ processInstanceKey: pi, valueType: 'DECISION_EVALUATION' });

  it('evaluates the decision on activation and completes with the result, propagated to the process', async () => {
    const pi = await h.createInstance('triage', { amount: 30000, complexity: 'simple' });

    const records = await instanceRecords(h, pi);
    expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING decide').slice(0, 8)).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING decide',
      'EVENT DECISION_EVALUATION EVALUATED',
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED decide',
      'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT decide',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING decide',
      'EVENT VARIABLE CREATED team="速执团队"',
      'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED decide',
      'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
    ]);
    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toEqual({ amount: 30000, complexity: 'simple', team: '速执团队' });

    const [evaluated] = await evaluations(pi);
    const elementInstanceKey = evaluated!.value.elementInstanceKey;
    expect(evaluated!.value).toEqual({
      decisionKey,
      decisionId: 'case_triage',
      decisionName: '分案',
      decisionVersion: 1,
      decisionRequirementsId: 'case-triage-drg',
      decisionRequirementsKey,
      decisionOutput: '"速执团队"',
      variables: {},
      bpmnProcessId: 'triage',
      processDefinitionKey: expect.any(String),
      processInstanceKey: pi,
      elementId: 'decide',
      elementInstanceKey,
      evaluatedDecisions: [
        {
          decisionKey,
          decisionId: 'case_triage',
          decisionName: '分案',
          decisionVersion: 1,
          decisionType: 'DECISION_TABLE',
          decisionOutput: '"速执团队"',
          decisionEvaluationInstanceKey: `${evaluated!.key}-1`,
          evaluatedInputs: [
            { inputId: 'Input_amount', inputName: '标的额', inputValue: '30000' },
            { inputId: 'Input_complexity', inputName: '案件类型', inputValue: '"simple"' },
          ],
          matchedRules: [
            { ruleId: 'Rule_fast', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'Output_team', outputName: '承办团队', outputValue: '"速执团队"' }] },
          ],
          tenantId: '<default>',
        },
      ],
      evaluationFailureMessage: '',
      failedDecisionId: '',
      tenantId: '<default>',
    });
  });

  it('evaluates a FEEL decision id with the task’s input mappings, and maps the result through its outputs', async () => {
    const pi = await h.createInstance('triage-mapped', { rules: 'case_triage', claim: { amount: 80000, kind: 'simple' } });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    // the result variable is set on the task; only the output mapping reaches the process
    expect(await h.variables(pi)).toEqual({ rules: 'case_triage', claim: { amount: 80000, kind: 'simple' }, assignedTeam: '执行团队' });
    const [evaluated] = await evaluations(pi);
    expect(evaluated!.value.evaluatedDecisions[0].evaluatedInputs).toEqual([
      { inputId: 'Input_amount', inputName: '标的额', inputValue: '80000' },
      { inputId: 'Input_complexity', inputName: '案件类型', inputValue: '"simple"' },
    ]);
  });

  it('records a FAILED evaluation and raises DECISION_EVALUATION_ERROR; resolving re-evaluates', async () => {
    // 标的额 above 1000 万 matches two rules of a UNIQUE table
    const pi = await h.createInstance('triage', { amount: 20_000_000, complexity: 'complex' });

    const records = await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'DECISION_EVALUATION', 'INCIDENT']);
    expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING decide')).toEqual([
      'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING decide',
      'EVENT DECISION_EVALUATION FAILED',
      'EVENT INCIDENT CREATED DECISION_EVALUATION_ERROR',
    ]);
    const [failed] = await evaluations(pi);
    expect(failed!.value).toMatchObject({
      decisionOutput: 'null',
      failedDecisionId: 'case_triage',
      evaluationFailureMessage: expect.stringMatching(/^Expected to evaluate decision 'case_triage', but multiple values aren't allowed for UNIQUE hit policy/),
    });
    expect(failed!.value.evaluatedDecisions[0].matchedRules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['Rule_large', 'Rule_major']);
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'DECISION_EVALUATION_ERROR', element_id: 'decide', error_message: failed!.value.evaluationFailureMessage });

    const set = await h.engine.setVariables({ elementInstanceKey: pi, variables: { amount: 9_000_000 }, local: false });
    expect(set.ok).toBe(true);
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.variables(pi)).toMatchObject({ team: '执行团队' });
    expect((await evaluations(pi)).map((r) => r.intent)).toEqual(['FAILED', 'EVALUATED']);
  });

  it('raises CALLED_DECISION_ERROR when no decision has the id', async () => {
    const pi = await h.createInstance('triage-mapped', { rules: 'asset_freeze', claim: { amount: 1, kind: 'simple' } });

    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'CALLED_DECISION_ERROR',
      element_id: 'm-decide',
      error_message: "Expected to evaluate decision 'asset_freeze', but no decision found for id 'asset_freeze'",
    });
    expect(await evaluations(pi)).toEqual([]);
  });

  it('raises EXTRACT_VALUE_ERROR when the decision id expression is not a string', async () => {
    const pi = await h.createInstance('triage-mapped', { rules: 7, claim: { amount: 1, kind: 'simple' } });

    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ error_type: 'EXTRACT_VALUE_ERROR', error_message: "Expected result of the expression ' rules' to be 'STRING', but was 'NUMBER'." });
  });

  it('evaluates the latest version of the decision', async () => {
    const v2 = await h.deploy({
      name: 'case-triage.dmn',
      xml: fs.readFileSync(fixture('case-triage.dmn'), 'utf8').replaceAll('50000', '100000'),
    });
    expect(v2.decisions[0]).toMatchObject({ decisionId: 'case_triage', version: 2 });

    const pi = await h.createInstance('triage', { amount: 80000, complexity: 'simple' });

    expect(await h.variables(pi)).toMatchObject({ team: '速执团队' });
    const [evaluated] = await evaluations(pi);
    expect(evaluated!.value).toMatchObject({ decisionVersion: 2, decisionKey: v2.decisions[0]!.decisionKey });
  });
});

describe('EvaluateDecision', () => {
  let h: EngineHarness;
  let decisionKey: string;
  beforeAll(async () => {
    h = await EngineHarness.start();
    decisionKey = (await h.deploy(fixture('case-triage.dmn'))).decisions[0]!.decisionKey;
  });
  afterAll(() => h?.close());

  it('evaluates the latest version by id and answers with the evaluated decisions', async () => {
    const position = await lastPosition(h);

    const result = await h.engine.evaluateDecision({ decisionId: 'case_triage', variables: { amount: 45000, complexity: 'simple' } });

    expect(await recordsAfter(h, position)).toEqual(['COMMAND DECISION_EVALUATION EVALUATE', 'EVENT DECISION_EVALUATION EVALUATED']);
    const [event] = (await h.records({ valueType: 'DECISION_EVALUATION' })).filter((r) => r.recordType === 'EVENT');
    expect(result).toEqual({
      ok: true,
      value: {
        decisionEvaluationKey: event!.key,
        decisionKey,
        decisionId: 'case_triage',
        decisionName: '分案',
        decisionVersion: 1,
        decisionRequirementsId: 'case-triage-drg',
        decisionRequirementsKey: expect.any(String),
        decisionOutput: '速执团队',
        evaluatedDecisions: [
          expect.objectContaining({
            decisionKey,
            decisionId: 'case_triage',
            decisionOutput: '速执团队',
            evaluatedInputs: [
              { inputId: 'Input_amount', inputName: '标的额', inputValue: 45000 },
              { inputId: 'Input_complexity', inputName: '案件类型', inputValue: 'simple' },
            ],
          }),
        ],
        failedDecisionId: '',
        failureMessage: '',
        tenantId: '<default>',
      },
    });
    expect(event!.value).toMatchObject({ processInstanceKey: '-1', elementInstanceKey: '-1', bpmnProcessId: '' });
  });

  it('evaluates by key', async () => {
    const result = await h.engine.evaluateDecision({ decisionKey, variables: { amount: 60000, complexity: 'simple' } });
    expect(result).toMatchObject({ ok: true, value: { decisionOutput: '执行团队' } });
  });

  it('answers a failed evaluation with the failed decision and the reason, not a rejection', async () => {
    const result = await h.engine.evaluateDecision({ decisionId: 'case_triage', variables: { amount: 50_000_000, complexity: 'simple' } });

    expect(result).toMatchObject({
      ok: true,
      value: { decisionOutput: null, failedDecisionId: 'case_triage', failureMessage: expect.stringContaining('UNIQUE hit policy') },
    });
    const events = (await h.records({ valueType: 'DECISION_EVALUATION' })).filter((r) => r.recordType === 'EVENT');
    expect(events.at(-1)!.intent).toBe('FAILED');
  });

  it('rejects an unknown decision id or key, and a command with neither', async () => {
    expect(await h.engine.evaluateDecision({ decisionId: 'asset_freeze' })).toEqual({
      ok: false,
      error: { intent: 'EVALUATE', type: 'NOT_FOUND', reason: "Expected to evaluate decision 'asset_freeze', but no decision found for id 'asset_freeze'" },
    });
    expect(await h.engine.evaluateDecision({ decisionKey: '123' })).toEqual({
      ok: false,
      error: { intent: 'EVALUATE', type: 'NOT_FOUND', reason: "Expected to evaluate decision '123', but no decision found for key '123'" },
    });
    const position = await lastPosition(h);
    expect(await h.engine.evaluateDecision({ variables: {} })).toEqual({
      ok: false,
      error: { intent: 'EVALUATE', type: 'INVALID_ARGUMENT', reason: 'Expected either a decision id or a valid decision key, but none provided' },
    });
    expect(await recordsAfter(h, position)).toEqual(['COMMAND DECISION_EVALUATION EVALUATE', 'COMMAND_REJECTION DECISION_EVALUATION EVALUATE INVALID_ARGUMENT']);
  });
});
