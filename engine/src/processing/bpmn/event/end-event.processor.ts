/**
 * End events: a none end event completes and may complete its flow scope; an error end
 * event throws its error to the nearest catch event, or raises an incident when none catches it.
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';
import { evaluateExpression } from '../../../feel/feel.js';
import { createIncident } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { throwError, uncaughtErrorMessage } from '../behaviors/error-event.behavior.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';

export const endEventProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    if (el.element.eventType !== 'ERROR') return passThroughProcessor.onActivate(ctx, el, completion);
    const codeExpression = el.element.error?.errorCode;
    const code = codeExpression ? evaluateExpression(codeExpression, await visibleVariables(ctx, el.instance.key)) : { ok: true as const, value: '' };
    if (!code.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', code.message);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    const error = { errorCode: String(code.value), errorMessage: '', variables: {} };
    if (!(await throwError(ctx, el.instance.key, error))) {
      await createIncident(ctx, el.instance, 'UNHANDLED_ERROR_EVENT', await uncaughtErrorMessage(ctx, el.instance.key, error));
    }
  },
  onComplete: passThroughProcessor.onComplete,
  onTerminate: passThroughProcessor.onTerminate,
};
