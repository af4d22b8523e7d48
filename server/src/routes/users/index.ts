/**
 * Staff accounts (系统管理 → 用户管理): everybody may list them (to assign a task), only admins
 * create or change them. Every change is audited, one entry per kind of change (user.create,
 * user.update, user.disable, user.enable, user.password.reset), with what was before and after.
 * Passwords follow one rule (`PASSWORD_RULE`) and are stored only as hashes.
 */
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../../app.js';
import { sessions, users } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../plugins/http-errors.js';
import { ADMINS, ANY_ROLE, GROUPS, ROLE_NAMES, ROLES } from '../../plugins/roles.js';
import { errors } from '../../schemas/common.js';
import { CreateUserBody, UpdateUserBody, UserQuery, UsernameParams, UserWithStatus } from '../../schemas/users.js';
import { PASSWORD_RULE, passwordProblem, ResetPasswordBody, ResetPasswordReply, UserOptionsReply } from './admin-schemas.js';

const columns = { username: users.username, displayName: users.displayName, roles: users.roles, groups: users.groups, active: users.active };
const tags = ['users'];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export default async function userRoutes(app: TypedApp) {
  const findUser = async (username: string) => {
    const [row] = await app.db.select(columns).from(users).where(eq(users.username, username));
    if (!row) throw notFound(`用户 ${username} 不存在`);
    return row;
  };

  /** sign out everywhere: after a deactivation or a new password */
  const endSessions = async (username: string) => (await app.db.delete(sessions).where(eq(sessions.username, username)).returning({ u: sessions.username })).length;

  /** an admin locking themselves out, or the last active admin losing the role, leaves nobody to administer */
  const keepAnAdmin = async (username: string, self: boolean, change: { roles?: string[]; active?: boolean }, current: { roles: string[]; active: boolean }) => {
    const losesAdmin = (change.roles && !change.roles.includes('admin')) || change.active === false;
    if (!losesAdmin || !current.roles.includes('admin') || !current.active) return;
    if (self && change.active === false) throw badRequest('不能停用自己的账户', 'active');
    if (self) throw badRequest('不能移除自己的系统管理员角色', 'roles');
    const [others] = await app.db
      .select({ n: count() })
      .from(users)
      .where(and(ne(users.username, username), eq(users.active, true), sql`'admin' = ANY(${users.roles})`));
    if ((others?.n ?? 0) === 0) throw badRequest('至少要保留一名启用的系统管理员', change.active === false ? 'active' : 'roles');
  };

  app.get(
    '/users',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: '用户列表（可按部门、角色筛选）', querystring: UserQuery, response: { 200: Type.Object({ items: Type.Array(UserWithStatus) }), ...errors } },
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

  app.get(
    '/users/options',
    { config: { roles: ADMINS }, schema: { tags, summary: '可选的角色、部门与密码规则', response: { 200: UserOptionsReply, ...errors } } },
    async () => ({
      roles: ROLES.map((value) => ({ value, name: ROLE_NAMES[value] })),
      groups: [...GROUPS],
      passwordRule: PASSWORD_RULE,
    }),
  );

  app.post(
    '/users',
    { config: { roles: ADMINS }, schema: { tags, summary: '新建用户', body: CreateUserBody, response: { 201: UserWithStatus, ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const problem = passwordProblem(body.password);
      if (problem) throw badRequest(problem, 'password');
      const [exists] = await app.db.select({ u: users.username }).from(users).where(eq(users.username, body.username));
      if (exists) throw conflict(`用户名 ${body.username} 已存在`, 'username');
      const [created] = await app.db
        .insert(users)
        .values({ username: body.username, displayName: body.displayName, passwordHash: await app.auth.hashPassword(body.password), roles: body.roles, groups: body.groups ?? [] })
        .returning(columns);
      await request.audit('user.create', { target: body.username, details: { displayName: body.displayName, roles: body.roles, groups: body.groups ?? [] } });
      return reply.code(201).send(created!);
    },
  );

  app.patch(
    '/users/:username',
    {
      config: { roles: ADMINS },
      schema: { tags, summary: '修改用户（姓名、角色、部门、密码、停用）', params: UsernameParams, body: UpdateUserBody, response: { 200: UserWithStatus, ...errors } },
    },
    async (request) => {
      const { password, active, ...profile } = request.body;
      const current = await findUser(request.params.username);
      if (password !== undefined) {
        const problem = passwordProblem(password);
        if (problem) throw badRequest(problem, 'password');
      }
      await keepAnAdmin(current.username, current.username === request.user!.username, { roles: profile.roles, active }, current);

      // only what differs is written and audited
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (profile.displayName !== undefined && profile.displayName !== current.displayName) {
        before.displayName = current.displayName;
        after.displayName = profile.displayName;
      }
      if (profile.roles && !sameSet(profile.roles, current.roles)) {
        before.roles = current.roles;
        after.roles = profile.roles;
      }
      if (profile.groups && !sameSet(profile.groups, current.groups)) {
        before.groups = current.groups;
        after.groups = profile.groups;
      }
      const activeChanged = active !== undefined && active !== current.active;
      const changes = { ...after, ...(activeChanged ? { active } : {}), ...(password ? { passwordHash: await app.auth.hashPassword(password) } : {}) };
      const [updated] = Object.keys(changes).length
        ? await app.db.update(users).set(changes).where(eq(users.username, current.username)).returning(columns)
        : [current];
      if (active === false || password) await endSessions(current.username);

      const target = current.username;
      if (Object.keys(after).length) await request.audit('user.update', { target, details: { before, after } });
      if (activeChanged) await request.audit(active ? 'user.enable' : 'user.disable', { target });
      if (password) await request.audit('user.password.reset', { target });
      return updated!;
    },
  );

  app.post(
    '/users/:username/password',
    {
      config: { roles: ADMINS },
      schema: { tags, summary: '重置密码（结束该用户的全部会话）', params: UsernameParams, body: ResetPasswordBody, response: { 200: ResetPasswordReply, ...errors } },
    },
    async (request) => {
      const current = await findUser(request.params.username);
      const problem = passwordProblem(request.body.password);
      if (problem) throw badRequest(problem, 'password');
      await app.db.update(users).set({ passwordHash: await app.auth.hashPassword(request.body.password) }).where(eq(users.username, current.username));
      const sessionsEnded = await endSessions(current.username);
      await request.audit('user.password.reset', { target: current.username, details: { sessionsEnded } });
      return { username: current.username, sessionsEnded };
    },
  );
}
