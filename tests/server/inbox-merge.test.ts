/**
 * The merged "groups" / "unassigned" views (my units' tasks or tasks naming me as candidate
 * user: two engine searches) page exactly like one search over their union would, early pages
 * and deep ones, and read a bounded number of rows per page however deep it is. Checked against
 * an in-memory stand-in for the engine's user-task search (filters, sort with the key last,
 * offset pages, totals counted to 10,000 as Camunda does).
 */
import { describe, expect, it } from 'vitest';
import type { EngineClient, SearchQuery, UserTask } from '../../server/src/plugins/engine-client.js';
import type { SessionUser } from '../../server/src/plugins/auth.js';
import { compareTasks, InboxPageTooDeep, searchInbox, SPECULATIVE_LEAD, WHOLE_STREAM, WINDOW_READ } from '../../server/src/services/inbox.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T01:00:00Z');

/** deterministic pseudo-random numbers */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function tasks(n: number, seed: number, named: number): UserTask[] {
  const r = rng(seed);
  const units = ['立案庭', '查控组', '执行团队', '合议庭'];
  return Array.from({ length: n }, (_, i) => {
    const unit = units[Math.floor(r() * units.length)]!;
    const due = r() < 0.1 ? null : new Date(T0 + Math.floor(r() * 20) * DAY).toISOString(); // many equal due dates: ties go by key
    return {
      userTaskKey: String(2251799813685249 + i * 7),
      name: '任务',
      state: 'CREATED',
      assignee: r() < 0.5 ? null : 'someone',
      elementId: 'task',
      elementInstanceKey: '1',
      candidateGroups: [unit],
      candidateUsers: r() < named ? ['officer007'] : [],
      processDefinitionId: 'p',
      processDefinitionKey: '1',
      processInstanceKey: String(i),
      formKey: null,
      creationDate: new Date(T0 - i * 1000).toISOString(),
      completionDate: null,
      followUpDate: null,
      dueDate: due,
      priority: [25, 50, 75][Math.floor(r() * 3)]!,
    };
  });
}

/** the engine's user-task search over a list: the filters searchInbox sends, sort, offset page, capped total */
function fakeEngine(all: UserTask[]) {
  const reads: number[] = [];
  const sorted = new Map<string, UserTask[]>();
  const matches = (t: UserTask, f: Record<string, unknown>) => {
    if (f.state && t.state !== f.state) return false;
    if (f.assignee && typeof f.assignee === 'object' && t.assignee !== null) return false;
    const g = f.candidateGroup as string | { $in: string[] } | undefined;
    if (typeof g === 'string' && !t.candidateGroups.includes(g)) return false;
    if (g && typeof g === 'object' && !g.$in.some((x) => t.candidateGroups.includes(x))) return false;
    if (typeof f.candidateUser === 'string' && !t.candidateUsers.includes(f.candidateUser)) return false;
    return true;
  };
  const engine = {
    options: { restUrl: 'http://fake' },
    async searchUserTasks(q: SearchQuery) {
      const key = JSON.stringify([q.filter, q.sort]);
      const found = sorted.get(key) ?? all.filter((t) => matches(t, q.filter ?? {})).sort(compareTasks((q.sort ?? []) as { field: string; order: 'ASC' | 'DESC' }[]));
      sorted.set(key, found);
      const from = q.page?.from ?? 0;
      const items = found.slice(from, from + (q.page?.limit ?? 100));
      reads.push(items.length);
      return { items, page: { totalItems: Math.min(found.length, 10_000), hasMoreTotalItems: found.length > 10_000 } };
    },
  };
  return { engine: engine as unknown as EngineClient, reads };
}

const officer: SessionUser = { username: 'officer007', displayName: '执行员', roles: ['judge'], groups: ['执行团队', '合议庭'] };

/** the view as one search over the union would page it */
function expected(all: UserTask[], view: 'groups' | 'unassigned', sort: 'dueDate' | 'priority') {
  const union = all.filter(
    (t) => t.state === 'CREATED' && (view === 'groups' || t.assignee === null) && (t.candidateGroups.some((g) => officer.groups.includes(g)) || t.candidateUsers.includes('officer007')),
  );
  const order = sort === 'dueDate' ? [{ field: 'dueDate', order: 'ASC' as const }, { field: 'priority', order: 'DESC' as const }] : [{ field: 'priority', order: 'DESC' as const }, { field: 'dueDate', order: 'ASC' as const }];
  return union.sort(compareTasks(order)).map((t) => t.userTaskKey);
}

describe('merged inbox views', () => {
  it('page exactly as the union would, on early and deep pages, by due date and by priority', async () => {
    // B′ (tasks naming the officer outside their units) smaller and larger than the speculative lead
    for (const named of [0.005, 0.03]) {
    const all = tasks(10_000, 11, named);
    expect(all.filter((t) => t.candidateUsers.length).length).toBeLessThan(WHOLE_STREAM);
    const { engine } = fakeEngine(all);
    for (const view of ['groups', 'unassigned'] as const) {
      for (const sort of ['dueDate', 'priority'] as const) {
        const want = expected(all, view, sort);
        expect(want.length).toBeGreaterThan(WINDOW_READ * 2);
        for (const pageSize of [50, 37]) {
          const pages = Math.ceil(want.length / pageSize);
          // every early page, then deep ones spread to the last and one past it
          const numbers = [...new Set([...Array.from({ length: 25 }, (_, i) => i + 1), ...Array.from({ length: 15 }, (_, i) => Math.round(((i + 1) * pages) / 15)), pages + 1])];
          for (const page of numbers) {
            const got = await searchInbox(engine, officer, { view, sort, page, pageSize });
            expect(got.items.map((t) => t.userTaskKey), `${view} ${sort} page ${page} of ${pageSize}`).toEqual(want.slice((page - 1) * pageSize, page * pageSize));
            expect(got.total).toBe(want.length);
            expect(got.totalCapped).toBe(false);
          }
        }
      }
    }
    }
  }, 120_000);

  it('reads a bounded number of rows for a deep page', async () => {
    const all = tasks(6_000, 12, 0.05);
    const { engine, reads } = fakeEngine(all);
    const want = expected(all, 'groups', 'dueDate');
    const page = Math.floor(want.length / 50) - 1;
    const got = await searchInbox(engine, officer, { view: 'groups', page, pageSize: 50 });
    expect(got.items.map((t) => t.userTaskKey)).toEqual(want.slice((page - 1) * 50, page * 50));
    // B whole, A from the page less B′ (or the speculative lead), plus a second A read at most
    const named = all.filter((t) => t.candidateUsers.length).length;
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(named + 2 * (50 + Math.max(named, SPECULATIVE_LEAD)));
  });

  it('reports a total past the engine count limit as capped, and refuses a deep page of two large streams on `page`', async () => {
    const all = tasks(25_000, 13, 0.2);
    const { engine } = fakeEngine(all);
    const first = await searchInbox(engine, officer, { view: 'groups', page: 1, pageSize: 50 });
    expect(first.items.map((t) => t.userTaskKey)).toEqual(expected(all, 'groups', 'dueDate').slice(0, 50));
    expect(first.totalCapped).toBe(true);
    expect(first.total).toBeGreaterThanOrEqual(10_000);
    expect(all.filter((t) => t.candidateUsers.length).length).toBeGreaterThan(WHOLE_STREAM);
    await expect(searchInbox(engine, officer, { view: 'groups', page: 100, pageSize: 50 })).rejects.toBeInstanceOf(InboxPageTooDeep);
  });
});
