/**
 * Message subscriptions of waiting elements (intermediate catch events, receive tasks, boundary
 * events, event sub-process starts, the events after an event-based gateway). The message name
 * and correlation key are evaluated in the owner's scope when the subscription opens and never
 * change afterwards (Zeebe's rule).
 *
 * A message buffered before the subscription opened is correlated to it by a follow-up
 * `PROCESS_MESSAGE_SUBSCRIPTION CORRELATE`, once the owner has finished activating.
 */
import type { Variables } from '../../engine-api.js';
import type { Expression, ExecutableElement } from '../../model/executable-model.js';
import { evaluateExpression, evaluateString, feelResultType, formatWarnings } from '../../feel/feel.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext, InternalCommand } from '../batch-context.js';
import type { MessageRow, MessageSubscriptionRow } from '../../state/event-tables.js';
import { bufferedMessages, isMessageCorrelated, messageSubscriptionsOf } from '../../state/event-state.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import { triggerEvent, type SubscriptionKind } from '../bpmn/behaviors/event-subscription.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import { registerFollowUpCommand } from '../follow-up-commands.js';

const expressionText = (e: Expression) => (e.kind === 'static' ? e.value : e.expression);

/** the message name: a static text, or FEEL giving a string */
export function evaluateMessageName(name: Expression, variables: Variables): Result<string, string> {
  if (name.kind === 'static') return ok(name.value);
  const result = evaluateString(name, variables);
  return result.ok ? ok(result.value) : err(result.message);
}

/** the correlation key: a string, or a number (as Zeebe, its integer part), with Zeebe's failure text */
export function evaluateCorrelationKey(key: Expression | undefined, variables: Variables): Result<string, string> {
  if (!key) return ok('');
  if (key.kind === 'static') return ok(key.value);
  const result = evaluateExpression(key, variables);
  if (!result.ok) return err(result.message);
  if (typeof result.value === 'string') return ok(result.value);
  if (typeof result.value === 'number') return ok(String(Math.trunc(result.value)));
  return err(
    `Failed to extract the correlation key for '${expressionText(key)}': The value must be either a string or a number, but was '${feelResultType(result.value)}'.` +
      formatWarnings(result.warnings),
  );
}

/** a one-shot subscription is used up by its first message; non-interrupting events keep theirs */
function isInterrupting(event: ExecutableElement): boolean {
  if (event.type === 'BOUNDARY_EVENT') return event.cancelActivity !== false;
  if (event.type === 'START_EVENT') return event.interrupting !== false;
  return true;
}

/** Zeebe's ProcessMessageSubscriptionRecord value */
export function subscriptionValue(s: MessageSubscriptionRow, message?: { key: string; variables: Variables }): Record<string, unknown> {
  return {
    subscriptionPartitionId: 1,
    processInstanceKey: s.processInstanceKey ?? '-1',
    elementInstanceKey: s.elementInstanceKey ?? '-1',
    processDefinitionKey: s.processDefinitionKey,
    bpmnProcessId: s.bpmnProcessId,
    elementId: s.targetElementId,
    messageName: s.messageName,
    correlationKey: s.correlationKey,
    messageKey: message?.key ?? '-1',
    variables: message?.variables ?? {},
    interrupting: s.interrupting,
    tenantId: s.tenantId,
  };
}

export const messageVariables = (m: MessageRow): Variables => JSON.parse(m.variables) as Variables;

/** the oldest buffered message the subscription may take: alive, and not yet given to its process */
export async function nextBufferedMessage(ctx: BatchContext, s: MessageSubscriptionRow): Promise<MessageRow | undefined> {
  for (const message of await bufferedMessages(ctx.uow, s.tenantId, s.messageName, s.correlationKey, ctx.now)) {
    if (!(await isMessageCorrelated(ctx.uow, message.key, s.bpmnProcessId))) return message;
  }
  return undefined;
}

/**
 * Correlates `message` to an open subscription whose owner is waiting: CORRELATED, then the
 * catch event is triggered with the message's variables. Returns false when the owner no longer
 * waits (nothing is written then).
 */
