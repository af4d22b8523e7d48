/**
 * Sign-in, sessions, CSRF, the login rate limit, the start-up refusal of a route without an
 * access rule, and the append-only audit trail.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { auditLog } from '../../server/src/db/schema.js';
import { DEMO_PASSWORD } from '../../server/src/services/demo-users.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let h: ServerHarness;

beforeAll(async () => {
  h = await startServerHarness({ app: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } });
}, 120_000);
afterAll(async () => h?.close());

const auditRows = async (action: string) => (await h.app.db.select().from(auditLog)).filter((r) => r.action === action);

describe('login', () => {
  it('signs in with the right password: an httpOnly SameSite=Lax session cookie, the user and a CSRF token; audited', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'chakong', password: DEMO_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^sid=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(res.json().user).toEqual({ username: 'chakong', displayName: '王查控', roles: ['clerk'], groups: ['查控组'] });
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    expect((await auditRows('login')).some((r) => r.actor === 'chakong' && r.ip === '127.0.0.1')).toBe(true);
  });

  it('refuses a wrong password with 401 in Chinese and audits the failed attempt', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wangpai', password: 'nope-nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, message: '用户名或密码错误' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await auditRows('login.failed')).some((r) => r.actor === 'wangpai')).toBe(true);
  });

  it('names the missing field', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'password', message: '缺少必填字段 password' });
  });

  it('limits login attempts per user: the fourth within the window is 429', async () => {
    const attempt = () => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'baoquan', password: 'wrong-password' } });
    expect([(await attempt()).statusCode, (await attempt()).statusCode, (await attempt()).statusCode]).toEqual([401, 401, 401]);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toContain('登录尝试过于频繁');
    // the right password is refused too until the window passes
    const right = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'baoquan', password: DEMO_PASSWORD } });
    expect(right.statusCode).toBe(429);
    // another user from the same address is not affected
    const other = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhongben', password: DEMO_PASSWORD } });
    expect(other.statusCode).toBe(200);
  });
});

describe('session and CSRF', () => {
  it('answers /api/auth/me with the user and token, 401 without a session or with a forged one', async () => {
    const headers = await h.login('faguan');
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: headers.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: { username: 'faguan', displayName: '孙法官（承办法官）', roles: ['judge'], groups: ['执行团队', '合议庭'] }, csrfToken: headers['x-csrf-token'] });
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const forged = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'sid=forged-session-id' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().message).toBe('请先登录');
  });

  it('refuses a non-GET request without the CSRF header, or with another session’s token', async () => {
    const admin = await h.login('admin');
    const other = await h.login('zhuren');
    const body = { username: 'newclerk', displayName: '新同事', password: 'a-long-password-2026', roles: ['clerk'], groups: ['内勤'] };
    const missing = await h.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: body });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().message).toContain('CSRF');
    const wrong = await h.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie, 'x-csrf-token': other['x-csrf-token'] }, payload: body });
    expect(wrong.statusCode).toBe(403);
    const ok = await h.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: body });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ username: 'newclerk', roles: ['clerk'], groups: ['内勤'], active: true });
  });

  it('logs out: the session no longer works', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'neiqin', password: DEMO_PASSWORD } });
    const headers = { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrfToken as string };
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('a deactivated user loses the session and cannot sign in', async () => {
    const admin = await h.login('admin');
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lian', password: DEMO_PASSWORD } });
    const lian = { cookie: String(res.headers['set-cookie']).split(';')[0]! };
    const off = await h.app.inject({ method: 'PATCH', url: '/api/users/lian', headers: admin, payload: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: lian })).statusCode).toBe(401);
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lian', password: DEMO_PASSWORD } });
    expect(again.statusCode).toBe(401);
    expect((await auditRows('user.disable')).some((r) => r.target === 'lian' && r.actor === 'admin')).toBe(true);
  });

  it('stores only argon2 hashes of passwords', async () => {
    const rows = await h.app.db.execute(sql`SELECT password_hash FROM platform.users WHERE username = 'admin'`);
    const hash = (rows as unknown as { rows: { password_hash: string }[] }).rows[0]!.password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(DEMO_PASSWORD);
  });
});

describe('route access rules', () => {
  it('refuses, at registration, a route under /api that declares neither roles nor public', async () => {
    const app = await buildApp({ database: h.database, engine: { restUrl: 'http://127.0.0.1:9' }, events: { pollIntervalMs: 0 } });
    try {
      expect(() => app.get('/api/forgotten', async () => 'oops')).toThrow(/GET \/api\/forgotten declares neither config.roles nor config.public/);
      expect(() => app.get('/api/remembered', { config: { roles: ['admin'] } }, async () => 'ok')).not.toThrow();
      expect(() => app.get('/api/open', { config: { public: true } }, async () => 'ok')).not.toThrow();
    } finally {
      await app.close();
    }
  });
});

describe('audit trail', () => {
  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const before = (await h.app.db.select().from(auditLog)).length;
    expect(before).toBeGreaterThan(0);
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        () => 'accepted',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(h.app.db.execute(sql`UPDATE platform.audit_log SET actor = 'someone-else'`))).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(h.app.db.execute(sql`DELETE FROM platform.audit_log`))).toMatch(/append-only: DELETE refused/);
    expect(await refusal(h.app.db.execute(sql`TRUNCATE platform.audit_log`))).toMatch(/append-only: TRUNCATE refused/);
    expect((await h.app.db.select().from(auditLog)).length).toBe(before);
  });

  it('is readable by supervisors, filtered by action; clerks are refused', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/audit?action=login', headers: await h.login('zhuren') });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(res.json().items.every((r: { action: string }) => r.action === 'login')).toBe(true);
    expect((await h.app.inject({ method: 'GET', url: '/api/audit', headers: await h.login('chakong') })).statusCode).toBe(403);
  });
});
