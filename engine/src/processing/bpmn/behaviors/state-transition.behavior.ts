/**
 * Element-instance state transitions and token movement: the steps every processor shares.
 * Transitions are checked against the lifecycle table before they are written.
 */
import type { Completion } from '../element-processor.js';
import type { BatchContext } from '../../batch-context.js';
import type { ProcessInstanceIntent } from '../../records.js';
import { assertTransition } from '../../lifecycle.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import { processInstanceValue, type ElementContext } from './element-context.js';
import { catchEventsOwnedBy, closeSubscriptions } from './event-subscription.behavior.js';
import { activateReadyInclusiveJoins, hasPendingActivation, isInclusiveJoinReady } from './inclusive-join.behavior.js';
import { activatedType, activatedEventType } from './multi-instance-view.js';

export async function transition(ctx: BatchContext, el: ElementContext, intent: ProcessInstanceIntent): Promise<void> {
  assertTransition(el.instance.state, intent, el.instance.key);
  // an element that stops waiting gives up the subscriptions it holds
  if ((intent === 'ELEMENT_COMPLETING' || intent === 'ELEMENT_TERMINATING') && catchEventsOwnedBy(el).length > 0) {
    await closeSubscriptions(ctx, el);
  }
  await ctx.writeEvent(el.instance.key, 'PROCESS_INSTANCE', intent, { ...processInstanceValue(el.instance) });
}

/** queues the activation of `elementId` inside the scope `scope` */
export function activateChild(
  ctx: BatchContext,
  scope: ElementInstanceRow,
  el: { process: ElementContext['process'] },
  elementId: string,
  meta?: Completion,
): string {
  const element = el.process.elements.get(elementId);
  if (!element) throw new Error(`element '${elementId}' not found`);
  const key = ctx.nextKey();
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
    meta: meta as Record<string, unknown> | undefined,
  });
  return key;
}

/**
 * After an element completed: take the given outgoing flows (all of them by default), or, when
 * it has none, see whether its flow scope is now done.
 */
export async function takeOutgoingFlows(ctx: BatchContext, el: ElementContext, flowIds = el.element.outgoing, meta?: Completion): Promise<void> {
  if (flowIds.length === 0) {
    await completeFlowScopeIfDone(ctx, el.instance);
    return;
  }
  const scope = await ctx.uow.getElementInstance(el.instance.flowScopeKey!);
  if (!scope) throw new Error(`flow scope of ${el.instance.key} not found`);
  for (const flowId of flowIds) {
    const flow = el.process.sequenceFlows.get(flowId)!;
    await ctx.writeEvent(ctx.nextKey(), 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', {
      ...processInstanceValue({ ...el.instance, elementId: flow.id, elementType: 'SEQUENCE_FLOW', eventType: 'UNSPECIFIED' }),
    });
    const target = el.process.elements.get(flow.targetId)!;
    if (target.type === 'PARALLEL_GATEWAY' && target.incoming.length > 1) {
      // a join fires once every incoming flow holds a token
      const taken = scope.takenFlows?.[target.id] ?? {};
      if (!target.incoming.every((id) => (taken[id] ?? 0) > 0)) continue;
    }
    if (target.type === 'INCLUSIVE_GATEWAY' && target.incoming.length > 1 && !(await isInclusiveJoinReady(ctx, scope, el.process, target))) continue;
    activateChild(ctx, scope, el, target.id, meta);
  }
  // a token that moved on may have left an inclusive join nothing more to wait for
  await activateReadyInclusiveJoins(ctx, scope, el.process);
}

/** a scope completes when no child is alive and no token is waiting in it */
export async function completeFlowScopeIfDone(ctx: BatchContext, child: ElementInstanceRow): Promise<void> {
  if (!child.flowScopeKey) return;
  const scope = await ctx.uow.getElementInstance(child.flowScopeKey);
  if (!scope || scope.state !== 'ACTIVATED') return;
  if (scope.activeTokens > 0 && (await activateReadyInclusiveJoins(ctx, scope))) return;
  // an activation already queued in the scope (a link's catch event) keeps it alive
  if (scope.activeChildren === 0 && scope.activeTokens === 0 && !hasPendingActivation(ctx, scope.key)) {
    ctx.writeCommand({ key: scope.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(scope) } });
  }
}

/** queues termination of every live child of a scope; returns how many there were */
export async function terminateChildren(ctx: BatchContext, scope: ElementInstanceRow): Promise<number> {
  const children = await ctx.uow.getLiveChildren(scope.key);
  for (const child of children) {
    if (child.state === 'TERMINATING') continue;
    ctx.writeCommand({ key: child.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(child) } });
  }
  return children.length;
}
