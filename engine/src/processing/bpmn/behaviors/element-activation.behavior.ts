/**
 * Activating an element anywhere in a running process instance (Zeebe's ElementActivationBehavior),
 * as process instance modification does: the element's flow scopes are reused when one instance
 * of each exists (or the chosen ancestor decides), and created otherwise, directly as ACTIVATING /
 * ACTIVATED events with their subscriptions but without starting their start events; the element
 * itself is activated by an ACTIVATE_ELEMENT command. No sequence-flow token is consumed.
 *
 * The ambiguous cases Zeebe refuses by an exception are thrown here as `ActivationRefused`, so
 * the caller can roll the command back and reject it.
 */
import type { ExecutableElement, ExecutableProcess } from '../../../model/executable-model.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import { markActivatedWithoutToken } from '../../../state/element-instance-links.js';
import type { BatchContext } from '../../batch-context.js';
import { loadElementContext, processInstanceValue } from './element-context.js';
import { openSubscriptions } from './event-subscription.behavior.js';
import { transition } from './state-transition.behavior.js';
import { activatedType, activatedEventType } from './multi-instance-view.js';

/** a refusal Zeebe raises while activating (its text names the process and the element) */
export class ActivationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivationRefused';
  }
}

/** called with each scope the activation reuses or creates, and with the element itself */
export type ScopeCallback = (elementId: string, scopeKey: string) => Promise<void>;

/** the flow scopes of an element in the model, outermost first, without the process */
export function flowScopesOf(process: ExecutableProcess, element: ExecutableElement): ExecutableElement[] {
  const scopes: ExecutableElement[] = [];
  for (let id = element.flowScopeId; id && id !== process.bpmnProcessId; ) {
    const scope = process.elements.get(id)!;
    scopes.unshift(scope);
    id = scope.flowScopeId;
  }
  return scopes;
}

/** whether `ancestorKey` is among the flow scopes of `instance` (at any depth) */
async function isAncestorOf(ctx: BatchContext, ancestorKey: string, instance: ElementInstanceRow): Promise<boolean> {
  for (let key = instance.flowScopeKey; key; ) {
    if (key === ancestorKey) return true;
    key = (await ctx.uow.getElementInstance(key))?.flowScopeKey ?? null;
  }
  return false;
}

/** which existing instance of a flow scope to reuse: undefined = create a new one */
async function reusableInstance(ctx: BatchContext, candidates: ElementInstanceRow[], ancestorKey: string | undefined, refuse: () => never): Promise<string | undefined> {
  if (candidates.length === 0) return undefined;
  if (candidates.length === 1) {
    // the only instance lies inside the chosen ancestor: the ancestor wants a new one
    return ancestorKey && (await isAncestorOf(ctx, ancestorKey, candidates[0]!)) ? undefined : candidates[0]!.key;
  }
  if (!ancestorKey) refuse();
  if (candidates.some((c) => c.key === ancestorKey)) return ancestorKey;
  for (const c of candidates) if (await isAncestorOf(ctx, ancestorKey, c)) return undefined;
  const selected = await ctx.uow.getElementInstance(ancestorKey);
  for (const c of candidates) if (selected && (await isAncestorOf(ctx, c.key, selected))) return c.key;
  refuse();
}

/**
 * Activates `element` in the process instance `processInstance`. Returns the keys of the flow
 * scope instances it used (the process instance included) and of the new element instance.
 */
export async function activateElementInScopes(
  ctx: BatchContext,
  processInstance: ElementInstanceRow,
  process: ExecutableProcess,
  element: ExecutableElement,
  ancestorKey: string | undefined,
  onScope: ScopeCallback,
): Promise<{ flowScopeKeys: string[]; elementInstanceKey: string }> {
  const flowScopeKeys = [processInstance.key];
  await onScope(process.bpmnProcessId, processInstance.key);
  let scope = processInstance;
  for (const s of flowScopesOf(process, element)) {
    // a multi-instance sub-process is two levels: its body, then one of its inner instances
    const levels = s.multiInstance ? (['body', 'inner'] as const) : (['plain'] as const);
    for (const level of levels) {
      const candidates = (await ctx.uow.getLiveChildren(scope.key)).filter(
        (c) => c.elementId === s.id && (level === 'body') === (c.elementType === 'MULTI_INSTANCE_BODY'),
      );
      const refuse = (): never => {
        throw new ActivationRefused(
          `Expected to modify instance of process '${process.bpmnProcessId}' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: '${s.id}'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
        );
      };
      const reused = await reusableInstance(ctx, candidates, ancestorKey, refuse);
      if (reused) {
        scope = (await ctx.uow.getElementInstance(reused))!;
        await onScope(s.id, reused);
      } else if (level !== 'plain') {
        throw new ActivationRefused(
          `Expected to modify instance of process '${process.bpmnProcessId}' but it contains one or more activate instructions that would result in the activation of multi-instance element '${s.id}', which is currently unsupported.`,
        );
      } else {
        scope = await createFlowScope(ctx, scope, s, onScope);
      }
      flowScopeKeys.push(scope.key);
    }
  }
  const key = ctx.nextKey();
  markActivatedWithoutToken(ctx, key);
  ctx.writeCommand({
    key,
    valueType: 'PROCESS_INSTANCE',
    intent: 'ACTIVATE_ELEMENT',
    value: {
      ...processInstanceValue({
        ...scope,
        elementId: element.id,
        elementType: activatedType(element, scope),
        eventType: activatedEventType(element, scope),
        flowScopeKey: scope.key,
      }),
    },
  });
  await onScope(element.id, key);
  return { flowScopeKeys, elementInstanceKey: key };
}

/** a missing flow scope: ACTIVATING, its variables, ACTIVATED, its subscriptions */
async function createFlowScope(ctx: BatchContext, parent: ElementInstanceRow, s: ExecutableElement, onScope: ScopeCallback): Promise<ElementInstanceRow> {
  const key = ctx.nextKey();
  markActivatedWithoutToken(ctx, key);
  const value = processInstanceValue({ ...parent, elementId: s.id, elementType: s.type, eventType: s.eventType, flowScopeKey: parent.key });
  await ctx.writeEvent(key, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', { ...value });
  await onScope(s.id, key);
  const el = (await loadElementContext(ctx, key))!;
  await transition(ctx, el, 'ELEMENT_ACTIVATED');
  const subscribed = await openSubscriptions(ctx, el);
  if (!subscribed.ok) throw new ActivationRefused(`Expected to subscribe to catch event(s) of '${s.id}' but ${subscribed.error}`);
  return el.instance;
}
