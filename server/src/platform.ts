/**
 * startPlatform: engine (gRPC + REST), workers and the platform server in one Node process —
 * what `npm start` and the tests run. The engine and the server keep separate PGlite folders
 * (`ENGINE_DATA_DIR`, `SERVER_DATA_DIR`) or share one PostgreSQL database in separate schemas.
 * With `engine: { restUrl, grpcAddress }` the engine is elsewhere (ours or a Camunda 8 cluster).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { startEngineServer, type EngineServer } from '../../engine/src/server.js';
import { buildApp, type TypedApp } from './app.js';
import { openServerDatabase } from './db/database.js';
import { seedDemoCases, seedDemoUsers } from './services/demo-users.js';
import { deployModelsFolder } from './services/model-deployments.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RemoteEngine {
  restUrl: string;
  grpcAddress: string;
  username?: string;
  password?: string;
}

export interface PlatformOptions {
  /** HTTP port of the server (default 3000; 0 = any free port) */
  port?: number;
  host?: string;
  /** PostgreSQL for both the engine (schema engine) and the server (schema platform) */
  databaseUrl?: string;
  /** the server's PGlite folder (default SERVER_DATA_DIR or .data/server) */
  dataDir?: string;
  /** the embedded engine's PGlite folder (default ENGINE_DATA_DIR or .data/engine) */
  engineDataDir?: string;
  /** the embedded engine's controlled clock (ZEEBE_CLOCK_CONTROLLED) */
  clockControlled?: boolean;
  /** 'embedded' (default) or where the engine runs */
  engine?: 'embedded' | RemoteEngine;
  /** ports of the embedded engine (default 26500 and 8080; 0 = any free port) */
  engineGrpcPort?: number;
  engineHttpPort?: number;
  /** models deployed to the embedded engine at start, through the server, which records them (default processes/) */
  deployDir?: string;
  /** start the job workers (default true) */
  workers?: boolean;
  /** create demo users on first start (default: on embedded storage) */
  demoUsers?: boolean;
  /** the console's build (default web/dist, when it exists) */
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  log?: Pick<Console, 'info' | 'error' | 'warn'>;
}

