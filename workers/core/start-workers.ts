/**
 * Starts one `@camunda8/sdk` gRPC worker per `*.worker.ts` file under `workers/` (found when it
 * starts, so a new worker file needs no registration). Each file's default export is a
 * `defineWorker(...)` definition.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';
import { createWorkerContext, type MessagePublisher, type WorkerConfig, type WorkerContext, type WorkerLog } from './context.js';
import { runHandler, type AnyWorkerDefinition, type WorkerJob } from './define-worker.js';
import { getAuctionPlatform } from '../court-systems/auction-platform/auction-platform.js';
import { getEntrustmentSystem } from '../court-systems/entrustment/entrustment-system.js';
import { CourtInbox } from '../court-systems/inbound.js';

export interface StartWorkersOptions {
  /** host:port of the Zeebe gRPC gateway */
  grpcAddress: string;
  /** plain-text gRPC (the embedded engine); false for TLS */
  plaintext?: boolean;
  config?: Partial<WorkerConfig>;
  log?: WorkerLog;
  /** the clock the handlers see; tests pass the engine's controlled clock */
  now?: () => Date;
  /** the definitions to run instead of discovering them */
  workers?: AnyWorkerDefinition[];
  /** run only these job types */
  only?: string[];
  /** long-poll seconds; default 30 (tests use a few) */
  longPollSeconds?: number;
  /** HTTP Basic credentials when the engine requires them */
  auth?: { username: string; password: string };
  /**
   * the court inbox, which polls the court systems for their answers and publishes them as
   * messages (workers/court-systems/inbound.ts); default every COURT_INBOX_INTERVAL_MS (5 s), cursors
   * in COURT_INBOX_STATE (default .data/court-inbox.json); false: none
   */
  inbound?: false | { intervalMs?: number; stateFile?: string };
}

export interface RunningWorkers {
  types: string[];
  /** resolves when every worker's connection to the gateway is ready */
  ready: Promise<void>;
  context: WorkerContext;
  /** the court inbox, when it runs */
  inbox?: CourtInbox;
  close(): Promise<void>;
}

const WORKERS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** every `*.worker.ts` (or built `.worker.js`) under workers/, sorted */
export function findWorkerFiles(dir = WORKERS_DIR): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (/\.worker\.(ts|js)$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

export async function loadWorkerDefinitions(dir = WORKERS_DIR): Promise<AnyWorkerDefinition[]> {
  const definitions: AnyWorkerDefinition[] = [];
  const seen = new Map<string, string>();
  for (const file of findWorkerFiles(dir)) {
    const definition = (await import(pathToFileURL(file).href)).default as AnyWorkerDefinition | undefined;
    if (!definition?.type || typeof definition.handler !== 'function') {
      throw new Error(`${path.relative(process.cwd(), file)}: the default export is not a defineWorker(...) definition`);
    }
    if (seen.has(definition.type)) throw new Error(`job type '${definition.type}' is defined twice: ${seen.get(definition.type)} and ${file}`);
    seen.set(definition.type, file);
    definitions.push(definition);
  }
  return definitions;
}

export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  let definitions = options.workers ?? (await loadWorkerDefinitions());
  if (options.only) definitions = definitions.filter((d) => options.only!.includes(d.type));

  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `${options.plaintext === false ? 'grpcs' : 'grpc'}://${options.grpcAddress}`,
    CAMUNDA_AUTH_STRATEGY: options.auth ? 'BASIC' : 'NONE',
    ...(options.auth ? { CAMUNDA_BASIC_AUTH_USERNAME: options.auth.username, CAMUNDA_BASIC_AUTH_PASSWORD: options.auth.password } : {}),
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: options.longPollSeconds ?? 30,
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 100,
    },
  });
  const zeebe = camunda.getZeebeGrpcApiClient();
  const messages: MessagePublisher = {
    async publish(message) {
      try {
        await zeebe.publishMessage({
          name: message.name,
          correlationKey: message.correlationKey,
          variables: (message.variables ?? {}) as any,
          timeToLive: message.timeToLiveMs ?? 0,
          ...(message.messageId ? { messageId: message.messageId } : {}),
        });
      } catch (error) {
        // the same message id again: a redelivered job whose first publication went through
        if (message.messageId && /ALREADY_EXISTS|already published/i.test(String((error as Error)?.message ?? error))) return;
        throw error;
      }
    },
  };
  const ctx = createWorkerContext({ config: options.config, log: options.log, now: options.now, messages });

  const readiness: Promise<void>[] = [];
  for (const definition of definitions) {
    let onReady!: () => void;
    readiness.push(new Promise<void>((resolve) => (onReady = resolve)));
    zeebe.createWorker({
      onReady,
      taskType: definition.type,
      timeout: definition.timeoutMs ?? 60_000,
      maxJobsToActivate: 8,
      ...(definition.fetchVariables ? { fetchVariable: definition.fetchVariables as any } : {}),
      taskHandler: async (job) => {
        const workerJob: WorkerJob<any, any> = {
          key: job.key,
          type: job.type,
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          elementId: job.elementId,
          elementInstanceKey: job.elementInstanceKey,
          idempotencyKey: `${job.elementInstanceKey}:${job.type}`,
          retries: job.retries,
          variables: job.variables,
          customHeaders: job.customHeaders,
        };
        const outcome = await runHandler(definition, workerJob, ctx);
        switch (outcome.kind) {
          case 'complete':
            return job.complete(outcome.variables as any);
          case 'error':
            return job.error({ errorCode: outcome.code, errorMessage: outcome.message, variables: outcome.variables as any });
          case 'fail':
            return job.fail({ errorMessage: outcome.message, retries: outcome.retries, retryBackOff: outcome.retryBackOffMs });
        }
      },
    });
  }
  ctx.log.info(`workers started: ${definitions.map((d) => d.type).join(', ')}`);

  let inbox: CourtInbox | undefined;
  if (options.inbound !== false) {
    const env = ctx.config.env;
    inbox = new CourtInbox([getEntrustmentSystem(ctx), getAuctionPlatform(ctx)], {
      publisher: messages,
      stateFile: options.inbound?.stateFile ?? env.COURT_INBOX_STATE ?? path.join('.data', 'court-inbox.json'),
      log: ctx.log,
    });
    inbox.start(options.inbound?.intervalMs ?? (Number(env.COURT_INBOX_INTERVAL_MS) || 5000));
  }

  return {
    types: definitions.map((d) => d.type),
    ready: Promise.all(readiness).then(() => undefined),
    context: ctx,
    inbox,
    async close() {
      await inbox?.stop();
      await zeebe.close();
    },
  };
}
