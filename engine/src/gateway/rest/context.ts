/** What the REST routes work with: the engine's commands and its tables, read-only. */
import type { EngineApi } from '../../engine-api.js';
import type { Queryable } from '../../state/db.js';
import type { JobLongPolling } from './job-long-polling.js';
import type { ElementNames } from './response-mapper.js';

export interface RestContext {
  engine: EngineApi;
  /** read side only: the query functions in engine/src/query */
  db: Queryable;
  names: ElementNames;
  longPolling: JobLongPolling;
  /** the gRPC gateway's address, shown as the broker's in the topology */
  grpcAddress: { host: string; port: number };
}
