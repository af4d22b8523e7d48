/**
 * ActivateJobs (long polling) and StreamActivatedJobs (job push), built on the engine's
 * `activateJobs` (never waits) and `onJobsAvailable` (a hint that trying again may help).
 *
 * Long polling follows Zeebe's gateway (`LongPollingActivateJobsHandler`): try once; if
 * nothing was activated, keep the call open until a jobs-available notification for the
 * type arrives (then try again) or the request timeout elapses (then complete the call
 * without jobs). requestTimeout 0 means the gateway default of 10 s, a negative one means
 * no long polling at all.
 *
 * Jobs are activated only for a call that is still read: the engine asks when it processes
 * the activation (which may be seconds after it was requested, when the engine is busy)
 * whether the call is still open and, for a long poll, whether its client still waits. The
 * SDK does not cancel a long poll it stops waiting for: it ends the stream on its side
 * `requestTimeout + 1 s` after sending it and drops whatever the call still delivers, so an
 * activation processed after that lost its jobs until their timeout. An activation is
 * therefore processed only up to `ACTIVATE_GRACE_MS` past the poll's own end, and its jobs
 * are written only up to `WRITE_GRACE_MS` past it. Jobs activated for a call that has gone
 * meanwhile are handed back at once (failed with their retries unchanged and no back-off, as
 * Zeebe's gateway does with jobs it could not send), so they do not wait for their timeout —
 * which on a pinned clock would never come.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob as EngineActivatedJob, EngineApi } from '../../engine-api.js';
import { errorToStatus, isUnexpected, rejectionToStatus, type GrpcStatus } from './error-mapper.js';
import type { ActivatedJob, ActivateJobsRequest, ActivateJobsResponse, StreamActivatedJobsRequest } from './protocol.js';
import { toActivateJobsInput, toNumber, toStreamActivationInput } from './request-mapper.js';
import { toActivatedJob } from './response-mapper.js';

/** Zeebe's `longPolling.timeout` default. */
export const DEFAULT_LONG_POLLING_TIMEOUT_MS = 10_000;
/**
 * How long past a long poll's request timeout its activation may still be processed, and its
 * jobs still written: the SDK stops reading 1 s past the timeout counted from its send, which
 * is earlier than our start by the network and the event loop's lag.
 */
export const ACTIVATE_GRACE_MS = 250;
export const WRITE_GRACE_MS = 600;

type JobCall<Req, Res> = ServerWritableStream<Req, Res>;

export class JobActivation {
  private readonly watches = new Set<CallWatch>();
  private shuttingDown = false;

  constructor(
    private readonly engine: EngineApi,
    private readonly logger: Pick<Console, 'error'>,
  ) {}

  async activateJobs(call: JobCall<ActivateJobsRequest, ActivateJobsResponse>): Promise<void> {
    await this.serve(call, async (watch) => {
      const input = toActivateJobsInput(call.request);
      const requestTimeout = toNumber(call.request.requestTimeout);
      const longPolling = requestTimeout >= 0;
      const deadline = Date.now() + (requestTimeout > 0 ? requestTimeout : DEFAULT_LONG_POLLING_TIMEOUT_MS);
      // a client that sent a request timeout stops reading soon after it (the SDK: 1 s)
      const readUntil = requestTimeout > 0 ? (grace: number) => Date.now() <= deadline + grace : () => true;
      const stillWanted = () => watch.open() && readUntil(ACTIVATE_GRACE_MS);
      watch.subscribe(input.type);

      for (;;) {
        if (!watch.open()) return;
        watch.clearNotification();
        const result = await this.engine.activateJobs(input, { stillWanted });
        if (!result.ok) return fail(call, rejectionToStatus(result.error));
        if (result.value.length > 0) {
          if (!watch.open() || !readUntil(WRITE_GRACE_MS)) return this.handBack(result.value);
          call.write({ jobs: result.value.map(toActivatedJob) });
          return; // `serve` ends the call
        }
        if (!longPolling || Date.now() >= deadline) return;
        await watch.waitForJobs(deadline);
        if (!watch.notified) return; // timed out, cancelled or shutting down
      }
    });
  }

