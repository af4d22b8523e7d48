/**
 * Camunda 7's external-task API (`/engine-rest/external-task/…`) on the engine's jobs, so that
 * Camunda 7 workers (`camunda-external-task-client-js`) run against it:
 * - a topic is a job type; an external task's id is the job key; its lock is the job's
 *   activation (owner = worker, expiration = deadline);
 * - `fetchAndLock` activates jobs of the requested topics, long polling up to
 *   `asyncResponseTimeout` ms; variables travel in Camunda 7's typed format;
 * - `complete`, `failure` (retries, retryTimeout), `bpmnError` and `extendLock` check that the
 *   task is locked by the calling worker, as Camunda 7 does, then complete, fail, throw an error
 *   for, or update the timeout of the job; `unlock` hands the job back (a FAIL keeping its
 *   retries, without back-off), so that any worker may fetch it again at once.
 * Errors are Camunda 7's: `{ type, message, code }` with 400, 404 or 500.
 */
import type { FastifyInstance } from 'fastify';
import type { ActivatedJob, Rejection } from '../../engine-api.js';
import { getJob } from '../../query/job.queries.js';
import { fromTypedVariables, toTypedVariables, TypedValueError } from './c7-variables.js';
import type { RestContext } from './context.js';
import { clientGone } from './job-long-polling.js';
import { RejectionError, RestError, unwrap } from './problem.js';
import { DEFAULT_TENANT } from './request-mapper.js';

interface Topic {
  topicName: string;
  lockDuration: number;
  variables?: string[] | null;
  [filter: string]: unknown;
}

interface FetchAndLockBody {
  workerId: string;
  maxTasks: number;
  usePriority?: boolean;
  asyncResponseTimeout?: number | null;
  topics?: Topic[] | null;
}

/** Camunda 7's limit on long polling */
const MAX_ASYNC_RESPONSE_TIMEOUT_MS = 1_800_000;

/** topic filters of Camunda 7 that jobs cannot answer */
const UNSUPPORTED_TOPIC_FILTERS = [
  'businessKey',
  'processDefinitionId',
  'processDefinitionIdIn',
  'processDefinitionKey',
  'processDefinitionKeyIn',
  'processDefinitionVersionTag',
  'processVariables',
] as const;

const fetchAndLockSchema = {
  type: 'object',
  required: ['workerId', 'maxTasks'],
  properties: {
    workerId: { type: 'string', minLength: 1 },
    maxTasks: { type: 'integer', minimum: 0 },
    usePriority: { type: ['boolean', 'null'] },
    asyncResponseTimeout: { type: ['integer', 'null'], minimum: 0, maximum: MAX_ASYNC_RESPONSE_TIMEOUT_MS },
    topics: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['topicName', 'lockDuration'],
        properties: {
          topicName: { type: 'string', minLength: 1 },
          lockDuration: { type: 'integer', minimum: 1 },
          variables: { type: ['array', 'null'], items: { type: 'string' } },
        },
      },
    },
  },
} as const;

const workerBody = (extra: Record<string, unknown> = {}, required: string[] = []) =>
  ({ type: 'object', required: ['workerId', ...required], properties: { workerId: { type: 'string', minLength: 1 }, ...extra } }) as const;
const typedVariables = { type: ['object', 'null'] } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } } } as const;

type IdParams = { Params: { id: string } };

