/**
 * One decision table, as dmn-scala evaluates it: the input expressions, then every rule's input
 * entries as unary tests against the input values (`?`), then the output entries of the matched
 * rules, combined by the hit policy. Without a match the result is built from the outputs'
 * default entries, or is null (for every hit policy, COLLECT and COUNT included).
 */
import { evaluateFeel, evaluateUnaryTests } from '../feel/feel.js';
import type { DecisionRule, DecisionTable, EvaluatedInput, MatchedRule } from './decision-model.js';

export type TableOutcome = {
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
} & ({ ok: true; value: unknown } | { ok: false; reason: string });

type Failure = { ok: false; reason: string };
type Values<T> = { ok: true; value: T } | Failure;
/** output name → value, in output order */
type OutputValues = [name: string, value: unknown][];

export function evaluateDecisionTable(table: DecisionTable, context: Record<string, unknown>): TableOutcome {
  const evaluatedInputs: EvaluatedInput[] = [];
  const matchedRules: MatchedRule[] = [];
  const done = (outcome: Values<unknown>): TableOutcome => ({ ...outcome, evaluatedInputs, matchedRules });

  const inputValues: unknown[] = [];
  for (const input of table.inputs) {
    const value = evaluateFeel(input.expression, context);
    if (!value.ok) return done({ ok: false, reason: value.message });
    inputValues.push(value.value);
    evaluatedInputs.push({ inputId: input.id, inputName: input.label ?? input.expression.slice(0, 30), inputValue: value.value });
  }

  const matches: DecisionRule[] = [];
  for (const rule of table.rules) {
    const met = ruleMet(rule, inputValues, context);
    if (!met.ok) return done(met);
    if (met.value) matches.push(rule);
  }
  if (matches.length === 0) return done(defaultOutput(table, context));

  const selected = table.hitPolicy === 'FIRST' ? matches.slice(0, 1) : matches;
  const outputs: OutputValues[] = [];
  for (const rule of selected) {
    const values = outputValuesOf(rule, table, context);
    if (!values.ok) return done(values);
    outputs.push(values.value);
    matchedRules.push({
      ruleId: rule.id,
      ruleIndex: rule.index,
      evaluatedOutputs: table.outputs.map((output, i) => ({
        outputId: output.id,
        outputName: output.label ?? output.name,
        outputValue: values.value[i]?.[1] ?? null,
      })),
    });
  }
  return done(applyHitPolicy(table, outputs));
}

/** All input entries hold; a false or null test ends the rule. */
function ruleMet(rule: DecisionRule, inputValues: unknown[], context: Record<string, unknown>): Values<boolean> {
  for (const [i, entry] of rule.inputEntries.entries()) {
    const result = evaluateUnaryTests(entry, inputValues[i], context);
    if (!result.ok) return { ok: false, reason: result.message };
    if (result.value === false || result.value === null) return { ok: true, value: false };
    if (result.value !== true) {
      return { ok: false, reason: `input entry must return true, false, or null, but found '${show(result.value)}'` };
    }
  }
  return { ok: true, value: true };
}

function outputValuesOf(rule: DecisionRule, table: DecisionTable, context: Record<string, unknown>): Values<OutputValues> {
  const values: OutputValues = [];
  for (const [i, output] of table.outputs.entries()) {
    const text = rule.outputEntries[i] ?? '';
    if (text === '') {
      values.push([output.name, null]);
      continue;
    }
    const value = evaluateFeel(text, context);
    if (!value.ok) return { ok: false, reason: value.message };
    values.push([output.name, value.value]);
  }
  return { ok: true, value: values };
}

function defaultOutput(table: DecisionTable, context: Record<string, unknown>): Values<unknown> {
  const values: OutputValues = [];
  for (const output of table.outputs) {
    if (output.defaultOutputEntry === undefined) continue;
    const value = evaluateFeel(output.defaultOutputEntry, context);
    if (!value.ok) return { ok: false, reason: value.message };
    values.push([output.name, value.value]);
  }
  return { ok: true, value: values.length === 0 ? null : single(values) };
}

function applyHitPolicy(table: DecisionTable, outputs: OutputValues[]): Values<unknown> {
  switch (table.hitPolicy) {
    case 'FIRST':
      return { ok: true, value: single(outputs[0]) };
    case 'UNIQUE':
      if (outputs.length > 1) {
        return { ok: false, reason: `multiple values aren't allowed for UNIQUE hit policy. found: '${show(outputs.map(toObject))}'` };
      }
      return { ok: true, value: single(outputs[0]) };
    case 'ANY': {
      const distinct = [...new Set(outputs.map((values) => JSON.stringify(toObject(values))))];
      if (distinct.length > 1) {
        return { ok: false, reason: `different values aren't allowed for ANY hit policy. found: '[${distinct.join(',')}]'` };
      }
      return { ok: true, value: single(outputs[0]) };
    }
    case 'PRIORITY':
      return { ok: true, value: single(byPriority(outputs, table)[0]) };
    case 'OUTPUT ORDER':
      return { ok: true, value: outputs.length === 0 ? null : byPriority(outputs, table).map(single) };
    case 'RULE ORDER':
      return { ok: true, value: outputs.map(single) };
    case 'COLLECT':
      return collect(table, outputs);
  }
}

function collect(table: DecisionTable, outputs: OutputValues[]): Values<unknown> {
  if (table.aggregation === undefined) return { ok: true, value: outputs.map(single) };
  if (table.aggregation === 'COUNT') return { ok: true, value: outputs.length };
  if (outputs.some((values) => values.length !== 1)) {
    return { ok: false, reason: `multiple values aren't allowed. found: ${show(outputs.map(toObject))}` };
  }
  const numbers: number[] = [];
  for (const [[, value]] of outputs) {
    if (typeof value !== 'number') return { ok: false, reason: `expected number but found '${show(value)}'` };
    numbers.push(value);
  }
  const aggregate = { SUM: numbers.reduce((a, b) => a + b, 0), MIN: Math.min(...numbers), MAX: Math.max(...numbers) };
  return { ok: true, value: aggregate[table.aggregation] };
}

/**
 * Sorts rule outputs by the position of their values in each output's `outputValues` list
 * (first output first); a value not in the list comes after those that are. Stable, so rules
 * of equal priority keep their order.
 */
function byPriority(outputs: OutputValues[], table: DecisionTable): OutputValues[] {
  const rank = (values: OutputValues) =>
    table.outputs.map((output, i) => {
      const value = values[i]?.[1];
      const index = typeof value === 'string' || typeof value === 'number' ? output.priorities.indexOf(String(value)) : -1;
      return index === -1 ? Number.POSITIVE_INFINITY : index;
    });
  return outputs
    .map((values) => ({ values, rank: rank(values) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] < b.rank[i] ? -1 : 1;
      return 0;
    })
    .map(({ values }) => values);
}

/** One output gives its value; several give an object keyed by output name. */
function single(values: OutputValues | undefined): unknown {
  if (values === undefined) return null;
  return values.length === 1 ? values[0][1] : toObject(values);
}

function toObject(values: OutputValues): Record<string, unknown> {
  return Object.fromEntries(values);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
