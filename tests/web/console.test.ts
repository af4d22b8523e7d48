/**
 * Logging in as each kind of user shows the menu that user's roles allow; a wrong password
 * shows the server's Chinese message in place; the language switches to English and back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness();
}, 240_000);
afterAll(async () => {
  await h?.close();
});

const menusOf = async (username: string) => {
  const page = await h.newPage(username);
  const menus = await page.locator('[data-test^=menu-]').evaluateAll((items) => items.map((item) => item.getAttribute('data-test')));
  const path = new URL(page.url()).pathname;
  const user = await page.locator('[data-test=current-user]').innerText();
  await page.context().close();
  return { menus, path, user };
};

describe('console login', () => {
  it('shows each kind of user the menu of their roles', { timeout: 120_000 }, async () => {
    const clerk = await menusOf('neiqin');
    expect(clerk.path).toBe('/inbox');
    expect(clerk.user).toContain('吴内勤');
    expect(clerk.menus).toEqual(['menu-inbox', 'menu-cases', 'menu-timers', 'menu-leads']);

    const judge = await menusOf('faguan');
    expect(judge.menus).toEqual(['menu-inbox', 'menu-cases', 'menu-timers', 'menu-leads']);

    const supervisor = await menusOf('zhuren');
    expect(supervisor.menus).toEqual(['menu-inbox', 'menu-cases', 'menu-timers', 'menu-leads', 'menu-dashboard', 'menu-heatmap', 'menu-incidents']);

    const admin = await menusOf('admin');
    expect(admin.menus).toContain('menu-modeler');
    expect(admin.menus).toContain('menu-forms');
    expect(admin.menus).toContain('menu-dmn');

    const hotline = await menusOf('zhiban');
    expect(hotline.path).toBe('/leads');
    expect(hotline.menus).toEqual(['menu-leads']);
  });

  it('shows the server’s message for a wrong password and keeps the user on the login page', async () => {
    const page = await h.newPage();
    await page.goto(`${h.url}/login`);
    await page.locator('input[name=username]').fill('neiqin');
    await page.locator('input[name=password]').fill('wrong-password');
    await page.locator('[data-test=login-submit]').click();
    await expect.poll(() => page.locator('[data-test=login-error]').innerText()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('sends a visitor without a session to the login page and back after login', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.url}/timers`);
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('input[name=username]').fill('faguan');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL(/\/timers$/);
    await page.locator('[data-test=timer-table]').waitFor();
    await page.context().close();
  });

  it('switches the console to English and back to Chinese', { timeout: 60_000 }, async () => {
    const page = await h.newPage('neiqin');
    await expect.poll(() => page.locator('[data-test=menu-inbox]').innerText()).toContain('我的待办');
    await page.locator('.locale').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect.poll(() => page.locator('[data-test=menu-inbox]').innerText()).toContain('My tasks');
    await page.locator('.locale').click();
    await page.getByRole('option', { name: '中文' }).click();
    await expect.poll(() => page.locator('[data-test=menu-inbox]').innerText()).toContain('我的待办');
    await page.context().close();
  });
});
