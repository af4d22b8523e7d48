/**
 * DECISION_EVALUATION EVALUATE: evaluates the latest version of a decision (by id) or a given
 * decision (by key) with the variables sent. A failing evaluation is not a rejection: it is
 * written as FAILED and answered with the failed decision and the reason.
 */
import type { DecisionEvaluationResult, EvaluateDecisionInput, Rejection } from '../../engine-api.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import { evaluatePersistedDecision, findDecisionByKey, findLatestDecision } from './decision.behavior.js';

export async function evaluateDecisionCommand(
  ctx: BatchContext,
  input: EvaluateDecisionInput & { tenantId: string },
): Promise<Result<DecisionEvaluationResult, Rejection>> {
  const decisionId = input.decisionId ?? '';
  const decisionKey = input.decisionKey ?? '-1';
  const commandValue = { decisionId, decisionKey, variables: input.variables ?? {}, tenantId: input.tenantId };
  ctx.logCommand('-1', 'DECISION_EVALUATION', 'EVALUATE', commandValue);
  const reject = (type: Rejection['type'], reason: string) => {
    ctx.writeRejection('-1', 'DECISION_EVALUATION', 'EVALUATE', commandValue, type, reason);
    return err<Rejection>({ intent: 'EVALUATE', type, reason });
  };

  let decision;
  if (decisionId !== '') {
    decision = await findLatestDecision(ctx, decisionId, input.tenantId);
    if (!decision) return reject('NOT_FOUND', `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`);
  } else if (decisionKey !== '-1') {
    decision = await findDecisionByKey(ctx, decisionKey, input.tenantId);
    if (!decision) return reject('NOT_FOUND', `Expected to evaluate decision '${decisionKey}', but no decision found for key '${decisionKey}'`);
  } else {
    return reject('INVALID_ARGUMENT', 'Expected either a decision id or a valid decision key, but none provided');
  }
  return ok((await evaluatePersistedDecision(ctx, decision, input.variables ?? {})).result);
}
