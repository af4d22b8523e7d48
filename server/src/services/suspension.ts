/**
 * 中止 / 暂缓: staff record the 中止裁定 or 暂缓决定 of a case and, later, its resumption (恢复执行).
 * The server publishes `enforcement-case.suspended` / `enforcement-case.resumed` (correlation key
 * = 案号) to the engine, where the case's 期限监控 stops the six-month period and, on resumption,
 * adds the days to `excludedPeriods`. The suspension in force is kept on the case row.
 */
import { eq } from 'drizzle-orm';
import { chinaDateTime } from '../../../common/calendar.js';
import type { ServerDb } from '../db/database.js';
import { auditLog, cases } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../plugins/http-errors.js';
import type { EngineClient } from '../plugins/engine-client.js';
import type { CaseRow } from './cases.js';

export type SuspensionKind = '中止' | '暂缓';

export interface Suspension {
  kind: SuspensionKind;
  reason: string;
  /** 法律依据 / 文书 (e.g. the 中止裁定书's number) */
  basis: string | null;
  /** when the server recorded it (the engine's clock) */
  since: string;
  /** the end of a 暂缓 term; null for 中止 and an open-ended 暂缓 */
  until: string | null;
  by: string;
}

export interface SuspendInput {
  kind: SuspensionKind;
  reason: string;
  basis?: string;
  until?: string;
}

export const SUSPENDED_MESSAGE = 'enforcement-case.suspended';
export const RESUMED_MESSAGE = 'enforcement-case.resumed';
/** the only case type whose process (`enforcement-case`) catches the messages */
export const SUSPENDABLE_CASE_TYPE = '执';

/**
 * How long an unanswered message waits in the engine: the 期限监控 catches both messages only
 * while it waits for its warning time, not while an extension is applied for and approved (a
 * user task that may take days), so a message published then must outlive that.
 */
export const MESSAGE_TTL_MS = 30 * 86_400_000;

/** the suspension in force: none on a case that is not open, none after a 暂缓 term has run out (the model resumes by itself) */
export function activeSuspension(row: Pick<CaseRow, 'status' | 'suspension'>, now: Date): Suspension | null {
  const s = row.suspension as Suspension | null;
  if (!s || row.status !== 'open') return null;
  if (s.until && Date.parse(s.until) <= now.getTime()) return null;
  return s;
}

export interface SuspensionContext {
  db: ServerDb;
  engine: EngineClient;
  now: Date;
  by: string;
}

function checkSuspendable(row: CaseRow) {
  if (row.status !== 'open' || !row.processInstanceKey) throw conflict(`案件 ${row.caseNumber} 已结案或未启动流程，不能中止或暂缓`);
  if (row.caseType !== SUSPENDABLE_CASE_TYPE) throw conflict(`${row.caseType}字案件的流程没有执行期限监控，不能在此中止或暂缓`);
}

/** validates the input against the engine's now (400 naming the field) */
function validate(input: SuspendInput, now: Date): { until: string | null } {
  if (input.until === undefined) return { until: null };
  if (input.kind !== '暂缓') throw badRequest('只有暂缓执行可以设定期限（until），中止执行至中止事由消除时恢复', 'until');
  const until = Date.parse(input.until);
  if (Number.isNaN(until)) throw badRequest('暂缓期限 until 应为 ISO 日期时间', 'until');
  if (until <= now.getTime()) throw badRequest(`暂缓期限 until 应晚于当前时间 ${chinaDateTime(now)}`, 'until');
  return { until: new Date(until).toISOString() };
}

/** records a 中止 / 暂缓 on an open, not suspended case and publishes it to the case's process */
export async function suspendCase(ctx: SuspensionContext, caseId: string, input: SuspendInput): Promise<CaseRow> {
  const reason = input.reason.trim();
  if (!reason) throw badRequest('请填写中止 / 暂缓的事由', 'reason');
  const { until } = validate(input, ctx.now);
  return ctx.db.transaction(async (tx) => {
    // the row is locked so two clerks recording at once cannot both suspend it
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw notFound(`案件 ${caseId} 不存在`);
    checkSuspendable(row);
    const current = activeSuspension(row, ctx.now);
    if (current) throw conflict(`案件 ${row.caseNumber} 已于 ${chinaDateTime(current.since)} ${current.kind}执行，请先恢复执行`);
    const suspension: Suspension = { kind: input.kind, reason, basis: input.basis?.trim() || null, since: ctx.now.toISOString(), until, by: ctx.by };
    // a 暂缓 message is of no use after its term: the model would resume at once
    const ttl = until ? Math.min(MESSAGE_TTL_MS, Date.parse(until) - ctx.now.getTime()) : MESSAGE_TTL_MS;
    await ctx.engine.publishMessage({
      name: SUSPENDED_MESSAGE,
      correlationKey: row.caseNumber,
      timeToLive: ttl,
      messageId: `case.suspend:${row.id}:${suspension.since}`,
      variables: { suspension: { kind: suspension.kind, reason, ...(suspension.basis ? { basis: suspension.basis } : {}), ...(until ? { until } : {}) } },
    });
    const [updated] = await tx.update(cases).set({ suspension }).where(eq(cases.id, row.id)).returning();
    await tx.insert(auditLog).values({
      actor: ctx.by,
      action: 'case.suspend',
      caseId: row.id,
      target: `${suspension.kind}：${reason}`,
      details: { kind: suspension.kind, reason, basis: suspension.basis, until, caseNumber: row.caseNumber },
    });
    return updated!;
  });
}

/** ends the suspension in force (恢复执行) and publishes the resumption to the case's process */
export async function resumeCase(ctx: SuspensionContext, caseId: string, input: { reason?: string }): Promise<CaseRow> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row) throw notFound(`案件 ${caseId} 不存在`);
    const current = activeSuspension(row, ctx.now);
    if (!current) throw conflict(`案件 ${row.caseNumber} 未处于中止或暂缓状态`);
    const reason = input.reason?.trim() || null;
    // a 暂缓 with a term resumes by itself when it ends: the message need not outlive it
    const ttl = current.until ? Math.min(MESSAGE_TTL_MS, Date.parse(current.until) - ctx.now.getTime()) : MESSAGE_TTL_MS;
    await ctx.engine.publishMessage({
      name: RESUMED_MESSAGE,
      correlationKey: row.caseNumber,
      timeToLive: ttl,
      messageId: `case.resume:${row.id}:${current.since}`,
      variables: { resumption: { reason, at: ctx.now.toISOString(), by: ctx.by } },
    });
    const [updated] = await tx.update(cases).set({ suspension: null }).where(eq(cases.id, row.id)).returning();
    await tx.insert(auditLog).values({
      actor: ctx.by,
      action: 'case.resume',
      caseId: row.id,
      target: reason ? `恢复执行：${reason}` : '恢复执行',
      details: { kind: current.kind, since: current.since, reason, caseNumber: row.caseNumber },
    });
    return updated!;
  });
}