export function externalTaskRoutes(app: FastifyInstance, { engine, db, longPolling }: RestContext, logger: Pick<Console, 'error'>): void {
  app.setErrorHandler((error, req, reply) => {
    const { status, type, message } = toCamunda7Error(error);
    if (status === 500) logger.error(`REST ${req.method} ${req.url} failed unexpectedly`, error);
    return reply.code(status).send({ type, message, code: null });
  });
  // Camunda 7 answers `application/json` without a charset, and its client parses nothing else
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.header('content-type', 'application/json');
    return payload;
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ type: 'NotFoundException', message: `HTTP 404 Not Found: ${req.method} ${req.url}`, code: null }));

  app.post<{ Body: FetchAndLockBody }>('/external-task/fetchAndLock', { schema: { body: fetchAndLockSchema } }, async (req, reply) => {
    const { workerId, maxTasks, asyncResponseTimeout } = req.body;
    const topics = req.body.topics ?? [];
    for (const topic of topics) checkTopic(topic);
    if (maxTasks === 0 || topics.length === 0) return [];
    const deadline = asyncResponseTimeout ? Date.now() + asyncResponseTimeout : undefined;
    const types = topics.map((t) => t.topicName);
    const gone = clientGone(reply.raw);
    return longPolling.poll(types, deadline, gone, async (stillWanted) => {
      const locked: ReturnType<typeof toLockedTask>[] = [];
      for (const topic of topics) {
        const remaining = maxTasks - locked.length;
        if (remaining <= 0) break;
        const jobs = await longPolling.keepOrHandBack(
          unwrap(
            await engine.activateJobs(
              {
                type: topic.topicName,
                worker: workerId,
                timeout: topic.lockDuration,
                maxJobsToActivate: remaining,
                fetchVariable: topic.variables ?? undefined,
              },
              { stillWanted },
            ),
          ),
          gone,
        );
        // Camunda 7: `variables: []` asks for none, `null` for all
        locked.push(...jobs.map((job) => toLockedTask(job, workerId, Array.isArray(topic.variables) && topic.variables.length === 0)));
      }
      return locked;
    });
  });

  app.post<IdParams & { Body: { workerId: string; variables?: unknown; localVariables?: unknown } }>(
    '/external-task/:id/complete',
    { schema: { params: idParams, body: workerBody({ variables: typedVariables, localVariables: typedVariables }) } },
    async (req, reply) => {
      const { id } = req.params;
      await requireLockedBy(id, req.body.workerId, 'completed');
      const variables = { ...fromTypedVariables(req.body.variables, 'variables'), ...fromTypedVariables(req.body.localVariables, 'localVariables') };
      unwrap(await engine.completeJob(id, variables));
      return reply.code(204).send();
    },
  );

  app.post<IdParams & { Body: { workerId: string; errorMessage?: string | null; errorDetails?: string | null; retries?: number | null; retryTimeout?: number | null; variables?: unknown; localVariables?: unknown } }>(
    '/external-task/:id/failure',
    {
      schema: {
        params: idParams,
        body: workerBody({
          errorMessage: { type: ['string', 'null'] },
          errorDetails: { type: ['string', 'null'] },
          retries: { type: ['integer', 'null'], minimum: 0 },
          retryTimeout: { type: ['integer', 'null'], minimum: 0 },
          variables: typedVariables,
          localVariables: typedVariables,
        }),
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      await requireLockedBy(id, body.workerId, 'failed');
      const errorMessage = [body.errorMessage, body.errorDetails].filter(Boolean).join('\n');
      const variables = { ...fromTypedVariables(body.variables, 'variables'), ...fromTypedVariables(body.localVariables, 'localVariables') };
      unwrap(await engine.failJob({ jobKey: id, retries: body.retries ?? 0, errorMessage, retryBackOff: body.retryTimeout ?? 0, variables }));
      return reply.code(204).send();
    },
  );

  app.post<IdParams & { Body: { workerId: string; errorCode: string; errorMessage?: string | null; variables?: unknown } }>(
    '/external-task/:id/bpmnError',
    { schema: { params: idParams, body: workerBody({ errorCode: { type: 'string', minLength: 1 }, errorMessage: { type: ['string', 'null'] }, variables: typedVariables }, ['errorCode']) } },
    async (req, reply) => {
      const { id } = req.params;
      await requireLockedBy(id, req.body.workerId, 'reported a BPMN error');
      const variables = fromTypedVariables(req.body.variables, 'variables');
      unwrap(await engine.throwError({ jobKey: id, errorCode: req.body.errorCode, errorMessage: req.body.errorMessage ?? '', variables }));
      return reply.code(204).send();
    },
  );

  app.post<IdParams & { Body: { workerId: string; newDuration: number } }>(
    '/external-task/:id/extendLock',
    { schema: { params: idParams, body: workerBody({ newDuration: { type: 'integer', minimum: 1 } }, ['newDuration']) } },
    async (req, reply) => {
      const { id } = req.params;
      await requireLockedBy(id, req.body.workerId, 'extended its lock');
      unwrap(await engine.updateJobTimeout(id, req.body.newDuration));
      return reply.code(204).send();
    },
  );

  app.post<IdParams>('/external-task/:id/unlock', { schema: { params: idParams } }, async (req, reply) => {
    const job = await requireTask(req.params.id);
    if (job.state === 'ACTIVATED') {
      unwrap(await engine.failJob({ jobKey: job.key, retries: job.retries, errorMessage: job.errorMessage, retryBackOff: 0, variables: {} }));
    }
    return reply.code(204).send();
  });

  async function requireTask(id: string) {
    const job = await getJob(db, id);
    if (!job || job.state === 'COMPLETED' || job.state === 'CANCELED') throw new RestError(404, 'RestException', `External task with id ${id} does not exist`);
    return job;
  }

  /** Camunda 7 lets only the worker holding the lock act on a task */
  async function requireLockedBy(id: string, workerId: string, what: string): Promise<void> {
    const job = await requireTask(id);
    const owner = job.state === 'ACTIVATED' ? job.worker : null;
    if (owner !== workerId) {
      throw new RestError(400, 'BadUserRequestException', `External Task ${id} cannot be ${what} by worker '${workerId}'. It is locked by worker '${owner}'.`);
    }
  }
}

