/**
 * Starts an engine with its gateways: Zeebe gRPC (26500) and HTTP (8080: management, the
 * Camunda REST API `/v2`, the engine's extensions `/x-engine/v1` and Camunda 7's external
 * tasks `/engine-rest`). Used by `npm run engine`, the tests and the benchmark.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { readModelsFolder } from '../../common/models-folder.js';
import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { startGrpcGateway, type GrpcGateway } from './gateway/grpc/grpc-gateway.js';
import { managementRoutes } from './gateway/rest/management.routes.js';
import { registerRestGateway } from './gateway/rest/rest-gateway.js';

export interface EngineServerOptions extends EngineOptions {
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  credentials?: { username: string; password: string };
  /** the gRPC gateway advertises gzip and deflate (accepted either way); see gateway/grpc/compression.ts */
  advertiseCompression?: boolean;
  /** deploy every .bpmn and .dmn file of this folder, and every .form file of its forms/ folder, at start-up */
  deployDir?: string;
  logger?: Pick<Console, 'info' | 'error'>;
}

export interface EngineServer {
  engine: Engine;
  grpc: GrpcGateway;
  http: FastifyInstance;
  grpcPort: number;
  httpPort: number;
  close(): Promise<void>;
}

export async function startEngineServer(options: EngineServerOptions = {}): Promise<EngineServer> {
  const host = options.host ?? '127.0.0.1';
  const engine = await createEngine(options);
  const grpc = await startGrpcGateway(engine, {
    host,
    port: options.grpcPort ?? 26500,
    credentials: options.credentials,
    advertiseCompression: options.advertiseCompression,
    logger: options.logger,
  });
  const http = Fastify({ logger: false });
  managementRoutes(http, engine.clock, async () => {
    try {
      await engine.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  });
  await registerRestGateway(http, {
    engine,
    db: engine.db,
    definitions: engine.definitions,
    credentials: options.credentials,
    grpcAddress: { host, port: grpc.port },
    logger: options.logger,
  });
  await http.listen({ host, port: options.httpPort ?? 8080 });
  const httpPort = (http.server.address() as { port: number }).port;

  if (options.deployDir) await deployFolder(engine, options.deployDir, options.logger);

  return {
    engine,
    grpc,
    http,
    grpcPort: grpc.port,
    httpPort,
    async close() {
      await http.close();
      await grpc.close();
      await engine.close();
    },
  };
}

/** deploys the folder's models as one deployment; unchanged models keep their versions */
async function deployFolder(engine: Engine, dir: string, logger?: Pick<Console, 'info' | 'error'>): Promise<void> {
  // decisions and forms go in the same deployment, so the processes that use them never miss them
  const resources = readModelsFolder(dir);
  if (resources.length === 0) return;
  const result = await engine.deploy(resources);
  if (!result.ok) throw new Error(`Could not deploy the models in ${dir}:\n${result.error.reason}`);
  const deployed = [
    ...result.value.processes.map((p) => `${p.bpmnProcessId} v${p.version}`),
    ...result.value.decisions.map((d) => `decision ${d.decisionId} v${d.version}`),
    ...result.value.forms.map((f) => `form ${f.formId} v${f.version}`),
  ];
  logger?.info(`deployed ${deployed.join(', ')}`);
}
