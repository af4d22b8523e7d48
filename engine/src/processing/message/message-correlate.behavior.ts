/**
 * Correlating one message, shared by PUBLISH and CORRELATE (Zeebe's MessageCorrelateBehavior):
 * - to every open subscription with its name and correlation key whose owner waits, but to one
 *   subscription per process id only (a message reaches a process once, whatever its versions
 *   and instances);
 * - to the message start events with its name of the processes it has not reached that way,
 *   unless a live instance of that process was started by a message with the same (non-empty)
 *   correlation key: that process is then blocked for the message.
 */
import type { BatchContext } from '../batch-context.js';
import type { MessageRow } from '../../state/event-tables.js';
import { openMessageStartSubscriptions, openMessageSubscriptions } from '../../state/event-state.js';
import { correlateSubscription } from './message-subscription.behavior.js';
import { correlateStartEvent, isCorrelationKeyHeld } from './message-start-events.js';

export interface MessageIdentity {
  name: string;
  correlationKey: string;
  tenantId: string;
}

export interface Correlation {
  processInstanceKey: string;
  processDefinitionKey: string;
  /** true when the message started the instance */
  startEvent: boolean;
}

/**
 * What the message would reach now, without writing anything: whether some subscription's owner
 * waits for it, and the processes whose start events are blocked by a live instance with the key.
 */
export async function correlationTargets(ctx: BatchContext, m: MessageIdentity): Promise<{ reachable: boolean; blockedProcessIds: string[] }> {
  for (const s of await openMessageSubscriptions(ctx.uow, m.tenantId, m.name, m.correlationKey)) {
    const owner = s.elementInstanceKey ? await ctx.uow.getElementInstance(s.elementInstanceKey) : undefined;
    if (owner?.state === 'ACTIVATED') return { reachable: true, blockedProcessIds: [] };
  }
  const blockedProcessIds: string[] = [];
  for (const s of await openMessageStartSubscriptions(ctx.uow, { tenantId: m.tenantId, messageName: m.name })) {
    if (m.correlationKey !== '' && (await isCorrelationKeyHeld(ctx, m.tenantId, s.bpmnProcessId, m.correlationKey))) {
      if (!blockedProcessIds.includes(s.bpmnProcessId)) blockedProcessIds.push(s.bpmnProcessId);
      continue;
    }
    return { reachable: true, blockedProcessIds: [] };
  }
  return { reachable: false, blockedProcessIds };
}

/** correlates the published `message` (already PUBLISHED) and returns where it went, in order */
export async function correlateMessage(ctx: BatchContext, message: MessageRow): Promise<Correlation[]> {
  const correlations: Correlation[] = [];
  const reached = new Set<string>();
  for (const s of await openMessageSubscriptions(ctx.uow, message.tenantId, message.name, message.correlationKey)) {
    // an earlier trigger of this message may have closed it (an interrupted owner)
    if (reached.has(s.bpmnProcessId) || s.state !== 'ACTIVE') continue;
    if (await correlateSubscription(ctx, s, message)) {
      reached.add(s.bpmnProcessId);
      correlations.push({ processInstanceKey: s.processInstanceKey!, processDefinitionKey: s.processDefinitionKey, startEvent: false });
    }
  }
  for (const s of await openMessageStartSubscriptions(ctx.uow, { tenantId: message.tenantId, messageName: message.name })) {
    if (reached.has(s.bpmnProcessId)) continue;
    if (message.correlationKey !== '' && (await isCorrelationKeyHeld(ctx, message.tenantId, s.bpmnProcessId, message.correlationKey))) continue;
    const processInstanceKey = await correlateStartEvent(ctx, s, message);
    reached.add(s.bpmnProcessId);
    correlations.push({ processInstanceKey, processDefinitionKey: s.processDefinitionKey, startEvent: true });
  }
  return correlations;
}
