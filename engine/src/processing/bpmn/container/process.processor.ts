/**
 * Containers: the process, embedded sub-processes and event sub-processes. Activating one
 * activates its start event (the none start event, or the event that triggered it); it
 * completes when no child is alive and no token waits; terminating it terminates every child
 * first. The process itself reports its end to clients awaiting its result.
 */
import type { BpmnElementProcessor, Completion } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from '../behaviors/element-context.js';
import { activateChild, terminateChildren, transition } from '../behaviors/state-transition.behavior.js';
import { resolveIncidentOf } from '../behaviors/incident.behavior.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';
import { onProcessInstanceEnded } from '../../message/message-start-events.js';
import { onElementCompleted as onCompensableCompleted } from '../behaviors/compensation.behavior.js';

async function ended(ctx: BatchContext, el: ElementContext, intent: 'ELEMENT_COMPLETED' | 'ELEMENT_TERMINATED'): Promise<void> {
  await transition(ctx, el, intent);
  const key = el.instance.key;
  if (el.element.type !== 'PROCESS') return;
  if (intent === 'ELEMENT_TERMINATED') {
    ctx.effects.terminatedProcessInstances.add(key);
  } else {
    // variables only matter to a client awaiting the result
    const variables = ctx.awaitedInstances.has(key) ? await visibleVariables(ctx, key) : {};
    ctx.effects.completedProcessInstances.set(key, { variables });
  }
  // the instance no longer holds its message correlation key: a buffered message may start the next
  await onProcessInstanceEnded(ctx, el);
  // its compensation subscriptions are over
  await onCompensableCompleted(ctx, el);
}

/** the start event a container begins with: the triggering one, or its none start event */
function startEventOf(el: ElementContext, completion?: Completion): string {
  const id = completion?.startElementId ?? el.element.noneStartEventId;
  if (!id) throw new Error(`container '${el.element.id}' has no start event to begin with`);
  return id;
}

export const containerProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    activateChild(ctx, el.instance, el, startEventOf(el, completion), completion?.startElementId ? { variables: completion.variables } : undefined);
  },
  async onComplete(ctx, el) {
    if (el.element.type === 'PROCESS') await ended(ctx, el, 'ELEMENT_COMPLETED');
    else await finishCompletion(ctx, el);
  },
  async onTerminate(ctx, el) {
    await resolveIncidentOf(ctx, el.instance);
    if ((await terminateChildren(ctx, el.instance)) === 0) await ended(ctx, el, 'ELEMENT_TERMINATED');
  },
  async onChildEnded(ctx, el) {
    if (el.instance.state === 'TERMINATING' && el.instance.activeChildren === 0) await ended(ctx, el, 'ELEMENT_TERMINATED');
  },
};
