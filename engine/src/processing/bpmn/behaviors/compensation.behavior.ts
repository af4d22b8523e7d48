/**
 * Compensation as Zeebe 8.8 runs it (BpmnCompensationSubscriptionBehaviour), for activities in
 * the same flow scope as the throw:
 * - an activity with a compensation boundary event that completes gets a subscription
 *   (COMPENSATION_SUBSCRIPTION CREATED), each inner instance of a multi-instance one too; so does a
 *   sub-process or multi-instance body that completes with such activities inside (without a
 *   handler: compensating it compensates them);
 * - a compensation intermediate throw or end event triggers the subscriptions of its flow scope
 *   (of the scope around it when thrown in an event sub-process; all of them, or those of its
 *   `activityRef`): TRIGGERED, and each one's handler activates in that scope;
 * - a handler that completes COMPLETES its subscription; the throw event completes once every
 *   handler it started has completed (at once when there was nothing to compensate);
 * - when the process instance ends, the subscriptions never triggered are DELETED (and, when it
 *   was canceled, those whose handlers were still running);
 * - a handler may be a task, an embedded sub-process or a call activity, multi-instance or not: it
 *   is recorded with event type COMPENSATION (a multi-instance one on its body) and completes its
 *   subscription once it completed as a whole.
 */
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from './element-context.js';
import { processInstanceValue } from './element-context.js';
import { activateChild } from './state-transition.behavior.js';
import type { ElementInstanceRow } from '../../../state/tables.js';

interface SubscriptionRow {
  key: string;
  state: string;
  process_instance_key: string;
  process_definition_key: string;
  compensable_activity_id: string;
  compensable_activity_instance_key: string;
  compensable_activity_scope_key: string;
  compensation_handler_id: string;
  compensation_handler_instance_key: string | null;
  throw_event_id: string | null;
  throw_event_instance_key: string | null;
  tenant_id: string;
}

const SELECT = `SELECT key::text, state, process_instance_key::text, process_definition_key::text, compensable_activity_id,
  compensable_activity_instance_key::text, compensable_activity_scope_key::text, compensation_handler_id,
  compensation_handler_instance_key::text, throw_event_id, throw_event_instance_key::text, tenant_id
  FROM engine.compensation_subscription`;

/** Zeebe's CompensationSubscriptionRecord value */
function subscriptionValue(s: SubscriptionRow, changes: Partial<Record<string, string>> = {}): Record<string, unknown> {
  return {
    tenantId: s.tenant_id,
    processInstanceKey: s.process_instance_key,
    processDefinitionKey: s.process_definition_key,
    compensableActivityId: s.compensable_activity_id,
    compensableActivityInstanceKey: s.compensable_activity_instance_key,
    compensableActivityScopeKey: s.compensable_activity_scope_key,
    compensationHandlerId: s.compensation_handler_id,
    compensationHandlerInstanceKey: s.compensation_handler_instance_key ?? '-1',
    throwEventId: s.throw_event_id ?? '',
    throwEventInstanceKey: s.throw_event_instance_key ?? '-1',
    variables: {},
    ...changes,
  };
}

const compensating = new WeakMap<ElementContext['process'], boolean>();

/** whether the process has compensation at all (most have not: they never query for it) */
function hasCompensation(process: ElementContext['process']): boolean {
  let has = compensating.get(process);
  if (has === undefined) compensating.set(process, (has = [...process.elements.values()].some((e) => e.eventType === 'COMPENSATION')));
  return has;
}

/** after an element COMPLETED: its compensation subscription, or the end of a handler it was */
export async function onElementCompleted(ctx: BatchContext, el: ElementContext): Promise<void> {
  if (!hasCompensation(el.process)) return;
  if (el.element.type === 'PROCESS') return deleteSubscriptions(ctx, el.instance.key);
  if (el.element.isForCompensation) return handlerCompleted(ctx, el);
  // the model element: a multi-instance activity's boundary events are its body's
  const activity = el.process.elements.get(el.instance.elementId) ?? el.element;
  const boundary = activity.boundaryEventIds.map((id) => el.process.elements.get(id)!).find((b) => b.eventType === 'COMPENSATION');
  const body = el.instance.elementType === 'MULTI_INSTANCE_BODY';
  // each inner instance is compensated by its own handler run, as in Zeebe
  let handlerId = body ? undefined : boundary?.compensation?.handlerId;
  // a sub-process (or multi-instance body) whose activities wait for compensation is compensated
  // through them (no handler of its own)
  if (!handlerId && (body || el.element.type === 'SUB_PROCESS') && (await subscriptionsIn(ctx, el.instance.key)).length > 0) handlerId = '';
  if (handlerId === undefined || el.instance.flowScopeKey === null) return;
  const i = el.instance;
  const row: SubscriptionRow = {
    key: ctx.nextKey(),
    state: 'CREATED',
    process_instance_key: i.processInstanceKey,
    process_definition_key: i.processDefinitionKey,
    compensable_activity_id: i.elementId,
    compensable_activity_instance_key: i.key,
    compensable_activity_scope_key: i.flowScopeKey!,
    compensation_handler_id: handlerId,
    compensation_handler_instance_key: null,
    throw_event_id: null,
    throw_event_instance_key: null,
    tenant_id: i.tenantId,
  };
  await ctx.writeEvent(row.key, 'COMPENSATION_SUBSCRIPTION', 'CREATED', subscriptionValue(row));
}

/**
 * A compensation throw or end event (ACTIVATED): triggers the subscriptions of its flow scope and
 * activates their handlers. Returns false when there was nothing to compensate.
 */
