/**
 * Intermediate throw events: none (pass through), message (a job, as a send task), signal
 * (broadcast), escalation (thrown outwards) and link (jumps to the link catch event with the same
 * name in the same flow scope, without a sequence flow).
 */
import { createIncident } from '../behaviors/incident.behavior.js';
import { activateChild, transition } from '../behaviors/state-transition.behavior.js';
import { applyOutputMappings } from '../behaviors/io-mapping.behavior.js';
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { jobWorkerTaskProcessor } from '../task/job-worker-task.processor.js';
import { byEventType, compensationThrowEvent, completeElement, escalationThrowEvent, signalThrowEvent } from './throw-events.js';

const linkThrowEvent: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    completeElement(ctx, el);
  },
  async onComplete(ctx, el) {
    const mapped = await applyOutputMappings(ctx, el);
    if (!mapped.ok) {
      await createIncident(ctx, el.instance, 'IO_MAPPING_ERROR', mapped.error);
      return;
    }
    const target = [...el.process.elements.values()].find(
      (e) => e.type === 'INTERMEDIATE_CATCH_EVENT' && e.eventType === 'LINK' && e.flowScopeId === el.element.flowScopeId && e.link?.name === el.element.link?.name,
    );
    if (!target) throw new Error(`link throw event '${el.element.id}' has no catch event named '${el.element.link?.name}'`);
    await transition(ctx, el, 'ELEMENT_COMPLETED');
    const scope = (await ctx.uow.getElementInstance(el.instance.flowScopeKey!))!;
    activateChild(ctx, scope, el, target.id);
  },
  onTerminate: passThroughProcessor.onTerminate,
};

export const intermediateThrowEventProcessor: BpmnElementProcessor = byEventType(
  { MESSAGE: jobWorkerTaskProcessor, SIGNAL: signalThrowEvent, ESCALATION: escalationThrowEvent, LINK: linkThrowEvent, COMPENSATION: compensationThrowEvent },
  passThroughProcessor,
);
