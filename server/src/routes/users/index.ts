/** Staff accounts: everybody may list them (to assign a task), only admins create or change them. */
import { asc, eq, sql } from 'drizzle-orm';
import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../app.js';
import { sessions, users } from '../../db/schema.js';
import { conflict, notFound } from '../../plugins/http-errors.js';
import { ADMINS, ANY_ROLE } from '../../plugins/roles.js';
import { errors } from '../../schemas/common.js';
import { CreateUserBody, UpdateUserBody, UserQuery, UsernameParams, UserWithStatus } from '../../schemas/users.js';

const columns = { username: users.username, displayName: users.displayName, roles: users.roles, groups: users.groups, active: users.active };

export default async function userRoutes(app: TypedApp) {
  app.get(
    '/users',
    {
      config: { roles: ANY_ROLE },
      schema: { tags: ['users'], summary: '用户列表（可按部门、角色筛选）', querystring: UserQuery, response: { 200: Type.Object({ items: Type.Array(UserWithStatus) }), ...errors } },
    },
    async (request) => {
      const { group, role } = request.query;
      const conditions = [
        group ? sql`${group} = ANY(${users.groups})` : undefined,
        role ? sql`${role} = ANY(${users.roles})` : undefined,
      ].filter(Boolean);
      const items = await app.db
        .select(columns)
        .from(users)
        .where(conditions.length ? sql.join(conditions as never[], sql` AND `) : undefined)
        .orderBy(asc(users.username));
      return { items };
    },
  );

  app.post(
    '/users',
    { config: { roles: ADMINS }, schema: { tags: ['users'], summary: '新建用户', body: CreateUserBody, response: { 201: UserWithStatus, ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const [exists] = await app.db.select({ u: users.username }).from(users).where(eq(users.username, body.username));
      if (exists) throw conflict(`用户名 ${body.username} 已存在`, 'username');
      const [created] = await app.db
        .insert(users)
        .values({ username: body.username, displayName: body.displayName, passwordHash: await app.auth.hashPassword(body.password), roles: body.roles, groups: body.groups ?? [] })
        .returning(columns);
      await request.audit('user.create', { target: body.username, details: { roles: body.roles, groups: body.groups } });
      return reply.code(201).send(created!);
    },
  );

  app.patch(
    '/users/:username',
    {
      config: { roles: ADMINS },
      schema: { tags: ['users'], summary: '修改用户（角色、部门、密码、停用）', params: UsernameParams, body: UpdateUserBody, response: { 200: UserWithStatus, ...errors } },
    },
    async (request) => {
      const { password, ...rest } = request.body;
      const changes = { ...rest, ...(password ? { passwordHash: await app.auth.hashPassword(password) } : {}) };
      const [updated] = Object.keys(changes).length
        ? await app.db.update(users).set(changes).where(eq(users.username, request.params.username)).returning(columns)
        : await app.db.select(columns).from(users).where(eq(users.username, request.params.username));
      if (!updated) throw notFound(`用户 ${request.params.username} 不存在`);
      // a deactivated user or a changed password ends the user's sessions
      if (rest.active === false || password) await app.db.delete(sessions).where(eq(sessions.username, updated.username));
      await request.audit('user.update', { target: updated.username, details: { ...rest, passwordChanged: Boolean(password) } });
      return updated;
    },
  );
}
