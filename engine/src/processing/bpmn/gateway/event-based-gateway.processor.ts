/**
 * Event-based gateway: it waits for the first of the catch events after it; that event's
 * flow is taken and the event completes at once with its variables. The other subscriptions
 * close with the gateway.
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { takeOutgoingFlows, transition } from '../behaviors/state-transition.behavior.js';

export const eventBasedGatewayProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
  },
  async onComplete(ctx, el, completion) {
    const targetId = completion?.startElementId;
    const flowId = el.element.outgoing.find((id) => el.process.sequenceFlows.get(id)!.targetId === targetId);
    if (!flowId) throw new Error(`event-based gateway '${el.element.id}' has no flow to '${targetId}'`);
    await transition(ctx, el, 'ELEMENT_COMPLETED');
    await takeOutgoingFlows(ctx, el, [flowId], { variables: completion?.variables, triggered: true });
  },
  onTerminate: passThroughProcessor.onTerminate,
};
