/**
 * Appliers of message and signal events (part of appliers.ts: the only code that changes state).
 */
import type { BatchContext } from '../processing/batch-context.js';
import type { MessageRow, MessageSubscriptionRow, SignalSubscriptionRow } from './event-tables.js';

interface AppliedEvent {
  key: string;
  intent: string;
  value: Record<string, unknown>;
}

type Applier = (ctx: BatchContext, event: AppliedEvent) => Promise<void>;

const orNull = (key: unknown) => (key === undefined || key === '-1' ? null : (key as string));

export const eventAppliers: Record<string, Applier> = {
  'MESSAGE:PUBLISHED': messagePublished,
  'MESSAGE:EXPIRED': async (ctx, e) => {
    const row = await ctx.uow.messages.get(ctx.uow.tx, e.key);
    if (!row) throw new Error(`message ${e.key} not found while applying an event`);
    row.state = 'EXPIRED';
    ctx.uow.messages.put(row);
  },

  'PROCESS_MESSAGE_SUBSCRIPTION:CREATED': (ctx, e) => messageSubscriptionCreated(ctx, e, orNull(e.value.elementInstanceKey)),
  'PROCESS_MESSAGE_SUBSCRIPTION:CORRELATED': async (ctx, e) => {
    // a one-shot subscription is used up; a non-interrupting one keeps waiting for more
    if (e.value.interrupting) await setMessageSubscriptionState(ctx, e.key, 'CORRELATED');
    correlated(ctx, e.value, false);
  },
  'PROCESS_MESSAGE_SUBSCRIPTION:DELETED': (ctx, e) => setMessageSubscriptionState(ctx, e.key, 'CLOSED'),

  'MESSAGE_START_EVENT_SUBSCRIPTION:CREATED': (ctx, e) => messageSubscriptionCreated(ctx, e, null),
  'MESSAGE_START_EVENT_SUBSCRIPTION:CORRELATED': async (ctx, e) => correlated(ctx, e.value, true),
  'MESSAGE_START_EVENT_SUBSCRIPTION:DELETED': (ctx, e) => setMessageSubscriptionState(ctx, e.key, 'CLOSED'),

  'SIGNAL_SUBSCRIPTION:CREATED': signalSubscriptionCreated,
  'SIGNAL_SUBSCRIPTION:DELETED': async (ctx, e) => {
    const row = await ctx.uow.signalSubscriptions.get(ctx.uow.tx, e.key);
    if (!row) throw new Error(`signal subscription ${e.key} not found while applying an event`);
    row.state = 'CLOSED';
    ctx.uow.signalSubscriptions.put(row);
  },
};

async function messagePublished(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: MessageRow = {
    key: e.key,
    state: 'PUBLISHED',
    name: v.name as string,
    correlationKey: v.correlationKey as string,
    messageId: v.messageId as string,
    timeToLive: Number(v.timeToLive),
    deadline: Number(v.deadline),
    variables: JSON.stringify(v.variables ?? {}),
    tenantId: v.tenantId as string,
    createdAt: ctx.now,
  };
  ctx.uow.messages.put(row);
}

async function messageSubscriptionCreated(ctx: BatchContext, e: AppliedEvent, owner: string | null): Promise<void> {
  const v = e.value;
  const row: MessageSubscriptionRow = {
    key: e.key,
    state: 'ACTIVE',
    elementInstanceKey: owner,
    processInstanceKey: owner === null ? null : orNull(v.processInstanceKey),
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    targetElementId: (owner === null ? v.startEventId : v.elementId) as string,
    messageName: v.messageName as string,
    correlationKey: (v.correlationKey as string | undefined) ?? '',
    interrupting: owner === null ? true : v.interrupting !== false,
    tenantId: v.tenantId as string,
  };
  ctx.uow.messageSubscriptions.put(row);
}

async function setMessageSubscriptionState(ctx: BatchContext, key: string, state: MessageSubscriptionRow['state']): Promise<void> {
  const row = await ctx.uow.messageSubscriptions.get(ctx.uow.tx, key);
  if (!row) throw new Error(`message subscription ${key} not found while applying an event`);
  row.state = state;
  ctx.uow.messageSubscriptions.put(row);
}

function correlated(ctx: BatchContext, v: Record<string, unknown>, startEvent: boolean): void {
  ctx.uow.messageCorrelations.push({
    messageKey: v.messageKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    processInstanceKey: v.processInstanceKey as string,
    startEvent,
  });
}

async function signalSubscriptionCreated(ctx: BatchContext, e: AppliedEvent): Promise<void> {
  const v = e.value;
  const row: SignalSubscriptionRow = {
    key: e.key,
    state: 'ACTIVE',
    elementInstanceKey: orNull(v.catchEventInstanceKey),
    processInstanceKey: orNull(v.processInstanceKey),
    processDefinitionKey: v.processDefinitionKey as string,
    bpmnProcessId: v.bpmnProcessId as string,
    targetElementId: v.catchEventId as string,
    signalName: v.signalName as string,
    tenantId: v.tenantId as string,
  };
  ctx.uow.signalSubscriptions.put(row);
}
