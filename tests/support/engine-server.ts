/** A whole engine (gRPC + HTTP) on free ports and its own test storage. */
import { startEngineServer, type EngineServer } from '../../engine/src/server.js';
import { createTestStorage } from './database.js';

export interface TestEngineServer extends EngineServer {
  grpcAddress: string;
  httpUrl: string;
}

export async function startTestEngineServer(
  options: { clockControlled?: boolean; credentials?: { username: string; password: string } } = {},
): Promise<TestEngineServer> {
  const storage = await createTestStorage();
  const server = await startEngineServer({
    grpcPort: 0,
    httpPort: 0,
    databaseUrl: storage.databaseUrl,
    dataDir: storage.dataDir,
    clockControlled: options.clockControlled ?? false,
    credentials: options.credentials,
    dueCheckIntervalMs: 100,
    logger: { info: () => undefined, error: console.error },
  });
  return {
    ...server,
    grpcAddress: `127.0.0.1:${server.grpcPort}`,
    httpUrl: `http://127.0.0.1:${server.httpPort}`,
    async close() {
      await server.close();
      await storage.drop();
    },
  };
}
