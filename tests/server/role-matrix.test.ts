/**
 * The role × route matrix: every route registered under /api (every route folder, whoever wrote
 * it) is called without a session (401, unless public) and as each role: a role outside the
 * route's rule is refused with 403 before the handler runs, a role inside it gets past the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../server/src/plugins/roles.js';
import { startServerHarness, type Headers, type ServerHarness } from './server-harness.js';

let h: ServerHarness;
const asRole: Partial<Record<Role, Headers>> = {};
/** one demo user per role */
const USER_OF: Record<Role, string> = { admin: 'admin', supervisor: 'zhuren', judge: 'faguan', clerk: 'chakong', hotline: 'zhiban' };

beforeAll(async () => {
  h = await startServerHarness();
  for (const role of ROLES) asRole[role] = await h.login(USER_OF[role]);
}, 120_000);
afterAll(async () => h?.close());

const PARAM_VALUES: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  key: '2251799813685249',
  username: 'nobody-here',
  year: '2026',
  processId: 'server-case',
  name: 'draft.bpmn',
  periodId: '00000000-0000-4000-8000-000000000001',
  assetId: 'asset-1',
};

const concrete = (url: string) => url.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(PARAM_VALUES[p] ?? 'x'));

describe('role × route matrix', () => {
  it('covers the routes of every folder', () => {
    const urls = h.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    for (const expected of ['POST /api/auth/login', 'GET /api/cases', 'GET /api/tasks', 'POST /api/tasks/:key/complete', 'GET /api/audit', 'GET /api/events']) {
      expect(urls).toContain(expected);
    }
    expect(h.app.apiRoutes.length).toBeGreaterThan(25);
  });

  it('answers 401 without a session and 403 for every role outside the rule, on every route', async () => {
    const problems: string[] = [];
    // logout ends the session it is called with: last
    const routes = [...h.app.apiRoutes].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    for (const route of routes) {
      const url = concrete(route.url);
      const call = (headers?: Headers) => h.app.inject({ method: route.method as 'GET', url, headers, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      if (!route.public) {
        const anonymous = await call();
        if (anonymous.statusCode !== 401) problems.push(`${route.method} ${route.url} without session: ${anonymous.statusCode}`);
      }
      for (const role of ROLES) {
        if (route.url === '/api/events' && route.roles?.includes(role)) continue; // a stream: checked in events.test.ts
        const res = await call(asRole[role]);
        const allowed = route.public || route.roles!.includes(role);
        const refusedByRule = res.statusCode === 403 && res.json().message === '无权执行此操作';
        if (!allowed && !refusedByRule) problems.push(`${route.method} ${route.url} as ${role}: ${res.statusCode} (expected 403)`);
        if (allowed && (res.statusCode === 401 || refusedByRule)) problems.push(`${route.method} ${route.url} as ${role}: ${res.statusCode} (allowed)`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps the rules the contracts name: user admin for admins, audit for supervisors, inbox actions for case staff', () => {
    const rule = (method: string, url: string) => h.app.apiRoutes.find((r) => r.method === method && r.url === url);
    expect(rule('POST', '/api/users')?.roles).toEqual(['admin']);
    expect(rule('PATCH', '/api/users/:username')?.roles).toEqual(['admin']);
    expect(rule('GET', '/api/audit')?.roles).toEqual(['admin', 'supervisor']);
    expect(rule('POST', '/api/tasks/:key/complete')?.roles).not.toContain('hotline');
    expect(rule('POST', '/api/cases')?.roles).not.toContain('hotline');
    expect(rule('POST', '/api/auth/login')?.public).toBe(true);
    // 中止裁定 / 暂缓决定 and 恢复执行: judges and above
    expect(rule('POST', '/api/cases/:id/suspension')?.roles).toEqual(['admin', 'supervisor', 'judge']);
    expect(rule('POST', '/api/cases/:id/resumption')?.roles).toEqual(['admin', 'supervisor', 'judge']);
    // 不计入执行期限的期间, pausing one auction and withdrawing its pricing (RP 29): the same rule; the auctions are read by case staff
    for (const url of ['/api/cases/:id/excluded-periods', '/api/cases/:id/excluded-periods/:periodId/end', '/api/cases/:id/auctions/:assetId/suspension', '/api/cases/:id/auctions/:assetId/resumption', '/api/cases/:id/auctions/:assetId/pricing-withdrawal']) {
      expect(rule('POST', url)?.roles, url).toEqual(['admin', 'supervisor', 'judge']);
    }
    expect(rule('GET', '/api/cases/:id/auctions')?.roles).toEqual(['admin', 'supervisor', 'judge', 'clerk']);
  });
});
