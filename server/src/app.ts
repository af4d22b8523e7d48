/**
 * buildApp(options): the platform API as a fastify instance, not yet listening.
 * Infrastructure and domain plugins first, then every route folder `routes/<resource>/index.ts`
 * found at start (each module's default export is registered under `/api`), then the console's
 * built files at `/` when a `webDist` folder is given.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import type { ServerDatabase, ServerDatabaseOptions } from './db/database.js';
import { auditPlugin } from './plugins/audit.js';
import { authPlugin, type AuthOptions } from './plugins/auth.js';
import { databasePlugin } from './plugins/database.js';
import { engineClientPlugin, type EngineClientOptions } from './plugins/engine-client.js';
import { eventsPlugin, type EventsOptions } from './plugins/events.js';
import type { SnapshotOptions } from './services/snapshot-cache.js';
import { errorBody, httpErrorsPlugin } from './plugins/http-errors.js';

const ROUTES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');

export interface AppOptions {
  /** an open database (the caller closes it) or how to open one (closed with the app) */
  database: ServerDatabase | ServerDatabaseOptions;
  engine: EngineClientOptions;
  auth?: AuthOptions;
  events?: EventsOptions;
  /** login attempts per user and address per window (default 10 per minute) */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** the process the server starts when a case is registered (default `enforcement-case`) */
  caseProcessId?: string;
  /** processes of the other case types, registered on their own (default 执恢 restoration, 执保 preservation) */
  caseTypeProcessIds?: Record<string, string>;
  /** 法院代码 for new case numbers (default `豫1330`) */
  courtCode?: string;
  /** the clock for deadline flags, filing dates and `serverTime` (default: the wall clock; startPlatform passes the engine's) */
  now?: () => Date;
  /** working days before a due date from which a task is flagged as about to expire (default 3) */
  dueSoonWorkingDays?: number;
  /** generated documents (common/document-store.ts; default DOCUMENTS_DIR or .data/documents) */
  documentsDir?: string;
  /** the console's built files, served at `/` with an SPA fallback */
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  /** the 执行质效 and windowed heatmap snapshots (services/snapshot-cache.ts); `onCompute` is told of each computation */
  monitoring?: MonitoringOptions;
}

export interface MonitoringOptions {
  snapshots?: Partial<SnapshotOptions>;
  onCompute?: (kind: 'quality' | 'heatmap', key: string) => void;
}

/** settings route modules read (`app.platformConfig`) */
export interface PlatformConfig {
  caseProcessId: string;
  /** process id per case type (执, 执恢, 执保) */
  processIds: Record<string, string>;
  courtCode: string;
  now: () => Date;
  dueSoonWorkingDays: number;
  documentsDir?: string;
  loginRateLimit: { max: number; timeWindowMs: number };
  monitoring: MonitoringOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    platformConfig: PlatformConfig;
  }
}

export type TypedApp = FastifyInstance<
  import('fastify').RawServerDefault,
  import('fastify').RawRequestDefaultExpression,
  import('fastify').RawReplyDefaultExpression,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** the route folders present at start: routes/<resource>/index.(ts|js) */
export function routeModules(dir = ROUTES_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ['index.ts', 'index.js'].map((f) => path.join(dir, d.name, f)).find((f) => fs.existsSync(f)))
    .filter((f): f is string => Boolean(f))
    .sort();
}

export async function buildApp(options: AppOptions): Promise<TypedApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const caseProcessId = options.caseProcessId ?? 'enforcement-case';
  app.decorate('platformConfig', {
    caseProcessId,
    processIds: { 执恢: 'restoration', 执保: 'preservation', ...options.caseTypeProcessIds, 执: caseProcessId },
    courtCode: options.courtCode ?? '豫1330',
    now: options.now ?? (() => new Date()),
    dueSoonWorkingDays: options.dueSoonWorkingDays ?? 3,
    documentsDir: options.documentsDir,
    loginRateLimit: options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    monitoring: options.monitoring ?? {},
  });

  await app.register(httpErrorsPlugin);
  await app.register(swagger, {
    openapi: {
      info: { title: '执行指挥中心 流程平台 API', description: 'Platform API of the court enforcement command centre', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, { global: false });
  await app.register(databasePlugin, { database: options.database });
  await app.register(engineClientPlugin, { engine: options.engine });
  await app.register(authPlugin, options.auth ?? {});
  await app.register(auditPlugin);
  await app.register(eventsPlugin, options.events ?? {});

  for (const file of routeModules()) {
    const mod = (await import(pathToFileURL(file).href)) as { default: FastifyPluginAsync };
    await app.register(mod.default, { prefix: '/api' });
  }

  const webDist = options.webDist && fs.existsSync(path.join(options.webDist, 'index.html')) ? path.resolve(options.webDist) : undefined;
  if (webDist) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    // the console's client-side routes fall back to index.html
    if (webDist && request.method === 'GET' && !url.startsWith('/api') && !url.startsWith('/docs')) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody(404, `未找到 ${request.method} ${url}`));
  });
  return app;
}
