/**
 * Read side of jobs (`engine.job`), for gateways that must check a job before commanding it
 * (Camunda 7's external tasks name the worker that holds the lock).
 */
import type { Queryable } from '../state/db.js';

export interface JobView {
  key: string;
  type: string;
  /** ACTIVATABLE, ACTIVATED, FAILED, BACKOFF, ERROR_THROWN, COMPLETED, CANCELED */
  state: string;
  worker: string;
  retries: number;
  /** epoch ms the lock ends, while ACTIVATED */
  deadline: number | null;
  errorMessage: string;
}

export async function getJob(db: Queryable, key: string): Promise<JobView | undefined> {
  const [row] = await db.query<{ key: string; type: string; state: string; worker: string; retries: number; deadline: string | number | null; error_message: string }>(
    `SELECT key, type, state, worker, retries, deadline, error_message FROM engine.job WHERE key = $1::int8`,
    [key],
  );
  if (!row) return undefined;
  return {
    key: row.key,
    type: row.type,
    state: row.state,
    worker: row.worker,
    retries: Number(row.retries),
    deadline: row.deadline == null ? null : Number(row.deadline),
    errorMessage: row.error_message,
  };
}
