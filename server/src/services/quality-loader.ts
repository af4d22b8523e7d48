/**
 * Reads what the 执行质效 figures are computed from: the cases table (platform schema, counted by
 * PostgreSQL into groups of team × month filed × month closed, so 100,000 open cases are a few
 * hundred rows, not 100,000), the
 * engine's count of open user tasks past their due date (one small search per group, reading
 * only `totalItems`; a group past the engine's 10,000 is split by due date until exact), and the 终本 rulings made
 * (Camunda's user-task, element-instance and variable searches). Cases whose process was
 * canceled (撤销) are left out.
 */
import { sql } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import type { ElementInstance, EngineClient, SearchResult } from '../plugins/engine-client.js';
import { GROUPS } from '../plugins/roles.js';
import { caseIdsOf, searchAll } from './monitoring.js';
import { computeQuality, FINALITY_CLOSURE, FINALITY_RULING, monthBounds, monthStart, monthsOf, type OverdueCounts, type QualityCase, type QualityLoadOptions, type QualityReport } from './quality.js';

type Engine = Pick<EngineClient, 'request'>;

/** case id → when its 终本裁定 was made (the earliest, if it went through 终本 more than once) */
async function finalityRulings(engine: Engine, to: Date): Promise<Map<string, Date>> {
  const rulings = await searchAll<ElementInstance>(engine, '/v2/element-instances/search', {
    filter: { ...FINALITY_RULING, state: 'COMPLETED', endDate: { $lt: to.toISOString() } },
  });
  const caseIds = await caseIdsOf(engine, rulings.map((r) => r.processInstanceKey));
  const byCase = new Map<string, Date>();
  for (const r of rulings) {
    const caseId = caseIds.get(r.processInstanceKey);
    if (!caseId || !r.endDate) continue;
    const at = new Date(r.endDate);
    if (!byCase.has(caseId) || at < byCase.get(caseId)!) byCase.set(caseId, at);
  }
  return byCase;
}

/** one count: `totalItems` of a one-row search (exact up to the engine's 10,000, then `hasMoreTotalItems`) */
async function countOnce(engine: Engine, filter: Record<string, unknown>): Promise<{ n: number; more: boolean }> {
  const page = await engine.request<SearchResult<unknown>>('POST', '/v2/user-tasks/search', { filter: { state: 'CREATED', ...filter }, page: { from: 0, limit: 1 } });
  return { n: page.page.totalItems, more: Boolean(page.page.hasMoreTotalItems) };
}

/** the most count searches one overdue figure may make when it must be split */
const SPLIT_BUDGET = 64;

/**
 * How many open tasks match the filter with a due date in [from, before) (`from` null: any
 * earlier). The engine counts only to 10,000 (Camunda's limit); past it the range is split in
 * two by due date, again until every part counts under the limit, and the parts are added, so
 * the figure is exact however many tasks are overdue. `atLeast` is set only when it cannot be:
 * 10,000 tasks due at the same millisecond, or more splits than SPLIT_BUDGET.
 */
export async function countOpenTasks(engine: Engine, filter: Record<string, unknown>, before: number, from: number | null = null): Promise<{ n: number; atLeast: boolean }> {
  let budget = SPLIT_BUDGET;
  const range = (lo: number | null, hi: number) => ({ ...filter, dueDate: lo === null ? { $lt: new Date(hi).toISOString() } : { $gte: new Date(lo).toISOString(), $lt: new Date(hi).toISOString() } });
  const count = async (lo: number | null, hi: number): Promise<{ n: number; atLeast: boolean }> => {
    const first = await countOnce(engine, range(lo, hi));
    if (!first.more) return { n: first.n, atLeast: false };
    if (lo === null) {
      // the earliest due date bounds the range from below
      const earliest = await engine.request<SearchResult<{ dueDate: string | null }>>('POST', '/v2/user-tasks/search', {
        filter: { state: 'CREATED', ...range(null, hi) },
        sort: [{ field: 'dueDate', order: 'ASC' }],
        page: { from: 0, limit: 1 },
      });
      lo = earliest.items[0]?.dueDate ? Date.parse(earliest.items[0].dueDate) : hi - 1;
    }
    if (hi - lo <= 1 || budget < 2) return { n: first.n, atLeast: true };
    budget -= 2;
    const mid = lo + Math.floor((hi - lo) / 2);
    const [a, b] = await Promise.all([count(lo, mid), count(mid, hi)]);
    return { n: a.n + b.n, atLeast: a.atLeast || b.atLeast };
  };
  return count(from, before);
}

/** overdue open tasks by candidate group (each unit and team), or by the month they fell due */
async function overdueCounts(engine: Engine, options: QualityLoadOptions, teams: string[]): Promise<OverdueCounts> {
  const now = options.now.getTime();
  const byGroup: Record<string, number> = {};
  const atLeast: string[] = [];
  // the total is asked together with the groups, in one Promise.all: a failure of either is
  // the caller's error, never an unhandled rejection
  const collect = (names: string[], total: { n: number; atLeast: boolean }, counts: { n: number; atLeast: boolean }[], keepZero: boolean): OverdueCounts => {
    names.forEach((g, i) => {
      if (counts[i]!.n > 0 || keepZero) byGroup[g] = counts[i]!.n;
      if (counts[i]!.atLeast) atLeast.push(g);
    });
    return { total: total.n, byGroup, ...(total.atLeast ? { totalAtLeast: true } : {}), atLeast };
  };
  if (options.groupBy === 'team') {
    const groups = [...new Set([...GROUPS, ...teams])];
    const [total, ...counts] = await Promise.all([countOpenTasks(engine, {}, now), ...groups.map((g) => countOpenTasks(engine, { candidateGroup: g }, now))]);
    return collect(groups, total, counts, false);
  }
  const months = monthsOf(options.from, options.to).filter((m) => monthBounds(m).start < options.now);
  const [total, ...counts] = await Promise.all([
    countOpenTasks(engine, {}, now),
    ...months.map((m) => {
      const { start, end } = monthBounds(m);
      return countOpenTasks(engine, {}, Math.min(end.getTime(), now), start.getTime());
    }),
  ]);
  return collect(months, total, counts, true);
}

