/**
 * What intermediate throw events and end events share, by event kind (Zeebe's throw event
 * behaviours): a signal is broadcast and an escalation thrown once the event is ACTIVATED; the
 * event then completes by a follow-up COMPLETE_ELEMENT, so the events it triggered run first.
 */
import type { BatchContext } from '../../batch-context.js';
import type { BpmnEventType } from '../../../model/executable-model.js';
import { finishCompletion, passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { processInstanceValue, type ElementContext } from '../behaviors/element-context.js';
import { createIncident } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { evaluateEscalationCode, throwEscalation } from '../behaviors/escalation-event.behavior.js';
import { broadcastSignalOf } from '../../signal/signal-throw.behavior.js';
import { throwCompensation } from '../behaviors/compensation.behavior.js';

export function completeElement(ctx: BatchContext, el: ElementContext): void {
  ctx.writeCommand({ key: el.instance.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(el.instance) } });
}

export const signalThrowEvent: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const broadcast = await broadcastSignalOf(ctx, el);
    if (!broadcast.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', broadcast.error);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    completeElement(ctx, el);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: passThroughProcessor.onTerminate,
};

export const escalationThrowEvent: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const code = await evaluateEscalationCode(ctx, el);
    if (!code.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', code.error);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    // caught by an interrupting event, the thrower is terminated with the interrupted scope
    if (await throwEscalation(ctx, el, code.value)) completeElement(ctx, el);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: passThroughProcessor.onTerminate,
};

/** compensation: the handlers of its flow scope run first; the event completes when they are done */
export const compensationThrowEvent: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    if (!(await throwCompensation(ctx, el))) completeElement(ctx, el);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: passThroughProcessor.onTerminate,
};

/** a processor that hands each event kind to its own processor */
export function byEventType(kinds: Partial<Record<BpmnEventType, BpmnElementProcessor>>, fallback: BpmnElementProcessor): BpmnElementProcessor {
  const of = (el: ElementContext) => kinds[el.element.eventType] ?? fallback;
  return {
    onActivate: (ctx, el, completion) => of(el).onActivate(ctx, el, completion),
    onComplete: (ctx, el, completion) => of(el).onComplete(ctx, el, completion),
    onTerminate: (ctx, el) => of(el).onTerminate(ctx, el),
  };
}
