/**
 * 中止 / 暂缓 on the case page, and the case's process tree beside its diagram, in headless
 * Chromium: a clerk sees no action; a judge postpones a case until a date (暂缓), the banner and
 * the list's tag show it (and a supervisor's open page follows live), then resumes it; the server's
 * refusal of a 暂缓 term that its (the engine's) clock has passed appears under 暂缓期限; the diagram
 * switches to the called 立案与繁简分流 (`intake`) with 初次接待 current, and the task page shows
 * the task's own (called) instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, startConsoleHarness, type ApiSession, type ConsoleHarness } from './console-harness.js';

interface Suspension {
  kind: '中止' | '暂缓';
  reason: string;
  basis: string | null;
  since: string;
  until: string | null;
  by: string;
}
interface CaseReply {
  id: string;
  caseNumber: string;
  suspension?: Suspension | null;
}
interface DiagramReply {
  processInstanceKey?: string;
  active: string[];
  instances?: { processInstanceKey: string; bpmnProcessId: string; state: string; parentProcessInstanceKey: string | null }[];
}

let h: ConsoleHarness;
let clerk: ApiSession;
/** postponed and resumed by the judge */
let postponed: CaseReply;
/** the diagram's process tree, and the server's refusal */
let other: CaseReply;
/** a 执保 case: its process has no 执行期限 to stop */
let preservation: CaseReply;

const register = (applicant: string, respondent: string, caseType = '执') =>
  clerk.request<CaseReply>('POST', '/api/cases', {
    caseType,
    applicant: { name: applicant, kind: 'person', idNumber: '', phone: '13800000000', address: '河南省' },
    respondents: [{ name: respondent, kind: 'person', idNumber: '', phone: '', address: '河南省' }],
    claimAmount: 48_000,
    basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初2048号', kind: '民事判决书' },
    complexity: 'simple',
    // a 执保 case says which kind of 保全 it is (the preservation process needs it)
    ...(caseType === '执保' ? { preservation: { kind: 'in-suit' } } : {}),
  });

/** the case as the server has it now */
const caseNow = async (id: string) => clerk.request<CaseReply>('GET', `/api/cases/${id}`);

/** the bpmn-js shape of an element, e.g. the current 初次接待 */
const shape = (page: Page, elementId: string) => page.locator(`[data-test=process-diagram] g.djs-element[data-element-id="${elementId}"]`);
const isCurrent = async (page: Page, elementId: string) =>
  (await shape(page, elementId).count()) > 0 && (await shape(page, elementId).first().getAttribute('class'))!.includes('current-element');

/** the Element Plus form item of a dialog field, where the field's error message appears */
const formItem = (page: Page, test: string) => page.locator(`[data-test=${test}]`);
const itemError = (page: Page, test: string) => formItem(page, test).locator('.el-form-item__error');

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
  postponed = await register('周建华', '孙立强');
  other = await register('陈玉梅', '刘志刚');
  preservation = await register('赵丽娟', '吴国栋', '执保');
  // both cases have called 立案与繁简分流 (the root waits in callIntake)
  for (const c of [postponed, other]) await waitUntil(async () => (await clerk.request<DiagramReply>('GET', `/api/cases/${c.id}/diagram`)).active.includes('callIntake'), 60_000);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

