import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDmn } from '../../../engine/src/dmn/dmn-parser.js';

type Expected = [elementId: string, messagePart: string];

/** Every file in broken/ is rejected with exactly these problems. */
const corpus: Record<string, Expected[]> = {
  'not-xml.dmn': [['', "Failed to parse DMN 'not-xml.dmn': closing tag mismatch at </definitions> (line 3, column 1)"]],
  'invalid-feel.dmn': [
    ['InputExpression_Amount', "FEEL expression: failed to parse expression 'amount +': unexpected end of expression at line 1, column 9"],
    ['UnaryTests_Bad', "FEEL unary-tests: failed to parse expression '<'"],
    ['LiteralExpression_Bad', `FEEL expression: failed to parse expression '"速执" +'`],
    ['LiteralExpression_Risk', "FEEL expression: failed to parse expression 'if amount > 5 then'"],
    ['LiteralExpression_Script', "Expression language 'javascript' is not supported"],
  ],
  'missing-required-decision.dmn': [['plan', "Expected required decision 'nowhere' of decision 'plan' to exist, but not found"]],
  'cyclic-requirements.dmn': [['Definitions_Broken', 'Invalid DMN model: Cyclic dependencies between decisions detected.']],
  'compound-collect.dmn': [
    ['Table_Fees', "hit policy 'COLLECT' with aggregator is not defined for compound output"],
    ['Output_Unnamed', 'no output name defined for `备注`'],
  ],
  'unsupported-logic.dmn': [['as_context', "unsupported decision expression 'Context'"]],
};

const brokenDir = new URL('./broken/', import.meta.url);

describe('parseDmn: rejected resources', () => {
  it('has an entry for every file in broken/', () => {
    expect(readdirSync(brokenDir).filter((f) => f.endsWith('.dmn')).sort()).toEqual(Object.keys(corpus).sort());
  });

  it.each(Object.entries(corpus))('%s is rejected with exactly its problems', async (file, expected) => {
    const result = await parseDmn(readFileSync(new URL(file, brokenDir)), file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map((p) => [p.elementId, p.message]);
    expect(found).toHaveLength(expected.length);
    for (const [elementId, part] of expected) {
      expect(found, `${elementId}: ${part}`).toContainEqual([elementId, expect.stringContaining(part)]);
    }
  });
});

describe('parseDmn: decision tables and literal expressions', () => {
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

  it('reads the decision requirements graph and its decision table', async () => {
    const result = await parseDmn(fixture('triage.dmn'), 'triage.dmn');
    expect(result).toMatchObject({ ok: true, decisionRequirementsId: 'Definitions_Triage', name: '分案', namespace: 'http://camunda.org/schema/1.0/dmn' });
    if (!result.ok) return;
    expect(result.decisions).toEqual([
      {
        id: 'triage',
        name: '分案团队',
        resultName: 'triage',
        requiredDecisionIds: [],
        logic: {
          kind: 'DECISION_TABLE',
          hitPolicy: 'UNIQUE',
          inputs: [
            { id: 'Input_Amount', label: '标的额', expression: 'amount' },
            { id: 'Input_Complexity', label: '案件类型', expression: 'complexity' },
          ],
          outputs: [{ id: 'Output_Team', name: 'team', label: '承办团队', priorities: [] }],
          rules: [
            { id: 'Rule_Fast', index: 1, inputEntries: ['<= 50000', '"simple"'], outputEntries: ['"速执团队"'] },
            { id: 'Rule_Large', index: 2, inputEntries: ['> 50000', '-'], outputEntries: ['"执行团队"'] },
            { id: 'Rule_Complex', index: 3, inputEntries: ['<= 50000', 'not("simple")'], outputEntries: ['"执行团队"'] },
          ],
        },
      },
    ]);
  });

  it('reads requirements, decision variables, literal expressions and output priorities', async () => {
    const result = await parseDmn(fixture('required-decisions.dmn'), 'required-decisions.dmn');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const byId = new Map(result.decisions.map((d) => [d.id, d]));
    expect(byId.get('enforcement_plan')?.requiredDecisionIds).toEqual(['team', 'risk_level']);
    expect(byId.get('risk_level')).toMatchObject({
      resultName: 'riskLevel',
      logic: { kind: 'LITERAL_EXPRESSION', expression: 'if amount > 1000000 then "high" else "normal"' },
    });

    const policies = await parseDmn(fixture('hit-policies.dmn'), 'hit-policies.dmn');
    if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
    const priority = policies.decisions.find((d) => d.id === 'measure_priority');
    expect(priority?.logic).toMatchObject({ hitPolicy: 'PRIORITY', outputs: [{ priorities: ['冻结存款', '查封', '调查'] }] });
    expect(policies.decisions.find((d) => d.id === 'fee_sum')?.logic).toMatchObject({ hitPolicy: 'COLLECT', aggregation: 'SUM' });
  });

  it('reads DMN 1.2 namespaces as well', async () => {
    const xml = fixture('triage.dmn')
      .toString('utf8')
      .replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20180521/MODEL/');
    const result = await parseDmn(xml, 'triage-1.2.dmn');
    expect(result).toMatchObject({ ok: true, decisions: [{ id: 'triage' }] });
  });
});
