/**
 * The court systems' answers coming in: the entrustment management system (the other court filed,
 * asked for materials, concluded, replied) and the auction platform (a party's objection to the
 * reference price) report events; the inbox polls each system through its adapter and publishes
 * every event as the message the model waits for, with the model's correlation key.
 *
 * - Each event is published once: the message id is `<system>:<event id>`, so a second worker
 *   process polling the same system (or a poll repeated after a crash) publishes nothing new while
 *   the first message is buffered; the time to live (default 30 days) lets an answer wait for an
 *   instance that is not yet at its catch event.
 * - The cursor of each system is saved (atomically) after its events are published, so a restart
 *   goes on from there; an event whose publication fails is polled again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MessagePublisher, WorkerLog } from '../core/context.js';

export interface InboundEvent {
  /** the system's id of the event: stable, unique within the system */
  id: string;
  /** the message name the model catches, e.g. `entrustment.filed` */
  message: string;
  correlationKey: string;
  variables: Record<string, unknown>;
}

export interface InboundPage {
  events: InboundEvent[];
  /** where the next poll starts (opaque to the inbox) */
  cursor?: string;
}

/** an adapter that reports events */
export interface InboundSource {
  /** the system's name (message ids and the saved cursor use it) */
  readonly inboundName: string;
  pollEvents(after: string | undefined): Promise<InboundPage>;
}

export interface CourtInboxOptions {
  publisher: MessagePublisher;
  /** where the cursors are kept; none: in memory only */
  stateFile?: string;
  /** how long a published answer waits for its catch event; default 30 days */
  timeToLiveMs?: number;
  log?: WorkerLog;
}

export const DEFAULT_INBOUND_TTL_MS = 30 * 24 * 60 * 60_000;

export class CourtInbox {
  private cursors: Record<string, string>;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<number> | undefined;

  constructor(
    private readonly sources: InboundSource[],
    private readonly options: CourtInboxOptions,
  ) {
    this.cursors = readState(options.stateFile);
  }

  /** polls every system once and publishes what came in; returns how many messages were published */
  pollOnce(): Promise<number> {
    // one poll at a time: a slow system does not make a second poll publish the same page
    this.polling ??= this.pollAll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** polls every `intervalMs` until `stop()` */
  start(intervalMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.pollOnce()
        .catch((error) => this.options.log?.error(`court inbox: ${(error as Error).message}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling?.catch(() => undefined);
  }

  private async pollAll(): Promise<number> {
    let published = 0;
    for (const source of this.sources) {
      const page = await source.pollEvents(this.cursors[source.inboundName]);
      for (const event of page.events) {
        await this.options.publisher.publish({
          name: event.message,
          correlationKey: event.correlationKey,
          variables: event.variables,
          timeToLiveMs: this.options.timeToLiveMs ?? DEFAULT_INBOUND_TTL_MS,
          messageId: `${source.inboundName}:${event.id}`,
        });
        published++;
        this.options.log?.info(`court inbox: ${event.message} published`, { correlationKey: event.correlationKey, event: event.id });
      }
      if (page.cursor !== undefined && page.cursor !== this.cursors[source.inboundName]) {
        this.cursors = { ...this.cursors, [source.inboundName]: page.cursor };
        // saved when something came in: an idle poll leaves no file behind
        if (page.events.length > 0) writeState(this.options.stateFile, this.cursors);
      }
    }
    return published;
  }
}

function readState(file: string | undefined): Record<string, string> {
  if (!file || !fs.existsSync(file)) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch (error) {
    throw new Error(`收件箱（court inbox）的状态文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
  }
}

function writeState(file: string | undefined, cursors: Record<string, string>): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cursors, null, 1));
  fs.renameSync(tmp, file);
}

/**
 * A simulator's event log: events in order, a cursor `<log id>:<count read>`. A cursor from another
 * log (a simulator of an earlier run) reads from the start, so a saved cursor never skips events.
 */
export class SimulatedEventLog {
  private readonly logId = crypto.randomBytes(4).toString('hex');
  private readonly events: InboundEvent[] = [];

  add(event: Omit<InboundEvent, 'id'>): InboundEvent {
    const full = { ...event, id: `${this.logId}-${this.events.length + 1}` };
    this.events.push(full);
    return full;
  }

  page(after: string | undefined, limit = 100): InboundPage {
    const [log, count] = (after ?? '').split(':');
    const from = log === this.logId ? Number(count) || 0 : 0;
    const events = this.events.slice(from, from + limit);
    return { events, cursor: `${this.logId}:${from + events.length}` };
  }
}
