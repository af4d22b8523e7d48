/**
 * End events: a none end event completes and may complete its flow scope; an error end
 * event throws its error to the nearest catch event, or raises an incident when none catches it.
 * Message (a job), signal, escalation and terminate end events have their own processors.
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { evaluateExpression } from '../../../feel/feel.js';
import { createIncident } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { findErrorCatch, uncaughtErrorMessage } from '../behaviors/error-event.behavior.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';
import { jobWorkerTaskProcessor } from '../task/job-worker-task.processor.js';
import { byEventType, compensationThrowEvent, escalationThrowEvent, signalThrowEvent } from './throw-events.js';
import { terminateEndEventProcessor } from './terminate-end-event.processor.js';

const noneOrErrorEndEvent: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    if (el.element.eventType !== 'ERROR') return passThroughProcessor.onActivate(ctx, el, completion);
    const codeExpression = el.element.error?.errorCode;
    const code = codeExpression ? evaluateExpression(codeExpression, await visibleVariables(ctx, el.instance.key)) : { ok: true as const, value: '' };
    if (!code.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', code.message);
      return;
    }
    const error = { errorCode: String(code.value), errorMessage: '', variables: {} };
    // as in Zeebe, an uncaught error leaves the event ACTIVATING, so resolving the incident throws again
    const trigger = await findErrorCatch(ctx, el.instance.key, error);
    if (!trigger) {
      await createIncident(ctx, el.instance, 'UNHANDLED_ERROR_EVENT', await uncaughtErrorMessage(ctx, el.instance.key, error));
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    await trigger();
  },
  onComplete: passThroughProcessor.onComplete,
  onTerminate: passThroughProcessor.onTerminate,
};

export const endEventProcessor: BpmnElementProcessor = byEventType(
  { MESSAGE: jobWorkerTaskProcessor, SIGNAL: signalThrowEvent, ESCALATION: escalationThrowEvent, COMPENSATION: compensationThrowEvent, TERMINATE: terminateEndEventProcessor },
  noneOrErrorEndEvent,
);
