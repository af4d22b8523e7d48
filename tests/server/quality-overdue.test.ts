/**
 * 执行质效's overdue-task counts stay exact past the engine's count limit (Camunda's search
 * totals stop at 10,000): a count that reaches it is split by due date until every part counts
 * under it. Checked against an in-memory stand-in for the engine's user-task search.
 */
import { describe, expect, it } from 'vitest';
import { countOpenTasks } from '../../server/src/services/quality-loader.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

/** the user-task search's count: state, candidate group, due-date range; totals capped at 10,000; sorted by due date */
function fakeEngine(dueDates: { due: number; group: string }[]) {
  let searches = 0;
  const engine = {
    async request(_method: string, _path: string, body: { filter: Record<string, any>; sort?: unknown[] }) {
      searches++;
      const f = body.filter;
      const lo = f.dueDate.$gte ? Date.parse(f.dueDate.$gte) : -Infinity;
      const hi = Date.parse(f.dueDate.$lt);
      const found = dueDates.filter((t) => t.due >= lo && t.due < hi && (!f.candidateGroup || t.group === f.candidateGroup)).sort((a, b) => a.due - b.due);
      return {
        items: found.slice(0, 1).map((t) => ({ dueDate: new Date(t.due).toISOString() })),
        page: { totalItems: Math.min(found.length, 10_000), hasMoreTotalItems: found.length > 10_000 },
      };
    },
  };
  return { engine: engine as unknown as Parameters<typeof countOpenTasks>[0], searches: () => searches };
}

/** n tasks due over the 400 days before NOW, plus some not due yet */
function overdue(n: number, group = '立案庭') {
  return [
    ...Array.from({ length: n }, (_, i) => ({ due: NOW - 1 - Math.floor(((i * 7919) % n) * ((400 * DAY) / n)), group })),
    ...Array.from({ length: 500 }, (_, i) => ({ due: NOW + i * 1000, group })),
  ];
}

describe('执行质效 overdue counts past 10,000', () => {
  it('counts under the limit with one search', async () => {
    const { engine, searches } = fakeEngine(overdue(9_999));
    expect(await countOpenTasks(engine, {}, NOW)).toEqual({ n: 9_999, atLeast: false });
    expect(searches()).toBe(1);
  });

  it('splits by due date and adds the parts: exact at 25,000 and at 100,000', async () => {
    for (const n of [10_000, 10_001, 25_000, 100_000]) {
      const { engine, searches } = fakeEngine(overdue(n));
      expect(await countOpenTasks(engine, {}, NOW)).toEqual({ n, atLeast: false });
      expect(searches()).toBeLessThan(70);
    }
    // with a filter and a lower bound (a month)
    const tasks = [...overdue(30_000), ...overdue(12_000, '查控组')];
    const { engine } = fakeEngine(tasks);
    expect(await countOpenTasks(engine, { candidateGroup: '查控组' }, NOW)).toEqual({ n: 12_000, atLeast: false });
    const from = NOW - 200 * DAY;
    const inRange = tasks.filter((t) => t.group === '立案庭' && t.due >= from && t.due < NOW).length;
    expect(inRange).toBeGreaterThan(10_000);
    expect(await countOpenTasks(engine, { candidateGroup: '立案庭' }, NOW, from)).toEqual({ n: inRange, atLeast: false });
  });

  it('says "at least" when tasks due at one instant exceed the limit', async () => {
    const same = Array.from({ length: 10_500 }, () => ({ due: NOW - DAY, group: '立案庭' }));
    const { engine } = fakeEngine([...same, ...overdue(3_000)]);
    const counted = await countOpenTasks(engine, {}, NOW);
    expect(counted.atLeast).toBe(true);
    expect(counted.n).toBeGreaterThanOrEqual(10_000);
  });
});
