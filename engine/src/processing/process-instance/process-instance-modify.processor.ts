/**
 * PROCESS_INSTANCE_MODIFICATION MODIFY (Zeebe's ProcessInstanceModificationModifyProcessor):
 * activates elements (creating missing flow scopes, see element-activation.behavior.ts) with
 * their variables, and terminates element instances with everything inside them. A flow scope
 * left with nothing active is terminated too, up to the process instance itself, as in Zeebe:
 * modification never completes an instance. Validation rejects with Zeebe's texts; the refusals
 * Zeebe raises mid-way (`ActivationRefused`) are thrown, so the engine rolls the command back.
 */
import type { ModifyProcessInstanceInput, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementInstanceRow } from '../../state/tables.js';
import type { ProcessDefinition } from '../../state/definition-cache.js';
import { calledChildInstanceKeyOf } from '../../state/element-instance-links.js';
import { err, ok, type Result } from '../../util/result.js';
import { isFinal } from '../lifecycle.js';
import { processorFor } from '../bpmn/bpmn-element-processors.js';
import { loadElementContext } from '../bpmn/behaviors/element-context.js';
import { resolveIncidentOf } from '../bpmn/behaviors/incident.behavior.js';
import { transition } from '../bpmn/behaviors/state-transition.behavior.js';
import { mergeLocal } from '../bpmn/behaviors/variable.behavior.js';
import { ActivationRefused, activateElementInScopes } from '../bpmn/behaviors/element-activation.behavior.js';
import { validateModification, type ModificationCommand } from './process-instance-modify.validation.js';

/** the command as it is logged (Zeebe's ProcessInstanceModificationRecord) */
function commandValue(input: ModifyProcessInstanceInput): ModificationCommand {
  return {
    processInstanceKey: input.processInstanceKey,
    activateInstructions: (input.activateInstructions ?? []).map((a) => ({
      elementId: a.elementId,
      ancestorScopeKey: a.ancestorElementInstanceKey && /^[1-9]\d*$/.test(a.ancestorElementInstanceKey) ? a.ancestorElementInstanceKey : '-1',
      variableInstructions: (a.variableInstructions ?? []).map((v) => ({ variables: v.variables, elementId: v.scopeId ?? '' })),
      ancestorScopeKeys: [],
    })),
    terminateInstructions: (input.terminateInstructions ?? []).map((t) => ({ elementInstanceKey: t.elementInstanceKey })),
  };
}

export async function modifyProcessInstance(ctx: BatchContext, input: ModifyProcessInstanceInput): Promise<Result<void, Rejection>> {
  const value = commandValue(input);
  const key = input.processInstanceKey;
  // a copy: the instructions learn their flow scope keys for the MODIFIED event only
  ctx.logCommand(key, 'PROCESS_INSTANCE_MODIFICATION', 'MODIFY', { ...structuredClone(value) });
  const reject = (type: Rejection['type'], reason: string) => rejectModification(ctx, value, { intent: 'MODIFY', type, reason }, false);

  const processInstance = await ctx.uow.getElementInstance(key);
  if (!processInstance || processInstance.elementType !== 'PROCESS' || isFinal(processInstance.state)) {
    return reject('NOT_FOUND', `Expected to modify process instance but no process instance found with key '${key}'`);
  }
  const definition = (await ctx.definitions.get(ctx.uow.tx, processInstance.processDefinitionKey))!;
  const invalid = await validateModification(ctx, value, processInstance, definition.process);
  if (invalid) return reject('INVALID_ARGUMENT', invalid);

  const requiredScopes = new Set<string>();
  for (const instruction of value.activateInstructions) {
    const element = definition.process.elements.get(instruction.elementId)!;
    const ancestor = instruction.ancestorScopeKey === '-1' ? undefined : instruction.ancestorScopeKey;
    const activated = await activateElementInScopes(ctx, processInstance, definition.process, element, ancestor, (elementId, scopeKey) =>
      setInstructionVariables(ctx, definition, processInstance, instruction.variableInstructions, elementId, scopeKey),
    );
    instruction.ancestorScopeKeys = activated.flowScopeKeys;
    for (const k of activated.flowScopeKeys) requiredScopes.add(k);
  }
  for (const { elementInstanceKey } of value.terminateInstructions) {
    const instance = await ctx.uow.getElementInstance(elementInstanceKey);
    // an earlier instruction may have terminated it already, with its flow scope
    if (!instance || isFinal(instance.state)) continue;
    await terminateTree(ctx, instance);
    await terminateEmptyFlowScopes(ctx, instance.flowScopeKey, requiredScopes);
  }
  await ctx.writeEvent(key, 'PROCESS_INSTANCE_MODIFICATION', 'MODIFIED', { ...value });
  return ok(undefined);
}

