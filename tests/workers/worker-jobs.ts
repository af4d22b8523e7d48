/** Jobs and outcomes for calling a worker's handler directly (`runHandler`), without an engine. */
import type { AnyWorkerDefinition, JobOutcome, WorkerJob } from '../../workers/core/define-worker.js';

/**
 * A job builder for one process: each job gets its own element instance unless one is given
 * (the same element instance makes the same idempotency key, as a redelivered job has).
 */
export function jobsOf(bpmnProcessId: string) {
  let seq = 0;
  return (definition: AnyWorkerDefinition, variables: Record<string, unknown>, elementInstanceKey = String(++seq)): WorkerJob<any, any> => ({
    key: `7${elementInstanceKey}`,
    type: definition.type,
    processInstanceKey: '1',
    bpmnProcessId,
    elementId: 'element',
    elementInstanceKey,
    idempotencyKey: `${elementInstanceKey}:${definition.type}`,
    retries: 3,
    variables,
    customHeaders: {},
  });
}

/** the variables of a completed outcome (fails the test otherwise) */
export function completed(outcome: JobOutcome): Record<string, any> {
  if (outcome.kind !== 'complete') throw new Error(`expected a completed job, got ${JSON.stringify(outcome)}`);
  return outcome.variables;
}
