/**
 * Script tasks. With `zeebe:script` the task evaluates its FEEL expression on activation (it sees
 * the task's input mappings) and completes at once with the value in its result variable; a
 * failing expression is an incident. With a task definition it waits for a job worker.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { createIncident } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { processInstanceValue } from '../behaviors/element-context.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';
import { jobWorkerTaskProcessor } from './job-worker-task.processor.js';
import { evaluateFeel } from '../../../feel/feel.js';

export const scriptTaskProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el, completion) {
    const script = el.element.script;
    if (!script) return jobWorkerTaskProcessor.onActivate(ctx, el, completion);
    const result = evaluateFeel(script.expression, await visibleVariables(ctx, el.instance.key));
    if (!result.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', result.message);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    ctx.writeCommand({
      key: el.instance.key,
      valueType: 'PROCESS_INSTANCE',
      intent: 'COMPLETE_ELEMENT',
      value: { ...processInstanceValue(el.instance) },
      meta: { variables: { [script.resultVariable]: result.value } },
    });
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  onTerminate: (ctx, el) => jobWorkerTaskProcessor.onTerminate(ctx, el),
};
