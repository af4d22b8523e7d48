/**
 * The checks Zeebe makes before it modifies a process instance, in its order and with its
 * texts: activated elements exist and may be activated, terminated instances exist, variable
 * scopes exist and enclose the element, chosen ancestors are active instances of this process
 * instance that enclose the element, and no activation needs a flow scope being terminated.
 */
import type { Variables } from '../../engine-api.js';
import type { ExecutableElement, ExecutableProcess } from '../../model/executable-model.js';
import type { ElementInstanceRow } from '../../state/tables.js';
import type { BatchContext } from '../batch-context.js';
import { isFinal } from '../lifecycle.js';
import { flowScopesOf } from '../bpmn/behaviors/element-activation.behavior.js';

export interface ModificationCommand {
  processInstanceKey: string;
  activateInstructions: {
    elementId: string;
    /** '-1' when none was chosen */
    ancestorScopeKey: string;
    variableInstructions: { variables: Variables; elementId: string }[];
    /** filled in as the instruction is executed: the flow scope instances it used */
    ancestorScopeKeys: string[];
  }[];
  terminateInstructions: { elementInstanceKey: string }[];
}

const UNSUPPORTED_TYPES = new Set(['START_EVENT', 'SEQUENCE_FLOW', 'BOUNDARY_EVENT']);
/** Zeebe's BpmnElementType order, as its EnumSet prints the supported ones */
const SUPPORTED_TYPES =
  '[PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, ' +
  'END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, INCLUSIVE_GATEWAY, ' +
  'MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK]';

const distinct = <T>(items: T[]) => [...new Set(items)];
const isActive = (row: ElementInstanceRow) => row.state === 'ACTIVATING' || row.state === 'ACTIVATED';

/** the element an instruction may activate: flow nodes only (not the process, not a flow) */
function elementOf(process: ExecutableProcess, id: string): ExecutableElement | undefined {
  const element = process.elements.get(id);
  return element && element.type !== 'PROCESS' ? element : undefined;
}

function typeOf(process: ExecutableProcess, id: string): string | undefined {
  return process.sequenceFlows.has(id) ? 'SEQUENCE_FLOW' : elementOf(process, id)?.type;
}

const afterEventBasedGateway = (process: ExecutableProcess, element: ExecutableElement) =>
  (element.type === 'INTERMEDIATE_CATCH_EVENT' || element.type === 'RECEIVE_TASK') &&
  element.incoming.some((id) => process.elements.get(process.sequenceFlows.get(id)!.sourceId)?.type === 'EVENT_BASED_GATEWAY');

/** whether `scopeId` encloses `element` (the process encloses every element) */
const isFlowScopeOf = (process: ExecutableProcess, element: ExecutableElement, scopeId: string) =>
  scopeId === process.bpmnProcessId || flowScopesOf(process, element).some((s) => s.id === scopeId);