describe('中止 / 暂缓 on the case page', () => {
  it('offers a clerk no 中止 / 暂缓 action', { timeout: 60_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases/${postponed.id}`);
    await page.locator('[data-test=case-title]').waitFor();
    await page.locator('[data-test=case-facts]').waitFor();
    expect(await page.locator('[data-test=case-suspend]').count()).toBe(0);
    expect(await page.locator('[data-test=case-postpone]').count()).toBe(0);
    expect(await page.locator('[data-test=suspension-banner]').count()).toBe(0);
    await page.context().close();
  });

  it('offers a judge the actions on an open 执 case only, not on a 执保 case', { timeout: 60_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${postponed.id}`);
    await page.locator('[data-test=case-postpone]').waitFor();
    expect(await page.locator('[data-test=case-suspend]').count()).toBe(1);
    await page.goto(`${h.url}/cases/${preservation.id}`);
    await page.locator('[data-test=case-facts]').waitFor();
    expect(await page.locator('[data-test=case-title]').innerText()).toBe(preservation.caseNumber);
    expect(await page.locator('[data-test=case-suspend]').count()).toBe(0);
    expect(await page.locator('[data-test=case-postpone]').count()).toBe(0);
    await page.context().close();
  });

  it('lets a judge postpone a case until a date, shows it on the page and in the list, and resume it', { timeout: 180_000 }, async () => {
    // a supervisor has the case open all along: the banner comes and goes without a reload
    const watcher = await h.newPage('zhuren');
    await watcher.goto(`${h.url}/cases/${postponed.id}`);
    await watcher.locator('[data-test=case-title]').waitFor();
    expect(await watcher.locator('[data-test=suspension-banner]').count()).toBe(0);

    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${postponed.id}`);
    await page.locator('[data-test=case-postpone]').click();
    const dialog = page.locator('[data-test=suspension-dialog]');
    await dialog.locator('[data-test=suspension-form]').waitFor();
    // 暂缓执行 is preselected, and only 暂缓 has a term
    expect(await dialog.locator('[data-test=kind-postpone]').getAttribute('class')).toContain('is-active');
    await formItem(page, 'suspension-until-item').waitFor();

    // the reason is required: said next to the field, nothing sent
    await page.locator('[data-test=suspension-submit]').click();
    await expect.poll(() => itemError(page, 'suspension-reason-item').innerText()).toBe('请填写事由');
    expect((await caseNow(postponed.id)).suspension ?? null).toBeNull();

    await dialog.locator('textarea[data-test=suspension-reason], [data-test=suspension-reason] textarea').first().fill('申请执行人同意被执行人分期履行，申请暂缓执行');
    await dialog.locator('input[data-test=suspension-basis], [data-test=suspension-basis] input').first().fill('（2026）豫1330执2048号暂缓执行决定书');
    await formItem(page, 'suspension-until-item').locator('input').first().click();
    await page.locator('.el-picker-panel__shortcut', { hasText: '三个月' }).click();
    await expect.poll(() => formItem(page, 'suspension-until-item').locator('input').first().inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.locator('[data-test=suspension-submit]').click();
    await dialog.waitFor({ state: 'hidden' });

    // the server holds the 暂缓 with its term, about three months from now
    const saved = (await caseNow(postponed.id)).suspension!;
    expect(saved).toMatchObject({ kind: '暂缓', reason: '申请执行人同意被执行人分期履行，申请暂缓执行', basis: '（2026）豫1330执2048号暂缓执行决定书' });
    const days = (new Date(saved.until!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(85);
    expect(days).toBeLessThan(95);

    // the banner says until when, since when, why and who; the actions give way to 恢复执行
    const untilDay = await page.evaluate((iso) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    }, saved.until!);
    const banner = page.locator('[data-test=suspension-banner]');
    await expect.poll(() => banner.locator('[data-test=suspension-title]').innerText()).toBe(`本案暂缓执行至 ${untilDay}`);
    expect(await banner.locator('[data-test=suspension-reason]').innerText()).toBe(saved.reason);
    expect(await banner.locator('[data-test=suspension-basis]').innerText()).toBe(saved.basis);
    // who recorded it, by name
    const users = await clerk.request<{ items: { username: string; displayName: string }[] }>('GET', '/api/users');
    const recorder = users.items.find((u) => u.username === saved.by)!;
    expect(saved.by).toBe('faguan');
    await expect.poll(() => banner.locator('[data-test=suspension-by]').innerText()).toBe(`${recorder.displayName}（faguan）`);
    expect(await banner.locator('[data-test=suspension-since]').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await page.locator('.case-head [data-test=suspension-tag]').innerText()).toBe(`暂缓至 ${untilDay}`);
    expect(await page.locator('[data-test=case-postpone]').count()).toBe(0);
    expect(await page.locator('[data-test=case-suspend]').count()).toBe(0);

    // the supervisor's page followed the server's event
    await expect.poll(() => watcher.locator('[data-test=suspension-title]').count(), { timeout: 30_000, interval: 500 }).toBe(1);
    expect(await watcher.locator('[data-test=suspension-title]').innerText()).toBe(`本案暂缓执行至 ${untilDay}`);

    // the case list tags the case; hovering tells since, reason and who
    const list = await h.newPage('faguan');
    await list.goto(`${h.url}/cases`);
    const row = list.locator('[data-test=case-table] .el-table__row', { hasText: postponed.caseNumber });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const tag = row.locator('[data-test=suspension-tag]');
    expect(await tag.innerText()).toBe(`暂缓至 ${untilDay}`);
    await tag.hover();
    const tooltip = list.locator('[data-test=suspension-tooltip]').first();
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toContain(saved.reason);
    expect(await tooltip.innerText()).toContain(`${recorder.displayName}（faguan）`);
    // the other case is not tagged
    const untouched = list.locator('[data-test=case-table] .el-table__row', { hasText: other.caseNumber });
    expect(await untouched.locator('[data-test=suspension-tag]').count()).toBe(0);
    await list.context().close();

    // 恢复执行 with a reason
    await banner.locator('[data-test=case-resume]').click();
    await page.locator('[data-test=resume-dialog] textarea').fill('被执行人未按期履行');
    await page.locator('[data-test=resume-submit]').click();
    await banner.waitFor({ state: 'detached' });
    await page.locator('[data-test=case-postpone]').waitFor();
    expect((await caseNow(postponed.id)).suspension ?? null).toBeNull();
    await expect.poll(() => watcher.locator('[data-test=suspension-banner]').count(), { timeout: 30_000, interval: 500 }).toBe(0);
    await page.context().close();
    await watcher.context().close();
  });
});

describe('the case’s process tree beside its diagram', () => {
  it('switches the diagram to the called intake instance with 初次接待 current, kept across a reload', { timeout: 120_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${other.id}`);
    const tree = page.locator('[data-test=process-tree]');
    await tree.waitFor();
    expect(await tree.locator('[data-test=process-instance]').count()).toBeGreaterThanOrEqual(2);
    const root = tree.locator('[data-test=process-instance][data-process-id="enforcement-case"]');
    const intake = tree.locator('[data-test=process-instance][data-process-id="intake"]');
    expect(await root.count()).toBe(1);
    expect(await intake.count()).toBe(1);
    // by default the root is shown and highlighted, waiting in its call to 立案与繁简分流
    expect(await root.getAttribute('aria-selected')).toBe('true');
    expect(await intake.getAttribute('aria-selected')).toBe('false');
    await expect.poll(() => isCurrent(page, 'callIntake'), { timeout: 20_000 }).toBe(true);
    // each line: the process's name, its state and when it started
    const intakeText = await intake.innerText();
    expect(intakeText).toContain('立案与繁简分流');
    expect(intakeText).toContain('进行中');
    expect(intakeText).toMatch(/启动于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(Number(await intake.getAttribute('aria-level'))).toBe(Number(await root.getAttribute('aria-level')) + 1);

    await intake.click();
    await expect.poll(() => isCurrent(page, 'reception'), { timeout: 20_000 }).toBe(true);
    expect(await shape(page, 'callIntake').count()).toBe(0);
    expect(await intake.getAttribute('aria-selected')).toBe('true');
    expect(await root.getAttribute('aria-selected')).toBe('false');
    const intakeKey = (await intake.getAttribute('data-key'))!;
    expect(new URL(page.url()).searchParams.get('instance')).toBe(intakeKey);

    await page.reload();
    await expect.poll(() => isCurrent(page, 'reception'), { timeout: 20_000 }).toBe(true);
    expect(await tree.locator(`[data-key="${intakeKey}"]`).getAttribute('aria-selected')).toBe('true');

    // back to the root
    await root.click();
    await expect.poll(() => isCurrent(page, 'callIntake'), { timeout: 20_000 }).toBe(true);
    expect(new URL(page.url()).searchParams.get('instance')).toBeNull();

    // a link naming an instance that is not this case's: the server's word, and the root instead
    await page.goto(`${h.url}/cases/${other.id}?instance=1`);
    await page.locator('.el-message--warning').first().waitFor();
    expect(await page.locator('.el-message--warning').first().innerText()).toMatch(/[\u4e00-\u9fa5]/);
    await expect.poll(() => isCurrent(page, 'callIntake'), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('instance')).toBeNull();
    expect(await root.getAttribute('aria-selected')).toBe('true');
    await page.context().close();
  });

  it('speaks English when the user switches language', { timeout: 60_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/login`);
    await page.evaluate(() => localStorage.setItem('locale', 'en'));
    await page.goto(`${h.url}/cases/${postponed.id}`);
    await page.locator('[data-test=process-tree]').waitFor();
    expect(await page.locator('[data-test=case-suspend]').innerText()).toBe('Suspend (中止)');
    expect(await page.locator('[data-test=case-postpone]').innerText()).toBe('Postpone (暂缓)');
    expect(await page.locator('[data-test=process-tree] .tree-title').innerText()).toBe('Process instances');
    const intake = page.locator('[data-test=process-instance][data-process-id="intake"]');
    expect(await intake.innerText()).toMatch(/Active[\s\S]*Started \d{4}-\d{2}-\d{2}/);
    await page.locator('[data-test=case-postpone]').click();
    const form = page.locator('[data-test=suspension-form]');
    await form.waitFor();
    expect(await form.innerText()).toContain('Postponed until');
    await page.locator('[data-test=suspension-submit]').click();
    await expect.poll(() => itemError(page, 'suspension-reason-item').innerText()).toBe('Enter the reason');
    await page.context().close();
  });

  it('shows a task of the called process in its own instance’s diagram on the task page', { timeout: 90_000 }, async () => {
    const tasks = await clerk.request<{ items: { key: string; caseNumber: string | null; name: string }[] }>('GET', '/api/tasks?view=groups');
    const reception = tasks.items.find((t) => t.caseNumber === other.caseNumber && t.name === '初次接待');
    expect(reception).toBeDefined();
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/tasks/${reception!.key}`);
    await page.locator('[data-test=task-name]', { hasText: '初次接待' }).waitFor();
    await expect.poll(() => isCurrent(page, 'reception'), { timeout: 20_000 }).toBe(true);
    expect(await shape(page, 'callIntake').count()).toBe(0);
    await page.context().close();
  });
});

