/**
 * The benchmark's client side, run as its own child process (forked by engine.bench.ts, driven
 * over IPC): SDK job workers for every service task of one model, and an open-loop generator
 * that creates instances with `createProcessInstance` at an offered rate.
 *
 * Measures, per step:
 * - completed instances per second: an instance is complete when its last job's CompleteJob
 *   call returns (the engine processes the job completion, the end event and the process
 *   completion in the same batch, committed before it answers);
 * - end-to-end latency (create sent → last job completed) and create → first handler call;
 * - job activations (job key, instance key, activation time = deadline − timeout, time the
 *   handler was called) for the parent to match against the engine's JOB CREATED records.
 */
import { sdkClient } from '../tests/support/clients.js';

export interface ModelSpec {
  name: string;
  bpmnProcessId: string;
  jobTypes: string[];
}

export interface WorkerSpec {
  workersPerType: number;
  maxJobsToActivate: number;
  pollIntervalMs: number;
  jobTimeoutMs: number;
}

export interface StepSpec {
  /** offered instances per second (open loop); ignored when `concurrency` is set */
  rate: number;
  /** closed loop: keep this many instances between create and completion, as fast as they finish */
  concurrency?: number;
  seconds: number;
  /** completions in the first `warmupSeconds` are not counted in the rate */
  warmupSeconds: number;
  /** how long to wait after the step for its instances to finish */
  drainSeconds: number;
  /** creates awaiting an answer; beyond this the generator skips (and counts) creates */
  maxInFlight: number;
  /** how many activations to return for the latency match */
  activationSample: number;
}

export type Request =
  | { cmd: 'connect'; address: string }
  | { cmd: 'workers'; model: ModelSpec; workers: WorkerSpec }
  | { cmd: 'step'; step: StepSpec }
  | { cmd: 'closeWorkers' }
  | { cmd: 'exit' };

export interface Activation {
  jobKey: string;
  processInstanceKey: string;
  activatedAt: number;
  handledAt: number;
}

export interface StepResult {
  /** 0 for a closed-loop step */
  rate: number;
  concurrency: number | null;
  seconds: number;
  sent: number;
  created: number;
  skipped: number;
  errors: Record<string, number>;
  completedInWindow: number;
  completedPerSec: number;
  /** every completion seen from the step's start to the end of its drain (earlier steps' too) */
  completedTotal: number;
  /** of the instances created in this step */
  completedOfStep: number;
  incompleteAfterDrain: number;
  drainMs: number;
  e2eP50Ms: number | null;
  e2eP99Ms: number | null;
  firstHandlerP50Ms: number | null;
  firstHandlerP99Ms: number | null;
  activations: Activation[];
  jobsHandled: number;
}

interface InstanceTimes {
  sentAt?: number;
  firstHandledAt?: number;
  completedAt?: number;
}

type Zeebe = ReturnType<typeof sdkClient>;
type Worker = ReturnType<Zeebe['createWorker']>;

let zeebe: Zeebe | undefined;
let workers: Worker[] = [];
let model: ModelSpec | undefined;
/** instances of the current step, by key */
let instances = new Map<string, InstanceTimes>();
let completions: number[] = [];
let activations: Activation[] = [];
let jobsHandled = 0;
/** in a closed-loop step: called when an instance of this process completes */
let onInstanceCompleted: (() => void) | undefined;

const now = () => Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function times(key: string): InstanceTimes {
  let t = instances.get(key);
  if (!t) instances.set(key, (t = {}));
  return t;
}

function startWorkers(spec: ModelSpec, w: WorkerSpec): void {
  model = spec;
  const last = spec.jobTypes.length - 1;
  spec.jobTypes.forEach((type, index) => {
    for (let i = 0; i < w.workersPerType; i++) {
      workers.push(
        zeebe!.createWorker({
          taskType: type,
          id: `bench-${type}-${i}`,
          maxJobsToActivate: w.maxJobsToActivate,
          pollInterval: w.pollIntervalMs,
          timeout: w.jobTimeoutMs,
          taskHandler: (job) => {
            const handledAt = now();
            jobsHandled++;
            activations.push({ jobKey: job.key, processInstanceKey: job.processInstanceKey, activatedAt: Number(job.deadline) - w.jobTimeoutMs, handledAt });
            if (index === 0) times(job.processInstanceKey).firstHandledAt ??= handledAt;
            if (index !== last) return job.complete();
            return job.complete().then((ack) => {
              const t = now();
              completions.push(t);
              times(job.processInstanceKey).completedAt = t;
              onInstanceCompleted?.();
              return ack;
            });
          },
        }),
      );
    }
  });
}

