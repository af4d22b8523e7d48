/**
 * Service, send, script and business-rule tasks: the task waits for a job worker. The job is
 * created on activation; completing the job completes the task; terminating the task cancels
 * the job.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { cancelJob, createJob, evaluateJobProperties } from '../behaviors/job.behavior.js';
import { createIncident, resolveIncidentOf } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';

export const jobWorkerTaskProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const props = await evaluateJobProperties(ctx, el);
    if (!props.ok) {
      await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', props.error);
      return;
    }
    await createJob(ctx, el, props.value);
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  async onTerminate(ctx, el) {
    await cancelJob(ctx, el);
    await resolveIncidentOf(ctx, el.instance);
    await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};
