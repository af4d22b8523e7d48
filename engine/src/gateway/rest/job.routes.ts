/**
 * Jobs: activation (long polling), completion, failure, business error, and update (retries,
 * timeout). Each is one mapping from request to engine command.
 */
import type { FastifyInstance } from 'fastify';
import type { RestContext } from './context.js';
import { clientGone, DEFAULT_LONG_POLLING_TIMEOUT_MS } from './job-long-polling.js';
import { invalidArgument, notSupported, unwrap } from './problem.js';
import { tenantsOf, variablesOf } from './request-mapper.js';
import { toActivatedJob } from './response-mapper.js';
import { jobActivationBody, jobCompletionBody, jobErrorBody, jobFailureBody, jobUpdateBody, keyParams } from './schemas.js';

interface ActivationBody {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  requestTimeout?: number;
  tenantIds?: string[];
}

type Variables = Record<string, unknown> | null;
type JobParams = { Params: { jobKey: string } };

export function jobRoutes(app: FastifyInstance, { engine, longPolling }: RestContext): void {
  /**
   * requestTimeout 0 (or absent) waits up to the gateway default of 10 s for jobs, a negative
   * one answers at once, even without jobs.
   */
  app.post<{ Body: ActivationBody }>('/jobs/activation', { schema: { body: jobActivationBody } }, async (req, reply) => {
    const body = req.body;
    const input = {
      type: body.type,
      worker: body.worker ?? '',
      timeout: body.timeout,
      maxJobsToActivate: body.maxJobsToActivate,
      fetchVariable: body.fetchVariable,
      tenantIds: tenantsOf(body.tenantIds, 'Activate Jobs'),
    };
    const requestTimeout = body.requestTimeout ?? 0;
    const deadline = requestTimeout < 0 ? undefined : Date.now() + (requestTimeout > 0 ? requestTimeout : DEFAULT_LONG_POLLING_TIMEOUT_MS);
    const gone = clientGone(reply.raw);
    const jobs = await longPolling.poll([body.type], deadline, gone, async (stillWanted) =>
      longPolling.keepOrHandBack(unwrap(await engine.activateJobs(input, { stillWanted })), gone),
    );
    return { jobs: jobs.map(toActivatedJob) };
  });

  app.post<JobParams & { Body: { variables?: Variables; result?: unknown } | null }>(
    '/jobs/:jobKey/completion',
    { schema: { params: keyParams('jobKey'), body: jobCompletionBody } },
    async (req, reply) => {
      if (req.body?.result != null) throw notSupported('completing a job with a result (user task or ad-hoc sub-process)');
      unwrap(await engine.completeJob(req.params.jobKey, variablesOf(req.body?.variables)));
      return reply.code(204).send();
    },
  );

  app.post<JobParams & { Body: { retries?: number; errorMessage?: string | null; retryBackOff?: number; variables?: Variables } | null }>(
    '/jobs/:jobKey/failure',
    { schema: { params: keyParams('jobKey'), body: jobFailureBody } },
    async (req, reply) => {
      const body = req.body ?? {};
      unwrap(
        await engine.failJob({
          jobKey: req.params.jobKey,
          retries: body.retries ?? 0,
          errorMessage: body.errorMessage ?? '',
          retryBackOff: body.retryBackOff ?? 0,
          variables: variablesOf(body.variables),
        }),
      );
      return reply.code(204).send();
    },
  );

  app.post<JobParams & { Body: { errorCode: string; errorMessage?: string | null; variables?: Variables } }>(
    '/jobs/:jobKey/error',
    { schema: { params: keyParams('jobKey'), body: jobErrorBody } },
    async (req, reply) => {
      const { errorCode, errorMessage, variables } = req.body;
      unwrap(await engine.throwError({ jobKey: req.params.jobKey, errorCode, errorMessage: errorMessage ?? '', variables: variablesOf(variables) }));
      return reply.code(204).send();
    },
  );

  app.patch<JobParams & { Body: { changeset: { retries?: number | null; timeout?: number | null } } }>(
    '/jobs/:jobKey',
    { schema: { params: keyParams('jobKey'), body: jobUpdateBody } },
    async (req, reply) => {
      const { retries, timeout } = req.body.changeset;
      if (retries == null && timeout == null) throw invalidArgument('At least one of [retries, timeout] is required.');
      if (retries != null) unwrap(await engine.updateJobRetries(req.params.jobKey, retries));
      if (timeout != null) unwrap(await engine.updateJobTimeout(req.params.jobKey, timeout));
      return reply.code(204).send();
    },
  );
}
