/**
 * Server-sent events: a signed-in console receives `case` events when a case is registered,
 * `task` events when the server acts on a task, and `task` events for tasks the process creates
 * (the engine watcher). Without a session the stream is refused. The engine watcher also keeps
 * each case's stage and status current on its own, with no console connected.
 */
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../server/src/db/schema.js';
import type { PlatformEvent } from '../../server/src/plugins/events.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
let base: string;

beforeAll(async () => {
  h = await startServerHarness({ engine: true, deploy: ['server-case.bpmn', 'server-review.form'], app: { caseProcessId: 'server-case', events: { pollIntervalMs: 100 } } });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
}, 120_000);
afterAll(async () => h?.close());

/** opens the stream; collects events until closed */
function subscribe(cookie?: string): Promise<{ status: number; events: (PlatformEvent & { event: string })[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/events`, { headers: cookie ? { cookie } : {} }, (res) => {
      const events: (PlatformEvent & { event: string })[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, ...(JSON.parse(data) as PlatformEvent) });
        }
      });
      resolve({ status: res.statusCode ?? 0, events, close: () => req.destroy() });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
  });
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /api/events', () => {
  it('refuses a stream without a session', async () => {
    const stream = await subscribe();
    expect(stream.status).toBe(401);
    stream.close();
  });

  it('delivers case and task events: registration, the task the process creates, a claim', async () => {
    const lian = await h.login('lian');
    const stream = await subscribe(lian.cookie);
    expect(stream.status).toBe(200);
    try {
      // let the poller take its first (silent) look at the engine
      await new Promise((r) => setTimeout(r, 300));
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: lian,
        payload: {
          caseType: '执',
          applicant: { name: '申请人甲', kind: 'person' },
          respondents: [{ name: '被执行人乙', kind: 'person' }],
          claimAmount: 800,
          basisDocument: { court: '桐柏县人民法院', number: '（2025）豫1330民初1号', kind: '民事调解书' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const caseId = res.json().id as string;
      const registered = await until('case event', () => stream.events.find((e) => e.event === 'case' && e.caseId === caseId));
      expect(registered).toMatchObject({ type: 'case', key: caseId, action: 'registered' });

      const created = await until('task created event', () => stream.events.find((e) => e.event === 'task' && e.action === 'created'));
      const task = await h.app.engineClient.getUserTask(created.key);
      expect(task.elementId).toBe('review');
      expect(created.caseId).toBe(caseId);
      // the poller brought the case's row in step with its process
      const updated = await until('case updated event', () => stream.events.find((e) => e.event === 'case' && e.action === 'updated' && e.caseId === caseId));
      expect(updated.key).toBe(caseId);
      const page = await h.app.inject({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(res.json().caseNumber)}`, headers: lian });
      expect(page.json().items[0].stage).toBe('立案审查');

      expect((await h.app.inject({ method: 'POST', url: `/api/tasks/${created.key}/claim`, headers: lian })).statusCode).toBe(200);
      const claimed = await until('claim event', () => stream.events.find((e) => e.action === 'claimed'));
      expect(claimed).toMatchObject({ type: 'task', key: created.key, caseId });
    } finally {
      stream.close();
    }
  });
});

describe('the engine watcher', () => {
  it("keeps a case's stage and status current with no console connected", async () => {
    await until('no listeners', () => h.app.events.listenerCount === 0 || undefined);
    const lian = await h.login('lian');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: lian,
      payload: {
        caseType: '执',
        applicant: { name: '申请人丙', kind: 'person' },
        respondents: [{ name: '被执行人丁', kind: 'person' }],
        claimAmount: 1200,
        basisDocument: { court: '桐柏县人民法院', number: '（2025）豫1330民初2号', kind: '民事判决书' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, processInstanceKey } = res.json() as { id: string; processInstanceKey: string };
    // the row as stored (GET /api/cases/:id would refresh it itself)
    const caseRow = async () => (await h.app.db.select().from(cases).where(eq(cases.id, id)))[0]!;
    let stage: string | undefined;
    const stageBecomes = async (expected: string) => {
      for (const start = Date.now(); Date.now() - start < 15_000; await new Promise((r) => setTimeout(r, 100))) {
        stage = (await caseRow()).stage;
        if (stage === expected) return;
      }
      throw new Error(`stage stayed ${stage}, expected ${expected}`);
    };
    await stageBecomes('立案审查');

    // the process moves on outside the server (straight through the engine's REST API)
    const taskAt = async (elementId: string) => {
      for (;;) {
        const found = await h.app.engineClient.searchUserTasks({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
        if (found.items[0]) return found.items[0].userTaskKey;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await h.app.engineClient.completeUserTask(await taskAt('review'), { decision: 'accept' });
    await stageBecomes('执行实施');
    expect((await caseRow()).status).toBe('open');

    await h.app.engineClient.completeUserTask(await taskAt('execute'));
    await stageBecomes('已结案');
    expect((await caseRow()).status).toBe('closed');
    expect(h.app.events.listenerCount).toBe(0);
  }, 60_000);
});
