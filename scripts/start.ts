/**
 * `npm start`: the whole platform on one machine — builds the console when web/ exists and its
 * build is missing or older than its sources, then starts engine, workers and server together
 * (server/src/platform.ts) on embedded storage, or on DATABASE_URL when set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform } from '../server/src/platform.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/src/services/demo-users.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

/** newest modification time of a file under `dir` (0 when absent) */
function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return max;
}

async function buildConsoleIfNeeded(): Promise<void> {
  const web = path.join(root, 'web');
  if (!fs.existsSync(path.join(web, 'vite.config.ts'))) return;
  const dist = path.join(web, 'dist');
  const sources = Math.max(newest(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs);
  if (fs.existsSync(path.join(dist, 'index.html')) && newest(dist) >= sources) return;
  console.info('building the console (web/) …');
  const { build } = await import('vite');
  await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
}

try {
  await buildConsoleIfNeeded();
} catch (e) {
  console.error(`could not build the console, starting without it: ${(e as Error).message}`);
}

const remote = env.ENGINE_REST_URL && env.ZEEBE_GRPC_ADDRESS;
const platform = await startPlatform({
  port: Number(env.PORT ?? 3000),
  host: env.HOST ?? '127.0.0.1',
  databaseUrl: env.DATABASE_URL || undefined,
  clockControlled: env.ZEEBE_CLOCK_CONTROLLED === 'true',
  engineGrpcPort: Number(env.ENGINE_GRPC_PORT ?? 26500),
  engineHttpPort: Number(env.ENGINE_HTTP_PORT ?? 8080),
  engine: remote
    ? { restUrl: env.ENGINE_REST_URL!, grpcAddress: env.ZEEBE_GRPC_ADDRESS!, username: env.ENGINE_USERNAME, password: env.ENGINE_PASSWORD }
    : 'embedded',
  demoUsers: env.DEMO_USERS ? env.DEMO_USERS === 'true' : undefined,
  log: console,
});

console.info(`\n执行指挥中心 流程平台: ${platform.url}   (API docs: ${platform.url}/docs)`);
if (platform.engine) console.info(`engine: gRPC ${platform.grpcAddress}, REST ${platform.engineRestUrl}`);
console.info(`demo users (password ${DEMO_PASSWORD}):`);
for (const u of DEMO_USERS) console.info(`  ${u.username.padEnd(12)} ${u.roles.join(',').padEnd(11)} ${u.groups.join('、').padEnd(12)} ${u.displayName}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void platform.close().then(() => process.exit(0));
  });
}