async function runStep(step: StepSpec): Promise<StepResult> {
  if (!zeebe || !model) throw new Error('connect and start workers first');
  instances = new Map();
  completions = [];
  activations = [];
  jobsHandled = 0;
  const errors: Record<string, number> = {};
  let sent = 0;
  let created = 0;
  let skipped = 0;
  let inFlight = 0;
  const stepKeys: string[] = [];
  const bpmnProcessId = model.bpmnProcessId;

  const create = (onError?: () => void) => {
    sent++;
    inFlight++;
    const sentAt = now();
    zeebe!.createProcessInstance({ bpmnProcessId, variables: {} }).then(
      (res) => {
        inFlight--;
        created++;
        times(res.processInstanceKey).sentAt = sentAt;
        stepKeys.push(res.processInstanceKey);
      },
      (e: unknown) => {
        inFlight--;
        const code = String((e as { code?: unknown }).code ?? (e as Error).message ?? e).slice(0, 60);
        errors[code] = (errors[code] ?? 0) + 1;
        onError?.();
      },
    );
  };

  const start = now();
  const end = start + step.seconds * 1000;
  if (step.concurrency) {
    // closed loop: a new instance for every one that completes (or fails to be created)
    let open = true;
    const next = () => {
      if (open && now() < end) create(() => setTimeout(next, 50));
    };
    onInstanceCompleted = next;
    for (let i = 0; i < step.concurrency; i++) next();
    while (now() < end) await sleep(20);
    open = false;
    onInstanceCompleted = undefined;
  }
  // open loop: keep the number of creates sent at rate × elapsed, whatever the answers do
  while (!step.concurrency && now() < end) {
    const due = Math.floor(((now() - start) / 1000) * step.rate);
    while (sent + skipped < due) {
      if (inFlight >= step.maxInFlight) {
        skipped++;
        continue;
      }
      create();
    }
    await sleep(2);
  }
  const windowStart = start + step.warmupSeconds * 1000;
  const completedInWindow = completions.filter((t) => t >= windowStart && t <= end).length;

  // drain: wait for the answers and for the step's instances to complete
  const drainStart = now();
  const drainEnd = drainStart + step.drainSeconds * 1000;
  const incomplete = () => stepKeys.filter((k) => instances.get(k)?.completedAt === undefined).length;
  while (now() < drainEnd && (inFlight > 0 || incomplete() > 0)) await sleep(20);
  const drainMs = now() - drainStart;

  const e2e: number[] = [];
  const first: number[] = [];
  for (const key of stepKeys) {
    const t = instances.get(key)!;
    if (t.completedAt !== undefined && t.sentAt !== undefined) e2e.push(t.completedAt - t.sentAt);
    if (t.firstHandledAt !== undefined && t.sentAt !== undefined) first.push(t.firstHandledAt - t.sentAt);
  }
  e2e.sort((a, b) => a - b);
  first.sort((a, b) => a - b);

  // a uniform sample of the step's activations (those of the warm-up included)
  let sample = activations;
  if (sample.length > step.activationSample) {
    const every = sample.length / step.activationSample;
    sample = Array.from({ length: step.activationSample }, (_, i) => activations[Math.floor(i * every)]!);
  }

  return {
    rate: step.concurrency ? 0 : step.rate,
    concurrency: step.concurrency ?? null,
    seconds: step.seconds,
    sent,
    created,
    skipped,
    errors,
    completedInWindow,
    completedPerSec: completedInWindow / (step.seconds - step.warmupSeconds),
    completedTotal: completions.length,
    completedOfStep: e2e.length,
    incompleteAfterDrain: incomplete() + inFlight,
    drainMs,
    e2eP50Ms: percentile(e2e, 50),
    e2eP99Ms: percentile(e2e, 99),
    firstHandlerP50Ms: percentile(first, 50),
    firstHandlerP99Ms: percentile(first, 99),
    activations: sample,
    jobsHandled,
  };
}

async function closeWorkers(): Promise<void> {
  const closing = workers;
  workers = [];
  await Promise.race([Promise.all(closing.map((w) => w.close(2_000).catch(() => undefined))), sleep(4_000)]);
}

async function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case 'connect':
      zeebe = sdkClient(request.address, { longPollSeconds: 30 });
      await zeebe.topology();
      return { ok: true };
    case 'workers':
      startWorkers(request.model, request.workers);
      await sleep(500); // let the workers open their first long polls
      return { ok: true };
    case 'step':
      return runStep(request.step);
    case 'closeWorkers':
      await closeWorkers();
      return { ok: true };
    case 'exit':
      await closeWorkers();
      await Promise.race([zeebe?.close(), sleep(2_000)]);
      setImmediate(() => process.exit(0));
      return { ok: true };
  }
}

process.on('message', (message: { id: number; request: Request }) => {
  handle(message.request).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
  );
});
// the benchmark died: do not linger
process.on('disconnect', () => process.exit(1));
