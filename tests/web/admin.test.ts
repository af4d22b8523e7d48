/**
 * 系统管理 in the browser: an administrator creates a user (the server's password message shown
 * under the password field first), the new user logs in with the menu of their role, the audit
 * trail shows the creation and the new user's login, and the administrator enters the holiday
 * table of a provisional year, which the server then counts with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, login, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness({ workers: false });
}, 420_000);
afterAll(async () => {
  await h?.close();
});

const USERNAME = 'xiaoqian';
const PASSWORD = 'qian2026x';

/** the form item holding `testId`, and the error Element Plus shows under it */
const errorUnder = (page: Page, testId: string) =>
  page.locator('.el-form-item', { has: page.locator(`[data-test=${testId}]`) }).locator('.el-form-item__error');

describe('系统管理', () => {
  it('creates a user who can then log in; the audit trail shows both', { timeout: 300_000 }, async () => {
    const page = await h.newPage('admin');
    await page.locator('[data-test=menu-admin-users]').click();
    await page.locator('[data-test=user-table] .el-table__row', { hasText: 'neiqin' }).waitFor();

    await page.locator('[data-test=user-new]').click();
    await expect.poll(() => page.locator('[data-test=password-rule]').innerText()).toContain('字母和数字');
    await page.locator('[data-test=user-username]').fill(USERNAME);
    await page.locator('[data-test=user-display-name]').fill('钱书记员');
    await page.locator('[data-test=user-password]').fill('lettersonly');
    await page.locator('[data-test=role-clerk]').click();
    await page.locator('[data-test="group-查控组"]').click();
    await page.locator('[data-test=user-save]').click();
    // the server's message, in place under the field it names; nothing entered is lost
    await expect.poll(() => errorUnder(page, 'user-password').innerText()).toBe('密码须同时包含字母和数字');
    expect(await page.locator('[data-test=user-username]').inputValue()).toBe(USERNAME);

    await page.locator('[data-test=user-password]').fill(PASSWORD);
    await page.locator('[data-test=user-save]').click();
    const row = page.locator('[data-test=user-table] .el-table__row', { hasText: USERNAME });
    await row.waitFor();
    expect(await row.innerText()).toContain('钱书记员');
    expect(await row.innerText()).toContain('查控组');
    await page.context().close();

    const newcomer = await h.newPage();
    await login(newcomer, h.url, USERNAME, PASSWORD);
    expect(await newcomer.locator('[data-test=current-user]').innerText()).toContain('钱书记员');
    const menus = await newcomer.locator('[data-test^=menu-]').evaluateAll((items) => items.map((item) => item.getAttribute('data-test')));
    expect(menus).toEqual(['menu-inbox', 'menu-cases', 'menu-timers', 'menu-leads']);
    await newcomer.context().close();

    const audit = await h.newPage('admin');
    await audit.goto(`${h.url}/admin/audit`);
    await audit.locator('[data-test=audit-table] .el-table__row').first().waitFor();
    // filter by the new user: their login
    await audit.locator('[data-test=audit-actor]').click();
    await audit.keyboard.type(USERNAME);
    await audit.locator('.el-select-dropdown__item:visible', { hasText: USERNAME }).first().click();
    await audit.locator('[data-test=audit-search]').click();
    await expect.poll(() => audit.locator('[data-test=audit-table] .el-table__row').allInnerTexts()).toEqual([expect.stringContaining('登录')]);
    // by what was done to them: the creation by admin
    await audit.goto(`${h.url}/admin/audit`);
    await audit.locator('[data-test=audit-action]').click();
    await audit.locator('.el-select-dropdown__item:visible', { hasText: '新建用户' }).first().click();
    await audit.locator('[data-test=audit-search]').click();
    await expect.poll(() => audit.locator('[data-test=audit-table] .el-table__row', { hasText: USERNAME }).count()).toBe(1);
    const created = await audit.locator('[data-test=audit-table] .el-table__row', { hasText: USERNAME }).innerText();
    expect(created).toContain('admin');
    expect(created).toContain('新建用户');
    await audit.context().close();
  });

  it('enters the holiday table of a provisional year', { timeout: 120_000 }, async () => {
    const admin = await apiSession(h.url, 'admin');
    const { currentYear, items } = await admin.request<{ currentYear: number; items: { year: number; source: string }[] }>('GET', '/api/calendar/years');
    const year = items.find((i) => i.year > currentYear && i.source === 'provisional')!.year;

    const page = await h.newPage('admin');
    await page.locator('[data-test=menu-admin-holidays]').click();
    await page.locator(`[data-test=holiday-year-${year}]`).click();
    await page.locator('[data-test=holiday-provisional]').waitFor();
    expect(await page.locator(`[data-test=holiday-source-${year}]`).innerText()).toBe('暂按法定日期计算');

    // a line that is not a date of the year is refused, naming the line
    await page.locator('[data-test=holiday-lines]').fill(`${year}-01-01 元旦\n${year + 1}-01-01 元旦`);
    await page.locator('[data-test=holiday-save]').click();
    await expect.poll(() => errorUnder(page, 'holiday-lines').innerText()).toContain('第 2 行');

    await page.locator('[data-test=holiday-lines]').fill(`${year}-01-01 元旦\n${year}-10-01 国庆节\n${year}-10-02 国庆节`);
    await page.locator('[data-test=workday-lines]').fill(`${year}-09-30 国庆节调休`);
    await page.locator('[data-test=holiday-save]').click();
    await expect.poll(() => page.locator(`[data-test=holiday-source-${year}]`).innerText()).toBe('管理员录入');
    expect(await page.locator('[data-test=holiday-provisional]').count()).toBe(0);

    const table = await admin.request<{ source: string; holidays: Record<string, string>; workdays: Record<string, string> }>('GET', `/api/calendar/holidays?year=${year}`);
    expect(table).toMatchObject({ source: 'override', holidays: { [`${year}-01-01`]: '元旦', [`${year}-10-01`]: '国庆节', [`${year}-10-02`]: '国庆节' }, workdays: { [`${year}-09-30`]: '国庆节调休' } });
    await page.context().close();
  });
});
