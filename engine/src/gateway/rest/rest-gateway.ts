/**
 * The engine's REST gateways on its HTTP port, each a fastify plugin under its own prefix:
 * - `/v2`: the subset of Camunda 8.8's Orchestration Cluster REST API the platform uses, with
 *   Camunda's paths, bodies, search semantics and problem details;
 * - `/x-engine/v1`: this engine's extensions (pending timers, element durations), under a
 *   prefix Camunda's API can never use;
 * - `/engine-rest`: Camunda 7's external-task API mapped onto jobs, for Camunda 7 workers.
 *
 * When the engine runs with credentials, every request needs them as Basic authentication.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EngineApi } from '../../engine-api.js';
import type { Queryable } from '../../state/db.js';
import type { DefinitionCache } from '../../state/definition-cache.js';
import { checkBasicAuthorization, type BasicCredentials } from './basic-auth.js';
import { clusterRoutes } from './cluster.routes.js';
import type { RestContext } from './context.js';
import { decisionDefinitionRoutes } from './decision-definition.routes.js';
import { deploymentRoutes, MAX_DEPLOYMENT_BYTES } from './deployment.routes.js';
import { elementInstanceRoutes } from './element-instance.routes.js';
import { extensionRoutes } from './extension.routes.js';
import { externalTaskRoutes } from './external-task.routes.js';
import { incidentRoutes } from './incident.routes.js';
import { JobLongPolling } from './job-long-polling.js';
import { jobRoutes } from './job.routes.js';
import { messageSignalDecisionRoutes } from './message-signal-decision.routes.js';
import { boundaryOf, MultipartBody, parseMultipart } from './multipart.js';
import { errorToProblem, invalidArgument, isUnexpected, sendProblem } from './problem.js';
import { processDefinitionRoutes } from './process-definition.routes.js';
import { processInstanceRoutes } from './process-instance.routes.js';
import { resourceRoutes } from './resource.routes.js';
import { startFormRoutes } from './start-form.routes.js';
import { ElementNames } from './response-mapper.js';
import { userTaskRoutes } from './user-task.routes.js';
import { variableRoutes } from './variable.routes.js';

export interface RestGatewayOptions {
  engine: EngineApi;
  /** the engine's database, read by the query functions */
  db: Queryable;
  definitions: DefinitionCache;
  credentials?: BasicCredentials;
  grpcAddress: { host: string; port: number };
  /** where unexpected errors (bugs) are reported; console by default */
  logger?: Pick<Console, 'error'>;
}

export async function registerRestGateway(app: FastifyInstance, options: RestGatewayOptions): Promise<void> {
  const logger = options.logger ?? console;
  const longPolling = new JobLongPolling(options.engine);
  const ctx: RestContext = {
    engine: options.engine,
    db: options.db,
    names: new ElementNames(options.db, options.definitions),
    longPolling,
    grpcAddress: options.grpcAddress,
  };
  closePromptly(app, () => longPolling.close(), () => longPolling.closing);

  await app.register(
    async (v2) => {
      acceptJsonBodies(v2);
      v2.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_DEPLOYMENT_BYTES }, (req, body, done) => {
        try {
          done(null, new MultipartBody(parseMultipart(body as Buffer, boundaryOf(req.headers['content-type']))));
        } catch (error) {
          done(invalidArgument((error as Error).message));
        }
      });
      if (options.credentials) requireBasicAuth(v2, options.credentials, refuseWithProblem);
      v2.setErrorHandler(problemErrorHandler(logger));
      v2.setNotFoundHandler((req, reply) =>
        sendProblem(req, reply, { status: 404, title: 'NOT_FOUND', detail: `Expected to handle ${req.method} ${req.url.split('?')[0]}, but this engine has no such endpoint` }),
      );
      for (const routes of [clusterRoutes, deploymentRoutes, processDefinitionRoutes, processInstanceRoutes, elementInstanceRoutes, jobRoutes, incidentRoutes, variableRoutes, userTaskRoutes, messageSignalDecisionRoutes, decisionDefinitionRoutes, startFormRoutes, resourceRoutes]) {
        routes(v2, ctx);
      }
    },
    { prefix: '/v2' },
  );

  await app.register(
    async (extensions) => {
      acceptJsonBodies(extensions);
      if (options.credentials) requireBasicAuth(extensions, options.credentials, refuseWithProblem);
      extensions.setErrorHandler(problemErrorHandler(logger));
      extensionRoutes(extensions, ctx);
    },
    { prefix: '/x-engine/v1' },
  );

  await app.register(
    async (c7) => {
      acceptJsonBodies(c7);
      // Camunda 7's engine-rest answers a missing or wrong login with a bare 401
      if (options.credentials) requireBasicAuth(c7, options.credentials, (_req, reply) => reply.code(401).send());
      externalTaskRoutes(c7, ctx, logger);
    },
    { prefix: '/engine-rest' },
  );
}

/**
 * Closing the server waits for its connections. So that it need not wait for timeouts:
 * waiting job activations answer at once (without jobs), answers sent while closing end their
 * connection, and connections that carry no request (a client's keep-alive or pre-opened
 * connection) are dropped.
 */
function closePromptly(app: FastifyInstance, wakePolls: () => void, closing: () => boolean): void {
  const requestsInFlight = new Map<Socket, number>();
  app.server.on('connection', (socket: Socket) => {
    requestsInFlight.set(socket, 0);
    socket.once('close', () => requestsInFlight.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    requestsInFlight.set(socket, (requestsInFlight.get(socket) ?? 0) + 1);
    res.once('close', () => requestsInFlight.has(socket) && requestsInFlight.set(socket, Math.max(0, (requestsInFlight.get(socket) ?? 1) - 1)));
  });
  app.addHook('preClose', async () => {
    wakePolls();
    for (const [socket, requests] of requestsInFlight) if (requests === 0) socket.destroy();
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing()) reply.header('connection', 'close');
    return payload;
  });
}

/**
 * JSON bodies as Camunda's gateway reads them: an empty body (some clients send a JSON
 * content type with nothing) is no body; `__proto__` keys are refused.
 */
function acceptJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(
        null,
        JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__') throw new Error('a __proto__ property is not allowed');
          return value;
        }),
      );
    } catch (error) {
      done(invalidArgument(`Expected to handle the request, but its JSON body is invalid: ${(error as Error).message}`));
    }
  });
}

/** every failure through the one mapper; bugs are logged in full where they happened */
const problemErrorHandler =
  (logger: Pick<Console, 'error'>) =>
  (error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (isUnexpected(error)) logger.error(`REST ${req.method} ${req.url} failed unexpectedly`, error);
    return sendProblem(req, reply, errorToProblem(error, req));
  };

type Refusal = (req: FastifyRequest, reply: FastifyReply, detail: string) => unknown;

const refuseWithProblem: Refusal = (req, reply, detail) => sendProblem(req, reply, { status: 401, title: 'UNAUTHORIZED', detail });

/** `GET /v2/status` stays open, as Camunda's health check does */
function requireBasicAuth(app: FastifyInstance, credentials: BasicCredentials, refuse: Refusal): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && req.url === '/v2/status') return;
    const refusal = checkBasicAuthorization(req.headers.authorization, credentials);
    if (refusal) {
      reply.header('www-authenticate', 'Basic realm="camunda"');
      await refuse(req, reply, refusal);
      return reply;
    }
  });
}
