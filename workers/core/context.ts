/**
 * What every job handler gets besides its job: the time, a logger, the document store, the
 * statutory calendar, the configuration, and the court systems (adapters to external systems).
 *
 * Court systems are created lazily and once per context. Each adapter module exports its own
 * factory that reads `ctx.config`, e.g.
 *
 * ```ts
 * export const getAuctionPlatform = (ctx: WorkerContext) =>
 *   ctx.courtSystems.get('auction-platform', (config) => config.env.AUCTION_PLATFORM_URL ? new AuctionHttpClient(...) : new AuctionPlatformSimulator());
 * ```
 *
 * so new systems need no change here.
 */
import { createCalendar, type Calendar } from '../../common/calendar.js';
import { createDocumentStore, type DocumentStore } from '../../common/document-store.js';

export interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkerConfig {
  /** 法院名称 on documents */
  courtName: string;
  /** 法院代字, e.g. 豫1330 */
  courtCode: string;
  documentsDir?: string;
  holidaysFile?: string;
  /** environment the adapters read their `<SYSTEM>_URL` and options from */
  env: Record<string, string | undefined>;
  /** anything else a worker wants configurable (read with a default) */
  [key: string]: unknown;
}

export interface CourtSystems {
  /** the adapter named `name`, created by `create` on first use */
  get<T>(name: string, create: (config: WorkerConfig) => T): T;
}

/** a message for the engine (Zeebe's PublishMessage) */
export interface OutgoingMessage {
  name: string;
  correlationKey: string;
  variables?: Record<string, unknown>;
  /** how long the engine buffers it for a subscription not yet open; default 0 */
  timeToLiveMs?: number;
  /** the engine refuses a second message with this id while the first is buffered */
  messageId?: string;
}

export interface MessagePublisher {
  /** publishes the message; a duplicate `messageId` counts as published (a redelivered job) */
  publish(message: OutgoingMessage): Promise<void>;
}

/** the publisher of a context made without a gateway (unit tests): every publication fails */
export const noMessagePublisher: MessagePublisher = {
  publish: async (message) => {
    throw new Error(`未连接引擎网关，无法发布消息 ${message.name}`);
  },
};

export interface WorkerContext {
  /** the current time; in tests the engine's controlled clock */
  now(): Date;
  log: WorkerLog;
  documents: DocumentStore;
  calendar: Calendar;
  config: WorkerConfig;
  courtSystems: CourtSystems;
  /** messages to the engine (message end events, inbound court-system answers) */
  messages: MessagePublisher;
}

export const DEFAULT_COURT_NAME = '河南省桐柏县人民法院';
export const DEFAULT_COURT_CODE = '豫1330';

export function defaultConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  return {
    courtName: env.COURT_NAME ?? DEFAULT_COURT_NAME,
    courtCode: env.COURT_CODE ?? DEFAULT_COURT_CODE,
    documentsDir: env.DOCUMENTS_DIR,
    holidaysFile: env.HOLIDAYS_FILE,
    env,
  };
}

export const consoleLog: WorkerLog = {
  info: (message, fields) => console.info(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

export const silentLog: WorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createWorkerContext(
  options: { config?: Partial<WorkerConfig>; log?: WorkerLog; now?: () => Date; messages?: MessagePublisher } = {},
): WorkerContext {
  const config: WorkerConfig = { ...defaultConfig(), ...options.config } as WorkerConfig;
  const systems = new Map<string, unknown>();
  return {
    now: options.now ?? (() => new Date()),
    log: options.log ?? consoleLog,
    documents: createDocumentStore({ dir: config.documentsDir }),
    calendar: createCalendar({ holidaysFile: config.holidaysFile }),
    config,
    messages: options.messages ?? noMessagePublisher,
    courtSystems: {
      get<T>(name: string, create: (config: WorkerConfig) => T): T {
        if (!systems.has(name)) systems.set(name, create(config));
        return systems.get(name) as T;
      },
    },
  };
}
