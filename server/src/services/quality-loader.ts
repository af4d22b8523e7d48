/**
 * Reads what the 执行质效 figures are computed from: the cases table (platform schema) and the
 * engine's open user tasks past their due date (Camunda's user-task and variable searches).
 */
import { and, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { cases } from '../db/schema.js';
import type { EngineClient, Variable } from '../plugins/engine-client.js';
import { searchAll } from './monitoring.js';
import { computeQuality, teamsOfTasks, toQualityCase, type OverdueTask, type QualityLoadOptions, type QualityReport } from './quality.js';

/** variable searches take the instance keys in slices of this size */
const KEY_SLICE = 500;

export async function loadQuality(db: ServerDb, engine: Pick<EngineClient, 'request'>, options: QualityLoadOptions): Promise<QualityReport> {
  const { from, to, now } = options;
  // cases that were open at some moment of the window
  const rows = await db
    .select({
      id: cases.id,
      team: cases.team,
      filedAt: cases.filedAt,
      closedAt: cases.closedAt,
      stage: cases.stage,
      status: cases.status,
      amountRecovered: cases.amountRecovered,
    })
    .from(cases)
    .where(and(lt(cases.filedAt, to), or(isNull(cases.closedAt), gte(cases.closedAt, from))));

  const overdue = await searchAll<OverdueTask>(engine, '/v2/user-tasks/search', {
    filter: { state: 'CREATED', dueDate: { $lt: now.toISOString() } },
    sort: [{ field: 'dueDate', order: 'ASC' }],
  });
  const instanceKeys = [...new Set(overdue.map((t) => t.processInstanceKey))];
  const caseIdByInstance = new Map<string, string>();
  for (let i = 0; i < instanceKeys.length; i += KEY_SLICE) {
    const variables = await searchAll<Variable>(engine, '/v2/variables/search', {
      filter: { name: 'caseId', processInstanceKey: { $in: instanceKeys.slice(i, i + KEY_SLICE) } },
    });
    for (const v of variables) {
      try {
        const value = JSON.parse(v.value) as unknown;
        if (typeof value === 'string') caseIdByInstance.set(v.processInstanceKey, value);
      } catch {
        /* a truncated or non-JSON value names no case */
      }
    }
  }
  const teamByCase = new Map(rows.map((r) => [r.id, r.team] as const));
  const missing = [...new Set(caseIdByInstance.values())].filter((id) => !teamByCase.has(id) && /^[0-9a-f-]{36}$/i.test(id));
  for (let i = 0; i < missing.length; i += KEY_SLICE) {
    const more = await db.select({ id: cases.id, team: cases.team }).from(cases).where(inArray(cases.id, missing.slice(i, i + KEY_SLICE)));
    for (const r of more) teamByCase.set(r.id, r.team);
  }
  return computeQuality(rows.map(toQualityCase), teamsOfTasks(overdue, caseIdByInstance, teamByCase), options);
}
