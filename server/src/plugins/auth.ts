/**
 * Sessions, CSRF and roles.
 * - The cookie `sid` (httpOnly, SameSite=Lax) carries a random session id; the table keeps its
 *   SHA-256, so a leaked database does not hand out sessions.
 * - Every non-GET request of a signed-in user carries `x-csrf-token`, the session's token.
 * - ONE hook enforces roles from the route's `config`: `public: true`, or `roles: [...]`.
 *   A route under /api that declares neither is refused when registered, so nobody forgets.
 */
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import cookie from '@fastify/cookie';
import { and, eq, gt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessions, users } from '../db/schema.js';
import { errorBody } from './http-errors.js';
import { definePlugin } from './plugin.js';
import type { Role } from './roles.js';

export interface SessionUser {
  username: string;
  displayName: string;
  roles: Role[];
  groups: string[];
}

export interface AuthOptions {
  /** hours a session lives without use (default 12) */
  sessionTtlHours?: number;
  /** set the cookie's Secure flag (behind HTTPS) */
  secureCookie?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
    csrfToken?: string;
  }
  interface FastifyInstance {
    /** every route under /api with its access rule, as registered (the role matrix test walks it) */
    apiRoutes: { method: string; url: string; roles?: readonly Role[]; public?: boolean }[];
    auth: {
      hashPassword(password: string): Promise<string>;
      verifyPassword(hash: string, password: string): Promise<boolean>;
      /** creates a session, sets the cookie, returns the CSRF token */
      signIn(reply: FastifyReply, username: string): Promise<string>;
      signOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    };
  }
}

export const SESSION_COOKIE = 'sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const randomToken = (bytes: number) => crypto.randomBytes(bytes).toString('base64url');

/** user ids, never guessable; tokens compared in constant time */
const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

export const authPlugin = definePlugin<AuthOptions>(
  'auth',
  async (app: FastifyInstance, opts) => {
    const ttlMs = (opts.sessionTtlHours ?? 12) * 3_600_000;
    await app.register(cookie);
    app.decorateRequest('user', undefined);
    app.decorateRequest('csrfToken', undefined);

    const apiRoutes: FastifyInstance['apiRoutes'] = [];
    app.decorate('apiRoutes', apiRoutes);
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api')) return;
      const config = (route.config ?? {}) as { roles?: readonly Role[]; public?: boolean };
      if (config.public !== true && (!Array.isArray(config.roles) || config.roles.length === 0)) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares neither config.roles nor config.public`);
      }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        apiRoutes.push({ method, url: route.url, roles: config.roles, public: config.public === true });
      }
    });

    app.decorate('auth', {
      hashPassword: (password: string) => hash(password),
      verifyPassword: async (stored: string, password: string) => {
        try {
          return await verify(stored, password);
        } catch {
          return false;
        }
      },
      async signIn(reply: FastifyReply, username: string) {
        const sid = randomToken(32);
        const csrfToken = randomToken(24);
        await app.db.insert(sessions).values({ idHash: sha256(sid), username, csrfToken, expiresAt: new Date(Date.now() + ttlMs) });
        reply.setCookie(SESSION_COOKIE, sid, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookie ?? false, maxAge: ttlMs / 1000 });
        return csrfToken;
      },
      async signOut(request: FastifyRequest, reply: FastifyReply) {
        const sid = request.cookies[SESSION_COOKIE];
        if (sid) await app.db.delete(sessions).where(eq(sessions.idHash, sha256(sid)));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    });

    async function loadSession(request: FastifyRequest): Promise<void> {
      const sid = request.cookies[SESSION_COOKIE];
      if (!sid) return;
      const [row] = await app.db
        .select({
          username: users.username,
          displayName: users.displayName,
          roles: users.roles,
          groups: users.groups,
          active: users.active,
          csrfToken: sessions.csrfToken,
          expiresAt: sessions.expiresAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.username, sessions.username))
        .where(and(eq(sessions.idHash, sha256(sid)), gt(sessions.expiresAt, new Date())))
        .limit(1);
      if (!row || !row.active) return;
      request.user = { username: row.username, displayName: row.displayName, roles: row.roles as Role[], groups: row.groups };
      request.csrfToken = row.csrfToken;
      // sliding expiry, refreshed at most once a minute per session
      if (row.expiresAt.getTime() - Date.now() < ttlMs - 60_000) {
        await app.db.update(sessions).set({ expiresAt: new Date(Date.now() + ttlMs) }).where(eq(sessions.idHash, sha256(sid)));
      }
    }

    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api')) return;
      const config = request.routeOptions.config as { roles?: readonly Role[]; public?: boolean };
      await loadSession(request);
      if (config.public === true) return;
      if (!request.routeOptions.url) return; // 404: the not-found handler answers
      if (!request.user) return reply.code(401).send(errorBody(401, '请先登录'));
      if (!request.user.roles.some((r) => config.roles?.includes(r))) {
        return reply.code(403).send(errorBody(403, '无权执行此操作'));
      }
      if (!SAFE_METHODS.has(request.method)) {
        const header = request.headers['x-csrf-token'];
        if (typeof header !== 'string' || !request.csrfToken || !sameToken(header, request.csrfToken)) {
          return reply.code(403).send(errorBody(403, 'CSRF 校验失败，请刷新页面后重试'));
        }
      }
    });
  },
  { dependencies: ['database'] },
);
