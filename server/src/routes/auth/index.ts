/** Sign in, sign out, who am I. */
import { eq } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { users } from '../../db/schema.js';
import { badRequest, errorBody, HttpError } from '../../plugins/http-errors.js';
import { ANY_ROLE, type Role } from '../../plugins/roles.js';
import { errors, Ok } from '../../schemas/common.js';
import { LoginBody, SessionResponse } from '../../schemas/users.js';

export default async function authRoutes(app: TypedApp) {
  const limit = app.platformConfig.loginRateLimit;

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          hook: 'preHandler',
          keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
          errorResponseBuilder: (_req, ctx) => ({ ...errorBody(429, `登录尝试过于频繁，请 ${ctx.after} 后再试`), statusCode: 429 }),
        },
      },
      schema: { tags: ['auth'], summary: '登录', body: LoginBody, response: { 200: SessionResponse, ...errors, 429: errors[400] } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const [user] = await app.db.select().from(users).where(eq(users.username, username)).limit(1);
      const ok = user !== undefined && user.active && (await app.auth.verifyPassword(user.passwordHash, password));
      if (!ok) {
        await request.audit('login.failed', { actor: username, target: username });
        throw new HttpError(401, '用户名或密码错误');
      }
      const csrfToken = await app.auth.signIn(reply, user.username);
      await request.audit('login', { actor: user.username, target: user.username });
      return { user: { username: user.username, displayName: user.displayName, roles: user.roles, groups: user.groups }, csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    { config: { roles: ANY_ROLE }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: Ok, ...errors } } },
    async (request, reply) => {
      await request.audit('logout', { target: request.user!.username });
      await app.auth.signOut(request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { roles: ANY_ROLE }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: SessionResponse, ...errors } } },
    async (request) => {
      if (!request.user || !request.csrfToken) throw badRequest('请先登录');
      return { user: { ...request.user, roles: request.user.roles as Role[] }, csrfToken: request.csrfToken };
    },
  );
}
