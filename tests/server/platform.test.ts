/**
 * The whole platform as `npm start` runs it (startPlatform: embedded engine with processes/
 * deployed, the workers, the server), on free ports and test storage: a case registered through
 * the API runs the real `enforcement-case` process — the workers compute its periods, the
 * intake call activity opens 初次接待 for 内勤 — and the inbox and case page show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/src/platform.js';
import { startPlatformHarness, type PlatformHarness } from './server-harness.js';

let h: PlatformHarness;
let platform: Platform;

beforeAll(async () => {
  h = await startPlatformHarness({ demoUsers: true });
  platform = h.platform;
}, 180_000);

afterAll(async () => h?.close());

const login = (username: string) => h.login(username);

describe('startPlatform', () => {
  it('serves the API and its OpenAPI document over HTTP', async () => {
    expect((await fetch(`${platform.url}/api/auth/me`)).status).toBe(401);
    const docs = (await (await fetch(`${platform.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/tasks', '/api/tasks/{key}/complete']));
  });

  it('creates the demo users and registers the demo cases on first start', async () => {
    const lian = await login('lian');
    const list = (await (await fetch(`${platform.url}/api/cases`, { headers: lian })).json()) as { items: { caseNumber: string; registeredBy: string; processInstanceKey: string }[] };
    expect(list.items).toHaveLength(2);
    expect(list.items.every((c) => /^（\d{4}）豫1330执\d+号$/.test(c.caseNumber) && c.registeredBy === 'lian' && c.processInstanceKey)).toBe(true);
  });

  it('registers a case that runs enforcement-case up to 初次接待 in 内勤’s inbox', async () => {
    // the six-month execution period reaches into 2027, beyond the seeded holiday table: the
    // administrator enters the year first, as the calendar asks
    const admin = await login('admin');
    const year = await fetch(`${platform.url}/api/calendar/holidays/2027`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ holidays: { '2027-01-01': '元旦', '2027-05-01': '劳动节', '2027-10-01': '国庆节' }, workdays: {} }),
    });
    expect(year.status, await year.clone().text()).toBe(200);
    const lian = await login('lian');
    const res = await fetch(`${platform.url}/api/cases`, {
      method: 'POST',
      headers: { ...lian, 'content-type': 'application/json' },
      body: JSON.stringify({
        caseType: '执',
        applicant: { name: '桐柏县某某农资公司', kind: 'organization' },
        respondents: [{ name: '刘某', kind: 'person', idNumber: '411330198501010011' }],
        claimAmount: 56000,
        basisDocument: { court: '桐柏县人民法院', number: '（2025）豫1330民初789号', kind: '民事判决书' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as { id: string; caseNumber: string; processInstanceKey: string };
    const instance = await platform.app.engineClient.getProcessInstance(created.processInstanceKey);
    expect(instance.processDefinitionId).toBe('enforcement-case');

    const neiqin = await login('neiqin');
    type Item = { name: string; caseId: string; caseNumber: string; elementId: string; processInstanceKey: string };
    let item: Item | undefined;
    for (let i = 0; i < 200 && !item; i++) {
      const page = (await (await fetch(`${platform.url}/api/tasks?view=groups&pageSize=100`, { headers: neiqin })).json()) as { items: Item[] };
      item = page.items.find((t) => t.caseId === created.id);
      if (!item) await new Promise((r) => setTimeout(r, 100));
    }
    expect(item).toMatchObject({ elementId: 'reception', name: '初次接待', caseNumber: created.caseNumber });

    const page = (await (await fetch(`${platform.url}/api/cases/${created.id}`, { headers: neiqin })).json()) as { stage: string };
    expect(page.stage).toBe('立案与繁简分流');
    const diagram = (await (await fetch(`${platform.url}/api/cases/${created.id}/diagram`, { headers: neiqin })).json()) as { active: string[]; completed: string[] };
    expect(diagram.active).toContain('callIntake');
    expect(diagram.completed).toContain('computeExecutionPeriod');

    // the task's own (called) process: 初次接待 is the current element of intake
    const own = await fetch(`${platform.url}/api/cases/${created.id}/diagram?processInstanceKey=${item!.processInstanceKey}`, { headers: neiqin });
    expect(own.status, await own.clone().text()).toBe(200);
    const called = (await own.json()) as { xml: string; active: string[]; processDefinitionKey: string };
    expect(called.xml).toContain('<bpmn:process id="intake"');
    expect(called.active).toEqual(['reception']);
    // another case's instance is not shown through this case
    const foreign = await fetch(`${platform.url}/api/cases/${created.id}/diagram?processInstanceKey=${instance.processInstanceKey}1`, { headers: neiqin });
    expect(foreign.status).toBe(404);
  }, 60_000);
});
