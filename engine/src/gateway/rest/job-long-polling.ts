/**
 * Long polling for the REST job endpoints (Camunda 8's `/v2/jobs/activation`, Camunda 7's
 * `fetchAndLock`), built like the gRPC gateway's on the engine's `activateJobs` (never waits)
 * and `onJobsAvailable` (a hint that trying again may help): try once; if nothing was
 * activated, wait until jobs of a requested type may be available (then try again), the
 * deadline passes, the client goes away or the gateway closes (then answer without jobs).
 *
 * Jobs are activated only for a client that is still connected: the engine asks when it
 * processes the activation (which, on a busy engine, may be well after the request), and jobs
 * activated for a client that disconnected meanwhile are handed back (`handBackJobs`), as the
 * gRPC gateway does, instead of staying ACTIVATED for nobody until their timeout.
 */
import type { ActivatedJob, EngineApi } from '../../engine-api.js';

/** Zeebe's `longPolling.timeout` default, used when a request asks for timeout 0. */
export const DEFAULT_LONG_POLLING_TIMEOUT_MS = 10_000;

export class JobLongPolling {
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(private readonly engine: EngineApi) {}

  /**
   * @param deadline epoch ms (system time) to stop waiting; undefined = one attempt only
   * @param signal aborted when the client disconnects
   */
  async poll<T>(
    types: readonly string[],
    deadline: number | undefined,
    signal: AbortSignal,
    activate: (stillWanted: () => boolean) => Promise<T[]>,
  ): Promise<T[]> {
    const stillWanted = () => !signal.aborted && !this.closed;
    let notified = false;
    let wake: (() => void) | undefined;
    // subscribed before the first attempt, so that a job created during it is not missed
    const unsubscribe = [...new Set(types)].map((type) =>
      this.engine.onJobsAvailable(type, () => {
        notified = true;
        wake?.();
      }),
    );
    try {
      for (;;) {
        if (signal.aborted || this.closed) return [];
        notified = false;
        const jobs = await activate(stillWanted);
        if (jobs.length > 0 || deadline === undefined || Date.now() >= deadline) return jobs;
        // the client may have gone, or the gateway begun closing, while the attempt ran
        if (signal.aborted || this.closed) return [];
        if (!notified) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal.removeEventListener('abort', done);
              this.sleepers.delete(done);
              wake = undefined;
              resolve();
            };
            const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
            signal.addEventListener('abort', done);
            this.sleepers.add(done);
            wake = done;
          });
        }
        if (!notified) return []; // timed out, client gone or gateway closing
      }
    } finally {
      for (const u of unsubscribe) u();
    }
  }

  /**
   * Makes jobs activated for a client that has gone (or for a gateway that is closing)
   * activatable again, retries untouched; returns the jobs when the client is still there.
   */
  async keepOrHandBack(jobs: ActivatedJob[], signal: AbortSignal): Promise<ActivatedJob[]> {
    if (jobs.length === 0 || (!signal.aborted && !this.closed)) return jobs;
    await handBackJobs(this.engine, jobs);
    return [];
  }

  get closing(): boolean {
    return this.closed;
  }

  /** Ends every waiting poll (without jobs) so that the server can shut down. */
  close(): void {
    this.closed = true;
    for (const sleeper of [...this.sleepers]) sleeper();
  }
}

/** An AbortSignal that fires when the HTTP client disconnects before the answer was sent. */
export function clientGone(response: import('node:http').ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** fails each job with its retries untouched and no back-off: activatable again at once */
export async function handBackJobs(engine: EngineApi, jobs: readonly ActivatedJob[]): Promise<void> {
  for (const job of jobs) {
    await engine.failJob({
      jobKey: job.key,
      retries: job.retries,
      errorMessage: 'The job was activated for a request whose client had already gone; it is activatable again.',
      retryBackOff: 0,
    });
  }
}
