/**
 * `npm run server`: the platform server alone, pointed at an engine by the environment:
 * ENGINE_REST_URL (default http://localhost:8080), ENGINE_USERNAME/ENGINE_PASSWORD (basic auth),
 * DATABASE_URL or SERVER_DATA_DIR (default .data/server), PORT (3000), HOST (127.0.0.1).
 */
import path from 'node:path';
import { buildApp } from './app.js';
import { openServerDatabase } from './db/database.js';
import { seedDemoUsers } from './services/demo-users.js';

const env = process.env;
const database = await openServerDatabase({ url: env.DATABASE_URL || undefined, dataDir: env.SERVER_DATA_DIR ?? path.resolve('.data/server') });
const app = await buildApp({
  database,
  engine: { restUrl: env.ENGINE_REST_URL ?? 'http://localhost:8080', username: env.ENGINE_USERNAME, password: env.ENGINE_PASSWORD },
  caseProcessId: env.CASE_PROCESS_ID,
  courtCode: env.COURT_CODE,
  webDist: env.WEB_DIST ?? path.resolve('web/dist'),
  auth: { secureCookie: env.SECURE_COOKIE === 'true' },
  logger: { level: env.LOG_LEVEL ?? 'info' },
});
await app.ready();
if (env.DEMO_USERS === 'true' || (!env.DATABASE_URL && env.DEMO_USERS !== 'false')) {
  const created = await seedDemoUsers(app.db);
  if (created) app.log.info(`created ${created} demo users (see server/README.md)`);
}
await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 3000) });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}
