/**
 * Terminate end events (Zeebe's TerminateEndEventBehavior): once the event has completed, every
 * other live element of its flow scope is terminated, and the scope then completes (a process
 * instance, or a sub-process that leaves by its outgoing flows).
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { completeFlowScopeIfDone, terminateChildren, transition } from '../behaviors/state-transition.behavior.js';
import { completeElement } from './throw-events.js';

export const terminateEndEventProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    completeElement(ctx, el);
  },
  async onComplete(ctx, el) {
    await transition(ctx, el, 'ELEMENT_COMPLETED');
    const scope = await ctx.uow.getElementInstance(el.instance.flowScopeKey!);
    // each terminated element tells the scope (bpmn-command.processor.ts), the last one completes it
    if (scope && (await terminateChildren(ctx, scope)) === 0) await completeFlowScopeIfDone(ctx, el.instance);
  },
  onTerminate: passThroughProcessor.onTerminate,
};
