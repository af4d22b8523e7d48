/**
 * Reads what the 执行质效 figures are computed from: the cases table (platform schema), the
 * engine's open user tasks past their due date, and the 终本 rulings made (Camunda's user-task,
 * element-instance and variable searches). Cases whose process was canceled (撤销) are left out.
 */
import { and, gte, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { cases } from '../db/schema.js';
import type { ElementInstance, EngineClient } from '../plugins/engine-client.js';
import { caseIdsOf, searchAll } from './monitoring.js';
import { computeQuality, FINALITY_RULING, teamsOfTasks, toQualityCase, type OverdueTask, type QualityLoadOptions, type QualityReport } from './quality.js';

/** case lookups take the ids in slices of this size */
const KEY_SLICE = 500;

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

export async function loadQuality(db: ServerDb, engine: Engine, options: QualityLoadOptions): Promise<QualityReport> {
  const { from, to, now } = options;
  const [rulings, overdue] = await Promise.all([
    finalityRulings(engine, to),
    searchAll<OverdueTask>(engine, '/v2/user-tasks/search', {
      filter: { state: 'CREATED', dueDate: { $lt: now.toISOString() } },
      sort: [{ field: 'dueDate', order: 'ASC' }],
    }),
  ]);
  // cases that were open at some moment of the window (a case closed by 终本 keeps its row open)
  const rows = await db
    .select()
    .from(cases)
    .where(and(lt(cases.filedAt, to), ne(cases.status, 'canceled'), or(isNull(cases.closedAt), gte(cases.closedAt, from))));

  const caseIdByInstance = await caseIdsOf(engine, overdue.map((t) => t.processInstanceKey));
  const teamByCase = new Map(rows.map((r) => [r.id, r.team] as const));
  const missing = [...new Set(caseIdByInstance.values())].filter((id) => !teamByCase.has(id));
  for (let i = 0; i < missing.length; i += KEY_SLICE) {
    const more = await db.select({ id: cases.id, team: cases.team }).from(cases).where(inArray(cases.id, missing.slice(i, i + KEY_SLICE)));
    for (const r of more) teamByCase.set(r.id, r.team);
  }
  return computeQuality(
    rows.map((r) => toQualityCase(r, rulings.get(r.id))),
    teamsOfTasks(overdue, caseIdByInstance, teamByCase),
    options,
  );
}