export async function throwCompensation(ctx: BatchContext, el: ElementContext): Promise<boolean> {
  // thrown in an event sub-process, it compensates the activities of the scope around it
  let scopeKey = el.instance.flowScopeKey!;
  const thrownIn = await ctx.uow.getElementInstance(scopeKey);
  if (thrownIn?.elementType === 'EVENT_SUB_PROCESS' && thrownIn.flowScopeKey) scopeKey = thrownIn.flowScopeKey;
  const activityRef = el.element.compensation?.activityRef;
  const subscriptions = (await subscriptionsIn(ctx, scopeKey)).filter((s) => !activityRef || s.compensable_activity_id === activityRef);
  if (subscriptions.length === 0) return false;
  const scope = (await ctx.uow.getElementInstance(scopeKey))!;
  return (await trigger(ctx, el, scope, subscriptions)) > 0;
}

/** never-triggered subscriptions of activities completed in the scope instance `scopeKey` */
function subscriptionsIn(ctx: BatchContext, scopeKey: string): Promise<SubscriptionRow[]> {
  return ctx.uow.tx.query<SubscriptionRow>(`${SELECT} WHERE compensable_activity_scope_key = $1 AND state = 'CREATED' ORDER BY key`, [scopeKey]);
}

/**
 * TRIGGERED, and for each activity with a handler its compensation boundary event (activated and
 * completed at once, as Zeebe records it) and the handler, in the throw's scope; a completed
 * sub-process passes the compensation on to its own activities.
 */
async function trigger(ctx: BatchContext, el: ElementContext, scope: ElementInstanceRow, subscriptions: SubscriptionRow[]): Promise<number> {
  let started = 0;
  for (const s of subscriptions) {
    let handlerKey = '-1';
    if (s.compensation_handler_id !== '') {
      const activity = el.process.elements.get(s.compensable_activity_id)!;
      const boundary = activity.boundaryEventIds.map((id) => el.process.elements.get(id)!).find((b) => b.eventType === 'COMPENSATION')!;
      const boundaryKey = ctx.nextKey();
      const value = processInstanceValue({ ...scope, elementId: boundary.id, elementType: 'BOUNDARY_EVENT', eventType: 'COMPENSATION', flowScopeKey: scope.key });
      for (const intent of ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED']) {
        await ctx.writeEvent(boundaryKey, 'PROCESS_INSTANCE', intent, { ...value });
      }
      handlerKey = activateChild(ctx, scope, el, s.compensation_handler_id);
      started++;
    }
    await ctx.writeEvent(
      s.key,
      'COMPENSATION_SUBSCRIPTION',
      'TRIGGERED',
      subscriptionValue(s, { throwEventId: el.instance.elementId, throwEventInstanceKey: el.instance.key, compensationHandlerInstanceKey: handlerKey }),
    );
    const inside = await trigger(ctx, el, scope, await subscriptionsIn(ctx, s.compensable_activity_instance_key));
    // a sub-process with nothing left to compensate inside is done at once
    if (s.compensation_handler_id === '' && inside === 0) await ctx.writeEvent(s.key, 'COMPENSATION_SUBSCRIPTION', 'COMPLETED', subscriptionValue(s));
    started += inside;
  }
  return started;
}

async function handlerCompleted(ctx: BatchContext, el: ElementContext): Promise<void> {
  const [s] = await ctx.uow.tx.query<SubscriptionRow>(`${SELECT} WHERE compensation_handler_instance_key = $1 AND state = 'TRIGGERED'`, [el.instance.key]);
  if (!s) return;
  await ctx.writeEvent(s.key, 'COMPENSATION_SUBSCRIPTION', 'COMPLETED', subscriptionValue(s));
  await completeSubProcessSubscription(ctx, s.compensable_activity_scope_key);
  const [pending] = await ctx.uow.tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM engine.compensation_subscription WHERE throw_event_instance_key = $1 AND state = 'TRIGGERED'`,
    [s.throw_event_instance_key],
  );
  if ((pending?.n ?? 0) > 0) return;
  const thrower = await ctx.uow.getElementInstance(s.throw_event_instance_key!);
  if (thrower?.state !== 'ACTIVATED') return;
  ctx.writeCommand({ key: thrower.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(thrower) } });
}

/** once every compensation inside a sub-process completed, the sub-process's own subscription completes too */
async function completeSubProcessSubscription(ctx: BatchContext, scopeKey: string): Promise<void> {
  const [open] = await ctx.uow.tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM engine.compensation_subscription WHERE compensable_activity_scope_key = $1 AND state = 'TRIGGERED'`,
    [scopeKey],
  );
  if ((open?.n ?? 0) > 0) return;
  const [parent] = await ctx.uow.tx.query<SubscriptionRow>(`${SELECT} WHERE compensable_activity_instance_key = $1 AND state = 'TRIGGERED'`, [scopeKey]);
  if (!parent) return;
  await ctx.writeEvent(parent.key, 'COMPENSATION_SUBSCRIPTION', 'COMPLETED', subscriptionValue(parent));
  await completeSubProcessSubscription(ctx, parent.compensable_activity_scope_key);
}

/** the instance ended: subscriptions never triggered, and those whose handler was canceled with it, are DELETED */
async function deleteSubscriptions(ctx: BatchContext, processInstanceKey: string): Promise<void> {
  const left = await ctx.uow.tx.query<SubscriptionRow>(`${SELECT} WHERE process_instance_key = $1 AND state IN ('CREATED', 'TRIGGERED') ORDER BY key`, [processInstanceKey]);
  for (const s of left) await ctx.writeEvent(s.key, 'COMPENSATION_SUBSCRIPTION', 'DELETED', subscriptionValue(s));
}
