/**
 * The platform server on test storage, optionally against a real engine on free ports, with the
 * demo users; `login(username)` signs in through the API and returns the headers to send.
 * `anotherApp(options)` builds a second app on the same database (an unreachable engine, a
 * Camunda-like proxy). `startPlatformHarness` runs the whole `startPlatform` (engine, workers,
 * server over HTTP) on test storage, with its documents and holidays in a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppOptions, type TypedApp } from '../../server/src/app.js';
import { openServerDatabase, type ServerDatabase } from '../../server/src/db/database.js';
import { startPlatform, type Platform, type PlatformOptions } from '../../server/src/platform.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../server/src/services/demo-users.js';
import { createTestStorage, type TestStorage } from '../support/database.js';
import { startTestEngineServer, type TestEngineServer } from '../support/engine-server.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export type Headers = {
  cookie: string;
  'x-csrf-token': string;
};

export interface ServerHarness {
  app: TypedApp;
  engine?: TestEngineServer;
  database: ServerDatabase;
  login(username: string): Promise<Headers>;
  /** a second app on this database (closed with the harness), e.g. `{ engine: { restUrl: 'http://127.0.0.1:9' } }` */
  anotherApp(options: Partial<AppOptions>): Promise<TypedApp>;
  close(): Promise<void>;
}

export async function startServerHarness(
  options: { engine?: boolean; deploy?: string[]; app?: Partial<AppOptions> } = {},
): Promise<ServerHarness> {
  const engine = options.engine ? await startTestEngineServer() : undefined;
  let storage: TestStorage | undefined;
  let database: ServerDatabase | undefined;
  try {
    storage = await createTestStorage();
    database = await openServerDatabase({ url: storage.databaseUrl, dataDir: storage.dataDir });
    const app = await buildApp({
      database,
      engine: { restUrl: engine?.httpUrl ?? 'http://127.0.0.1:9' },
      events: { pollIntervalMs: 0 },
      ...options.app,
    });
    await app.ready();
    await seedDemoUsers(app.db);
    if (options.deploy?.length) {
      await app.engineClient.deployResources(options.deploy.map((f) => ({ name: path.basename(f), content: fs.readFileSync(path.join(FIXTURES, f)) })));
    }
    const sessions = new Map<string, Headers>();
    const db = database;
    const store = storage;
    const others: TypedApp[] = [];
    return {
      app,
      engine,
      database: db,
      async login(username) {
        const cached = sessions.get(username);
        if (cached) return cached;
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
        const cookie = String(res.headers['set-cookie']).split(';')[0]!;
        const headers = { cookie, 'x-csrf-token': res.json().csrfToken as string };
        sessions.set(username, headers);
        return headers;
      },
      async anotherApp(overrides) {
        const other = await buildApp({ database: db, engine: { restUrl: engine?.httpUrl ?? 'http://127.0.0.1:9' }, events: { pollIntervalMs: 0 }, ...overrides });
        others.push(other);
        await other.ready();
        return other;
      },
      async close() {
        for (const other of others) await other.close();
        await app.close();
        await db.close();
        await store.drop();
        await engine?.close();
      },
    };
  } catch (e) {
    await database?.close();
    await storage?.drop();
    await engine?.close();
    throw e;
  }
}

/** signs in over HTTP; the headers to send */
async function loginOver(url: string, username: string): Promise<Headers> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

export interface PlatformHarness {
  platform: Platform;
  /** signs in over HTTP (the platform listens on a free port) */
  login(username: string): Promise<Headers>;
  close(): Promise<void>;
}

/**
 * `startPlatform` on test storage and free ports, without the console; DOCUMENTS_DIR and
 * HOLIDAYS_FILE point into a temporary folder until close. The demo users are there: created by
 * the platform (`demoUsers: true`) or seeded here.
 */
export async function startPlatformHarness(options: Partial<PlatformOptions> = {}): Promise<PlatformHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-harness-'));
  const saved = { DOCUMENTS_DIR: process.env.DOCUMENTS_DIR, HOLIDAYS_FILE: process.env.HOLIDAYS_FILE };
  process.env.DOCUMENTS_DIR = path.join(dir, 'documents');
  process.env.HOLIDAYS_FILE = path.join(dir, 'holidays.json');
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  let storage: TestStorage | undefined;
  try {
    storage = await createTestStorage();
    const platform = await startPlatform({
      port: 0,
      engineGrpcPort: 0,
      engineHttpPort: 0,
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
      engineDataDir: storage.dataDir,
      webDist: path.join(dir, 'no-console'),
      ...options,
    });
    if (!options.demoUsers) await seedDemoUsers(platform.app.db);
    const store = storage;
    return {
      platform,
      login: (username) => loginOver(platform.url, username),
      async close() {
        await platform.close();
        await store.drop();
        restore();
      },
    };
  } catch (e) {
    await storage?.drop();
    restore();
    throw e;
  }
}
