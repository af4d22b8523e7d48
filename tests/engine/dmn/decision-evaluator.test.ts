import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDecision } from '../../../engine/src/dmn/decision-evaluator.js';
import type { DecisionTable, ExecutableDecision } from '../../../engine/src/dmn/decision-model.js';
import { parseDmn } from '../../../engine/src/dmn/dmn-parser.js';

async function decisionsOf(file: string): Promise<ExecutableDecision[]> {
  const result = await parseDmn(readFileSync(new URL(`./fixtures/${file}`, import.meta.url)), file);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.elementId}: ${p.message}`).join('\n'));
  return result.decisions;
}

describe('分案 (triage): a UNIQUE decision table in the court’s terms', () => {
  it.each([
    [30000, 'simple', '速执团队'],
    [50000, 'simple', '速执团队'],
    [50001, 'simple', '执行团队'],
    [30000, 'complex', '执行团队'],
    [2000000, 'complex', '执行团队'],
  ])('标的额 %d, 案件类型 %s → %s', async (amount, complexity, team) => {
    const result = evaluateDecision(await decisionsOf('triage.dmn'), 'triage', { amount, complexity });
    expect(result).toMatchObject({ ok: true, output: team });
  });

  it('records the evaluation as Zeebe’s EvaluatedDecision', async () => {
    const result = evaluateDecision(await decisionsOf('triage.dmn'), 'triage', { amount: 30000, complexity: 'simple' });
    expect(result).toEqual({
      ok: true,
      output: '速执团队',
      evaluatedDecisions: [
        {
          decisionId: 'triage',
          decisionName: '分案团队',
          decisionType: 'DECISION_TABLE',
          decisionOutput: '速执团队',
          evaluatedInputs: [
            { inputId: 'Input_Amount', inputName: '标的额', inputValue: 30000 },
            { inputId: 'Input_Complexity', inputName: '案件类型', inputValue: 'simple' },
          ],
          matchedRules: [
            {
              ruleId: 'Rule_Fast',
              ruleIndex: 1,
              evaluatedOutputs: [{ outputId: 'Output_Team', outputName: '承办团队', outputValue: '速执团队' }],
            },
          ],
        },
      ],
    });
  });

  it('gives null when no rule matches (a missing variable is null, not a failure)', async () => {
    const result = evaluateDecision(await decisionsOf('triage.dmn'), 'triage', { complexity: 'simple' });
    expect(result).toMatchObject({ ok: true, output: null });
    if (result.ok) {
      expect(result.evaluatedDecisions[0].evaluatedInputs[0]).toEqual({ inputId: 'Input_Amount', inputName: '标的额', inputValue: null });
      expect(result.evaluatedDecisions[0].matchedRules).toEqual([]);
    }
  });

  it('fails for a decision that does not exist', async () => {
    expect(evaluateDecision(await decisionsOf('triage.dmn'), 'nope', {})).toEqual({
      ok: false,
      message: "Expected to evaluate decision 'nope', but no decision found with id 'nope'",
      failedDecisionId: 'nope',
      evaluatedDecisions: [],
    });
  });
});

describe('hit policies', () => {
  const evaluate = async (decisionId: string, variables: Record<string, unknown>) =>
    evaluateDecision(await decisionsOf('hit-policies.dmn'), decisionId, variables);
  const output = async (decisionId: string, variables: Record<string, unknown>) => {
    const result = await evaluate(decisionId, variables);
    if (!result.ok) throw new Error(result.message);
    return result.output;
  };
  const ruleIndexes = async (decisionId: string, variables: Record<string, unknown>) => {
    const result = await evaluate(decisionId, variables);
    return result.evaluatedDecisions[0].matchedRules.map((rule) => rule.ruleIndex);
  };
  const bank = { assetType: 'bank', amount: 20000 };
  const cash = { assetType: 'cash', amount: 20000 };

  it('UNIQUE: the one matching rule, or a failure when several match', async () => {
    expect(await output('measure_unique', cash)).toBe('调查');
    const result = await evaluate('measure_unique', bank);
    expect(result).toMatchObject({
      ok: false,
      message: `Expected to evaluate decision 'measure_unique', but multiple values aren't allowed for UNIQUE hit policy. found: '[{"measure":"冻结存款"},{"measure":"查封"},{"measure":"调查"}]'`,
      failedDecisionId: 'measure_unique',
    });
    expect(result.evaluatedDecisions[0]).toMatchObject({ decisionId: 'measure_unique', decisionOutput: null });
    expect(result.evaluatedDecisions[0].matchedRules.map((rule) => rule.ruleIndex)).toEqual([1, 2, 3]);
  });

  it('FIRST: the first matching rule in table order, and only that one is recorded', async () => {
    expect(await output('measure_first', bank)).toBe('冻结存款');
    expect(await output('measure_first', { assetType: 'vehicle' })).toBe('查封');
    expect(await ruleIndexes('measure_first', { assetType: 'vehicle' })).toEqual([2]);
  });

  it('PRIORITY: the matching rule whose output comes first in the output values', async () => {
    expect(await output('measure_priority', bank)).toBe('冻结存款');
    expect(await output('measure_priority', { assetType: 'vehicle' })).toBe('查封');
    expect(await output('measure_priority', cash)).toBe('调查');
    expect(await ruleIndexes('measure_priority', bank)).toEqual([1, 2, 3]);
  });

  it('ANY: the common output of all matching rules, or a failure when they differ', async () => {
    expect(await output('measure_any', { assetType: 'bank', amount: 5000 })).toBe('强制执行');
    expect(await output('measure_any', { assetType: 'cash', amount: 10 })).toBeNull();
    expect(await evaluate('measure_any', { assetType: 'none', amount: 5000 })).toMatchObject({
      ok: false,
      message: `Expected to evaluate decision 'measure_any', but different values aren't allowed for ANY hit policy. found: '[{"measure":"强制执行"},{"measure":"终本"}]'`,
    });
  });

  it('COLLECT: the outputs of all matching rules, in rule order', async () => {
    expect(await output('measures_collect', bank)).toEqual(['冻结存款', '查封', '调查']);
    expect(await output('measures_collect', cash)).toEqual(['调查']);
  });

  it('COLLECT with SUM, MIN, MAX and COUNT', async () => {
    expect(await output('fee_sum', bank)).toBe(350);
    expect(await output('fee_min', bank)).toBe(50);
    expect(await output('fee_max', bank)).toBe(200);
    expect(await output('rule_count', bank)).toBe(3);
    expect(await output('fee_sum', cash)).toBe(250);
    expect(await output('rule_count', cash)).toBe(2);
  });

  it('gives null, not an empty list or 0, when nothing matches (as dmn-scala)', async () => {
    const nothing = { assetType: 'cash', amount: 0 };
    for (const decisionId of ['fee_sum', 'fee_min', 'fee_max', 'rule_count']) {
      expect(await output(decisionId, nothing), decisionId).toBeNull();
    }
  });

  it('RULE ORDER: all matching rules in table order; several outputs give objects', async () => {
    expect(await output('measures_rule_order', bank)).toEqual([
      { measure: '调查', days: 30 },
      { measure: '冻结存款', days: null }, // an empty output entry is null
      { measure: '查封', days: 15 },
    ]);
    const result = await evaluate('measures_rule_order', bank);
    expect(result.evaluatedDecisions[0].matchedRules[1]).toEqual({
      ruleId: 'Rule_measures_rule_order_2',
      ruleIndex: 2,
      evaluatedOutputs: [
        { outputId: 'Output_measures_rule_order_1', outputName: '措施', outputValue: '冻结存款' },
        { outputId: 'Output_measures_rule_order_2', outputName: '期限（日）', outputValue: null },
      ],
    });
  });

  it('OUTPUT ORDER: all matching rules sorted by the output values', async () => {
    expect(await output('measures_output_order', bank)).toEqual(['冻结存款', '查封', '调查']);
    expect(await output('measures_output_order', { assetType: 'vehicle' })).toEqual(['查封', '调查']);
  });

  it('uses the default output entry when no rule matches', async () => {
    expect(await output('measure_with_default', cash)).toBe('人工审查');
    expect(await output('measure_with_default', bank)).toBe('冻结存款');
  });

  it('fails when an aggregated output is not a number', async () => {
    const decisions = await decisionsOf('hit-policies.dmn');
    const sum = decisions.find((d) => d.id === 'fee_sum')!;
    const table = sum.logic as DecisionTable;
    const words: ExecutableDecision = {
      ...sum,
      logic: { ...table, rules: table.rules.map((rule) => ({ ...rule, outputEntries: ['"五十"'] })) },
    };
    expect(evaluateDecision([words], 'fee_sum', bank)).toMatchObject({
      ok: false,
      message: `Expected to evaluate decision 'fee_sum', but expected number but found '"五十"'`,
    });
  });
});

