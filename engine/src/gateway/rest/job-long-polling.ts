/**
 * Long polling for the REST job endpoints (Camunda 8's `/v2/jobs/activation`, Camunda 7's
 * `fetchAndLock`), built like the gRPC gateway's on the engine's `activateJobs` (never waits)
 * and `onJobsAvailable` (a hint that trying again may help): try once; if nothing was
 * activated, wait until jobs of a requested type may be available (then try again), the
 * deadline passes, the client goes away or the gateway closes (then answer without jobs).
 *
 * Jobs are activated only for a client that is still connected: the signal is checked right
 * before each attempt. A job activated for a client that disconnects while the activation is
 * in flight cannot be handed back; it times out and becomes activatable again, as in Zeebe.
 */
import type { EngineApi } from '../../engine-api.js';

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
  async poll<T>(types: readonly string[], deadline: number | undefined, signal: AbortSignal, activate: () => Promise<T[]>): Promise<T[]> {
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
        const jobs = await activate();
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
