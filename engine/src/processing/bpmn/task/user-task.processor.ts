/**
 * User tasks. A Camunda user task (`zeebe:userTask`) creates a USER_TASK on activation and waits
 * for it to be completed (the completion's variables complete the element); terminating the
 * element cancels the task. A job-based user task waits for a job of type
 * `io.camunda.zeebe:userTask` whose headers carry the evaluated assignment, schedule and form.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { createJob, evaluateJobProperties } from '../behaviors/job.behavior.js';
import { createIncident, resolveIncidentOf } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import type { ElementContext } from '../behaviors/element-context.js';
import type { BatchContext } from '../../batch-context.js';
import { jobWorkerTaskProcessor } from './job-worker-task.processor.js';
import { evaluateUserTaskProperties, userTaskJobHeaders } from '../../user-task/user-task-properties.js';
import { assignOnCreation, cancelUserTaskOf, createUserTask } from '../../user-task/user-task.behavior.js';

const isCamundaUserTask = (el: ElementContext) => el.element.userTask?.implementation === 'zeebe';

export const userTaskProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    if (!isCamundaUserTask(el)) return activateJobBased(ctx, el);
    const props = await evaluateUserTaskProperties(ctx, el);
    if (!props.ok) {
      await createIncident(ctx, el.instance, props.error.errorType, props.error.message);
      return;
    }
    const task = await createUserTask(ctx, el, props.value);
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    if (props.value.assignee !== '') await assignOnCreation(ctx, task, props.value.assignee);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  async onTerminate(ctx, el) {
    if (!isCamundaUserTask(el)) return jobWorkerTaskProcessor.onTerminate(ctx, el);
    await resolveIncidentOf(ctx, el.instance);
    await cancelUserTaskOf(ctx, el.instance.key);
    await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};

async function activateJobBased(ctx: BatchContext, el: ElementContext): Promise<void> {
  const props = await evaluateJobProperties(ctx, el);
  if (!props.ok) {
    await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', props.error);
    return;
  }
  const headers = await userTaskJobHeaders(ctx, el);
  if (!headers.ok) {
    await createIncident(ctx, el.instance, headers.error.errorType, headers.error.message);
    return;
  }
  await createJob(ctx, el, { ...props.value, headers: headers.value });
  await transition(ctx, el, 'ELEMENT_ACTIVATED');
}
