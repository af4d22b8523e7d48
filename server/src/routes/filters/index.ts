/** Saved inbox filters, private or shared with one of the owner's groups. */
import { Type } from '@sinclair/typebox';
import { and, asc, eq } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { savedFilters } from '../../db/schema.js';
import { badRequest, forbidden, notFound } from '../../plugins/http-errors.js';
import { ANY_ROLE } from '../../plugins/roles.js';
import { errors, IdParams, Ok } from '../../schemas/common.js';
import { NewFilter, SavedFilter } from '../../schemas/tasks.js';
import { findVisibleFilter, toSavedFilter, visibleTo } from '../../services/saved-filters.js';

const tags = ['inbox'];

export default async function filterRoutes(app: TypedApp) {
  app.get(
    '/filters',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '我的与共享的筛选条件', response: { 200: Type.Object({ items: Type.Array(SavedFilter) }), ...errors } } },
    async (request) => {
      const rows = await app.db.select().from(savedFilters).where(visibleTo(request.user!)).orderBy(asc(savedFilters.name));
      return { items: rows.map(toSavedFilter) as never };
    },
  );

  app.post(
    '/filters',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '保存筛选条件（可共享给本部门）', body: NewFilter, response: { 201: SavedFilter, ...errors } } },
    async (request, reply) => {
      const { name, team, query } = request.body;
      const user = request.user!;
      if (team && !user.groups.includes(team) && !user.roles.includes('admin')) throw badRequest(`只能共享给本人所在的部门（${user.groups.join('、') || '无'}）`, 'team');
      const [row] = await app.db.insert(savedFilters).values({ owner: user.username, name, team: team ?? null, query }).returning();
      await request.audit('filter.create', { target: row!.id, details: { name, team: team ?? null } });
      return reply.code(201).send(toSavedFilter(row!) as never);
    },
  );

  app.delete(
    '/filters/:id',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '删除筛选条件（仅创建人）', params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const row = await findVisibleFilter(app.db, user, request.params.id);
      if (!row) throw notFound('筛选条件不存在');
      if (row.owner !== user.username && !user.roles.includes('admin')) throw forbidden('只有创建人可以删除该筛选条件');
      await app.db.delete(savedFilters).where(and(eq(savedFilters.id, row.id)));
      await request.audit('filter.delete', { target: row.id, details: { name: row.name } });
      return { ok: true as const };
    },
  );
}
