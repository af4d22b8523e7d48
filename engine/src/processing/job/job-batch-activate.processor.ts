/**
 * JOB_BATCH ACTIVATE: hands up to `maxJobsToActivate` activatable jobs of one type to a
 * worker, locked until `now + timeout`. Set-based: one `FOR UPDATE SKIP LOCKED` query finds
 * the jobs, so engine processes sharing a database never hand out the same job twice.
 */
import type { ActivateJobsInput, ActivatedJob, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { fromDb, jobTable, type JobRow } from '../../state/tables.js';
import { ok, type Result } from '../../util/result.js';
import { jobValue } from '../bpmn/behaviors/job.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';

async function findActivatable(ctx: BatchContext, type: string, tenantIds: string[], max: number): Promise<JobRow[]> {
  // jobs created earlier in this batch are not in the table yet
  const pending = [...ctx.uow.jobs.rows.values()].filter((j) => j.type === type && j.state === 'ACTIVATABLE' && tenantIds.includes(j.tenantId));
  const raw = await ctx.uow.tx.query(
    `SELECT * FROM engine.job
      WHERE type = $1 AND state = 'ACTIVATABLE' AND tenant_id = ANY($2::text[])
      ORDER BY key LIMIT $3
      FOR UPDATE SKIP LOCKED`,
    [type, tenantIds, max],
  );
  const found = new Map<string, JobRow>();
  for (const row of raw.map((r) => fromDb(jobTable, r))) {
    const cached = ctx.uow.jobs.rows.get(row.key);
    if (cached && cached.state !== 'ACTIVATABLE') continue; // changed earlier in this batch
    if (!cached) ctx.uow.jobs.rows.set(row.key, row);
    found.set(row.key, cached ?? row);
  }
  for (const job of pending) found.set(job.key, job);
  return [...found.values()].sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1)).slice(0, max);
}

export async function activateJobs(ctx: BatchContext, input: ActivateJobsInput): Promise<Result<ActivatedJob[], Rejection>> {
  const tenantIds = input.tenantIds && input.tenantIds.length > 0 ? input.tenantIds : ['<default>'];
  const jobs = await findActivatable(ctx, input.type, tenantIds, input.maxJobsToActivate);
  if (jobs.length === 0) return ok([]);
  // what every job's variables are read from, in two queries for the whole batch of jobs
  await ctx.uow.prefetchElementInstances(jobs.map((j) => j.elementInstanceKey));
  await ctx.uow.prefetchScopeVariables(jobs.flatMap((j) => ctx.uow.cachedScopeChain(j.elementInstanceKey)));
  const deadline = ctx.now + input.timeout;
  await ctx.writeEvent(ctx.nextKey(), 'JOB_BATCH', 'ACTIVATED', {
    type: input.type,
    worker: input.worker,
    timeout: input.timeout,
    deadline: String(deadline),
    maxJobsToActivate: input.maxJobsToActivate,
    jobKeys: jobs.map((j) => j.key),
    jobs: jobs.map((j) => jobValue(j, { worker: input.worker, deadline: String(deadline) })),
    truncated: false,
  });
  const activated: ActivatedJob[] = [];
  for (const job of jobs) {
    activated.push({
      key: job.key,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      processDefinitionVersion: job.version,
      processDefinitionKey: job.processDefinitionKey,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      customHeaders: job.customHeaders,
      worker: input.worker,
      retries: job.retries,
      deadline,
      variables: await visibleVariables(ctx, job.elementInstanceKey, input.fetchVariable),
      tenantId: job.tenantId,
    });
  }
  return ok(activated);
}
