/**
 * `zeebe:calledDecision` of a business rule task (Zeebe's BpmnDecisionBehavior): the decision id
 * (static or FEEL), the version of that decision in the tenant its binding type names (the latest,
 * the one deployed with the process, or the latest with a version tag), its evaluation with the
 * variables the task sees, and the result under the task's result variable.
 */
import type { Variables } from '../../engine-api.js';
import { evaluateString } from '../../feel/feel.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import type { IncidentErrorType } from '../bpmn/behaviors/incident.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import {
  evaluatePersistedDecision,
  findDecisionInDeployment,
  findDecisionWithVersionTag,
  findLatestDecision,
  type PersistedDecision,
} from './decision.behavior.js';

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

  const found = await boundDecision(ctx, el, id.value);
  if (!found.ok) return err({ errorType: 'CALLED_DECISION_ERROR', message: found.error });
  const decision = found.value;
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

/** the version of the decision the task's binding type names, else Zeebe's incident text */
async function boundDecision(ctx: BatchContext, el: ElementContext, decisionId: string): Promise<Result<PersistedDecision, string>> {
  const { bindingType, versionTag } = el.element.calledDecision!;
  const { tenantId } = el.instance;
  if (bindingType === 'deployment') {
    const deploymentKey = (await ctx.definitions.get(ctx.uow.tx, el.instance.processDefinitionKey))?.deploymentKey;
    const decision = deploymentKey ? await findDecisionInDeployment(ctx, decisionId, tenantId, deploymentKey) : undefined;
    return decision
      ? ok(decision)
      : err(
          `Expected to evaluate decision '${decisionId}' with binding type 'deployment', but no such decision found in the deployment with key ${deploymentKey} which contained the current process. ` +
            'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.',
        );
  }
  if (bindingType === 'versionTag') {
    const decision = await findDecisionWithVersionTag(ctx, decisionId, tenantId, versionTag!);
    return decision
      ? ok(decision)
      : err(
          `Expected to evaluate decision with id '${decisionId}' and version tag '${versionTag}', but no such decision found. ` +
            'To resolve this incident, deploy a decision with the given id and version tag.',
        );
  }
  const decision = await findLatestDecision(ctx, decisionId, tenantId);
  return decision ? ok(decision) : err(`Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`);
}
