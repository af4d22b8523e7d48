/**
 * Figures too costly to compute per request (执行质效 over 100,000 open tasks, a heatmap over a
 * chosen window), kept as snapshots by key and refreshed in the background, as a monitoring
 * product does it:
 *
 * - a key's first request waits for its first computation (no snapshot: nothing to serve);
 * - a snapshot younger than `maxAgeMs` and not invalidated is served as it is;
 * - an older or invalidated one is served while a refresh runs (the reply's `asOf` says when the
 *   figures were computed), up to `maxStaleMs`: past that the request waits for the refresh, so a
 *   clock moved on by days (or a refresh failing for long) never shows old figures as current;
 * - every `maxAgeMs / 4` the keys asked for within `idleMs` and older than `maxAgeMs` are
 *   refreshed; keys nobody asks for are dropped;
 * - `invalidate()` (the server saw a case or task change) refreshes every key `refreshDelayMs`
 *   later (events come in bursts), but a key no sooner after its last computation started than ten
 *   times that computation's duration, capped at `minIntervalMs`: background refreshes take at most
 *   about a tenth of the time, so a small court sees a change within a second and the 100,000-task
 *   bench's 2–5 s computations run at most twice a minute under a stream of events;
 * - single flight: one computation per key at a time; requests meanwhile join it.
 *
 * Age is the larger of the wall-clock and the platform-clock (the engine's, controllable) time
 * since the computation started. `maxAgeMs: 0` computes per request (still single flight).
 */

export interface SnapshotOptions {
  maxAgeMs: number;
  maxStaleMs: number;
  refreshDelayMs: number;
  minIntervalMs: number;
  idleMs: number;
  maxEntries: number;
}

export const DEFAULT_SNAPSHOT_OPTIONS: SnapshotOptions = {
  maxAgeMs: 60_000,
  maxStaleMs: 5 * 60_000,
  refreshDelayMs: 200,
  minIntervalMs: 30_000,
  idleMs: 15 * 60_000,
  maxEntries: 200,
};

export interface Snapshot<V> {
  value: V;
  /** the platform time the computation started at: the figures are as of then */
  asOf: Date;
}

interface Entry<V> {
  compute: (asOf: Date) => Promise<V>;
  snapshot?: Snapshot<V>;
  /** wall-clock start of the computation the snapshot came from */
  computedAt: number;
  /** a change was seen after the snapshot's computation started */
  dirty: boolean;
  flight?: Promise<Snapshot<V>>;
  startedAt: number;
  /** how long the last computation took */
  durationMs: number;
  lastAsked: number;
  timer?: NodeJS.Timeout;
}

export interface SnapshotHooks {
  /** the platform clock (default: the wall clock) */
  now?: () => Date;
  /** called as each computation starts (tests count them) */
  onCompute?: (key: string) => void;
  /** a background refresh failed (the snapshot is kept until it is `maxStaleMs` old) */
  onError?: (err: unknown, key: string) => void;
}

export class SnapshotCache<V> {
  readonly options: SnapshotOptions;
  private readonly entries = new Map<string, Entry<V>>();
  private readonly ticker?: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(options: Partial<SnapshotOptions> = {}, private readonly hooks: SnapshotHooks = {}) {
    this.options = { ...DEFAULT_SNAPSHOT_OPTIONS, ...options };
    this.now = hooks.now ?? (() => new Date());
    if (this.options.maxAgeMs > 0) {
      this.ticker = setInterval(() => this.tick(), Math.max(250, this.options.maxAgeMs / 4));
      this.ticker.unref();
    }
  }

  /** the snapshot of `key`, computed by `compute` (given the `asOf` instant) when there is none fit to serve */
  async get(key: string, compute: (asOf: Date) => Promise<V>): Promise<Snapshot<V>> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { compute, computedAt: 0, dirty: false, startedAt: 0, durationMs: 0, lastAsked: Date.now() };
      this.entries.set(key, entry);
      this.evict();
    }
    entry.compute = compute;
    entry.lastAsked = Date.now();
    const { snapshot } = entry;
    if (!snapshot || this.options.maxAgeMs <= 0 || this.age(entry) > this.options.maxStaleMs) return this.refresh(key, entry);
    if (entry.dirty) this.schedule(key, entry);
    else if (this.age(entry) >= this.options.maxAgeMs) this.background(key, entry);
    return snapshot;
  }

  /** something the figures are computed from changed: refresh every snapshot soon */
  invalidate(): void {
    for (const [key, entry] of this.entries) {
      entry.dirty = true;
      this.schedule(key, entry);
    }
  }

  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
  }

  private age(entry: Entry<V>): number {
    const platform = this.now().getTime() - entry.snapshot!.asOf.getTime();
    // a clock set back: the snapshot is from the platform's future, never fit to serve
    if (platform < 0) return Infinity;
    return Math.max(Date.now() - entry.computedAt, platform);
  }

  private refresh(key: string, entry: Entry<V>): Promise<Snapshot<V>> {
    if (entry.flight) return entry.flight;
    const asOf = this.now();
    const startedAt = Date.now();
    entry.dirty = false;
    entry.startedAt = startedAt;
    this.hooks.onCompute?.(key);
    const flight = (async () => {
      try {
        const snapshot = { value: await entry.compute(asOf), asOf };
        entry.snapshot = snapshot;
        entry.computedAt = startedAt;
        return snapshot;
      } finally {
        entry.flight = undefined;
        entry.durationMs = Date.now() - startedAt;
        // a first computation that failed leaves nothing to serve
        if (!entry.snapshot && this.entries.get(key) === entry) this.entries.delete(key);
        // changed while it ran: it may have missed the change
        else if (entry.dirty) this.schedule(key, entry);
      }
    })();
    entry.flight = flight;
    return flight;
  }

  private background(key: string, entry: Entry<V>): void {
    this.refresh(key, entry).catch((err) => this.hooks.onError?.(err, key));
  }

  private schedule(key: string, entry: Entry<V>): void {
    if (entry.timer || entry.flight) return;
    if (Date.now() - entry.lastAsked > this.options.idleMs) {
      this.entries.delete(key);
      return;
    }
    const interval = Math.min(this.options.minIntervalMs, 10 * entry.durationMs);
    const delay = Math.max(this.options.refreshDelayMs, entry.startedAt + interval - Date.now());
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      // refreshed meanwhile (the schedule, a request past maxStaleMs): nothing left to catch up
      if (this.entries.get(key) === entry && entry.dirty) this.background(key, entry);
    }, delay);
    entry.timer.unref();
  }

  private tick(): void {
    for (const [key, entry] of this.entries) {
      if (Date.now() - entry.lastAsked > this.options.idleMs) {
        if (entry.timer) clearTimeout(entry.timer);
        this.entries.delete(key);
      } else if (entry.snapshot && !entry.flight && this.age(entry) >= this.options.maxAgeMs) {
        this.background(key, entry);
      }
    }
  }

  /** past `maxEntries`, the key asked for longest ago goes */
  private evict(): void {
    while (this.entries.size > this.options.maxEntries) {
      let oldest: [string, Entry<V>] | undefined;
      for (const e of this.entries) if (!oldest || e[1].lastAsked < oldest[1].lastAsked) oldest = e;
      if (oldest![1].timer) clearTimeout(oldest![1].timer);
      this.entries.delete(oldest![0]);
    }
  }
}
