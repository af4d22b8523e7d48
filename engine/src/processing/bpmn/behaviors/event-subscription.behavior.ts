/**
 * Catch events and their subscriptions. While an element instance is active it owns the
 * subscriptions of the events that can interrupt or continue it: its own (intermediate catch
 * event, receive task), its boundary events, the start events of the event sub-processes it
 * contains, and for an event-based gateway the catch events after it. They open when it
 * activates and close when it completes or terminates.
 *
 * Each kind of event (timer, message, signal) registers how it opens and closes; a triggered
 * subscription comes back through `triggerEvent`.
 */
import type { Variables } from '../../../engine-api.js';
import type { ExecutableElement } from '../../../model/executable-model.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import type { Result } from '../../../util/result.js';
import type { BatchContext } from '../../batch-context.js';
import { loadElementContext, processInstanceValue, type ElementContext } from './element-context.js';
import { activateChild, terminateChildren } from './state-transition.behavior.js';

export interface SubscriptionKind {
  /** opens the subscription of `event` owned by `owner`; an error message becomes an incident */
  open(ctx: BatchContext, owner: ElementContext, event: ExecutableElement): Promise<Result<void, string>>;
  /** closes every subscription of this kind that `owner` holds */
  close(ctx: BatchContext, owner: ElementInstanceRow): Promise<void>;
}

const kinds = new Map<string, SubscriptionKind>();

/** event kinds register themselves (timer.behavior.ts, message…, signal…) */
export function registerSubscriptionKind(eventType: string, kind: SubscriptionKind): void {
  kinds.set(eventType, kind);
}

export function supportsCatchEvent(eventType: string): boolean {
  return kinds.has(eventType);
}

const CONTAINERS = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS']);

/** the start event of an event sub-process */
export function startEventOf(esp: ExecutableElement, elements: Map<string, ExecutableElement>): ExecutableElement | undefined {
  return esp.childIds.map((id) => elements.get(id)!).find((e) => e.type === 'START_EVENT');
}

const owned = new WeakMap<ExecutableElement, ExecutableElement[]>();

/** catch events whose subscriptions `el` owns while it is active (derived once per element) */
export function catchEventsOwnedBy(el: ElementContext): ExecutableElement[] {
  let events = owned.get(el.element);
  if (!events) owned.set(el.element, (events = findCatchEvents(el)));
  return events;
}

function findCatchEvents(el: Pick<ElementContext, 'element' | 'process'>): ExecutableElement[] {
  const { element, process } = el;
  const events: ExecutableElement[] = [];
  if (element.type === 'INTERMEDIATE_CATCH_EVENT' || element.type === 'RECEIVE_TASK') events.push(element);
  for (const id of element.boundaryEventIds) events.push(process.elements.get(id)!);
  if (CONTAINERS.has(element.type)) {
    for (const id of element.childIds) {
      const child = process.elements.get(id)!;
      if (child.type !== 'EVENT_SUB_PROCESS') continue;
      const start = startEventOf(child, process.elements);
      if (start) events.push(start);
    }
  }
  if (element.type === 'EVENT_BASED_GATEWAY') {
    for (const flowId of element.outgoing) events.push(process.elements.get(process.sequenceFlows.get(flowId)!.targetId)!);
  }
  return events.filter((e) => kinds.has(kindOf(e)));
}

const kindOf = (event: ExecutableElement): string => (event.type === 'RECEIVE_TASK' ? 'MESSAGE' : event.eventType);

export async function openSubscriptions(ctx: BatchContext, owner: ElementContext): Promise<Result<void, string>> {
  for (const event of catchEventsOwnedBy(owner)) {
    const opened = await kinds.get(kindOf(event))!.open(ctx, owner, event);
    if (!opened.ok) {
      await closeSubscriptions(ctx, owner);
      return opened;
    }
  }
  return { ok: true, value: undefined };
}

/** closes the subscriptions of the kinds `owner` can hold (no query for the others) */
export async function closeSubscriptions(ctx: BatchContext, owner: ElementContext): Promise<void> {
  const used = new Set(catchEventsOwnedBy(owner).map(kindOf));
  for (const [eventType, kind] of kinds) if (used.has(eventType)) await kind.close(ctx, owner.instance);
}

/**
 * A subscription of `ownerKey` fired for the catch event `targetElementId`. Returns false when
 * the owner is no longer waiting (the trigger is then dropped, as in Zeebe).
 */
export async function triggerEvent(ctx: BatchContext, ownerKey: string, targetElementId: string, variables: Variables): Promise<boolean> {
  const owner = await loadElementContext(ctx, ownerKey);
  if (!owner || owner.instance.state !== 'ACTIVATED') return false;
  const target = owner.process.elements.get(targetElementId);
  if (!target) return false;

  if (target.id === owner.element.id) {
    // an intermediate catch event or receive task: the wait is over
    ctx.writeCommand({ key: owner.instance.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(owner.instance) }, meta: { variables } });
    return true;
  }
  if (owner.element.type === 'EVENT_BASED_GATEWAY') {
    ctx.writeCommand({
      key: owner.instance.key,
      valueType: 'PROCESS_INSTANCE',
      intent: 'COMPLETE_ELEMENT',
      value: { ...processInstanceValue(owner.instance) },
      meta: { variables, startElementId: target.id },
    });
    return true;
  }
  if (target.type === 'BOUNDARY_EVENT') {
    if (target.cancelActivity !== false) {
      await closeSubscriptions(ctx, owner);
      ctx.pendingTriggers.set(owner.instance.key, { elementId: target.id, variables });
      ctx.writeCommand({ key: owner.instance.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(owner.instance) } });
    } else {
      const scope = await ctx.uow.getElementInstance(owner.instance.flowScopeKey!);
      if (scope) activateChild(ctx, scope, owner, target.id, { variables });
    }
    return true;
  }
  if (target.type === 'START_EVENT') {
    const esp = owner.process.elements.get(target.flowScopeId)!;
    await startEventSubProcess(ctx, owner, esp, target, variables);
    return true;
  }
  return false;
}

/**
 * Starts an event sub-process inside its container. An interrupting one first terminates
 * everything else in the container (and closes its other subscriptions); it starts once the
 * last child has ended (see bpmn-command.processor.ts).
 */
export async function startEventSubProcess(
  ctx: BatchContext,
  container: ElementContext,
  esp: ExecutableElement,
  startEvent: ExecutableElement,
  variables: Variables,
  error?: { errorCode: string; errorMessage: string },
): Promise<void> {
  const meta = { variables, startElementId: startEvent.id, context: error };
  if (startEvent.interrupting === false) {
    activateChild(ctx, container.instance, container, esp.id, meta);
    return;
  }
  await closeSubscriptions(ctx, container);
  ctx.pendingTriggers.set(container.instance.key, { elementId: esp.id, variables, startElementId: startEvent.id, afterChildren: true, ...error });
  if ((await terminateChildren(ctx, container.instance)) === 0) {
    ctx.pendingTriggers.delete(container.instance.key);
    activateChild(ctx, container.instance, container, esp.id, meta);
  }
}