export async function correlateSubscription(ctx: BatchContext, s: MessageSubscriptionRow, message: MessageRow): Promise<boolean> {
  const owner = s.elementInstanceKey ? await ctx.uow.getElementInstance(s.elementInstanceKey) : undefined;
  if (!owner || owner.state !== 'ACTIVATED') return false;
  const variables = messageVariables(message);
  await ctx.writeEvent(s.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'CORRELATED', subscriptionValue(s, { key: message.key, variables }));
  return triggerEvent(ctx, owner.key, s.targetElementId, variables);
}

/** the message kind of subscription (registered in bpmn-element-processors.ts) */
export const messageSubscriptions: SubscriptionKind = {
  async open(ctx, owner: ElementContext, event) {
    if (!event.message) return err(`Expected element '${event.id}' to have a message, but it has none`);
    const variables = await visibleVariables(ctx, owner.instance.key);
    const name = evaluateMessageName(event.message.name, variables);
    if (!name.ok) return name;
    const correlationKey = evaluateCorrelationKey(event.message.correlationKey, variables);
    if (!correlationKey.ok) return correlationKey;
    const i = owner.instance;
    const row: MessageSubscriptionRow = {
      key: ctx.nextKey(),
      state: 'ACTIVE',
      elementInstanceKey: i.key,
      processInstanceKey: i.processInstanceKey,
      processDefinitionKey: i.processDefinitionKey,
      bpmnProcessId: i.bpmnProcessId,
      targetElementId: event.id,
      messageName: name.value,
      correlationKey: correlationKey.value,
      interrupting: isInterrupting(event),
      tenantId: i.tenantId,
    };
    await ctx.writeEvent(row.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', subscriptionValue(row));
    // Zeebe's rule: a buffered message is correlated to a subscription that opens later
    const buffered = await nextBufferedMessage(ctx, row);
    if (buffered) {
      ctx.writeCommand({
        key: row.key,
        valueType: 'PROCESS_MESSAGE_SUBSCRIPTION',
        intent: 'CORRELATE',
        value: subscriptionValue(row, { key: buffered.key, variables: {} }),
      });
    }
    return ok(undefined);
  },
  async close(ctx, owner) {
    for (const s of await messageSubscriptionsOf(ctx.uow, owner.key)) {
      await ctx.writeEvent(s.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'DELETED', subscriptionValue(s));
    }
  },
};

/** PROCESS_MESSAGE_SUBSCRIPTION CORRELATE: the subscription takes the oldest buffered message it may */
async function correlateBufferedMessage(ctx: BatchContext, command: InternalCommand): Promise<void> {
  const s = await ctx.uow.messageSubscriptions.get(ctx.uow.tx, command.key);
  const reject = (type: 'NOT_FOUND' | 'INVALID_STATE', reason: string) =>
    ctx.writeRejection(command.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'CORRELATE', command.value, type, reason);
  if (!s || s.state !== 'ACTIVE') {
    const v = command.value;
    return reject(
      'NOT_FOUND',
      `Expected to correlate subscription for element with key '${v.elementInstanceKey}' and message name '${v.messageName}', but no such subscription was found`,
    );
  }
  const message = await nextBufferedMessage(ctx, s);
  if (!message || !(await correlateSubscription(ctx, s, message))) {
    return reject('INVALID_STATE', `Expected to correlate a buffered message with name '${s.messageName}' to element '${s.targetElementId}', but none can be correlated anymore`);
  }
  // a non-interrupting event keeps its subscription: it takes the next buffered message too
  const next = s.state === 'ACTIVE' ? await nextBufferedMessage(ctx, s) : undefined;
  if (next) ctx.writeCommand({ ...command, value: subscriptionValue(s, { key: next.key, variables: {} }) });
}

registerFollowUpCommand('PROCESS_MESSAGE_SUBSCRIPTION', 'CORRELATE', correlateBufferedMessage);
