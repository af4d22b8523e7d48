/**
 * The process itself: activating it activates its none start event; it completes when no
 * child is alive and no token waits; terminating it terminates every child first.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from '../behaviors/element-context.js';
import { activateChild, terminateChildren, transition } from '../behaviors/state-transition.behavior.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';

async function ended(ctx: BatchContext, el: ElementContext, intent: 'ELEMENT_COMPLETED' | 'ELEMENT_TERMINATED'): Promise<void> {
  await transition(ctx, el, intent);
  const key = el.instance.key;
  if (intent === 'ELEMENT_TERMINATED') {
    ctx.effects.terminatedProcessInstances.add(key);
  } else {
    // variables only matter to a client awaiting the result
    const variables = ctx.awaitedInstances.has(key) ? await visibleVariables(ctx, key) : {};
    ctx.effects.completedProcessInstances.set(key, { variables });
  }
}

export const processProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    if (!el.element.noneStartEventId) throw new Error(`process '${el.element.id}' has no none start event`);
    activateChild(ctx, el.instance, el, el.element.noneStartEventId);
  },
  async onComplete(ctx, el) {
    await ended(ctx, el, 'ELEMENT_COMPLETED');
  },
  async onTerminate(ctx, el) {
    if ((await terminateChildren(ctx, el.instance)) === 0) await ended(ctx, el, 'ELEMENT_TERMINATED');
  },
  async onChildEnded(ctx, el) {
    if (el.instance.state === 'TERMINATING' && el.instance.activeChildren === 0) await ended(ctx, el, 'ELEMENT_TERMINATED');
  },
};