function checkTopic(topic: Topic): void {
  for (const filter of UNSUPPORTED_TOPIC_FILTERS) {
    if (topic[filter] != null) throw new RestError(400, 'InvalidRequestException', `The topic filter '${filter}' is not supported by this engine`);
  }
  const tenants = topic.tenantIdIn;
  if (Array.isArray(tenants) && tenants.some((t) => t !== DEFAULT_TENANT)) {
    throw new RestError(400, 'InvalidRequestException', 'Multi-tenancy is disabled in this engine: tenantIdIn may only name <default>');
  }
}

/** Camunda 7's LockedExternalTaskDto, from an activated job */
function toLockedTask(job: ActivatedJob, workerId: string, withoutVariables: boolean) {
  return {
    id: job.key,
    topicName: job.type,
    workerId,
    lockExpirationTime: camunda7Date(job.deadline),
    activityId: job.elementId,
    activityInstanceId: job.elementInstanceKey,
    executionId: job.elementInstanceKey,
    processInstanceId: job.processInstanceKey,
    processDefinitionId: job.processDefinitionKey,
    processDefinitionKey: job.bpmnProcessId,
    processDefinitionVersionTag: null,
    tenantId: job.tenantId === DEFAULT_TENANT ? null : job.tenantId,
    retries: job.retries,
    errorMessage: null,
    errorDetails: null,
    suspended: false,
    priority: 0,
    businessKey: null,
    extensionProperties: job.customHeaders,
    variables: withoutVariables ? {} : toTypedVariables(job.variables),
  };
}

/** Camunda 7's date format, `yyyy-MM-dd'T'HH:mm:ss.SSSZ` */
const camunda7Date = (epochMs: number) => new Date(epochMs).toISOString().replace('Z', '+0000');

function toCamunda7Error(error: unknown): { status: number; type: string; message: string } {
  if (error instanceof RestError) return { status: error.status, type: error.title === 'INVALID_ARGUMENT' ? 'InvalidRequestException' : error.title, message: error.message };
  if (error instanceof TypedValueError) return { status: 400, type: 'InvalidRequestException', message: error.message };
  if (error instanceof RejectionError) return rejectionToCamunda7(error.rejection);
  const fastifyError = error as { validation?: unknown; statusCode?: number; message?: string };
  if (fastifyError.validation || (fastifyError.statusCode && fastifyError.statusCode < 500)) {
    return { status: fastifyError.statusCode ?? 400, type: 'InvalidRequestException', message: fastifyError.message ?? 'Invalid request' };
  }
  return { status: 500, type: 'ProcessEngineException', message: error instanceof Error ? error.message : String(error) };
}

function rejectionToCamunda7(rejection: Rejection): { status: number; type: string; message: string } {
  const message = `Command '${rejection.intent}' rejected with code '${rejection.type}': ${rejection.reason}`;
  switch (rejection.type) {
    case 'NOT_FOUND':
      return { status: 404, type: 'RestException', message };
    case 'INVALID_ARGUMENT':
    case 'INVALID_STATE':
    case 'ALREADY_EXISTS':
      return { status: 400, type: 'BadUserRequestException', message };
    default:
      return { status: 500, type: 'ProcessEngineException', message };
  }
}
