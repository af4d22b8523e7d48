/**
 * Deadline flags follow the engine's controlled clock, end to end in headless Chromium (issues 6
 * and 7): a 内勤 task due in 30 days is unflagged; one day before its due date (engine clock moved,
 * the browser's clock untouched) its inbox row is amber (即将到期); past it, red (已超期) — and the
 * timers page counts down from the server's time, so the same deadline shows as expired there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;
let caseNumber = '';
let taskKey = '';
let due = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await startConsoleHarness();
}, 240_000);
afterAll(async () => {
  await h?.close();
});

const engineNow = async () => ((await (await fetch(`${h.platform.engineRestUrl}/actuator/clock`)).json()) as { epochMilli: number }).epochMilli;

/** the row of our task in 内勤's group inbox, after a fresh load */
async function inboxRow(page: Page) {
  await page.goto(`${h.url}/inbox`);
  await page.locator('[data-test=view-groups]').click();
  const row = page.locator('[data-test=task-table] .el-table__row', { hasText: caseNumber });
  await row.first().waitFor({ timeout: 30_000 });
  return row.first();
}

const background = (row: ReturnType<Page['locator']>) => row.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor);

describe('deadline flags on the engine clock', () => {
  it('arranges a 内勤 task due in 30 days (engine time)', { timeout: 90_000 }, async () => {
    const clerk = await apiSession(h.url, 'neiqin');
    const registered = await clerk.request<{ caseNumber: string; processInstanceKey: string }>('POST', '/api/cases', {
      caseType: '执',
      applicant: { name: '王建国', kind: 'person', idNumber: '410000198001011234', phone: '13800001111' },
      respondents: [{ name: '刘某', kind: 'person', idNumber: '411330199001010000', address: '河南省南阳市桐柏县' }],
      claimAmount: 18000,
      basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初2048号', kind: '民事判决书' },
    });
    caseNumber = registered.caseNumber;
    await expect
      .poll(
        async () => {
          const page = await clerk.request<{ items: { key: string; caseNumber: string | null }[] }>('GET', `/api/tasks?view=groups&pageSize=200`);
          taskKey = page.items.find((t) => t.caseNumber === caseNumber)?.key ?? '';
          return taskKey;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .not.toBe('');
    due = (await engineNow()) + 30 * DAY;
    await h.platform.app.engineClient.updateUserTask(taskKey, { dueDate: new Date(due).toISOString() });
  });

  it('shows the row unflagged, then amber one day before the due date, then red after it', { timeout: 120_000 }, async () => {
    const page = await h.newPage('neiqin');
    let row = await inboxRow(page);
    const dueCell = () => row.locator('[data-test=task-due]');
    await expect.poll(async () => row.getAttribute('class')).not.toMatch(/overdue|due-soon/);
    expect(await dueCell().locator('.el-tag').count()).toBe(0);

    // one day before the due date on the engine's clock; the browser's clock is 29 days earlier
    await h.advanceClock(due - DAY - (await engineNow()));
    row = await inboxRow(page);
    await expect.poll(async () => row.getAttribute('class')).toMatch(/\bdue-soon\b/);
    await expect.poll(async () => dueCell().locator('.el-tag--warning').innerText()).toBe('即将到期');
    expect(await background(row)).toBe('rgb(255, 251, 230)'); // amber

    // two days later: past the due date
    await h.advanceClock(2 * DAY);
    row = await inboxRow(page);
    await expect.poll(async () => row.getAttribute('class')).toMatch(/\boverdue\b/);
    await expect.poll(async () => dueCell().locator('.el-tag--danger').innerText()).toBe('已超期');
    expect(await background(row)).toBe('rgb(255, 241, 240)'); // red

    // the timers page counts down from the server's time: expired there too
    await page.goto(`${h.url}/timers`);
    const timer = page.locator('[data-test=timer-table] .el-table__row', { hasText: caseNumber }).first();
    await timer.waitFor({ timeout: 30_000 });
    await expect.poll(async () => timer.locator('[data-test=countdown]').getAttribute('class')).toMatch(/\boverdue\b/);
    await page.context().close();
  });
});