export interface Platform {
  url: string;
  app: TypedApp;
  engine?: EngineServer;
  engineRestUrl: string;
  grpcAddress: string;
  close(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? { info: () => undefined, error: console.error, warn: console.warn };
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((e: unknown) => log.error(e));
  };
  try {
    let engine: EngineServer | undefined;
    let remote: RemoteEngine;
    if (options.engine === undefined || options.engine === 'embedded') {
      engine = await startEngineServer({
        grpcPort: options.engineGrpcPort ?? 26500,
        httpPort: options.engineHttpPort ?? 8080,
        databaseUrl: options.databaseUrl,
        dataDir: options.engineDataDir ?? process.env.ENGINE_DATA_DIR ?? path.join(ROOT, '.data/engine'),
        clockControlled: options.clockControlled ?? false,
        logger: { info: (m: string) => log.info(m), error: (...a: unknown[]) => log.error(...a) },
      });
      closers.push(() => engine!.close());
      remote = { restUrl: `http://127.0.0.1:${engine.httpPort}`, grpcAddress: `127.0.0.1:${engine.grpcPort}` };
    } else {
      remote = options.engine;
    }

    if (options.workers !== false) {
      const workers = await startWorkersIfPresent(remote, log);
      if (workers) closers.push(() => workers.close());
    }

    const database = await openServerDatabase({
      url: options.databaseUrl,
      dataDir: options.dataDir ?? process.env.SERVER_DATA_DIR ?? path.join(ROOT, '.data/server'),
    });
    closers.push(() => database.close());
    const webDist = options.webDist ?? path.join(ROOT, 'web/dist');
    // the server's "now" is the engine's clock: in-process when embedded, else its actuator
    const clock = engine ? undefined : new RemoteEngineClock(remote.restUrl);
    const now = engine ? () => new Date(engine!.engine.clock.now()) : () => clock!.now();
    const app = await buildApp({
      now,
      database,
      engine: { restUrl: remote.restUrl, username: remote.username, password: remote.password },
      webDist: fs.existsSync(webDist) ? webDist : undefined,
      logger: options.logger,
    });
    closers.push(() => app.close());
    // a remote engine's clock is read (at most once a second) before each request is handled
    if (clock) app.addHook('onRequest', async () => clock.refresh());
    await app.ready();
    // the embedded engine's models, deployed through the server so that it records them (and their
    // sources: the form editor lists forms from that record)
    if (engine) {
      const deployed = await deployModelsFolder(app.engineClient, app.db, options.deployDir ?? path.join(ROOT, 'processes'));
      if (deployed) log.info(`deployed ${deployed.deployments.length} definitions from ${options.deployDir ?? 'processes/'}`);
    }
    if (options.demoUsers ?? !options.databaseUrl) {
      const created = await seedDemoUsers(app.db);
      if (created) {
        log.info(`created ${created} demo users (see server/README.md)`);
        const { courtCode, processIds } = app.platformConfig;
        const demoCases = await seedDemoCases(app.db, app.engineClient, { courtCode, processIds, log });
        if (demoCases) log.info(`registered ${demoCases} demo cases`);
      }
    }
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3000 });
    const port = (app.server.address() as { port: number }).port;
    return {
      url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`,
      app,
      engine,
      engineRestUrl: remote.restUrl,
      grpcAddress: remote.grpcAddress,
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/**
 * A remote engine's clock: Zeebe's `GET /actuator/clock` (`{ epochMilli, instant }`), read at most
 * once per `maxAgeMs` and advanced by the wall clock in between. A Camunda cluster without the
 * actuator (404, refused, no `epochMilli`) is on the wall clock: it is asked again after a minute.
 */
export class RemoteEngineClock {
  /** engine time minus wall time, when known */
  private offset = 0;
  private readAt = -Infinity;
  private pending?: Promise<void>;
  constructor(
    private readonly restUrl: string,
    private readonly maxAgeMs = 1000,
    private readonly unavailableRetryMs = 60_000,
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** reads the engine's clock when the last reading is older than maxAgeMs */
  refresh(): Promise<void> {
    if (Date.now() - this.readAt < this.maxAgeMs) return Promise.resolve();
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async read(): Promise<void> {
    const sentAt = Date.now();
    try {
      const res = await fetch(`${this.restUrl.replace(/\/$/, '')}/actuator/clock`, { signal: AbortSignal.timeout(2000) });
      const body = res.ok ? ((await res.json()) as { epochMilli?: unknown }) : undefined;
      if (typeof body?.epochMilli !== 'number') throw new Error('no actuator clock');
      const receivedAt = Date.now();
      this.offset = body.epochMilli - (sentAt + receivedAt) / 2;
      this.readAt = receivedAt;
    } catch {
      // no actuator: the wall clock, asked again later
      this.offset = 0;
      this.readAt = Date.now() + this.unavailableRetryMs - this.maxAgeMs;
    }
  }
}

/** the workers (workers/core/start-workers.ts) when that part is present in this checkout */
async function startWorkersIfPresent(remote: RemoteEngine, log: Pick<Console, 'info' | 'warn'>): Promise<{ close(): Promise<void> } | undefined> {
  const file = path.join(ROOT, 'workers/core/start-workers.ts');
  if (!fs.existsSync(file)) {
    log.warn('workers/core/start-workers.ts not found: starting without job workers');
    return undefined;
  }
  const { startWorkers } = (await import(pathToFileURL(file).href)) as typeof import('../../workers/core/start-workers.js');
  const workers = await startWorkers({
    grpcAddress: remote.grpcAddress,
    // job failures are worth seeing; the list of job types is summarised below
    log: { info: () => undefined, warn: (m, f) => log.warn(m, f ?? ''), error: (m, f) => log.warn(m, f ?? '') },
    auth: remote.username && remote.password ? { username: remote.username, password: remote.password } : undefined,
  });
  log.info(`workers: ${workers.types.length} job types`);
  return workers;
}
