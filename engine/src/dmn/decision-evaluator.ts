/**
 * Evaluates a decision as Zeebe does with dmn-scala: the decisions it requires first (each
 * result visible under the required decision's result name), then its own logic; every
 * decision evaluated, including the one that failed, is recorded in evaluation order.
 */
import { evaluateFeel } from '../feel/feel.js';
import { evaluateDecisionTable, type TableOutcome } from './decision-table.js';
import type {
  DecisionEvaluation,
  EvaluatedDecision,
  ExecutableDecision,
} from './decision-model.js';

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string };

export function evaluateDecision(
  decisions: ExecutableDecision[],
  decisionId: string,
  variables: Record<string, unknown>,
): DecisionEvaluation {
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  const evaluated: EvaluatedDecision[] = [];
  const decision = byId.get(decisionId);
  const outcome: Outcome = decision
    ? evaluate(decision, byId, variables, evaluated)
    : { ok: false, reason: `no decision found with id '${decisionId}'` };
  if (outcome.ok) return { ok: true, output: outcome.value, evaluatedDecisions: evaluated };
  return {
    ok: false,
    message: `Expected to evaluate decision '${decisionId}', but ${outcome.reason}`,
    failedDecisionId: evaluated.at(-1)?.decisionId ?? decisionId,
    evaluatedDecisions: evaluated,
  };
}

function evaluate(
  decision: ExecutableDecision,
  byId: Map<string, ExecutableDecision>,
  variables: Record<string, unknown>,
  evaluated: EvaluatedDecision[],
): Outcome {
  const context: Record<string, unknown> = { ...variables };
  for (const requiredId of decision.requiredDecisionIds) {
    const required = byId.get(requiredId);
    if (!required) return { ok: false, reason: `no decision found with id '${requiredId}'` };
    const result = evaluate(required, byId, variables, evaluated);
    if (!result.ok) return result;
    context[required.resultName] = result.value;
  }

  const record: EvaluatedDecision = {
    decisionId: decision.id,
    decisionType: decision.logic.kind,
    decisionOutput: null,
    evaluatedInputs: [],
    matchedRules: [],
  };
  if (decision.name !== undefined) record.decisionName = decision.name;

  let outcome: Outcome;
  if (decision.logic.kind === 'DECISION_TABLE') {
    const table: TableOutcome = evaluateDecisionTable(decision.logic, context);
    record.evaluatedInputs = table.evaluatedInputs;
    record.matchedRules = table.matchedRules;
    outcome = table.ok ? { ok: true, value: table.value } : { ok: false, reason: table.reason };
  } else {
    const result = evaluateFeel(decision.logic.expression, context);
    outcome = result.ok ? { ok: true, value: result.value } : { ok: false, reason: result.message };
  }
  if (outcome.ok) record.decisionOutput = outcome.value;
  evaluated.push(record);
  return outcome;
}