  async streamJobs(call: JobCall<StreamActivatedJobsRequest, ActivatedJob>): Promise<void> {
    await this.serve(call, async (watch) => {
      const input = toStreamActivationInput(call.request);
      watch.subscribe(input.type);

      for (;;) {
        if (!watch.open()) return;
        watch.clearNotification();
        const result = await this.engine.activateJobs(input, { stillWanted: () => watch.open() });
        if (!result.ok) return fail(call, rejectionToStatus(result.error));
        const [job] = result.value;
        if (!job) {
          await watch.waitForJobs();
        } else if (!watch.open()) {
          return this.handBack(result.value);
        } else if (!call.write(toActivatedJob(job))) {
          // the client reads slower than jobs appear: activate no more until it catches up
          await watch.waitForDrain(call);
        }
      }
    });
  }

  /** Makes jobs activated for a call that has gone away activatable again, retries untouched. */
  private async handBack(jobs: EngineActivatedJob[]): Promise<void> {
    for (const job of jobs) {
      const result = await this.engine.failJob({
        jobKey: job.key,
        retries: job.retries,
        errorMessage: 'The job was activated for an ActivateJobs call that its client had already cancelled; it is activatable again.',
        retryBackOff: 0,
      });
      if (!result.ok) this.logger.error(`could not hand back job ${job.key} of a cancelled activation: ${result.error.reason}`);
    }
  }

  /** Ends every open activation call (without jobs) so that the server can shut down. */
  close(): void {
    this.shuttingDown = true;
    for (const watch of this.watches) watch.wake();
  }

  private async serve<Req, Res>(call: JobCall<Req, Res>, body: (watch: CallWatch) => Promise<void>): Promise<void> {
    const watch = new CallWatch(this.engine, call, () => this.shuttingDown);
    this.watches.add(watch);
    try {
      await body(watch);
    } catch (error) {
      if (isUnexpected(error)) this.logger.error(`gRPC ${call.getPath()} failed unexpectedly`, error);
      fail(call, errorToStatus(error));
    } finally {
      this.watches.delete(watch);
      watch.dispose();
      // completes the call normally, with whatever was written (possibly nothing)
      if (!call.cancelled && !call.writableEnded) call.end();
    }
  }
}

function fail<Req, Res>(call: JobCall<Req, Res>, status: GrpcStatus): void {
  if (call.cancelled || call.writableEnded) return;
  call.emit('error', status);
}

/** One open activation call: its cancellation, its jobs-available subscription and its wake-ups. */
class CallWatch {
  notified = false;
  private unsubscribe: (() => void) | undefined;
  private pending: { done: () => void; onNotification: boolean } | undefined;
  private readonly onCancelled = () => this.wake();

  constructor(
    private readonly engine: EngineApi,
    private readonly call: JobCall<unknown, unknown>,
    private readonly shuttingDown: () => boolean,
  ) {
    call.on('cancelled', this.onCancelled);
  }

  /** Subscribe before the first attempt, so a job created during it is not missed. */
  subscribe(type: string): void {
    this.unsubscribe = this.engine.onJobsAvailable(type, () => {
      this.notified = true;
      if (this.pending?.onNotification) this.pending.done();
    });
  }

  /** The call may still receive jobs: the client has not cancelled and the gateway is not closing. */
  open(): boolean {
    return !this.call.cancelled && !this.call.writableEnded && !this.shuttingDown();
  }

  clearNotification(): void {
    this.notified = false;
  }

  /** Resolves on a jobs-available notification, on `until` (epoch ms), or when the call closes. */
  waitForJobs(until?: number): Promise<void> {
    if (this.notified || !this.open()) return Promise.resolve();
    return this.waitUntilWoken(true, (done) => {
      if (until === undefined) return () => {};
      const timer = setTimeout(done, Math.max(0, until - Date.now()));
      return () => clearTimeout(timer);
    });
  }

  /** Resolves when the stream's buffer has drained, or when the call closes. */
  waitForDrain(stream: JobCall<unknown, unknown>): Promise<void> {
    if (!this.open()) return Promise.resolve();
    return this.waitUntilWoken(false, (done) => {
      stream.once('drain', done);
      return () => stream.off('drain', done);
    });
  }

  /** Ends the current wait: the call was cancelled or the gateway is closing. */
  wake(): void {
    this.pending?.done();
  }

  dispose(): void {
    this.unsubscribe?.();
    this.call.off('cancelled', this.onCancelled);
    this.wake();
  }

  private waitUntilWoken(onNotification: boolean, arm: (done: () => void) => () => void): Promise<void> {
    return new Promise((resolve) => {
      let disarm = () => {};
      const done = (): void => {
        disarm();
        this.pending = undefined;
        resolve();
      };
      this.pending = { done, onNotification };
      disarm = arm(done);
    });
  }
}
