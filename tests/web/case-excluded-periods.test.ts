/**
 * The 执行期限 card on the case page in headless Chromium: a clerk sees 立案日, 法定 / 实际届满日 and
 * the days left but no action; a judge records a 公告 period (the form's own checks and the server's
 * refusal of a start before 立案 under 开始时间), the card lists it as 进行中 with 停止计算, then ends
 * it and the card shows its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, startConsoleHarness, type ApiSession, type ConsoleHarness } from './console-harness.js';

interface ExcludedPeriod {
  id: string;
  kind: string;
  reason: string;
  basis: string | null;
  from: string;
  to: string | null;
  recordedBy: string;
  endedBy: string | null;
  open: boolean;
}
interface CaseReply {
  id: string;
  caseNumber: string;
  filedAt: string;
  excludedPeriods?: ExcludedPeriod[];
  executionPeriod?: { end: string | null; effectiveEnd: string | null; stopped: boolean; excludedPeriods: unknown[] } | null;
}

let h: ConsoleHarness;
let clerk: ApiSession;
let subject: CaseReply;

const caseNow = (id: string) => clerk.request<CaseReply>('GET', `/api/cases/${id}`);
const formItem = (page: Page, test: string) => page.locator(`[data-test=${test}]`);
const itemError = (page: Page, test: string) => formItem(page, test).locator('.el-form-item__error');
/** a date (and time) as the console shows it, in the browser's zone */
const shown = (page: Page, iso: string, withTime = false) =>
  page.evaluate(
    ([value, time]) => {
      const d = new Date(value as string);
      const pad = (n: number) => String(n).padStart(2, '0');
      const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      return time ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}` : day;
    },
    [iso, withTime] as const,
  );
/** yesterday at the given hour in the browser's zone, as typed into a date-time picker */
const yesterdayAt = (page: Page, hour: number) =>
  page.evaluate((h) => {
    const d = new Date(Date.now() - 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(h)}:00`;
  }, hour);
async function typeDate(page: Page, test: string, text: string): Promise<void> {
  const input = formItem(page, test).locator('input').first();
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(text);
  // close the panel
  await page.locator('[data-test=excluded-period-dialog] .el-dialog__title').click();
}

/** (outside a test, where expect.poll is not allowed) */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

