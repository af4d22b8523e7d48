/**
 * The joining inclusive gateway, with Zeebe's rule (ProcessInstanceStateTransitionGuard,
 * BpmnInclusiveGatewayBehavior): it activates once every incoming flow holds a token, or once no
 * token can arrive any more on the others: no live element of the scope, no token about to be
 * activated and no token waiting at another join has a path to the gateway that does not pass
 * through an incoming flow which already holds a token.
 *
 * Zeebe checks only when a token reaches the gateway; here a waiting join is checked again when a
 * path of its scope moves on or ends, so it never waits for a token that cannot come.
 */
import type { ExecutableElement, ExecutableProcess } from '../../../model/executable-model.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import type { BatchContext } from '../../batch-context.js';
import { activateChild } from './state-transition.behavior.js';

/** whether an ACTIVATE_ELEMENT for a child of the scope (of `elementId`, if given) is queued */
export function hasPendingActivation(ctx: BatchContext, scopeKey: string, elementId?: string): boolean {
  return ctx.followUps.some(
    (c) =>
      c.valueType === 'PROCESS_INSTANCE' &&
      c.intent === 'ACTIVATE_ELEMENT' &&
      c.value.flowScopeKey === scopeKey &&
      (elementId === undefined || c.value.elementId === elementId),
  );
}

const tokensAt = (scope: ElementInstanceRow, gatewayId: string) => scope.takenFlows?.[gatewayId] ?? {};

export async function isInclusiveJoinReady(ctx: BatchContext, scope: ElementInstanceRow, process: ExecutableProcess, gateway: ExecutableElement): Promise<boolean> {
  const taken = tokensAt(scope, gateway.id);
  const arrived = gateway.incoming.filter((id) => (taken[id] ?? 0) > 0);
  if (arrived.length === 0 || hasPendingActivation(ctx, scope.key, gateway.id)) return false;
  if (arrived.length === gateway.incoming.length) return true;

  const sources = new Set<string>();
  for (const child of await ctx.uow.getLiveChildren(scope.key)) sources.add(child.elementId);
  for (const c of ctx.followUps) {
    if (c.intent === 'ACTIVATE_ELEMENT' && c.value.flowScopeKey === scope.key) sources.add(c.value.elementId as string);
  }
  for (const [joinId, flows] of Object.entries(scope.takenFlows ?? {})) {
    if (Object.values(flows).some((n) => n > 0)) sources.add(joinId);
  }
  sources.delete(gateway.id);
  const excluded = new Set(arrived);
  for (const source of sources) if (hasPath(process, source, gateway.id, excluded)) return false;
  return true;
}

/** checks the scope's waiting inclusive joins again; returns whether one was activated */
export async function activateReadyInclusiveJoins(ctx: BatchContext, scope: ElementInstanceRow, process?: ExecutableProcess): Promise<boolean> {
  const waiting = Object.entries(scope.takenFlows ?? {})
    .filter(([, flows]) => Object.values(flows).some((n) => n > 0))
    .map(([id]) => id);
  if (waiting.length === 0) return false;
  const model = process ?? (await ctx.definitions.get(ctx.uow.tx, scope.processDefinitionKey))?.process;
  if (!model) return false;
  let activated = false;
  for (const id of waiting) {
    const gateway = model.elements.get(id);
    if (gateway?.type !== 'INCLUSIVE_GATEWAY' || !(await isInclusiveJoinReady(ctx, scope, model, gateway))) continue;
    activateChild(ctx, scope, { process: model }, id);
    activated = true;
  }
  return activated;
}

/** a path of sequence flows (and boundary events, and links) from `sourceId` to `targetId` */
function hasPath(process: ExecutableProcess, sourceId: string, targetId: string, excludedFlows: Set<string>): boolean {
  const seen = new Set<string>();
  const queue = [sourceId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === targetId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const element = process.elements.get(id);
    if (!element) continue;
    for (const flowId of element.outgoing) {
      if (!excludedFlows.has(flowId)) queue.push(process.sequenceFlows.get(flowId)!.targetId);
    }
    queue.push(...element.boundaryEventIds);
    if (element.type === 'INTERMEDIATE_THROW_EVENT' && element.eventType === 'LINK') {
      for (const e of process.elements.values()) {
        if (e.type === 'INTERMEDIATE_CATCH_EVENT' && e.eventType === 'LINK' && e.flowScopeId === element.flowScopeId && e.link?.name === element.link?.name) queue.push(e.id);
      }
    }
  }
  return false;
}