/** logs the rejection (also after a rolled-back attempt, when the command is logged again) */
export function rejectModification(ctx: BatchContext, value: ModificationCommand, rejection: Rejection, logCommand: boolean): Result<void, Rejection> {
  if (logCommand) ctx.logCommand(value.processInstanceKey, 'PROCESS_INSTANCE_MODIFICATION', 'MODIFY', { ...value });
  ctx.writeRejection(value.processInstanceKey, 'PROCESS_INSTANCE_MODIFICATION', 'MODIFY', { ...value }, rejection.type, rejection.reason);
  return err(rejection);
}

export { ActivationRefused, commandValue as modificationCommandValue };

async function setInstructionVariables(
  ctx: BatchContext,
  definition: ProcessDefinition,
  processInstance: ElementInstanceRow,
  instructions: ModificationCommand['activateInstructions'][number]['variableInstructions'],
  elementId: string,
  scopeKey: string,
): Promise<void> {
  for (const v of instructions) {
    // an instruction without a scope id sets the process instance's (global) variables
    if (v.elementId === elementId || (v.elementId === '' && elementId === definition.bpmnProcessId)) {
      await mergeLocal(ctx, scopeKey, processInstance, v.variables);
    }
  }
}

const CONTAINERS = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY']);

/**
 * Terminates an element instance and everything inside it at once, without commands and without
 * telling its flow scope (no boundary event fires, no scope completes): the leaves through their
 * processors (jobs canceled, incidents resolved), containers and called processes here.
 */
async function terminateTree(ctx: BatchContext, row: ElementInstanceRow): Promise<void> {
  const el = (await loadElementContext(ctx, row.key))!;
  if (el.instance.state !== 'TERMINATING') await transition(ctx, el, 'ELEMENT_TERMINATING');
  const type = el.instance.elementType;
  if (!CONTAINERS.has(type) && type !== 'CALL_ACTIVITY') {
    await processorFor(type).onTerminate(ctx, el);
    return;
  }
  await resolveIncidentOf(ctx, el.instance);
  for (const child of await childrenOf(ctx, el.instance)) if (!isFinal(child.state)) await terminateTree(ctx, child);
  await transition(ctx, el, 'ELEMENT_TERMINATED');
  if (type === 'PROCESS') ctx.effects.terminatedProcessInstances.add(row.key);
}

/** the live children of a container, or the process instance a call activity created */
async function childrenOf(ctx: BatchContext, row: ElementInstanceRow): Promise<ElementInstanceRow[]> {
  if (row.elementType !== 'CALL_ACTIVITY') return ctx.uow.getLiveChildren(row.key);
  const childKey = calledChildInstanceKeyOf(row);
  const child = childKey ? await ctx.uow.getElementInstance(childKey) : undefined;
  return child ? [child] : [];
}

/** terminates the flow scopes left without anything active, outwards, unless an activation needs them */
async function terminateEmptyFlowScopes(ctx: BatchContext, flowScopeKey: string | null, required: Set<string>): Promise<void> {
  for (let key = flowScopeKey; key; ) {
    const scope = await ctx.uow.getElementInstance(key);
    if (!scope || isFinal(scope.state) || scope.activeChildren > 0 || scope.activeTokens > 0 || required.has(scope.key)) return;
    if (scope.elementType === 'PROCESS' && scope.parentElementInstanceKey !== '-1') {
      throw new ActivationRefused(
        `Expected to modify instance of process '${scope.bpmnProcessId}' but the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.`,
      );
    }
    await terminateTree(ctx, scope);
    key = scope.flowScopeKey;
  }
}
