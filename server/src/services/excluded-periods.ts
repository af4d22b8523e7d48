/**
 * 不计入执行期限的期间 (T00 9; EPI 13): 公告、审计、评估、鉴定、管辖权异议 and the like. Staff record
 * a period (closed afterwards, open-ended, or with a scheduled end) and, later, its end; the server
 * keeps them in `case_excluded_periods` and publishes `enforcement-case.period-excluded` /
 * `enforcement-case.period-exclusion-ended` (correlation key = 案号) to the case's process, whose
 * 期限监控 adds them to `excludedPeriods` and moves `executionPeriodEffectiveEnd`. 中止 / 暂缓 keep
 * their own routes (suspension.ts); the model's own view of the period (`executionPeriod`) includes
 * them and the auctions' pauses as it computes them.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { chinaDateTime } from '../../../common/calendar.js';
import type { ServerDb } from '../db/database.js';
import { auditLog, caseExcludedPeriods, cases } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../plugins/http-errors.js';
import type { EngineClient } from '../plugins/engine-client.js';
import type { CaseRow } from './cases.js';
import { MESSAGE_TTL_MS, SUSPENDABLE_CASE_TYPE } from './suspension.js';

export const EXCLUSION_KINDS = ['公告', '审计', '评估', '鉴定', '管辖权异议', '其他'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

export const PERIOD_EXCLUDED_MESSAGE = 'enforcement-case.period-excluded';
export const PERIOD_EXCLUSION_ENDED_MESSAGE = 'enforcement-case.period-exclusion-ended';

export type ExcludedPeriodRow = typeof caseExcludedPeriods.$inferSelect;

/** one period as `CaseRecord.excludedPeriods` lists it */
export interface ExcludedPeriod {
  id: string;
  kind: string;
  reason: string;
  basis: string | null;
  from: string;
  to: string | null;
  recordedBy: string;
  endedBy: string | null;
  /** not ended at `now`: open-ended, or its (scheduled) end still ahead */
  open: boolean;
}

export const isOpen = (p: Pick<ExcludedPeriodRow, 'toAt'>, now: Date) => !p.toAt || p.toAt.getTime() > now.getTime();

export const toExcludedPeriod = (p: ExcludedPeriodRow, now: Date): ExcludedPeriod => ({
  id: p.id,
  kind: p.kind,
  reason: p.reason,
  basis: p.basis,
  from: p.fromAt.toISOString(),
  to: p.toAt ? p.toAt.toISOString() : null,
  recordedBy: p.recordedBy,
  endedBy: p.endedBy,
  open: isOpen(p, now),
});

/** the periods of the given cases, newest (latest `from`) first, per case id */
export async function excludedPeriodsOf(db: ServerDb, caseIds: string[], now: Date): Promise<Map<string, ExcludedPeriod[]>> {
  const byCase = new Map<string, ExcludedPeriod[]>();
  if (caseIds.length === 0) return byCase;
  const rows = await db
    .select()
    .from(caseExcludedPeriods)
    .where(inArray(caseExcludedPeriods.caseId, [...new Set(caseIds)]))
    .orderBy(desc(caseExcludedPeriods.fromAt), desc(caseExcludedPeriods.recordedAt));
  for (const r of rows) {
    const list = byCase.get(r.caseId) ?? [];
    list.push(toExcludedPeriod(r, now));
    byCase.set(r.caseId, list);
  }
  return byCase;
}

export interface ExcludePeriodInput {
  kind: ExclusionKind;
  reason: string;
  basis?: string;
  from?: string;
  to?: string;
}

export interface ExclusionContext {
  db: ServerDb;
  engine: EngineClient;
  now: Date;
  by: string;
}

function parseInstant(value: string, field: string, label: string): Date {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw badRequest(`${label} ${field} 应为 ISO 日期时间`, field);
  return new Date(t);
}

function checkExcludable(row: CaseRow) {
  if (row.status !== 'open' || !row.processInstanceKey) throw conflict(`案件 ${row.caseNumber} 已结案或未启动流程，不能登记不计入执行期限的期间`);
  if (row.caseType !== SUSPENDABLE_CASE_TYPE) throw conflict(`${row.caseType}字案件的流程没有执行期限监控，不能登记不计入执行期限的期间`);
}

/** records a period not counted in the execution period and publishes it to the case's process */
export async function excludePeriod(ctx: ExclusionContext, caseId: string, input: ExcludePeriodInput): Promise<{ row: CaseRow; period: ExcludedPeriodRow }> {
  const reason = input.reason.trim();
  if (!reason) throw badRequest('请填写不计入执行期限的事由', 'reason');
  const from = input.from === undefined ? ctx.now : parseInstant(input.from, 'from', '期间起点');
  if (from.getTime() > ctx.now.getTime()) throw badRequest(`期间起点 from 不能晚于当前时间 ${chinaDateTime(ctx.now)}`, 'from');
  const to = input.to === undefined ? null : parseInstant(input.to, 'to', '期间终点');
  if (to && to.getTime() <= from.getTime()) throw badRequest(`期间终点 to 应晚于起点 ${chinaDateTime(from)}`, 'to');
  const basis = input.basis?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw notFound(`案件 ${caseId} 不存在`);
    checkExcludable(row);
    if (from.getTime() < row.filedAt.getTime()) throw badRequest(`期间起点 from 不能早于立案时间 ${chinaDateTime(row.filedAt)}`, 'from');
    const [period] = await tx
      .insert(caseExcludedPeriods)
      .values({ caseId: row.id, kind: input.kind, reason, basis, fromAt: from, toAt: to, recordedBy: ctx.by, recordedAt: ctx.now })
      .returning();
    const exclusion = {
      id: period!.id,
      kind: input.kind,
      reason,
      ...(basis ? { basis } : {}),
      from: from.toISOString(),
      ...(to ? { to: to.toISOString() } : {}),
    };
    // published inside the transaction: a refused publication leaves no record behind
    await ctx.engine.publishMessage({
      name: PERIOD_EXCLUDED_MESSAGE,
      correlationKey: row.caseNumber,
      timeToLive: MESSAGE_TTL_MS,
      messageId: `case.exclude:${period!.id}`,
      variables: { exclusion },
    });
    await tx.insert(auditLog).values({
      actor: ctx.by,
      action: 'case.exclude-period',
      caseId: row.id,
      target: `${input.kind}：${reason}`,
      details: { periodId: period!.id, kind: input.kind, reason, basis, from: exclusion.from, to: to ? to.toISOString() : null, caseNumber: row.caseNumber },
    });
    return { row, period: period! };
  });
}

