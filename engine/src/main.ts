/**
 * `npm run engine`: the engine alone, configured from the environment (see README).
 */
import path from 'node:path';
import { startEngineServer } from './server.js';

const env = process.env;

/** a whole number ≥ 0 from the environment, or the default; anything else stops the start naming the variable */
function wholeNumber(name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got '${text}'`);
  return value;
}
const credentials = env.ENGINE_USERNAME && env.ENGINE_PASSWORD ? { username: env.ENGINE_USERNAME, password: env.ENGINE_PASSWORD } : undefined;

const server = await startEngineServer({
  host: env.ENGINE_HOST ?? '127.0.0.1',
  grpcPort: Number(env.ENGINE_GRPC_PORT ?? 26500),
  httpPort: Number(env.ENGINE_HTTP_PORT ?? 8080),
  databaseUrl: env.DATABASE_URL || undefined,
  dataDir: env.ENGINE_DATA_DIR ?? path.resolve('.data/engine'),
  clockControlled: env.ZEEBE_CLOCK_CONTROLLED === 'true',
  credentials,
  advertiseCompression: env.ENGINE_GRPC_ADVERTISE_COMPRESSION === 'true',
  backpressure: {
    maxQueueLatencyMs: wholeNumber('ENGINE_BACKPRESSURE_QUEUE_LATENCY_MS'),
    minQueued: wholeNumber('ENGINE_BACKPRESSURE_MIN_QUEUED'),
    maxQueued: wholeNumber('ENGINE_BACKPRESSURE_MAX_QUEUED'),
  },
  deployDir: env.ENGINE_DEPLOY_DIR ?? path.resolve('processes'),
  logger: console,
});

console.info(
  `engine ready: gRPC ${server.grpcPort}, HTTP ${server.httpPort}, storage ${env.DATABASE_URL ? 'PostgreSQL' : `PGlite (${env.ENGINE_DATA_DIR ?? '.data/engine'})`}` +
    (env.ZEEBE_CLOCK_CONTROLLED === 'true' ? ', controlled clock' : ''),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  });
}
