/**
 * Intermediate catch events (timer, message, signal) and receive tasks: they wait until their
 * subscription fires, then complete with the event's variables. Reached from an event-based
 * gateway, the event has fired already and completes at once.
 */
import { finishCompletion, passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { transition } from '../behaviors/state-transition.behavior.js';

export const intermediateCatchEventProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    // a link catch event is reached by its throw event: nothing to wait for
    if (completion?.triggered || el.element.eventType === 'LINK') return passThroughProcessor.onActivate(ctx, el, completion);
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: passThroughProcessor.onTerminate,
};