/** ends an open period (or one whose scheduled end is still ahead) and publishes the end */
export async function endExcludedPeriod(
  ctx: ExclusionContext,
  caseId: string,
  periodId: string,
  input: { to?: string; reason?: string },
): Promise<{ row: CaseRow; period: ExcludedPeriodRow }> {
  const to = input.to === undefined ? ctx.now : parseInstant(input.to, 'to', '期间终点');
  if (to.getTime() > ctx.now.getTime()) throw badRequest(`期间终点 to 不能晚于当前时间 ${chinaDateTime(ctx.now)}`, 'to');
  const reason = input.reason?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw notFound(`案件 ${caseId} 不存在`);
    const [period] = await tx
      .select()
      .from(caseExcludedPeriods)
      .where(and(eq(caseExcludedPeriods.id, periodId), eq(caseExcludedPeriods.caseId, row.id)))
      .for('update');
    if (!period) throw notFound(`案件 ${row.caseNumber} 没有编号为 ${periodId} 的不计入期间`);
    if (!isOpen(period, ctx.now)) throw conflict(`该期间已于 ${chinaDateTime(period.toAt!)} 结束`);
    if (row.status !== 'open' || !row.processInstanceKey) throw conflict(`案件 ${row.caseNumber} 已结案或未启动流程，不能结束不计入执行期限的期间`);
    if (to.getTime() < period.fromAt.getTime()) throw badRequest(`期间终点 to 不能早于起点 ${chinaDateTime(period.fromAt)}`, 'to');
    const [updated] = await tx
      .update(caseExcludedPeriods)
      .set({ toAt: to, endedBy: ctx.by, endReason: reason, endedAt: ctx.now })
      .where(eq(caseExcludedPeriods.id, period.id))
      .returning();
    await ctx.engine.publishMessage({
      name: PERIOD_EXCLUSION_ENDED_MESSAGE,
      correlationKey: row.caseNumber,
      timeToLive: MESSAGE_TTL_MS,
      messageId: `case.exclude-end:${period.id}`,
      variables: { exclusion: { id: period.id, to: to.toISOString() } },
    });
    await tx.insert(auditLog).values({
      actor: ctx.by,
      action: 'case.end-excluded-period',
      caseId: row.id,
      target: reason ? `${period.kind}期间结束：${reason}` : `${period.kind}期间结束`,
      details: { periodId: period.id, kind: period.kind, from: period.fromAt.toISOString(), to: to.toISOString(), reason, caseNumber: row.caseNumber },
    });
    return { row, period: updated! };
  });
}

/** the model's view of the execution period: the root instance's variables */
export interface ExecutionPeriod {
  end: string | null;
  effectiveEnd: string | null;
  stopped: boolean;
  excludedPeriods: { id?: string; kind: string; from: string; to: string | null; reason?: string }[];
}

const PERIOD_VARIABLES = ['executionPeriodEnd', 'executionPeriodEffectiveEnd', 'executionPeriodStopped', 'excludedPeriods'];
/** the case page must not wait for a slow engine */
export const EXECUTION_PERIOD_TIMEOUT_MS = 2_000;

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * `executionPeriodEnd`, `executionPeriodEffectiveEnd`, `executionPeriodStopped` and `excludedPeriods`
 * of the case's root instance; null when there is no instance, none of the variables is set, the
 * engine fails or does not answer within `timeoutMs`.
 */
export async function executionPeriodOf(engine: EngineClient, row: CaseRow, timeoutMs = EXECUTION_PERIOD_TIMEOUT_MS): Promise<ExecutionPeriod | null> {
  const pik = row.processInstanceKey;
  if (!pik) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const read = engine
    .searchVariables({ filter: { processInstanceKey: pik, scopeKey: pik, name: { $in: PERIOD_VARIABLES } }, page: { limit: 10 } })
    .then((found) => {
      const values = new Map<string, unknown>();
      for (const v of found.items) {
        try {
          values.set(v.name, JSON.parse(v.value));
        } catch {
          // a value that is not JSON is left out
        }
      }
      if (values.size === 0) return null;
      const list = values.get('excludedPeriods');
      const excludedPeriods = (Array.isArray(list) ? list : [])
        .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof p.from === 'string')
        .map((p) => ({
          ...(typeof p.id === 'string' ? { id: p.id } : {}),
          kind: typeof p.kind === 'string' ? p.kind : '其他',
          from: p.from as string,
          to: str(p.to),
          ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
        }));
      return {
        end: str(values.get('executionPeriodEnd')),
        effectiveEnd: str(values.get('executionPeriodEffectiveEnd')),
        stopped: values.get('executionPeriodStopped') === true,
        excludedPeriods,
      };
    })
    .catch(() => null);
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
