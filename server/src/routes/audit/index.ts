/**
 * The audit trail, read-only: there is no route that changes it (the table's trigger refuses
 * UPDATE and DELETE too). Newest first, filtered by who, what, which case (id or 案号) and when.
 */
import { and, asc, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { auditLog, cases } from '../../db/schema.js';
import { badRequest } from '../../plugins/http-errors.js';
import { SUPERVISORS } from '../../plugins/roles.js';
import { errors } from '../../schemas/common.js';
import { AuditActionsReply, AuditListPage, AuditListQuery } from './audit-schemas.js';

/** `%` and `_` typed into the 案号 box are literal characters */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export default async function auditRoutes(app: TypedApp) {
  app.get(
    '/audit',
    { config: { roles: SUPERVISORS }, schema: { tags: ['audit'], summary: '审计日志', querystring: AuditListQuery, response: { 200: AuditListPage, ...errors } } },
    async (request) => {
      const q = request.query;
      const from = q.from ? new Date(q.from) : undefined;
      const to = q.to ? new Date(q.to) : undefined;
      if (from && to && from > to) throw badRequest('起始时间 from 不能晚于结束时间 to', 'from');
      const where = and(
        ...([
          q.caseId ? eq(auditLog.caseId, q.caseId) : undefined,
          q.caseNumber ? ilike(cases.caseNumber, likePattern(q.caseNumber.trim())) : undefined,
          q.actor ? eq(auditLog.actor, q.actor) : undefined,
          q.action ? eq(auditLog.action, q.action) : undefined,
          from ? gte(auditLog.at, from) : undefined,
          to ? lte(auditLog.at, to) : undefined,
        ].filter(Boolean) as SQL[]),
      );
      const pageSize = q.pageSize ?? 50;
      const [rows, [total]] = await Promise.all([
        app.db
          .select({
            id: auditLog.id,
            at: auditLog.at,
            actor: auditLog.actor,
            action: auditLog.action,
            caseId: auditLog.caseId,
            caseNumber: cases.caseNumber,
            target: auditLog.target,
            details: auditLog.details,
            ip: auditLog.ip,
          })
          .from(auditLog)
          .leftJoin(cases, eq(cases.id, auditLog.caseId))
          .where(where)
          .orderBy(desc(auditLog.id))
          .limit(pageSize)
          .offset(((q.page ?? 1) - 1) * pageSize),
        app.db.select({ n: count() }).from(auditLog).leftJoin(cases, eq(cases.id, auditLog.caseId)).where(where),
      ]);
      return { items: rows.map((r) => ({ ...r, caseNumber: r.caseNumber ?? null, at: r.at.toISOString() })), total: total?.n ?? 0 };
    },
  );

  app.get(
    '/audit/actions',
    { config: { roles: SUPERVISORS }, schema: { tags: ['audit'], summary: '审计日志中出现过的操作类型', response: { 200: AuditActionsReply, ...errors } } },
    async () => {
      const rows = await app.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
      return { actions: rows.map((r) => r.action) };
    },
  );
}