/** one group of cases: team, the China month filed and closed (`before` / `after` the window), 终本 or not */
interface CaseGroup {
  team: string | null;
  filed: string;
  closed: string;
  finality: boolean;
  n: number;
  amount: number;
  days: number;
}

/**
 * The cases open at some moment of [from, to) (a case closed by 终本 keeps its row open; its
 * ruling, from the engine, closes it in the figures), canceled ones left out, counted in groups.
 * `filed` is `before` the window or the month filed; `closed` is `before` the window, the month
 * closed, or `after` (still open at its end).
 */
async function caseGroups(db: ServerDb, from: Date, to: Date, rulings: Map<string, Date>): Promise<CaseGroup[]> {
  const ruled = JSON.stringify([...rulings].map(([id, at]) => ({ id, at: at.toISOString() })));
  const month = (column: string) => sql.raw(`to_char((${column} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`);
  const result = (await db.execute(sql`
    WITH ruling AS (SELECT r.id::uuid AS id, r.at::timestamptz AS at FROM jsonb_to_recordset(${ruled}::jsonb) AS r(id text, at text)),
    c AS (
      SELECT c.team, c.filed_at, c.amount_recovered,
             CASE WHEN r.at IS NOT NULL AND (c.closed_at IS NULL OR r.at <= c.closed_at) THEN r.at ELSE c.closed_at END AS closed_at,
             (r.at IS NOT NULL AND (c.closed_at IS NULL OR r.at <= c.closed_at))
               OR (c.closed_at IS NOT NULL AND (position(${FINALITY_CLOSURE} in c.stage) > 0 OR position(${FINALITY_CLOSURE} in c.status) > 0)) AS finality
        FROM platform.cases c LEFT JOIN ruling r ON r.id = c.id
       WHERE c.filed_at < ${to.toISOString()}::timestamptz AND c.status <> 'canceled'
         AND (c.closed_at IS NULL OR c.closed_at >= ${from.toISOString()}::timestamptz)
    )
    SELECT team,
           CASE WHEN filed_at < ${from.toISOString()}::timestamptz THEN 'before' ELSE ${month('filed_at')} END AS filed,
           CASE WHEN closed_at IS NULL OR closed_at >= ${to.toISOString()}::timestamptz THEN 'after'
                WHEN closed_at < ${from.toISOString()}::timestamptz THEN 'before' ELSE ${month('closed_at')} END AS closed,
           finality, count(*)::int AS n, coalesce(sum(amount_recovered), 0)::float8 AS amount,
           coalesce(sum(extract(epoch FROM closed_at - filed_at)), 0)::float8 / 86400 AS days
      FROM c GROUP BY 1, 2, 3, 4`)) as unknown as { rows: CaseGroup[] };
  return result.rows.map((r) => ({ ...r, n: Number(r.n), amount: Number(r.amount), days: Number(r.days) }));
}

/** a group as the figures read it: one entry standing for `n` cases, dated inside its months */
function toQualityCases(groups: CaseGroup[], from: Date): QualityCase[] {
  const before = new Date(from.getTime() - 1);
  const inMonth = (month: string) => new Date(Math.max(monthStart(month).getTime(), from.getTime()));
  return groups.map((g) => ({
    team: g.team,
    filedAt: g.filed === 'before' ? before : inMonth(g.filed),
    closedAt: g.closed === 'after' ? null : g.closed === 'before' ? before : inMonth(g.closed),
    closureKind: g.finality ? FINALITY_CLOSURE : g.closed === 'after' ? null : '结案',
    amountRecovered: g.amount,
    count: g.n,
    daysToClose: g.days,
  }));
}

export async function loadQuality(db: ServerDb, engine: Engine, options: QualityLoadOptions): Promise<QualityReport> {
  const { from, to } = options;
  // the units' overdue counts need no case: they run while the cases are counted (after the 终本 rulings they read)
  const [groups, unitsOverdue] = await Promise.all([finalityRulings(engine, to).then((rulings) => caseGroups(db, from, to, rulings)), overdueCounts(engine, options, [])]);
  const overdue = unitsOverdue;
  if (options.groupBy === 'team') {
    // a team named on cases that is not one of the units: counted too
    const units = new Set<string>(GROUPS);
    const others = [...new Set(groups.map((g) => g.team).filter((t): t is string => Boolean(t) && !units.has(t!)))];
    const counts = await Promise.all(others.map((t) => countOpenTasks(engine, { candidateGroup: t }, options.now.getTime())));
    others.forEach((t, i) => {
      if (counts[i]!.n > 0) overdue.byGroup[t] = counts[i]!.n;
      if (counts[i]!.atLeast) overdue.atLeast = [...(overdue.atLeast ?? []), t];
    });
  }
  return computeQuality(toQualityCases(groups, from), overdue, options);
}
