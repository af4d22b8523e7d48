/**
 * Business rule tasks. With `zeebe:calledDecision` the task evaluates the latest version of the
 * decision on activation (DECISION_EVALUATION) and completes at once with the result in its
 * result variable; a failure is an incident. With a task definition it waits for a job worker.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { createIncident } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { processInstanceValue } from '../behaviors/element-context.js';
import { jobWorkerTaskProcessor } from './job-worker-task.processor.js';
import { evaluateCalledDecision } from '../../decision/called-decision.behavior.js';

export const businessRuleTaskProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    if (!el.element.calledDecision) return jobWorkerTaskProcessor.onActivate(ctx, el, completion);
    const result = await evaluateCalledDecision(ctx, el);
    if (!result.ok) {
      await createIncident(ctx, el.instance, result.error.errorType, result.error.message);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    // the result travels with the completion, as the variables of a completed job do
    ctx.writeCommand({
      key: el.instance.key,
      valueType: 'PROCESS_INSTANCE',
      intent: 'COMPLETE_ELEMENT',
      value: { ...processInstanceValue(el.instance) },
      meta: { variables: result.value },
    });
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: (ctx, el) => jobWorkerTaskProcessor.onTerminate(ctx, el),
};