describe('required decisions', () => {
  it('evaluates the required decisions first and passes their results by name', async () => {
    const decisions = await decisionsOf('required-decisions.dmn');
    const result = evaluateDecision(decisions, 'plan_summary', { amount: 30000, complexity: 'simple' });
    expect(result).toMatchObject({ ok: true, output: '速执团队' });
    if (!result.ok) return;
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.decisionOutput])).toEqual([
      ['team', 'DECISION_TABLE', '速执团队'],
      ['risk_level', 'LITERAL_EXPRESSION', 'normal'],
      ['enforcement_plan', 'DECISION_TABLE', { handler: '速执团队', reviewRequired: false }],
      ['plan_summary', 'LITERAL_EXPRESSION', '速执团队'],
    ]);
    // a literal expression has no inputs or rules; a decision variable names its result
    expect(result.evaluatedDecisions[1]).toEqual({
      decisionId: 'risk_level',
      decisionName: '风险等级',
      decisionType: 'LITERAL_EXPRESSION',
      decisionOutput: 'normal',
      evaluatedInputs: [],
      matchedRules: [],
    });
    expect(result.evaluatedDecisions[2].evaluatedInputs).toEqual([
      { inputId: 'Input_enforcement_plan_1', inputName: '承办团队', inputValue: '速执团队' },
      { inputId: 'Input_enforcement_plan_2', inputName: '风险等级', inputValue: 'normal' },
    ]);
  });

  it.each([
    [{ amount: 2000000, complexity: 'complex' }, '执行局长，需合议'],
    [{ amount: 80000, complexity: 'complex' }, '执行团队（80000元）'],
  ])('combines the required results: %j → %s', async (variables, summary) => {
    const result = evaluateDecision(await decisionsOf('required-decisions.dmn'), 'plan_summary', variables);
    expect(result).toMatchObject({ ok: true, output: summary });
  });

  it('stops at a failing required decision and names it', async () => {
    const decisions = (await decisionsOf('required-decisions.dmn')).map((decision) => {
      if (decision.id !== 'team') return decision;
      const table = decision.logic as DecisionTable;
      return { ...decision, logic: { ...table, rules: table.rules.map((rule) => ({ ...rule, inputEntries: ['-', '-'] })) } };
    });
    const result = evaluateDecision(decisions, 'plan_summary', { amount: 30000, complexity: 'simple' });
    expect(result).toMatchObject({
      ok: false,
      message: `Expected to evaluate decision 'plan_summary', but multiple values aren't allowed for UNIQUE hit policy. found: '[{"team":"速执团队"},{"team":"执行团队"},{"team":"执行团队"}]'`,
      failedDecisionId: 'team',
    });
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['team']);
  });
});
