/**
 * Live updates for the console (server-sent events at GET /api/events): `task`, `case` and
 * `incident` events, each `{ type, key, caseId? }`. Routes publish when they change something.
 *
 * The engine watcher runs from start to close, whether or not a console listens: every
 * `pollIntervalMs` it asks the engine cheaply (small searches newer than the last seen time, on
 * indexed columns) for user tasks created, process instances ended and incidents raised by the
 * processes themselves, brings the cases they belong to in step (stage, status, team …:
 * `refreshCase`) and publishes the events. Tasks completed are asked for only while somebody
 * listens (that search has no index to walk; a completion that moves a case on shows as the next
 * task created or the instance ended).
 */
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import { refreshCase } from '../services/cases.js';
import { caseVariables } from '../services/inbox.js';
import { definePlugin } from './plugin.js';

export interface PlatformEvent {
  type: 'task' | 'case' | 'incident';
  key: string;
  caseId?: string;
  /** what happened: created, assigned, completed, registered, … */
  action?: string;
}

export type EventListener = (event: PlatformEvent) => void;

export interface EventBus {
  publish(event: PlatformEvent): void;
  /** a console's live updates: while any listen, the engine watcher also looks for completed tasks */
  subscribe(listener: EventListener): () => void;
  /** the server's own reactions to events (e.g. refreshing monitoring snapshots): not counted as listening */
  observe(listener: EventListener): () => void;
  /** the consoles listening (observers not counted) */
  readonly listenerCount: number;
}

export interface EventsOptions {
  /** how often the engine watcher looks for changes (cases kept current, events published); 0 turns it off (default 2000) */
  pollIntervalMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    events: EventBus;
  }
}

export const eventsPlugin = definePlugin<EventsOptions>(
  'events',
  async (app: FastifyInstance, opts) => {
    const listeners = new Set<EventListener>();
    const observers = new Set<EventListener>();
    const bus: EventBus = {
      publish(event) {
        for (const l of [...listeners, ...observers]) {
          try {
            l(event);
          } catch (e) {
            app.log.warn({ err: e }, 'event listener failed');
          }
        }
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      observe(listener) {
        observers.add(listener);
        return () => observers.delete(listener);
      },
      get listenerCount() {
        return listeners.size;
      },
    };
    app.decorate('events', bus);

    const interval = opts.pollIntervalMs ?? 2000;
    if (interval <= 0) return;
    type Kind = 'created' | 'completed' | 'incident' | 'ended';
    // watermarks: the newest engine times seen; undefined until the first look sets them silently
    const marks: Partial<Record<Kind, string>> = {};
    let running = false;
    const newest = async (kind: Kind, since: string | undefined) => {
      const c = app.engineClient;
      const limit = since ? 200 : 1;
      if (kind === 'incident') {
        const r = await c.searchIncidents({ filter: since ? { creationTime: { $gt: since } } : {}, sort: [{ field: 'creationTime', order: 'DESC' }], page: { limit } });
        return r.items.map((i) => ({ time: i.creationTime, event: { type: 'incident', key: i.incidentKey, action: 'created' } as PlatformEvent | undefined, pik: i.processInstanceKey }));
      }
      if (kind === 'ended') {
        const r = await c.searchProcessInstances({ filter: { endDate: since ? { $gt: since } : { $exists: true } }, sort: [{ field: 'endDate', order: 'DESC' }], page: { limit } });
        return r.items.map((i) => ({ time: i.endDate as string, event: undefined as PlatformEvent | undefined, pik: i.processInstanceKey }));
      }
      const field = kind === 'created' ? 'creationDate' : 'completionDate';
      // open tasks by creation walk the (state, creationDate) index
      const filter = kind === 'created' ? { state: 'CREATED', ...(since ? { creationDate: { $gt: since } } : {}) } : since ? { completionDate: { $gt: since } } : { completionDate: { $exists: true } };
      const r = await c.searchUserTasks({ filter, sort: [{ field, order: 'DESC' }], page: { limit } });
      return r.items.map((t) => ({
        time: (kind === 'created' ? t.creationDate : t.completionDate) as string,
        event: { type: 'task', key: t.userTaskKey, action: kind } as PlatformEvent | undefined,
        pik: t.processInstanceKey,
      }));
    };
    const poll = async () => {
      if (running) return;
      running = true;
      try {
        const kinds: Kind[] = listeners.size > 0 ? ['created', 'completed', 'incident', 'ended'] : ['created', 'incident', 'ended'];
        // a completed-task watermark is only good while it is kept moving
        if (listeners.size === 0) delete marks.completed;
        for (const kind of kinds) {
          const since = marks[kind];
          const found = await newest(kind, since);
          const latest = found.reduce<string | undefined>((m, f) => (m === undefined || f.time > m ? f.time : m), since);
          if (since !== undefined && found.length) {
            const cases = await caseVariables(app.engineClient, found.map((f) => f.pik));
            const touched = new Set<string>();
            for (const f of found.reverse()) {
              const caseId = cases.get(f.pik)?.caseId;
              if (caseId) touched.add(caseId);
              if (f.event) bus.publish({ ...f.event, ...(caseId ? { caseId } : {}) });
            }
            // the process moved: bring those cases' rows (stage, status, team …) in step
            for (const caseId of touched) await refreshCaseById(caseId);
          }
          marks[kind] = latest ?? since ?? new Date(0).toISOString();
        }
      } catch (e) {
        app.log.debug({ err: e }, 'engine poll for events failed');
      } finally {
        running = false;
      }
    };
    const refreshCaseById = async (caseId: string) => {
      if (!/^[0-9a-f-]{36}$/.test(caseId)) return;
      const [row] = await app.db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
      if (!row) return;
      const fresh = await refreshCase(app.db, app.engineClient, row);
      if (fresh !== row) bus.publish({ type: 'case', key: caseId, caseId, action: 'updated' });
    };
    // started once the server is ready (routes and database in place), stopped on close
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void poll(), interval);
      timer.unref();
    });
    app.decorate('pollEngineEvents', poll);
    app.addHook('onClose', async () => {
      clearInterval(timer);
      // let a poll under way finish before the database closes
      while (running) await new Promise((r) => setTimeout(r, 10));
    });
  },
  { dependencies: ['engine-client', 'database'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** one look of the engine watcher (tests call it to skip the wait) */
    pollEngineEvents?: () => Promise<void>;
  }
}
