/**
 * Jobs of job-worker tasks: created when the task activates, canceled when it is terminated.
 */
import { evaluateNumber, evaluateString } from '../../../feel/feel.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { BatchContext } from '../../batch-context.js';
import type { JobRow } from '../../../state/tables.js';
import type { ElementContext } from './element-context.js';
import { visibleVariables } from './variable.behavior.js';

export interface JobProperties {
  type: string;
  retries: number;
  /** the job's custom headers when they are not just the modelled ones (job-based user tasks) */
  headers?: Record<string, string>;
}

/** evaluates the task definition's type and retries (static or FEEL), with Zeebe's failure texts */
export async function evaluateJobProperties(ctx: BatchContext, el: ElementContext): Promise<Result<JobProperties, string>> {
  const job = el.element.job;
  if (!job) return err(`Expected element '${el.element.id}' to have a job definition, but it has none`);
  const needsContext = job.type.kind === 'feel' || job.retries.kind === 'feel';
  const context = needsContext ? await visibleVariables(ctx, el.instance.key) : {};
  // a static type stays a string even when it reads as a number
  const type = job.type.kind === 'static' ? { ok: true as const, value: job.type.value } : evaluateString(job.type, context);
  if (!type.ok) return err(type.message);
  if (type.value === '') {
    return err(`Expected result of the expression '${expressionText(job.type)}' to be a not-empty string, but was an empty string.`);
  }
  const retries = evaluateNumber(job.retries, context);
  if (!retries.ok) return err(retries.message);
  // Zeebe reads retries as a long: a fraction is cut off
  return ok({ type: type.value, retries: Math.trunc(retries.value) });
}

const expressionText = (e: { kind: 'static'; value: string } | { kind: 'feel'; expression: string }) =>
  e.kind === 'feel' ? e.expression : e.value;

export async function createJob(ctx: BatchContext, el: ElementContext, props: JobProperties): Promise<void> {
  const i = el.instance;
  await ctx.writeEvent(ctx.nextKey(), 'JOB', 'CREATED', {
    type: props.type,
    retries: props.retries,
    worker: '',
    deadline: '-1',
    customHeaders: props.headers ?? el.element.job?.headers ?? {},
    elementId: i.elementId,
    elementInstanceKey: i.key,
    processInstanceKey: i.processInstanceKey,
    bpmnProcessId: i.bpmnProcessId,
    processDefinitionVersion: i.version,
    processDefinitionKey: i.processDefinitionKey,
    tenantId: i.tenantId,
    errorMessage: '',
    errorCode: '',
    variables: {},
  });
  ctx.effects.jobTypesAvailable.add(props.type);
}

const LIVE_JOB_STATES = new Set(['ACTIVATABLE', 'ACTIVATED', 'FAILED', 'BACKOFF', 'ERROR_THROWN']);

export async function cancelJob(ctx: BatchContext, el: ElementContext): Promise<void> {
  if (!el.instance.jobKey) return;
  const job = await ctx.uow.getJob(el.instance.jobKey);
  if (!job || !LIVE_JOB_STATES.has(job.state)) return;
  // a job whose error was caught ended with it (Zeebe deletes it); only an uncaught one, waiting
  // on its incident, is still there to cancel
  if (job.state === 'ERROR_THROWN' && !el.instance.incidentKey) return;
  await ctx.writeEvent(job.key, 'JOB', 'CANCELED', jobValue(job));
}

/** Zeebe's JobRecord value for a stored job */
export function jobValue(job: JobRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: job.type,
    retries: job.retries,
    worker: job.worker,
    deadline: job.deadline == null ? '-1' : String(job.deadline),
    customHeaders: job.customHeaders,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.version,
    processDefinitionKey: job.processDefinitionKey,
    tenantId: job.tenantId,
    errorMessage: job.errorMessage,
    errorCode: job.errorCode,
    variables: {},
    ...extra,
  };
}
