/**
 * Drives element instances through their lifecycle: ACTIVATE_ELEMENT, COMPLETE_ELEMENT and
 * TERMINATE_ELEMENT follow-up commands land here and are handed to the element's processor.
 */
import type { BatchContext, InternalCommand } from '../batch-context.js';
import type { ProcessInstanceValue } from '../records.js';
import { isFinal } from '../lifecycle.js';
import { processorFor } from './bpmn-element-processors.js';
import type { Completion } from './element-processor.js';
import { loadElementContext, type ElementContext } from './behaviors/element-context.js';
import { applyInputMappings } from './behaviors/io-mapping.behavior.js';
import { createIncident } from './behaviors/incident.behavior.js';
import { activateChild, completeFlowScopeIfDone, transition } from './behaviors/state-transition.behavior.js';
import { catchEventsOwnedBy, closeSubscriptions, openSubscriptions } from './behaviors/event-subscription.behavior.js';
import { setLoopVariables } from './behaviors/multi-instance.behavior.js';
import { calledProcessEnded } from './container/call-activity.processor.js';
import { processFollowUpCommand } from '../follow-up-commands.js';

export async function processBpmnCommand(ctx: BatchContext, command: InternalCommand): Promise<void> {
  if (command.valueType !== 'PROCESS_INSTANCE') return processFollowUpCommand(ctx, command);
  switch (command.intent) {
    case 'ACTIVATE_ELEMENT':
      return activateElement(ctx, command);
    case 'COMPLETE_ELEMENT':
      return completeElement(ctx, command.key, command.meta as Completion | undefined);
    case 'TERMINATE_ELEMENT':
      return terminateElement(ctx, command.key);
    default:
      throw new Error(`unknown process-instance command ${command.intent}`);
  }
}

