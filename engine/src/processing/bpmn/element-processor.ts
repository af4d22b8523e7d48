/**
 * One processor per BPMN element kind (Zeebe's BpmnElementProcessor): it reacts to the
 * element's activation, completion and termination, and calls behaviours for the rest.
 */
import type { Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from './behaviors/element-context.js';
import { transition, takeOutgoingFlows } from './behaviors/state-transition.behavior.js';
import { applyOutputMappings } from './behaviors/io-mapping.behavior.js';
import { createIncident, resolveIncidentOf } from './behaviors/incident.behavior.js';
import { afterInnerCompleted, beforeInnerCompleted } from './behaviors/multi-instance.behavior.js';
import { onElementCompleted as onCompensableCompleted } from './behaviors/compensation.behavior.js';

export interface Completion {
  /** variables the element completed with (job completion, error variables) */
  variables?: Variables;
  /** extra names visible to output mappings only (errorCode, errorMessage) */
  context?: Variables;
  /** containers started by an event: the start event that was triggered */
  startElementId?: string;
  /** a catch event that was already triggered (after an event-based gateway): it completes at once */
  triggered?: boolean;
}

export interface BpmnElementProcessor {
  /** the element is ACTIVATING and its input mappings are applied */
  onActivate(ctx: BatchContext, el: ElementContext, completion?: Completion): Promise<void>;
  /** the element is COMPLETING */
  onComplete(ctx: BatchContext, el: ElementContext, completion?: Completion): Promise<void>;
  /** the element is TERMINATING */
  onTerminate(ctx: BatchContext, el: ElementContext): Promise<void>;
  /** containers: a child reached COMPLETED or TERMINATED */
  onChildEnded?(ctx: BatchContext, el: ElementContext): Promise<void>;
}

/**
 * The end of every completion: output mappings, COMPLETED, then the outgoing flows (or the
 * flow scope's completion). A mapping failure leaves the element COMPLETING with an incident.
 */
export async function finishCompletion(ctx: BatchContext, el: ElementContext, completion: Completion = {}, flowIds?: string[]): Promise<void> {
  const mapped = await applyOutputMappings(ctx, el, completion.variables, completion.context);
  if (!mapped.ok) {
    await createIncident(ctx, el.instance, 'IO_MAPPING_ERROR', mapped.error);
    return;
  }
  // an inner instance of a multi-instance body hands its result to the body first
  const inner = await beforeInnerCompleted(ctx, el);
  if (!inner.ok) {
    await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', inner.error);
    return;
  }
  await transition(ctx, el, 'ELEMENT_COMPLETED');
  await onCompensableCompleted(ctx, el);
  if (inner.value !== undefined) return afterInnerCompleted(ctx, el, inner.value);
  await takeOutgoingFlows(ctx, el, flowIds);
}

/** elements that do nothing but pass the token on (none events, undefined and manual tasks) */
export const passThroughProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    await transition(ctx, el, 'ELEMENT_COMPLETING');
    await finishCompletion(ctx, el, completion);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  async onTerminate(ctx, el) {
    await resolveIncidentOf(ctx, el.instance);
    await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};
