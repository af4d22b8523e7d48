/** The audit trail, read-only: there is no route that changes it. */
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { auditLog } from '../../db/schema.js';
import { SUPERVISORS } from '../../plugins/roles.js';
import { AuditPage, AuditQuery } from '../../schemas/audit.js';
import { errors } from '../../schemas/common.js';

export default async function auditRoutes(app: TypedApp) {
  app.get(
    '/audit',
    { config: { roles: SUPERVISORS }, schema: { tags: ['audit'], summary: '审计日志', querystring: AuditQuery, response: { 200: AuditPage, ...errors } } },
    async (request) => {
      const q = request.query;
      const where = and(
        ...([
          q.caseId ? eq(auditLog.caseId, q.caseId) : undefined,
          q.actor ? eq(auditLog.actor, q.actor) : undefined,
          q.action ? eq(auditLog.action, q.action) : undefined,
          q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
          q.to ? lte(auditLog.at, new Date(q.to)) : undefined,
        ].filter(Boolean) as SQL[]),
      );
      const pageSize = q.pageSize ?? 50;
      const [rows, [total]] = await Promise.all([
        app.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(pageSize).offset(((q.page ?? 1) - 1) * pageSize),
        app.db.select({ n: count() }).from(auditLog).where(where),
      ]);
      return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total: total?.n ?? 0 };
    },
  );
}
