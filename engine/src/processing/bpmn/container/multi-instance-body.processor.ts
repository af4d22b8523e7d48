/**
 * The multi-instance body (Zeebe's MultiInstanceBodyProcessor): it reads the input collection
 * (a list, else an incident), creates the output collection (one null per item) as its local
 * variable, and starts the inner instances: all at once (parallel) or one after another
 * (sequential, see multi-instance.behavior.ts). An empty collection completes it at once. On
 * completion the output collection goes to the body's flow scope. Boundary events belong to the
 * body; terminating it terminates every inner instance first.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { processInstanceValue } from '../behaviors/element-context.js';
import { createIncident, resolveIncidentOf } from '../behaviors/incident.behavior.js';
import { activateChild, terminateChildren, transition } from '../behaviors/state-transition.behavior.js';
import { closeSubscriptions } from '../behaviors/event-subscription.behavior.js';
import { mergePropagating, setVariable } from '../behaviors/variable.behavior.js';
import { readInputCollection } from '../behaviors/multi-instance.behavior.js';

export const multiInstanceBodyProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const loop = el.element.multiInstance!;
    const collection = await readInputCollection(ctx, loop, el.instance.key);
    if (!collection.ok) {
      // resolving the incident activates again, and subscribes again
      await closeSubscriptions(ctx, el);
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', collection.error);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    const items = collection.value.length;
    if (loop.outputCollection) await setVariable(ctx, el.instance.key, el.instance, loop.outputCollection, new Array(items).fill(null));
    if (items === 0) {
      ctx.writeCommand({ key: el.instance.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(el.instance) } });
      return;
    }
    for (let i = 0; i < (loop.sequential ? 1 : items); i++) activateChild(ctx, el.instance, el, el.element.id);
  },
  async onComplete(ctx, el) {
    const name = el.element.multiInstance!.outputCollection;
    const collection = name ? (await ctx.uow.getScopeVariables(el.instance.key)).get(name) : undefined;
    if (name && collection) await mergePropagating(ctx, el.instance.flowScopeKey!, el.instance, { [name]: JSON.parse(collection.value) });
    await finishCompletion(ctx, el);
  },
  async onTerminate(ctx, el) {
    await resolveIncidentOf(ctx, el.instance);
    if ((await terminateChildren(ctx, el.instance)) === 0) await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
  async onChildEnded(ctx, el) {
    if (el.instance.state === 'TERMINATING' && el.instance.activeChildren === 0) await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};