beforeAll(async () => {
  h = await startConsoleHarness();
  clerk = await apiSession(h.url, 'neiqin');
  subject = await clerk.request<CaseReply>('POST', '/api/cases', {
    caseType: '执',
    applicant: { name: '郑晓燕', kind: 'person', idNumber: '', phone: '13800000000', address: '河南省' },
    respondents: [{ name: '冯德明', kind: 'person', idNumber: '', phone: '', address: '河南省' }],
    claimAmount: 65_000,
    basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初3096号', kind: '民事判决书' },
    complexity: 'simple',
  });
  // the process has computed the six-month period
  await waitUntil(async () => !!(await caseNow(subject.id)).executionPeriod?.end, 60_000);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

describe('执行期限 on the case page', () => {
  it('shows a clerk the period without the actions', { timeout: 60_000 }, async () => {
    const server = await caseNow(subject.id);
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const card = page.locator('[data-test=execution-period]');
    await card.waitFor();
    expect(await card.locator('[data-test=period-filed]').innerText()).toBe(await shown(page, server.filedAt));
    await expect.poll(() => card.locator('[data-test=period-end]').innerText()).toBe(await shown(page, server.executionPeriod!.end!));
    expect(await card.locator('[data-test=period-effective-end]').innerText()).toBe(await shown(page, server.executionPeriod!.effectiveEnd ?? server.executionPeriod!.end!));
    // about six months left
    const days = Number((await card.locator('[data-test=period-remaining]').innerText()).match(/^(\d+) 天$/)![1]);
    expect(days).toBeGreaterThan(170);
    expect(days).toBeLessThan(190);
    expect(await card.locator('[data-test=period-stopped]').count()).toBe(0);
    expect(await card.locator('[data-test=excluded-periods]').innerText()).toContain('暂无不计入期间');
    expect(await page.locator('[data-test=add-excluded-period]').count()).toBe(0);
    await page.context().close();
  });

  it('lets a judge record a 公告 period, which the card lists as running, and end it', { timeout: 180_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const card = page.locator('[data-test=execution-period]');
    await page.locator('[data-test=add-excluded-period]').click();
    const dialog = page.locator('[data-test=excluded-period-dialog]');
    await dialog.locator('[data-test=excluded-period-form]').waitFor();

    // kind and reason are required: said next to the fields, nothing sent
    await page.locator('[data-test=excluded-period-submit]').click();
    await expect.poll(() => itemError(page, 'excluded-kind-item').innerText()).toBe('请选择类型');
    expect(await itemError(page, 'excluded-reason-item').innerText()).toBe('请填写事由');

    await formItem(page, 'excluded-kind-item').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item', { hasText: /^公告$/ }).click();
    const reason = '被执行人下落不明，公告送达执行通知书';
    await dialog.locator('textarea[data-test=excluded-reason], [data-test=excluded-reason] textarea').first().fill(reason);
    await dialog.locator('input[data-test=excluded-basis], [data-test=excluded-basis] input').first().fill('（2026）豫1330执3096号公告');

    // an end before the start: the form says so under 结束时间
    await typeDate(page, 'excluded-from-item', await yesterdayAt(page, 10));
    await typeDate(page, 'excluded-to-item', await yesterdayAt(page, 9));
    await page.locator('[data-test=excluded-period-submit]').click();
    await expect.poll(() => itemError(page, 'excluded-to-item').innerText()).toBe('结束时间应晚于开始时间');
    await expect.poll(() => itemError(page, 'excluded-kind-item').count()).toBe(0);
    expect((await caseNow(subject.id)).excludedPeriods ?? []).toEqual([]);

    // without an end, a start before 立案 (the case was filed today): the server's word under 开始时间
    await page.locator('[data-test=excluded-period-dialog] .el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-test=add-excluded-period]').click();
    await formItem(page, 'excluded-kind-item').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item', { hasText: /^公告$/ }).click();
    await dialog.locator('textarea[data-test=excluded-reason], [data-test=excluded-reason] textarea').first().fill(reason);
    await typeDate(page, 'excluded-from-item', await yesterdayAt(page, 10));
    await page.locator('[data-test=excluded-period-submit]').click();
    await expect.poll(() => itemError(page, 'excluded-from-item').innerText().catch(() => '')).toContain('立案');
    expect((await caseNow(subject.id)).excludedPeriods ?? []).toEqual([]);

    // from now on, until ended
    await page.locator('[data-test=excluded-period-dialog] .el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-test=add-excluded-period]').click();
    await formItem(page, 'excluded-kind-item').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item', { hasText: /^公告$/ }).click();
    await dialog.locator('textarea[data-test=excluded-reason], [data-test=excluded-reason] textarea').first().fill(reason);
    await dialog.locator('input[data-test=excluded-basis], [data-test=excluded-basis] input').first().fill('（2026）豫1330执3096号公告');
    await page.locator('[data-test=excluded-period-submit]').click();
    await dialog.waitFor({ state: 'hidden' });

    const recorded = (await caseNow(subject.id)).excludedPeriods!;
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ kind: '公告', reason, basis: '（2026）豫1330执3096号公告', to: null, recordedBy: 'faguan', open: true });

    // the card lists it as running, the period stopped
    const row = card.locator('[data-test=excluded-periods] .el-table__row', { hasText: reason });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('[data-test=excluded-kind-tag]').innerText()).toBe('公告');
    expect(await row.locator('[data-test=excluded-running]').innerText()).toBe('进行中');
    expect(await row.locator('[data-test=excluded-span]').innerText()).toContain(await shown(page, recorded[0]!.from, true));
    expect(await row.innerText()).toContain('（2026）豫1330执3096号公告');
    await expect.poll(() => card.locator('[data-test=period-stopped]').innerText()).toBe('停止计算');
    expect(await page.locator('[data-test=add-excluded-period]').count()).toBe(1);

    // a clerk's page lists it too, without 结束
    const clerkPage = await h.newPage('neiqin');
    await clerkPage.goto(`${h.url}/cases/${subject.id}`);
    const clerkRow = clerkPage.locator('[data-test=excluded-periods] .el-table__row', { hasText: reason });
    await expect.poll(() => clerkRow.count(), { timeout: 20_000 }).toBe(1);
    expect(await clerkPage.locator('[data-test=end-excluded-period]').count()).toBe(0);
    await clerkPage.context().close();

    // 结束, now, with a note
    await row.locator('[data-test=end-excluded-period]').click();
    const endDialog = page.locator('[data-test=end-excluded-dialog]');
    await endDialog.waitFor();
    await endDialog.locator('textarea[data-test=end-excluded-reason], [data-test=end-excluded-reason] textarea').first().fill('公告期满');
    await page.locator('[data-test=end-excluded-submit]').click();
    await endDialog.waitFor({ state: 'hidden' });

    const ended = (await caseNow(subject.id)).excludedPeriods!;
    expect(ended[0]).toMatchObject({ id: recorded[0]!.id, open: false, endedBy: 'faguan' });
    expect(Date.parse(ended[0]!.to!)).toBeGreaterThanOrEqual(Date.parse(ended[0]!.from));
    await expect.poll(() => row.locator('[data-test=excluded-running]').count(), { timeout: 20_000 }).toBe(0);
    expect(await row.locator('[data-test=excluded-span]').innerText()).toContain(await shown(page, ended[0]!.to!, true));
    expect(await row.locator('[data-test=end-excluded-period]').count()).toBe(0);
    await expect.poll(() => card.locator('[data-test=period-stopped]').count()).toBe(0);
    await page.context().close();
  });

  it('speaks English when the user switches language', { timeout: 60_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/login`);
    await page.evaluate(() => localStorage.setItem('locale', 'en'));
    await page.goto(`${h.url}/cases/${subject.id}`);
    const card = page.locator('[data-test=execution-period]');
    await card.waitFor();
    expect(await card.innerText()).toContain('Enforcement period (执行期限)');
    expect(await page.locator('[data-test=add-excluded-period]').innerText()).toBe('Record excluded period');
    await expect.poll(() => card.locator('[data-test=excluded-kind-tag]').first().innerText()).toBe('Public notice (公告)');
    await page.context().close();
  });
});
