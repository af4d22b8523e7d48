/**
 * 系统管理 over the API: admins create users (password rule, duplicate names refused naming the
 * field), change roles and groups, disable and enable them, reset passwords — each change in the
 * audit trail with who and what, never a password. The audit trail is read newest first with
 * filters (user, action, 案号, time range) and paging, and nothing can edit it. The holiday
 * table's years say which are counted provisionally until an admin enters them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedApp } from '../../server/src/app.js';
import { auditLog, cases, users } from '../../server/src/db/schema.js';
import { DEMO_PASSWORD } from '../../server/src/services/demo-users.js';
import { startServerHarness, type Headers, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
let app: TypedApp;
let admin: Headers;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'users-admin-test-'));
const previousHolidaysFile = process.env.HOLIDAYS_FILE;

beforeAll(async () => {
  process.env.HOLIDAYS_FILE = path.join(dir, 'holidays.json');
  h = await startServerHarness();
  app = h.app;
  admin = await h.login('admin');
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (previousHolidaysFile === undefined) delete process.env.HOLIDAYS_FILE;
  else process.env.HOLIDAYS_FILE = previousHolidaysFile;
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers | undefined, payload?: unknown) =>
  app.inject({ method, url, headers, payload: payload as never });

async function login(username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) return { status: res.statusCode, headers: undefined };
  return { status: 200, headers: { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrfToken as string } };
}

const auditOf = async (target: string) =>
  (await app.db.select().from(auditLog).where(and(eq(auditLog.target, target), eq(auditLog.actor, 'admin'))).orderBy(auditLog.id)).map((r) => ({ actor: r.actor, action: r.action, details: r.details }));

describe('用户管理', () => {
  it('offers the roles, groups and password rule to admins only', async () => {
    const res = await call('GET', '/api/users/options', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toContainEqual({ value: 'clerk', name: '部门工作人员' });
    expect(res.json().groups).toContain('查控组');
    expect(res.json().passwordRule.minLength).toBe(8);
    expect((await call('GET', '/api/users/options', await h.login('neiqin'))).statusCode).toBe(403);
  });

  it('creates a user whose password follows the rule, hashed, audited without the password', async () => {
    const body = { username: 'xiaoli', displayName: '小李', password: 'onlyletters', roles: ['clerk'], groups: ['查控组'] };
    const weak = await call('POST', '/api/users', admin, body);
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ field: 'password', message: '密码须同时包含字母和数字' });
    const short = await call('POST', '/api/users', admin, { ...body, password: 'ab1' });
    expect(short.statusCode).toBe(400);
    expect(short.json().field).toBe('password');
    const badRole = await call('POST', '/api/users', admin, { ...body, password: 'xiaoli2026', roles: ['emperor'] });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().field).toMatch(/^roles/);

    const created = await call('POST', '/api/users', admin, { ...body, password: 'xiaoli2026' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ username: 'xiaoli', displayName: '小李', roles: ['clerk'], groups: ['查控组'], active: true });
    const [row] = await app.db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'xiaoli'));
    expect(row!.hash).not.toContain('xiaoli2026');
    expect(row!.hash).toMatch(/^\$argon2/);
    expect((await login('xiaoli', 'xiaoli2026')).status).toBe(200);

    const again = await call('POST', '/api/users', admin, { ...body, password: 'xiaoli2026' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ field: 'username', message: '用户名 xiaoli 已存在' });

    const entries = await auditOf('xiaoli');
    expect(entries).toEqual([{ actor: 'admin', action: 'user.create', details: { displayName: '小李', roles: ['clerk'], groups: ['查控组'] } }]);
    expect(JSON.stringify(entries)).not.toContain('xiaoli2026');
  });

  it('changes roles and groups, auditing before and after; an unchanged edit writes nothing', async () => {
    await call('POST', '/api/users', admin, { username: 'xiaozhang', displayName: '小张', password: 'zhang2026', roles: ['clerk'], groups: ['内勤'] });
    const res = await call('PATCH', '/api/users/xiaozhang', admin, { roles: ['judge'], groups: ['执行团队', '合议庭'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['judge'], groups: ['执行团队', '合议庭'], active: true });
    const same = await call('PATCH', '/api/users/xiaozhang', admin, { roles: ['judge'], displayName: '小张' });
    expect(same.statusCode).toBe(200);
    expect(await auditOf('xiaozhang')).toEqual([
      expect.objectContaining({ action: 'user.create' }),
      { actor: 'admin', action: 'user.update', details: { before: { roles: ['clerk'], groups: ['内勤'] }, after: { roles: ['judge'], groups: ['执行团队', '合议庭'] } } },
    ]);
    // the next request of the user carries the new roles
    const session = (await login('xiaozhang', 'zhang2026')).headers!;
    expect((await call('GET', '/api/auth/me', session)).json().user.roles).toEqual(['judge']);
    expect((await call('PATCH', '/api/users/nobody', admin, { roles: ['clerk'] })).statusCode).toBe(404);
    expect((await call('PATCH', '/api/users/xiaozhang', await h.login('zhuren'), { roles: ['admin'] })).statusCode).toBe(403);
  });

  it('disables a user (sessions end, login refused) and enables them again', async () => {
    await call('POST', '/api/users', admin, { username: 'xiaowang', displayName: '小王', password: 'wang2026a', roles: ['clerk'], groups: ['网拍组'] });
    const session = (await login('xiaowang', 'wang2026a')).headers!;
    expect((await call('PATCH', '/api/users/xiaowang', admin, { active: false })).json().active).toBe(false);
    expect((await call('GET', '/api/auth/me', session)).statusCode).toBe(401);
    expect((await login('xiaowang', 'wang2026a')).status).toBe(401);
    expect((await call('PATCH', '/api/users/xiaowang', admin, { active: true })).json().active).toBe(true);
    expect((await login('xiaowang', 'wang2026a')).status).toBe(200);
    expect((await auditOf('xiaowang')).map((e) => e.action)).toEqual(['user.create', 'user.disable', 'user.enable']);
  });

  it('resets a password: the old one stops working, sessions end, the audit names no password', async () => {
    await call('POST', '/api/users', admin, { username: 'xiaozhao', displayName: '小赵', password: 'zhao2026a', roles: ['clerk'], groups: [] });
    const session = (await login('xiaozhao', 'zhao2026a')).headers!;
    const weak = await call('POST', '/api/users/xiaozhao/password', admin, { password: '12345678' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('password');
    const res = await call('POST', '/api/users/xiaozhao/password', admin, { password: 'newpass99' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ username: 'xiaozhao', sessionsEnded: 1 });
    expect((await call('GET', '/api/auth/me', session)).statusCode).toBe(401);
    expect((await login('xiaozhao', 'zhao2026a')).status).toBe(401);
    expect((await login('xiaozhao', 'newpass99')).status).toBe(200);
    const entries = await auditOf('xiaozhao');
    expect(entries.map((e) => e.action)).toEqual(['user.create', 'user.password.reset']);
    expect(JSON.stringify(entries)).not.toContain('newpass99');
    expect((await call('POST', '/api/users/nobody/password', admin, { password: 'newpass99' })).statusCode).toBe(404);
  });

  it('keeps an administrator: an admin cannot disable themselves or drop their own admin role', async () => {
    const self = await call('PATCH', '/api/users/admin', admin, { active: false });
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ field: 'active', message: '不能停用自己的账户' });
    const role = await call('PATCH', '/api/users/admin', admin, { roles: ['supervisor'] });
    expect(role.statusCode).toBe(400);
    expect(role.json().field).toBe('roles');
    // another admin may be disabled while one remains
    await call('POST', '/api/users', admin, { username: 'admin2', displayName: '备用管理员', password: 'admin2026x', roles: ['admin'], groups: [] });
    expect((await call('PATCH', '/api/users/admin2', admin, { active: false })).statusCode).toBe(200);
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('审计日志', () => {
  it('lists newest first with filters by user, action, 案号 and time, in pages', async () => {
    const [row] = await app.db
      .insert(cases)
      .values({ caseNumber: '（2026）豫1330执777号', caseType: '执', courtCode: '豫1330', year: 2026, parties: { applicant: { name: '甲' }, respondents: [{ name: '乙' }] }, claimAmount: 1000, registeredBy: 'lian' })
      .returning();
    const before = new Date(Date.now() - 1000);
    for (let i = 1; i <= 3; i++) await app.appendAudit({ actor: 'faguan', action: 'task.complete', caseId: row!.id, target: `task-${i}` });
    const supervisor = await h.login('zhuren');

    const byCase = (await call('GET', `/api/audit?caseNumber=${encodeURIComponent('执777')}`, supervisor)).json();
    expect(byCase.total).toBe(3);
    expect(byCase.items.map((e: { target: string }) => e.target)).toEqual(['task-3', 'task-2', 'task-1']);
    expect(byCase.items[0]).toMatchObject({ actor: 'faguan', action: 'task.complete', caseId: row!.id, caseNumber: '（2026）豫1330执777号' });

    const page2 = (await call('GET', `/api/audit?caseNumber=${encodeURIComponent('执777')}&pageSize=2&page=2`, supervisor)).json();
    expect(page2).toMatchObject({ total: 3, items: [expect.objectContaining({ target: 'task-1' })] });

    const creations = (await call('GET', '/api/audit?actor=admin&action=user.create', admin)).json();
    expect(creations.total).toBeGreaterThanOrEqual(4);
    expect(creations.items.every((e: { actor: string; action: string }) => e.actor === 'admin' && e.action === 'user.create')).toBe(true);
    const ids = creations.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const window = (await call('GET', `/api/audit?actor=faguan&from=${before.toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`, admin)).json();
    expect(window.total).toBe(3);
    const past = (await call('GET', `/api/audit?actor=faguan&to=${before.toISOString()}`, admin)).json();
    expect(past.total).toBe(0);
    const reversed = await call('GET', `/api/audit?from=${new Date().toISOString()}&to=${before.toISOString()}`, admin);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().field).toBe('from');

    // a literal % in the 案号 box matches nothing rather than everything
    expect((await call('GET', `/api/audit?caseNumber=${encodeURIComponent('%')}`, admin)).json().total).toBe(0);
    expect((await call('GET', '/api/audit/actions', admin)).json().actions).toEqual(expect.arrayContaining(['task.complete', 'user.create', 'user.disable']));
  });

  it('is read-only: no route changes it, and judges and clerks may not read it', async () => {
    const writes = app.apiRoutes.filter((r) => r.url.startsWith('/api/audit') && r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes).toEqual([]);
    expect((await call('DELETE', '/api/audit', admin)).statusCode).toBe(404);
    expect((await call('GET', '/api/audit', await h.login('faguan'))).statusCode).toBe(403);
  });
});

describe('节假日', () => {
  it('lists the years with their source: seeded, entered by an admin, or provisional until entered', async () => {
    const currentYear = Number(new Date(app.platformConfig.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
    const first = (await call('GET', '/api/calendar/years', admin)).json();
    expect(first.currentYear).toBe(currentYear);
    const years = first.items.map((i: { year: number }) => i.year);
    expect(years).toContain(currentYear + 2);
    expect(years).toEqual([...years].sort((a: number, b: number) => a - b));
    const next = first.items.find((i: { year: number }) => i.year === 2027);
    const was = next.source;
    expect(['provisional', 'chinese-days']).toContain(was);
    expect(first.items.find((i: { year: number }) => i.year === 2025)).toMatchObject({ source: 'chinese-days' });

    const put = await call('PUT', '/api/calendar/holidays/2027', admin, { holidays: { '2027-01-01': '元旦', '2027-02-06': '春节' }, workdays: { '2027-02-14': '春节调休' } });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await call('GET', '/api/calendar/years', admin)).json();
    expect(after.items.find((i: { year: number }) => i.year === 2027)).toEqual({ year: 2027, source: 'override', holidays: 2, workdays: 1 });
    expect((await call('GET', '/api/calendar/years', await h.login('zhuren'))).statusCode).toBe(403);
  });
});