/** the first problem found, as Zeebe words it, or undefined when the command is valid */
export async function validateModification(
  ctx: BatchContext,
  command: ModificationCommand,
  processInstance: ElementInstanceRow,
  process: ExecutableProcess,
): Promise<string | undefined> {
  const prefix = `Expected to modify instance of process '${process.bpmnProcessId}' but it contains one or more`;
  const activations = command.activateInstructions;

  const unknown = distinct(activations.map((a) => a.elementId).filter((id) => !typeOf(process, id)));
  if (unknown.length > 0) return `${prefix} activate instructions with an element that could not be found: '${unknown.join("', '")}'`;

  const gatewayEvents = distinct(activations.map((a) => a.elementId)).filter((id) => {
    const element = elementOf(process, id);
    return element !== undefined && afterEventBasedGateway(process, element);
  });
  if (gatewayEvents.length > 0) {
    return `${prefix} activate instructions for elements that are unsupported: '${gatewayEvents.join("', '")}'. The activation of events belonging to an event-based gateway is not supported.`;
  }
  const unsupported = distinct(activations.map((a) => a.elementId)).filter((id) => UNSUPPORTED_TYPES.has(typeOf(process, id)!));
  if (unsupported.length > 0) {
    const types = distinct(unsupported.map((id) => typeOf(process, id)!)).join("', '");
    return `${prefix} activate instructions for elements that are unsupported: '${unsupported.join("', '")}'. The activation of elements with type '${types}' is not supported. Supported element types are: ${SUPPORTED_TYPES}.`;
  }

  const terminated = new Map<string, ElementInstanceRow>();
  const missing: string[] = [];
  for (const key of distinct(command.terminateInstructions.map((t) => t.elementInstanceKey))) {
    const row = await ctx.uow.getElementInstance(key);
    // finished instances are gone from Zeebe's state; another instance's elements are not ours
    if (!row || isFinal(row.state) || row.processInstanceKey !== processInstance.key) missing.push(key);
    else terminated.set(key, row);
  }
  if (missing.length > 0) return `${prefix} terminate instructions with an element instance that could not be found: '${missing.join("', '")}'`;

  const scopeIds = activations.flatMap((a) => a.variableInstructions.map((v) => v.elementId)).filter((id) => id !== '');
  const unknownScopes = distinct(scopeIds.filter((id) => !process.elements.has(id)));
  if (unknownScopes.length > 0) {
    return `${prefix} variable instructions with a scope element id that could not be found: '${unknownScopes.join("', '")}'`;
  }
  const outsideScope = activations.some((a) =>
    a.variableInstructions.some((v) => v.elementId !== '' && v.elementId !== a.elementId && !isFlowScopeOf(process, elementOf(process, a.elementId)!, v.elementId)),
  );
  if (outsideScope) {
    return `${prefix} variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.`;
  }

  const ancestors = new Map<string, ElementInstanceRow | undefined>();
  for (const a of activations) if (a.ancestorScopeKey !== '-1') ancestors.set(a.ancestorScopeKey, await ctx.uow.getElementInstance(a.ancestorScopeKey));
  const inactive = [...ancestors].filter(([, row]) => !row || !isActive(row)).map(([key]) => key);
  if (inactive.length > 0) {
    return `${prefix} activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${inactive.join("', '")}'`;
  }
  const foreign = [...ancestors.values()].filter((row) => row!.processInstanceKey !== processInstance.key).map((row) => row!.key);
  if (foreign.length > 0) {
    return `${prefix} activate instructions with an ancestor scope key that does not belong to the modified process instance: '${foreign.join("', '")}'`;
  }
  const notAncestors = activations
    .filter((a) => a.ancestorScopeKey !== '-1')
    .filter((a) => {
      const ancestorId = ancestors.get(a.ancestorScopeKey)!.elementId;
      return !isFlowScopeOf(process, elementOf(process, a.elementId)!, ancestorId);
    })
    .map((a) => `\n- instance '${a.ancestorScopeKey}' of element '${ancestors.get(a.ancestorScopeKey)!.elementId}' is not an ancestor of element '${a.elementId}'`);
  if (notAncestors.length > 0) return `${prefix} activate instructions with an ancestor scope key that is not an ancestor of the element to activate:${notAncestors.join('')}`;

  const conflicts: string[] = [];
  for (const [key, row] of terminated) {
    for (const a of activations) {
      const needsIt = a.ancestorScopeKey !== '-1' ? a.ancestorScopeKey === key : isFlowScopeOf(process, elementOf(process, a.elementId)!, row.elementId);
      if (needsIt) conflicts.push(`element '${a.elementId}' requires flow scope instance '${key}' which is being terminated`);
    }
  }
  if (conflicts.length > 0) {
    return `Expected to modify instance of process '${process.bpmnProcessId}' but it contains one or more activate instructions for elements whose required flow scope instance is also being terminated: ${conflicts.join(', ')}. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`;
  }
  return undefined;
}
