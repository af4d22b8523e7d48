/**
 * The search layer's SQL (engine/src/query/search.ts) on a table of its own: totals capped at
 * 10,000 with `hasMoreTotalItems`, and cursor pages in every kind of order (row comparison over
 * NOT NULL keys, the OR form for missing values and mixed directions), forwards and backwards,
 * against the order computed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { search, type SearchQuery, type SearchSource } from '../../../engine/src/query/search.js';
import { openDatabase, type Database } from '../../../engine/src/state/db.js';
import { createTestStorage, type TestStorage } from '../../support/database.js';

interface Item {
  key: number;
  due: number | null;
  prio: number;
}

const ROWS = 10_050;
/** every seventh row has no due date; due dates repeat, so the key must break ties */
const item = (key: number): Item => ({ key, due: key % 7 === 0 ? null : (key * 37) % 101, prio: key % 5 });

const source: SearchSource = {
  from: 'paging_test.item i',
  select: 'i.key, i.due, i.prio',
  filters: { key: { kind: 'integer', sql: 'i.key' }, prio: { kind: 'integer', sql: 'i.prio' } },
  sorts: { due: { sql: 'i.due', type: 'int8' }, prio: { sql: 'i.prio', type: 'int4', notNull: true } },
  key: { sql: 'i.key', type: 'int8', notNull: true },
};

let storage: TestStorage;
let db: Database;

beforeAll(async () => {
  storage = await createTestStorage();
  db = await openDatabase({ url: storage.databaseUrl, dataDir: storage.dataDir });
  await db.query('CREATE SCHEMA paging_test');
  await db.query('CREATE TABLE paging_test.item (key int8 PRIMARY KEY, due int8, prio int4 NOT NULL)');
  await db.query(
    `INSERT INTO paging_test.item SELECT k, CASE WHEN k % 7 = 0 THEN NULL ELSE (k * 37) % 101 END, k % 5 FROM generate_series(1, ${ROWS}) k`,
  );
}, 60_000);

afterAll(async () => {
  await db?.close();
  await storage?.drop();
});

const toItem = (r: Record<string, unknown>): Item => ({ key: Number(r.key), due: r.due == null ? null : Number(r.due), prio: Number(r.prio) });
const run = (query: SearchQuery) => search(db, source, query, toItem);

/** missing values last in either direction, the key ascending as the final tie-breaker */
function expectedOrder(items: Item[], field: 'due' | 'prio', order: 'ASC' | 'DESC'): number[] {
  const sign = order === 'ASC' ? 1 : -1;
  return [...items]
    .sort((a, b) => {
      const x = a[field];
      const y = b[field];
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return sign * (x - y);
      }
      return a.key - b.key;
    })
    .map((i) => i.key);
}

async function pageThrough(filter: Record<string, unknown>, sort: SearchQuery['sort'], limit: number, direction: 'after' | 'before'): Promise<number[]> {
  const keys: number[] = [];
  let cursor: string | undefined;
  if (direction === 'before') {
    // start from the last page: the end cursor of a page that reaches the end
    const all = await run({ filter, sort, page: { from: 0, limit: 10_000 } });
    const last = all.items.slice(-limit);
    keys.unshift(...last.map((i) => i.key));
    const lastPage = await run({ filter, sort, page: { from: all.items.length - limit, limit } });
    cursor = lastPage.startCursor;
  }
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await run({ filter, sort, page: { [direction]: cursor, limit } as SearchQuery['page'] });
    if (page.items.length === 0) return keys;
    if (direction === 'after') {
      keys.push(...page.items.map((i) => i.key));
      cursor = page.endCursor;
    } else {
      keys.unshift(...page.items.map((i) => i.key));
      cursor = page.startCursor;
    }
  }
  throw new Error('paging did not end');
}

describe('search paging and totals', () => {
  it('counts exactly up to 10,000 and says when more rows match', async () => {
    const capped = await run({ page: { limit: 5 } });
    expect(capped.totalItems).toBe(10_000);
    expect(capped.hasMoreTotalItems).toBe(true);
    const exact = await run({ filter: { key: { $lte: 10_000 } }, page: { limit: 5 } });
    expect(exact.totalItems).toBe(10_000);
    expect(exact.hasMoreTotalItems).toBeUndefined();
    const small = await run({ filter: { prio: 3, key: { $lt: 100 } } });
    expect(small.totalItems).toBe(20);
    expect(small.hasMoreTotalItems).toBeUndefined();
  });

  const filter = { key: { $lte: 600 } };
  const items = Array.from({ length: 600 }, (_, i) => item(i + 1));
  const cases: Array<{ what: string; field: 'due' | 'prio'; order: 'ASC' | 'DESC' }> = [
    { what: 'a NOT NULL field ascending (one row comparison)', field: 'prio', order: 'ASC' },
    { what: 'a NOT NULL field descending (key ascending: the OR form)', field: 'prio', order: 'DESC' },
    { what: 'a field with missing values, ascending', field: 'due', order: 'ASC' },
    { what: 'a field with missing values, descending', field: 'due', order: 'DESC' },
  ];
  for (const { what, field, order } of cases) {
    it(`pages by cursor over ${what}, forwards and backwards, each row once and in order`, async () => {
      const expected = expectedOrder(items, field, order);
      const sort = [{ field, order }];
      const offset = await run({ filter, sort, page: { from: 0, limit: 1_000 } });
      expect(offset.items.map((i) => i.key)).toEqual(expected);
      expect(await pageThrough(filter, sort, 37, 'after')).toEqual(expected);
      expect(await pageThrough(filter, sort, 41, 'before')).toEqual(expected);
    });
  }

  it('pages by cursor with no sort (the key only)', async () => {
    expect(await pageThrough(filter, [], 50, 'after')).toEqual(items.map((i) => i.key));
  });
});
