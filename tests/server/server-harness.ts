/**
 * The platform server on test storage, optionally against a real engine on free ports, with the
 * demo users; `login(username)` signs in through the API and returns the headers to send.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppOptions, type TypedApp } from '../../server/src/app.js';
import { openServerDatabase, type ServerDatabase } from '../../server/src/db/database.js';
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
      async close() {
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
