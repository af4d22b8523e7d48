/**
 * Signal subscriptions: of waiting elements (intermediate catch and boundary events, event
 * sub-process starts, events after an event-based gateway), with the signal name evaluated in the
 * owner's scope; and of the signal start events of each process's latest version, replaced when
 * a new version is deployed.
 */
import type { Variables } from '../../engine-api.js';
import type { Expression } from '../../model/executable-model.js';
import { evaluateString } from '../../feel/feel.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import type { SignalSubscriptionRow } from '../../state/event-tables.js';
import { signalSubscriptionsOf } from '../../state/event-state.js';
import type { SubscriptionKind } from '../bpmn/behaviors/event-subscription.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';

/** the signal name: a static text, or FEEL giving a string */
export function evaluateSignalName(name: Expression, variables: Variables): Result<string, string> {
  if (name.kind === 'static') return ok(name.value);
  const result = evaluateString(name, variables);
  return result.ok ? ok(result.value) : err(result.message);
}

/** Zeebe's SignalSubscriptionRecord value (with the process instance, for the instance's log) */
export function signalSubscriptionValue(s: SignalSubscriptionRow): Record<string, unknown> {
  return {
    signalName: s.signalName,
    processDefinitionKey: s.processDefinitionKey,
    bpmnProcessId: s.bpmnProcessId,
    catchEventId: s.targetElementId,
    catchEventInstanceKey: s.elementInstanceKey ?? '-1',
    processInstanceKey: s.processInstanceKey ?? '-1',
    tenantId: s.tenantId,
  };
}

async function closeAll(ctx: BatchContext, rows: SignalSubscriptionRow[]): Promise<void> {
  for (const s of rows) await ctx.writeEvent(s.key, 'SIGNAL_SUBSCRIPTION', 'DELETED', signalSubscriptionValue(s));
}

/** the signal kind of subscription (registered in bpmn-element-processors.ts) */
export const signalSubscriptions: SubscriptionKind = {
  async open(ctx, owner, event) {
    if (!event.signal) return err(`Expected element '${event.id}' to have a signal, but it has none`);
    const name = evaluateSignalName(event.signal.name, await visibleVariables(ctx, owner.instance.key));
    if (!name.ok) return name;
    const i = owner.instance;
    const row: SignalSubscriptionRow = {
      key: ctx.nextKey(),
      state: 'ACTIVE',
      elementInstanceKey: i.key,
      processInstanceKey: i.processInstanceKey,
      processDefinitionKey: i.processDefinitionKey,
      bpmnProcessId: i.bpmnProcessId,
      targetElementId: event.id,
      signalName: name.value,
      tenantId: i.tenantId,
    };
    await ctx.writeEvent(row.key, 'SIGNAL_SUBSCRIPTION', 'CREATED', signalSubscriptionValue(row));
    return ok(undefined);
  },
  async close(ctx, owner) {
    await closeAll(ctx, await signalSubscriptionsOf(ctx.uow, { elementInstanceKey: owner.key }));
  },
};

/** at deployment: the new version's signal start events subscribe; the previous versions' close */
export async function subscribeSignalStartEvents(ctx: BatchContext, processDefinitionKey: string): Promise<void> {
  const definition = await ctx.definitions.get(ctx.uow.tx, processDefinitionKey);
  if (!definition) return;
  const previous = await ctx.uow.tx.query<{ key: string }>(
    `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version < $3`,
    [definition.bpmnProcessId, definition.tenantId, definition.version],
  );
  for (const p of previous) await closeAll(ctx, await signalSubscriptionsOf(ctx.uow, { processDefinitionKey: p.key }));
  const process = definition.process;
  for (const start of process.elements.values()) {
    if (start.type !== 'START_EVENT' || start.eventType !== 'SIGNAL' || start.flowScopeId !== process.bpmnProcessId || !start.signal) continue;
    const name = evaluateSignalName(start.signal.name, {});
    if (!name.ok) throw new Error(`signal start event '${start.id}' failed after validation: ${name.error}`);
    const row: SignalSubscriptionRow = {
      key: ctx.nextKey(),
      state: 'ACTIVE',
      elementInstanceKey: null,
      processInstanceKey: null,
      processDefinitionKey,
      bpmnProcessId: definition.bpmnProcessId,
      targetElementId: start.id,
      signalName: name.value,
      tenantId: definition.tenantId,
    };
    await ctx.writeEvent(row.key, 'SIGNAL_SUBSCRIPTION', 'CREATED', signalSubscriptionValue(row));
  }
}
