/**
 * Reads what the 执行质效 figures are computed from: the cases table (platform schema), the
 * engine's count of open user tasks past their due date (one small search per group, reading
 * only `totalItems`, so 100,000 open tasks cost no more than ten), and the 终本 rulings made
 * (Camunda's user-task, element-instance and variable searches). Cases whose process was
 * canceled (撤销) are left out.
 */
import { and, gte, isNull, lt, ne, or } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { cases } from '../db/schema.js';
import type { ElementInstance, EngineClient, SearchResult } from '../plugins/engine-client.js';
import { GROUPS } from '../plugins/roles.js';
import { caseIdsOf, searchAll } from './monitoring.js';
import { computeQuality, FINALITY_RULING, monthBounds, monthsOf, toQualityCase, type OverdueCounts, type QualityLoadOptions, type QualityReport } from './quality.js';

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

/** how many open tasks match the filter (the engine counts exactly up to 10,000) */
async function countOpenTasks(engine: Engine, filter: Record<string, unknown>): Promise<number> {
  const page = await engine.request<SearchResult<unknown>>('POST', '/v2/user-tasks/search', { filter: { state: 'CREATED', ...filter }, page: { from: 0, limit: 1 } });
  return page.page.totalItems;
}

/** overdue open tasks by candidate group (each unit and team), or by the month they fell due */
async function overdueCounts(engine: Engine, options: QualityLoadOptions, teams: string[]): Promise<OverdueCounts> {
  const now = options.now.toISOString();
  const total = countOpenTasks(engine, { dueDate: { $lt: now } });
  const byGroup: Record<string, number> = {};
  if (options.groupBy === 'team') {
    const groups = [...new Set([...GROUPS, ...teams])];
    const counts = await Promise.all(groups.map((g) => countOpenTasks(engine, { candidateGroup: g, dueDate: { $lt: now } })));
    groups.forEach((g, i) => {
      if (counts[i]! > 0) byGroup[g] = counts[i]!;
    });
  } else {
    const months = monthsOf(options.from, options.to).filter((m) => monthBounds(m).start < options.now);
    const counts = await Promise.all(
      months.map((m) => {
        const { start, end } = monthBounds(m);
        return countOpenTasks(engine, { dueDate: { $gte: start.toISOString(), $lt: (end < options.now ? end : options.now).toISOString() } });
      }),
    );
    months.forEach((m, i) => (byGroup[m] = counts[i]!));
  }
  return { total: await total, byGroup };
}

export async function loadQuality(db: ServerDb, engine: Engine, options: QualityLoadOptions): Promise<QualityReport> {
  const { from, to } = options;
  // cases that were open at some moment of the window (a case closed by 终本 keeps its row open)
  const [rows, rulings] = await Promise.all([
    db
      .select()
      .from(cases)
      .where(and(lt(cases.filedAt, to), ne(cases.status, 'canceled'), or(isNull(cases.closedAt), gte(cases.closedAt, from)))),
    finalityRulings(engine, to),
  ]);
  const teams = [...new Set(rows.map((r) => r.team).filter((t): t is string => Boolean(t)))];
  const overdue = await overdueCounts(engine, options, teams);
  return computeQuality(
    rows.map((r) => toQualityCase(r, rulings.get(r.id))),
    overdue,
    options,
  );
}
