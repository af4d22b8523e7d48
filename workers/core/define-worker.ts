/**
 * `defineWorker`: one job type, one handler. The handler returns the variables to complete the
 * job with; it throws `BusinessError` for a business outcome the model catches (a BPMN error
 * boundary event), and anything else for a technical failure, which is retried with back-off and
 * becomes an incident when the retries run out.
 *
 * Idempotency: a job may be delivered twice (a worker dies after doing the work but before
 * completing it, or the job times out). `job.idempotencyKey` is the element instance key plus the
 * job type: stable across redeliveries and retries of the same task, unlike the job key. Handlers
 * key their side effects (documents, freezes) on it.
 */
import type { WorkerContext } from './context.js';

/** a business outcome: thrown by a handler, it becomes a BPMN error with this code */
export class BusinessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BusinessError';
  }
}

export interface WorkerJob<V, H> {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** stable across redeliveries of the same task: `${elementInstanceKey}:${type}` */
  idempotencyKey: string;
  retries: number;
  variables: V;
  customHeaders: H;
}

export type WorkerResult = Record<string, unknown> | void;

export interface WorkerDefinition<V = Record<string, any>, H = Record<string, string>> {
  /** the job type, from the domain's job-types.ts */
  type: string;
  description: string;
  /** how long the job is locked to this worker; default 60 s */
  timeoutMs?: number;
  /** retries this worker allows after a technical failure (capped by the job's own retries); default 3 */
  maxRetries?: number;
  /** back-off before the first retry, doubled each time; default 2 s */
  retryBackoffMs?: number;
  /** only these variables are fetched; default all */
  fetchVariables?: string[];
  handler: (job: WorkerJob<V, H>, ctx: WorkerContext) => Promise<WorkerResult> | WorkerResult;
}

export type AnyWorkerDefinition = WorkerDefinition<any, any>;

export function defineWorker<V = Record<string, any>, H = Record<string, string>>(definition: WorkerDefinition<V, H>): WorkerDefinition<V, H> {
  if (!/^[a-z][a-zA-Z0-9-]*\.[a-z][a-zA-Z0-9-]*$/.test(definition.type)) {
    throw new Error(`defineWorker: type '${definition.type}' is not '<domain>.<action>'`);
  }
  if (typeof definition.handler !== 'function') throw new Error(`defineWorker(${definition.type}): handler must be a function`);
  return definition;
}

export type JobOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'error'; code: string; message: string; variables: Record<string, unknown> }
  | { kind: 'fail'; message: string; retries: number; retryBackOffMs: number };

/** runs a handler and says what to tell the engine; never throws */
export async function runHandler(definition: AnyWorkerDefinition, job: WorkerJob<any, any>, ctx: WorkerContext): Promise<JobOutcome> {
  try {
    const variables = (await definition.handler(job, ctx)) ?? {};
    return { kind: 'complete', variables };
  } catch (error) {
    if (error instanceof BusinessError) return { kind: 'error', code: error.code, message: error.message, variables: error.variables };
    const maxRetries = definition.maxRetries ?? 3;
    const retries = Math.max(0, Math.min(job.retries - 1, maxRetries));
    const attempt = Math.max(0, maxRetries - retries);
    // the incident text supervisors read (监控 → 异常): Chinese, with the job type and element id verbatim
    const message = `任务 ${definition.type} 在元素 ${job.elementId} 处失败：${error instanceof Error ? error.message : String(error)}`;
    ctx.log.error(message, { jobKey: job.key, processInstanceKey: job.processInstanceKey, retries });
    return { kind: 'fail', message, retries, retryBackOffMs: retries === 0 ? 0 : (definition.retryBackoffMs ?? 2000) * 2 ** Math.max(0, attempt - 1) };
  }
}
