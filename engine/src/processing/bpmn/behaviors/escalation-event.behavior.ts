/**
 * Throwing a BPMN escalation (Zeebe's BpmnEventPublicationBehavior): the catch event is searched
 * from the thrower's flow scope outwards (and up the call hierarchy); in each scope, its escalation boundary events and the
 * escalation starts of the event sub-processes it contains compete, one with the same code before
 * a catch-all one. ESCALATED names the catch event; an escalation nobody catches is
 * NOT_ESCALATED and the process simply goes on (no incident).
 *
 * The thrower may complete unless an interrupting event caught the escalation: then it is
 * terminated with the scope that the catch event interrupts.
 */
import type { BatchContext } from '../../batch-context.js';
import type { Expression, ExecutableElement } from '../../../model/executable-model.js';
import { evaluateString } from '../../../feel/feel.js';
import { err, ok, type Result } from '../../../util/result.js';
import { loadElementContext, processInstanceValue, type ElementContext } from './element-context.js';
import { startEventOf, startEventSubProcess } from './event-subscription.behavior.js';
import { activateChild } from './state-transition.behavior.js';
import { visibleVariables } from './variable.behavior.js';
import { catchScopeChain } from './call-hierarchy.behavior.js';

/** the code an escalation throw or end event throws: static, or FEEL evaluated in its scope */
export async function evaluateEscalationCode(ctx: BatchContext, el: ElementContext): Promise<Result<string, string>> {
  const code: Expression | undefined = el.element.escalation?.code;
  if (!code) return err(`Expected element '${el.element.id}' to have an escalation code, but it has none`);
  if (code.kind === 'static') return ok(code.value);
  const result = evaluateString(code, await visibleVariables(ctx, el.instance.key));
  return result.ok ? ok(result.value) : err(result.message);
}

/** undefined = catch-all (catch events have static codes only) */
const codeOf = (e: ExecutableElement) => (e.escalation?.code?.kind === 'static' ? e.escalation.code.value : undefined);

/** the escalation catch events of a scope: its boundary events and its event sub-processes' starts */
function catchEventsOf(scope: ExecutableElement, elements: Map<string, ExecutableElement>): ExecutableElement[] {
  const boundaries = scope.boundaryEventIds.map((id) => elements.get(id)!);
  const starts = scope.childIds
    .map((id) => elements.get(id)!)
    .filter((c) => c.type === 'EVENT_SUB_PROCESS')
    .map((esp) => startEventOf(esp, elements))
    .filter((s): s is ExecutableElement => s !== undefined);
  return [...boundaries, ...starts].filter((e) => e.eventType === 'ESCALATION');
}

const interrupts = (e: ExecutableElement) => (e.type === 'BOUNDARY_EVENT' ? e.cancelActivity !== false : e.interrupting !== false);

/**
 * Throws `code` from `thrower` (activated already). Returns whether the thrower may complete.
 */
export async function throwEscalation(ctx: BatchContext, thrower: ElementContext, code: string): Promise<boolean> {
  const record = { processInstanceKey: thrower.instance.processInstanceKey, escalationCode: code, throwElementId: thrower.element.id, catchElementId: '' };
  // up the scopes, and on from a called process to its call activity, as errors travel
  for (const instance of await catchScopeChain(ctx, thrower.instance.flowScopeKey!)) {
    if (instance.state !== 'ACTIVATED') break;
    const scope = await loadElementContext(ctx, instance.key);
    if (!scope) break;
    const candidates = catchEventsOf(scope.element, scope.process.elements);
    const catchEvent = candidates.find((e) => codeOf(e) === code) ?? candidates.find((e) => codeOf(e) === undefined);
    if (!catchEvent) continue;
    await triggerCatchEvent(ctx, scope, catchEvent);
    await ctx.writeEvent(ctx.nextKey(), 'ESCALATION', 'ESCALATED', { ...record, catchElementId: catchEvent.id });
    return !interrupts(catchEvent);
  }
  await ctx.writeEvent(ctx.nextKey(), 'ESCALATION', 'NOT_ESCALATED', record);
  return true;
}

async function triggerCatchEvent(ctx: BatchContext, scope: ElementContext, catchEvent: ExecutableElement): Promise<void> {
  if (catchEvent.type === 'START_EVENT') {
    await startEventSubProcess(ctx, scope, scope.process.elements.get(catchEvent.flowScopeId)!, catchEvent, {});
    return;
  }
  if (interrupts(catchEvent)) {
    ctx.pendingTriggers.set(scope.instance.key, { elementId: catchEvent.id, variables: {} });
    ctx.writeCommand({ key: scope.instance.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(scope.instance) } });
    return;
  }
  const parent = await ctx.uow.getElementInstance(scope.instance.flowScopeKey!);
  if (parent) activateChild(ctx, parent, scope, catchEvent.id, { variables: {} });
}
