/**
 * Live updates for the console (server-sent events at GET /api/events): `task`, `case` and
 * `incident` events, each `{ type, key, caseId? }`. Routes publish when they change something;
 * while anybody listens, a poller asks the engine cheaply (one small search per kind, newer
 * than the last seen time) for tasks created or completed and incidents raised by the
 * processes themselves.
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
  subscribe(listener: EventListener): () => void;
  readonly listenerCount: number;
}

export interface EventsOptions {
  /** how often to poll the engine while listeners are connected; 0 turns polling off (default 2000) */
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
    const bus: EventBus = {
      publish(event) {
        for (const l of listeners) {
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
      get listenerCount() {
        return listeners.size;
      },
    };
    app.decorate('events', bus);

    const interval = opts.pollIntervalMs ?? 2000;
    if (interval <= 0) return;
    // watermarks: the newest engine times seen; undefined until the first poll sets them silently
    let created: string | undefined;
    let completed: string | undefined;
    let incidents: string | undefined;
    let running = false;
    const newest = async (kind: 'created' | 'completed' | 'incident', since: string | undefined) => {
      const c = app.engineClient;
      if (kind === 'incident') {
        const r = await c.searchIncidents({ filter: since ? { creationTime: { $gt: since } } : {}, sort: [{ field: 'creationTime', order: 'DESC' }], page: { limit: since ? 200 : 1 } });
        return r.items.map((i) => ({ time: i.creationTime, event: { type: 'incident', key: i.incidentKey, action: 'created' } as PlatformEvent, pik: i.processInstanceKey }));
      }
      const field = kind === 'created' ? 'creationDate' : 'completionDate';
      const filter = since ? { [field]: { $gt: since } } : { [field]: { $exists: true } };
      const r = await c.searchUserTasks({ filter, sort: [{ field, order: 'DESC' }], page: { limit: since ? 200 : 1 } });
      return r.items.map((t) => ({
        time: (kind === 'created' ? t.creationDate : t.completionDate) as string,
        event: { type: 'task', key: t.userTaskKey, action: kind } as PlatformEvent,
        pik: t.processInstanceKey,
      }));
    };
    const poll = async () => {
      if (running || listeners.size === 0) return;
      running = true;
      try {
        for (const kind of ['created', 'completed', 'incident'] as const) {
          const since = kind === 'created' ? created : kind === 'completed' ? completed : incidents;
          const found = await newest(kind, since);
          const latest = found.reduce<string | undefined>((m, f) => (m === undefined || f.time > m ? f.time : m), since);
          if (since !== undefined && found.length) {
            const cases = await caseVariables(app.engineClient, found.map((f) => f.pik));
            const touched = new Set<string>();
            for (const f of found.reverse()) {
              const caseId = cases.get(f.pik)?.caseId;
              if (caseId) touched.add(caseId);
              bus.publish({ ...f.event, ...(caseId ? { caseId } : {}) });
            }
            // the process moved: bring those cases' rows (stage, status, team …) in step
            for (const caseId of touched) await refreshCaseById(caseId);
          }
          const mark = latest ?? since ?? new Date(0).toISOString();
          if (kind === 'created') created = mark;
          else if (kind === 'completed') completed = mark;
          else incidents = mark;
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
    const timer = setInterval(() => void poll(), interval);
    timer.unref();
    app.decorate('pollEngineEvents', poll);
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { dependencies: ['engine-client', 'database'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** one poll of the engine for task and incident changes (tests call it to skip the wait) */
    pollEngineEvents?: () => Promise<void>;
  }
}
