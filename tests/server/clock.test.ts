/**
 * The server's "now" is the engine's clock (issue 6): with the embedded engine on the controlled
 * clock, moving the engine's clock (`/actuator/clock`) turns a task about to expire (dueSoon) and
 * then overdue, and `serverTime` of the task list and the timers is the engine's time. Against a
 * remote engine the server reads `GET /actuator/clock`; without the actuator it is the wall clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteEngineClock, type Platform } from '../../server/src/platform.js';
import { FIXTURES, startPlatformHarness, type PlatformHarness } from './server-harness.js';

let h: PlatformHarness;
let platform: Platform;
let remote: PlatformHarness | undefined;

/** Monday 2 March 2026, 09:00 in China: no holiday near it */
const START = Date.parse('2026-03-02T09:00:00+08:00');
const DAY = 86_400_000;

beforeAll(async () => {
  h = await startPlatformHarness({ clockControlled: true, deployDir: FIXTURES, workers: false, demoUsers: false });
  platform = h.platform;
  // deployDir deploys forms from a forms/ folder: the fixture's form is deployed here
  await platform.app.engineClient.deployResources([{ name: 'server-review.form', content: fs.readFileSync(path.join(FIXTURES, 'server-review.form')) }]);
}, 180_000);

afterAll(async () => {
  await remote?.close();
  await h?.close();
});

const login = (username: string) => h.login(username);

async function engineClock(path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${platform.engineRestUrl}/actuator/clock${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { epochMilli: number }).epochMilli;
}

type Row = { key: string; processInstanceKey: string; overdue: boolean; dueSoon: boolean };
async function inbox(url: string, headers: Record<string, string>) {
  const res = await fetch(`${url}/api/tasks?view=groups`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Row[]; serverTime: string };
}

describe('the server follows the engine clock', () => {
  let processInstanceKey: string;
  const due = new Date(START + 14 * DAY).toISOString(); // Monday 16 March, ten working days on

  it('flags a task about to expire and then overdue as the engine clock moves', async () => {
    await engineClock('/pin', { epochMilli: START });
    const created = await platform.app.engineClient.createProcessInstance({ processDefinitionId: 'server-case', variables: {} });
    processInstanceKey = String((created as { processInstanceKey: string }).processInstanceKey);
    let task: { userTaskKey: string } | undefined;
    for (let i = 0; i < 100 && !task; i++) {
      task = (await platform.app.engineClient.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } })).items[0];
      if (!task) await new Promise((r) => setTimeout(r, 50));
    }
    expect(task, 'the review task').toBeDefined();
    await platform.app.engineClient.updateUserTask(task!.userTaskKey, { dueDate: due });
    const headers = await login('lian');
    const row = async () => (await inbox(platform.url, headers)).items.find((r) => r.processInstanceKey === processInstanceKey)!;

    let page = await inbox(platform.url, headers);
    expect(page.serverTime).toBe(new Date(START).toISOString());
    expect(await row()).toMatchObject({ overdue: false, dueSoon: false });

    // Friday 13 March: one working day left (the wall clock is still in 2026's past or future, not here)
    await engineClock('/add', { offsetMilli: 11 * DAY });
    page = await inbox(platform.url, headers);
    expect(page.serverTime).toBe(new Date(START + 11 * DAY).toISOString());
    expect(await row()).toMatchObject({ overdue: false, dueSoon: true });

    // Tuesday 17 March: past the due date
    await engineClock('/add', { offsetMilli: 4 * DAY });
    expect(await row()).toMatchObject({ overdue: true, dueSoon: false });
    const counts = (await (await fetch(`${platform.url}/api/tasks/counts`, { headers })).json()) as { overdue: number };
    expect(counts.overdue).toBe(0); // not lian's own (unassigned): the count is of "mine"
  });

  it('the timers answer carries the engine time as serverTime', async () => {
    const now = await engineClock('');
    const res = await fetch(`${platform.url}/api/monitoring/timers`, { headers: await login('zhuren') });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { serverTime: string }).serverTime).toBe(new Date(now).toISOString());
  });

  it('reads a remote engine clock from its actuator, and the wall clock without one', async () => {
    const pinned = await engineClock('');
    const clock = new RemoteEngineClock(platform.engineRestUrl);
    await clock.refresh();
    expect(Math.abs(clock.now().getTime() - pinned)).toBeLessThan(1000);

    const noActuator = new RemoteEngineClock(platform.url); // the platform server has no /actuator/clock
    await noActuator.refresh();
    expect(Math.abs(noActuator.now().getTime() - Date.now())).toBeLessThan(1000);
    await expect(new RemoteEngineClock('http://127.0.0.1:9').refresh()).resolves.toBeUndefined();
  });

  it('a platform against a remote engine flags by that engine clock', async () => {
    remote = await startPlatformHarness({ engine: { restUrl: platform.engineRestUrl, grpcAddress: platform.grpcAddress }, workers: false, demoUsers: false });
    const headers = await remote.login('lian');
    await engineClock('/pin', { epochMilli: START + 11 * DAY });
    await new Promise((r) => setTimeout(r, 1100)); // past the one-second cache
    let page = await inbox(remote.platform.url, headers);
    expect(Math.abs(Date.parse(page.serverTime) - (START + 11 * DAY))).toBeLessThan(1000);
    expect(page.items.find((r) => r.processInstanceKey === processInstanceKey)).toMatchObject({ overdue: false, dueSoon: true });

    await engineClock('/pin', { epochMilli: START + 15 * DAY });
    await new Promise((r) => setTimeout(r, 1100));
    page = await inbox(remote.platform.url, headers);
    expect(page.items.find((r) => r.processInstanceKey === processInstanceKey)).toMatchObject({ overdue: true, dueSoon: false });
  }, 60_000);
});