describe('the server’s word on 暂缓', () => {
  it('shows the server’s refusal of a term its clock has passed under 暂缓期限, then records a 中止', { timeout: 120_000 }, async () => {
    // the engine's clock, which the server judges by, runs 45 days ahead of the browser's
    await h.advanceClock(45 * 86_400_000);
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${other.id}`);
    await page.locator('[data-test=case-postpone]').click();
    const dialog = page.locator('[data-test=suspension-dialog]');
    await dialog.locator('textarea[data-test=suspension-reason], [data-test=suspension-reason] textarea').first().fill('被执行人申请提供担保后暂缓执行');
    await formItem(page, 'suspension-until-item').locator('input').first().click();
    await page.locator('.el-picker-panel__shortcut', { hasText: '一个月' }).click();
    await page.locator('[data-test=suspension-submit]').click();
    const message = await itemError(page, 'suspension-until-item').innerText();
    expect(message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await caseNow(other.id)).suspension ?? null).toBeNull();

    // a 中止 has no term
    await dialog.locator('[data-test=kind-suspend]').click();
    expect(await formItem(page, 'suspension-until-item').count()).toBe(0);
    await page.locator('[data-test=suspension-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('[data-test=suspension-title]').innerText()).toBe('本案已中止执行');
    expect(await page.locator('.case-head [data-test=suspension-tag]').innerText()).toBe('中止中');
    expect((await caseNow(other.id)).suspension).toMatchObject({ kind: '中止', until: null });
    await page.context().close();
  });
});