async function activateElement(ctx: BatchContext, command: InternalCommand): Promise<void> {
  const value = command.value as unknown as ProcessInstanceValue;
  // the flow scope may have been terminated by an earlier command of this batch
  let parents = {};
  if (value.flowScopeKey !== '-1') {
    const scope = await ctx.uow.getElementInstance(value.flowScopeKey);
    if (!scope || scope.state !== 'ACTIVATED') return;
    // a called process's elements carry its parent keys on their records
    const { parentProcessInstanceKey, parentElementInstanceKey } = scope;
    parents = { parentProcessInstanceKey, parentElementInstanceKey };
  } else if (value.parentElementInstanceKey && value.parentElementInstanceKey !== '-1') {
    // a called process starts only while its call activity still waits for it
    const caller = await ctx.uow.getElementInstance(value.parentElementInstanceKey);
    if (!caller || caller.state !== 'ACTIVATED') return;
  }
  await ctx.writeEvent(command.key, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', { ...value, ...parents });
  const el = (await loadElementContext(ctx, command.key))!;
  await runActivation(ctx, el, command.meta as Completion | undefined);
}

/** input mappings, then the processor; also what resolving an activation incident re-runs */
export async function runActivation(ctx: BatchContext, el: ElementContext, completion?: Completion): Promise<void> {
  // an inner instance of a multi-instance body gets its item and loop counter first
  const looped = await setLoopVariables(ctx, el);
  if (!looped.ok) {
    await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', looped.error);
    return;
  }
  const mapped = await applyInputMappings(ctx, el);
  if (!mapped.ok) {
    await createIncident(ctx, el.instance, 'IO_MAPPING_ERROR', mapped.error);
    return;
  }
  // a catch event reached after an event-based gateway was triggered already: nothing to wait for
  if (!completion?.triggered) {
    const subscribed = await openSubscriptions(ctx, el);
    if (!subscribed.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', subscribed.error);
      return;
    }
  }
  await processorFor(el.element.type).onActivate(ctx, el, completion);
  // a processor that stopped at an incident (a job type, a script, a called element) leaves the
  // element ACTIVATING: nothing may fire meanwhile, and resolving it subscribes again
  if (completion?.triggered || catchEventsOwnedBy(el).length === 0) return;
  if ((await ctx.uow.getElementInstance(el.instance.key))?.state === 'ACTIVATING') await closeSubscriptions(ctx, el);
}

async function completeElement(ctx: BatchContext, key: string, completion?: Completion): Promise<void> {
  const el = await loadElementContext(ctx, key);
  if (!el || el.instance.state !== 'ACTIVATED') return;
  await transition(ctx, el, 'ELEMENT_COMPLETING');
  await processorFor(el.element.type).onComplete(ctx, el, completion);
  await afterEnded(ctx, el);
}

async function terminateElement(ctx: BatchContext, key: string): Promise<void> {
  const el = await loadElementContext(ctx, key);
  if (!el || isFinal(el.instance.state) || el.instance.state === 'TERMINATING') return;
  await transition(ctx, el, 'ELEMENT_TERMINATING');
  await processorFor(el.element.type).onTerminate(ctx, el);
  await afterEnded(ctx, el);
}

/** re-runs the step an incident stopped (resolving it) */
export async function retryElement(ctx: BatchContext, key: string): Promise<void> {
  const el = await loadElementContext(ctx, key);
  if (!el) return;
  if (el.instance.state === 'ACTIVATING') await runActivation(ctx, el);
  else if (el.instance.state === 'COMPLETING') {
    // the completion's variables were set locally before the mappings failed; the caught error's
    // code and message were not, so they are read back for the output mappings
    const context = await caughtErrorContext(ctx, el);
    await processorFor(el.element.type).onComplete(ctx, el, context && { context });
    await afterEnded(ctx, el);
  }
}

/**
 * The `errorCode` and `errorMessage` an error catch event (boundary or event sub-process start)
 * caught: from the job error thrown last before it activated, else its own static code (an error
 * end event threw exactly that code).
 */
async function caughtErrorContext(ctx: BatchContext, el: ElementContext): Promise<{ errorCode: string; errorMessage: string } | undefined> {
  if (el.element.eventType !== 'ERROR' || (el.element.type !== 'BOUNDARY_EVENT' && el.element.type !== 'START_EVENT')) return undefined;
  const [thrown] = await ctx.uow.tx.query<{ value: { errorCode?: string; errorMessage?: string } }>(
    `SELECT value FROM engine.record
      WHERE process_instance_key = $1 AND record_type = 'EVENT' AND value_type = 'JOB' AND intent = 'ERROR_THROWN'
        AND position < (SELECT min(position) FROM engine.record WHERE process_instance_key = $1 AND key = $2)
      ORDER BY position DESC LIMIT 1`,
    [el.instance.processInstanceKey, el.instance.key],
  );
  const code = el.element.error?.errorCode;
  const staticCode = code?.kind === 'static' ? code.value : undefined;
  if (thrown && (staticCode === undefined || thrown.value.errorCode === staticCode)) {
    return { errorCode: thrown.value.errorCode ?? '', errorMessage: thrown.value.errorMessage ?? '' };
  }
  return staticCode === undefined ? undefined : { errorCode: staticCode, errorMessage: '' };
}

/**
 * Once an element reached COMPLETED or TERMINATED: tell its container, and start the event
 * that interrupted it (an interrupting boundary event).
 */
async function afterEnded(ctx: BatchContext, el: ElementContext): Promise<void> {
  const state = el.instance.state;
  if (isFinal(state) && !el.instance.flowScopeKey) {
    // a called process tells its call activity, which may end with it
    const caller = await calledProcessEnded(ctx, el);
    if (caller) await afterEnded(ctx, caller);
    return;
  }
  if (!isFinal(state) || !el.instance.flowScopeKey) return;
  const scope = await loadElementContext(ctx, el.instance.flowScopeKey);
  if (!scope) return;
  // an interrupting event sub-process starts once the last other child of its container ended
  const containerTrigger = ctx.pendingTriggers.get(scope.instance.key);
  if (containerTrigger?.afterChildren && scope.instance.state === 'ACTIVATED') {
    if (scope.instance.activeChildren === 0) {
      ctx.pendingTriggers.delete(scope.instance.key);
      activateChild(ctx, scope.instance, scope, containerTrigger.elementId, {
        variables: containerTrigger.variables,
        startElementId: containerTrigger.startElementId,
        context: containerTrigger.errorCode === undefined ? undefined : { errorCode: containerTrigger.errorCode, errorMessage: containerTrigger.errorMessage },
      });
    }
    return;
  }
  const trigger = ctx.pendingTriggers.get(el.instance.key);
  if (state === 'TERMINATED' && trigger) {
    ctx.pendingTriggers.delete(el.instance.key);
    if (scope.instance.state === 'ACTIVATED') {
      activateChild(ctx, scope.instance, scope, trigger.elementId, {
        variables: trigger.variables,
        context: { errorCode: trigger.errorCode, errorMessage: trigger.errorMessage },
      });
      return;
    }
  }
  if (scope.instance.state === 'TERMINATING') {
    await processorFor(scope.element.type).onChildEnded?.(ctx, scope);
    if (isFinal(scope.instance.state)) await afterEnded(ctx, scope);
  } else if (state === 'TERMINATED') {
    await completeFlowScopeIfDone(ctx, el.instance);
  }
}
