/**
 * `zeebe:calledDecision` of a business rule task (Zeebe's BpmnDecisionBehavior): the decision id
 * (static or FEEL), the latest version of that decision in the tenant, its evaluation with the
 * variables the task sees, and the result under the task's result variable.
 */
import type { Variables } from '../../engine-api.js';
import { evaluateString } from '../../feel/feel.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import type { IncidentErrorType } from '../bpmn/behaviors/incident.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import { evaluatePersistedDecision, findLatestDecision } from './decision.behavior.js';

export interface Failure {
  errorType: IncidentErrorType;
  message: string;
}

/** the variables the task completes with: `{ <resultVariable>: <decision output> }` */
export async function evaluateCalledDecision(ctx: BatchContext, el: ElementContext): Promise<Result<Variables, Failure>> {
  const called = el.element.calledDecision!;
  const i = el.instance;
  const variables = await visibleVariables(ctx, i.key);
  const id = called.decisionId.kind === 'static' ? { ok: true as const, value: called.decisionId.value } : evaluateString(called.decisionId, variables);
  if (!id.ok) return err({ errorType: 'EXTRACT_VALUE_ERROR', message: id.message });

  const decision = await findLatestDecision(ctx, id.value, i.tenantId);
  if (!decision) {
    return err({ errorType: 'CALLED_DECISION_ERROR', message: `Expected to evaluate decision '${id.value}', but no decision found for id '${id.value}'` });
  }
  const { evaluation } = await evaluatePersistedDecision(ctx, decision, variables, {
    bpmnProcessId: i.bpmnProcessId,
    processDefinitionKey: i.processDefinitionKey,
    processInstanceKey: i.processInstanceKey,
    elementId: i.elementId,
    elementInstanceKey: i.key,
  });
  if (!evaluation.ok) return err({ errorType: 'DECISION_EVALUATION_ERROR', message: evaluation.message });
  return ok({ [called.resultVariable]: evaluation.output });
}
