/**
 * Message start events belong to the latest version of a process: deploying a new version closes
 * the previous versions' subscriptions and opens its own (a message published before is not
 * correlated to them, as in Zeebe).
 *
 * A message with a correlation key starts at most one live instance per process id and key: a
 * second one stays buffered until that instance ends, and then starts the next instance.
 */
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import type { ExecutableProcess } from '../../model/executable-model.js';
import type { MessageRow, MessageSubscriptionRow } from '../../state/event-tables.js';
import { bufferedMessages, correlationsOfLiveInstances, isMessageCorrelated, openMessageStartSubscriptions } from '../../state/event-state.js';
import { isFinal } from '../lifecycle.js';
import { startInstance } from '../process-instance/process-instance-create.processor.js';
import { evaluateMessageName, messageVariables } from './message-subscription.behavior.js';

/** the message start events of a process (not those of its event sub-processes) */
function messageStartEvents(process: ExecutableProcess) {
  return [...process.elements.values()].filter(
    (e) => e.type === 'START_EVENT' && e.eventType === 'MESSAGE' && e.flowScopeId === process.bpmnProcessId && e.message,
  );
}

/** their message names; the deployment checked that they need no variables */
function startMessageNames(process: ExecutableProcess): string[] {
  return messageStartEvents(process).flatMap((e) => {
    const name = evaluateMessageName(e.message!.name, {});
    return name.ok ? [name.value] : [];
  });
}

/** Zeebe's MessageStartEventSubscriptionRecord value */
function startValue(s: MessageSubscriptionRow, correlation?: { processInstanceKey: string; message: MessageRow }): Record<string, unknown> {
  return {
    processDefinitionKey: s.processDefinitionKey,
    bpmnProcessId: s.bpmnProcessId,
    startEventId: s.targetElementId,
    messageName: s.messageName,
    processInstanceKey: correlation?.processInstanceKey ?? '-1',
    messageKey: correlation?.message.key ?? '-1',
    correlationKey: correlation?.message.correlationKey ?? '',
    variables: correlation ? messageVariables(correlation.message) : {},
    tenantId: s.tenantId,
  };
}

export async function subscribeMessageStartEvents(ctx: BatchContext, processDefinitionKey: string): Promise<void> {
  const definition = await ctx.definitions.get(ctx.uow.tx, processDefinitionKey);
  if (!definition) return;
  for (const s of await openMessageStartSubscriptions(ctx.uow, { tenantId: definition.tenantId, bpmnProcessId: definition.bpmnProcessId })) {
    if (s.processDefinitionKey !== processDefinitionKey) await ctx.writeEvent(s.key, 'MESSAGE_START_EVENT_SUBSCRIPTION', 'DELETED', startValue(s));
  }
  for (const start of messageStartEvents(definition.process)) {
    const name = evaluateMessageName(start.message!.name, {});
    if (!name.ok) throw new Error(`message start event '${start.id}' failed after validation: ${name.error}`);
    const row: MessageSubscriptionRow = {
      key: ctx.nextKey(),
      state: 'ACTIVE',
      elementInstanceKey: null,
      processInstanceKey: null,
      processDefinitionKey,
      bpmnProcessId: definition.bpmnProcessId,
      targetElementId: start.id,
      messageName: name.value,
      correlationKey: '',
      interrupting: true,
      tenantId: definition.tenantId,
    };
    await ctx.writeEvent(row.key, 'MESSAGE_START_EVENT_SUBSCRIPTION', 'CREATED', startValue(row));
  }
}

/** a deleted version's message start events close (DeleteResource) */
export async function unsubscribeMessageStartEvents(ctx: BatchContext, processDefinitionKey: string): Promise<void> {
  for (const s of await openMessageStartSubscriptions(ctx.uow, { processDefinitionKey })) {
    await ctx.writeEvent(s.key, 'MESSAGE_START_EVENT_SUBSCRIPTION', 'DELETED', startValue(s));
  }
}

/** starts an instance at the subscription's start event with the message's variables */
export async function correlateStartEvent(ctx: BatchContext, s: MessageSubscriptionRow, message: MessageRow): Promise<string> {
  const definition = await ctx.definitions.get(ctx.uow.tx, s.processDefinitionKey);
  if (!definition) throw new Error(`process definition ${s.processDefinitionKey} of message start subscription ${s.key} not found`);
  const processInstanceKey = await startInstance(ctx, definition, messageVariables(message), s.targetElementId);
  await ctx.writeEvent(s.key, 'MESSAGE_START_EVENT_SUBSCRIPTION', 'CORRELATED', startValue(s, { processInstanceKey, message }));
  return processInstanceKey;
}

/** the messages that started live (or this batch's) instances, as found by `filter` */
async function startingMessages(
  ctx: BatchContext,
  filter: Parameters<typeof correlationsOfLiveInstances>[1],
): Promise<{ processInstanceKey: string; message: MessageRow }[]> {
  const found: { processInstanceKey: string; message: MessageRow }[] = [];
  for (const c of await correlationsOfLiveInstances(ctx.uow, filter)) {
    const message = await ctx.uow.messages.get(ctx.uow.tx, c.messageKey);
    if (!message) continue;
    if (c.startEvent === undefined) {
      // a stored correlation: the instance's start event took it when the names agree
      const definition = c.processDefinitionKey ? await ctx.definitions.get(ctx.uow.tx, c.processDefinitionKey) : undefined;
      if (!definition || !startMessageNames(definition.process).includes(message.name)) continue;
    } else if (!c.startEvent) continue;
    found.push({ processInstanceKey: c.processInstanceKey, message });
  }
  return found;
}

/** whether a live instance of the process was started by a message with this correlation key */
export async function isCorrelationKeyHeld(ctx: BatchContext, tenantId: string, bpmnProcessId: string, correlationKey: string): Promise<boolean> {
  for (const { processInstanceKey, message } of await startingMessages(ctx, { bpmnProcessId, tenantId, correlationKey })) {
    if (message.correlationKey !== correlationKey || message.tenantId !== tenantId) continue;
    const instance = await ctx.uow.getElementInstance(processInstanceKey);
    if (instance && !isFinal(instance.state)) return true;
  }
  return false;
}

/**
 * An instance started by a message ended: the oldest buffered message with the same correlation
 * key for one of the latest version's start events starts the next instance.
 */
export async function onProcessInstanceEnded(ctx: BatchContext, el: ElementContext): Promise<void> {
  if (el.element.type !== 'PROCESS' || messageStartEvents(el.process).length === 0) return;
  const [started] = await startingMessages(ctx, { processInstanceKey: el.instance.key });
  const correlationKey = started?.message.correlationKey;
  if (!correlationKey) return;
  const { tenantId, bpmnProcessId } = el.instance;
  if (await isCorrelationKeyHeld(ctx, tenantId, bpmnProcessId, correlationKey)) return;
  let next: { s: MessageSubscriptionRow; message: MessageRow } | undefined;
  for (const s of await openMessageStartSubscriptions(ctx.uow, { tenantId, bpmnProcessId })) {
    for (const message of await bufferedMessages(ctx.uow, tenantId, s.messageName, correlationKey, ctx.now)) {
      if (await isMessageCorrelated(ctx.uow, message.key, bpmnProcessId)) continue;
      if (!next || BigInt(message.key) < BigInt(next.message.key)) next = { s, message };
      break;
    }
  }
  if (next) await correlateStartEvent(ctx, next.s, next.message);
}
