/**
 * The staff flow end to end in headless Chromium: a clerk (内勤) registers a case in the dialog,
 * completes 初次接待 through its form; 立案庭 accepts it in 立案审查; triage (the DMN table) routes
 * the simple small case to 速执团队, whose inbox shows 指定承办人. Meanwhile a supervisor's
 * heatmap counts change without reloading, and the applicant reads the case's stage publicly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;
let caseId = '';
let caseNumber = '';
let password = '';

beforeAll(async () => {
  h = await startConsoleHarness();
}, 240_000);
afterAll(async () => {
  await h?.close();
});

const apiSessionOf = (username: string) => apiSession(h.url, username);

/** Opens the group inbox and the task of our case with that name. */
async function openTask(page: Page, taskName: string): Promise<void> {
  await page.goto(`${h.url}/inbox`);
  await page.locator('[data-test=view-groups]').click();
  const row = page.locator('[data-test=task-table] .el-table__row', { hasText: caseNumber }).filter({ hasText: taskName });
  await expect.poll(async () => row.count(), { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
  await row.first().locator('.el-link', { hasText: taskName }).click();
  await page.locator('[data-test=task-name]', { hasText: taskName }).waitFor();
}

async function claimTask(page: Page): Promise<void> {
  await page.locator('[data-test=task-claim]').click();
  await page.locator('[data-test=task-unclaim]').waitFor();
  await page.locator('[data-test=task-form] .fjs-form').waitFor();
}

async function completeTask(page: Page): Promise<void> {
  await page.locator('[data-test=task-complete]').click();
  await page.waitForURL(/\/inbox$/, { timeout: 30_000 });
}

const taskKeyOf = (page: Page) => new URL(page.url()).pathname.split('/').filter(Boolean).pop()!;

const field = (page: Page, label: string) => page.locator('.fjs-form-field').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}\\s*\\*?$`) }) });

describe('a case from registration to triage', () => {
  it('registers a case through the dialog (内勤)', { timeout: 90_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases`);
    await page.locator('[data-test=register-case]').click();
    const dialog = page.locator('[data-test=register-form]');
    // Element Plus puts attributes on the native input of el-input, on the wrapper of el-input-number
    const input = (id: string) => dialog.locator(`input[data-test=${id}], [data-test=${id}] input`).first();
    await input('field-applicant-name').fill('李秀英');
    await input('field-applicant-idNumber').fill('410000198001011234');
    await input('field-applicant-phone').fill('13800001111');
    await input('field-respondent-0-name').fill('张伟');
    await input('field-claimAmount').fill('32500');
    await input('field-basis-court').fill('某县人民法院');
    await input('field-basis-number').fill('（2026）豫1330民初1024号');
    await page.locator('[data-test=register-submit]').click();
    // the applicant's password is shown once, before the case page opens
    password = (await page.locator('[data-test=registered-password]').innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(6);
    await page.locator('.el-message-box').getByRole('button').last().click();
    await page.waitForURL(/\/cases\/[^/]+$/, { timeout: 30_000 });
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    caseNumber = (await page.locator('[data-test=case-title]').innerText()).trim();
    expect(caseNumber).toMatch(/^（2026）豫1330执\d+号$/);
    await page.context().close();
  });

  it('shows the server’s message next to the field when registration is refused', { timeout: 60_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases`);
    await page.locator('[data-test=register-case]').click();
    await page.locator('[data-test=register-submit]').click();
    const message = await page.locator('[data-test=register-error]').innerText();
    expect(message).toMatch(/[\u4e00-\u9fa5]/);
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.context().close();
  });

  it('completes 初次接待 through its form while the supervisor’s heatmap follows live', { timeout: 120_000 }, async () => {
    const supervisor = await h.newPage('zhuren');
    await supervisor.goto(`${h.url}/heatmap?process=intake`);
    const badge = (id: string) => supervisor.locator(`.heat-badge[data-element="${id}"]`);
    await expect.poll(() => badge('reception').count(), { timeout: 30_000, interval: 500 }).toBe(1);
    expect(await badge('filingReview').count()).toBe(0);
    // the element is washed in its heat colour, not only labelled
    expect(await supervisor.locator('.heat-fill[data-element="reception"]').count()).toBe(1);
    expect(await supervisor.locator('.heat-fill[data-element="filingReview"]').count()).toBe(0);
    const receptionBefore = Number(await badge('reception').innerText());

    const page = await h.newPage('neiqin');
    await openTask(page, '初次接待');
    await claimTask(page);
    await field(page, '申请执行人').locator('input').fill('李秀英');
    await field(page, '被执行人').locator('input').fill('张伟');
    await field(page, '标的额（元）').locator('input').fill('32500');
    await page.getByLabel('案情相对简单').check();
    await field(page, '保全情况').locator('.fjs-input-group').click();
    await page.locator('.fjs-dropdownlist-item', { hasText: '无保全' }).click();
    await page.getByLabel(/已告知执行风险/).check();
    // the last keystrokes go straight into 提交办结, inside form-js's input debounce
    const key = taskKeyOf(page);
    await field(page, '财产线索').locator('textarea').pressSequentially('被执行人名下有一辆货车');
    await completeTask(page);
    await page.context().close();
    const completed = await (await apiSessionOf('neiqin')).request<{ variables: { assetLeads?: string } }>('GET', `/api/tasks/${key}`);
    expect(completed.variables.assetLeads).toBe('被执行人名下有一辆货车');

    // no reload: the server's event stream makes the heatmap fetch its counts again
    await expect.poll(() => badge('filingReview').count(), { timeout: 30_000, interval: 500 }).toBe(1);
    expect(Number(await badge('filingReview').innerText())).toBeGreaterThanOrEqual(1);
    expect(Number(await badge('reception').innerText())).toBeGreaterThanOrEqual(receptionBefore);
    await supervisor.context().close();
  });

  it('立案庭 accepts the case in 立案审查; triage routes it to 速执团队', { timeout: 120_000 }, async () => {
    const page = await h.newPage('lian');
    await openTask(page, '立案审查');
    await claimTask(page);
    for (const condition of ['执行依据已生效', '申请执行人适格', '给付内容明确', '义务人未履行', '属本院管辖']) await page.getByLabel(condition).check();
    await page.getByLabel('受理', { exact: true }).check();
    await completeTask(page);
    await page.context().close();

    // the simple case of 32,500 元 (≤ 50,000) goes to the fast-track team
    const fastTrack = await h.newPage('suzhi');
    await openTask(fastTrack, '指定承办人');
    expect(await fastTrack.locator('.meta').innerText()).toContain('速执团队');
    await fastTrack.context().close();

    // the ordinary team does not see it
    const ordinary = await h.newPage('zhixingyuan');
    await ordinary.goto(`${h.url}/inbox`);
    await ordinary.locator('[data-test=view-groups]').click();
    await ordinary.locator('[data-test=task-table]').waitFor();
    await ordinary.waitForLoadState('networkidle');
    expect(await ordinary.locator('[data-test=task-table] .el-table__row', { hasText: caseNumber }).count()).toBe(0);
    await ordinary.context().close();
  });

  it('keeps a saved draft across a reload, and posts a comment on the case (速执团队)', { timeout: 90_000 }, async () => {
    const page = await h.newPage('suzhi');
    await openTask(page, '指定承办人');
    await claimTask(page);
    // type and save at once: form-js still holds the input back (its debounce), and the claim's live
    // event reloads the task meanwhile; neither may lose what was typed
    await field(page, '承办人（用户名）').locator('input').pressSequentially('suzhi');
    await page.locator('[data-test=task-draft]').click();
    await page.locator('.el-message--success').first().waitFor();
    const key = taskKeyOf(page);
    const detail = await (await apiSessionOf('suzhi')).request<{ draft: { caseOfficer?: string } | null }>('GET', `/api/tasks/${key}`);
    expect(detail.draft?.caseOfficer).toBe('suzhi');
    await page.reload();
    await page.locator('[data-test=task-form] .fjs-form').waitFor();
    await expect.poll(() => field(page, '承办人（用户名）').locator('input').inputValue()).toBe('suzhi');

    await page.locator('.el-tabs__item', { hasText: '办理意见' }).click();
    await page.locator('textarea[data-test=comment-input], [data-test=comment-input] textarea').first().fill('被执行人有车辆线索，建议速执。');
    await page.locator('[data-test=comment-submit]').click();
    await expect.poll(() => page.locator('.comment').allInnerTexts()).toEqual([expect.stringContaining('被执行人有车辆线索')]);
    await page.context().close();
  });

  it('returns the task to the group, assigns it by username, and saves a team filter', { timeout: 90_000 }, async () => {
    const page = await h.newPage('suzhi');
    await openTask(page, '指定承办人');
    await page.locator('[data-test=task-unclaim]').click();
    await expect.poll(() => page.locator('[data-test=task-assignee]').innerText()).toBe('—');
    await page.locator('[data-test=task-assign]').click();
    await page.locator('[data-test=assign-select]').click();
    await page.getByRole('option', { name: /（suzhi）/ }).click();
    await page.locator('[data-test=assign-confirm]').click();
    await expect.poll(() => page.locator('[data-test=task-assignee]').innerText()).toBe('suzhi');

    await page.goto(`${h.url}/inbox`);
    await page.getByRole('button', { name: '保存为团队筛选' }).click();
    const dialog = page.locator('.el-dialog', { hasText: '筛选名称' });
    await dialog.locator('input').first().fill('速执团队待办');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // the filter is stored shared with the user's unit
    await page.context().close();
    const filters = await (await apiSessionOf('suzhi')).request<{ items: { name: string; team: string | null }[] } | { name: string; team: string | null }[]>('GET', '/api/filters');
    const list = Array.isArray(filters) ? filters : filters.items;
    expect(list).toContainEqual(expect.objectContaining({ name: '速执团队待办', team: '速执团队' }));
  });

  it('records a hotline lead for the case (24 小时值班)', { timeout: 60_000 }, async () => {
    const page = await h.newPage('zhiban');
    await page.goto(`${h.url}/leads`);
    await page.locator('input[data-test=lead-caseNumber]').fill(caseNumber);
    await page.locator('input[data-test=lead-reporter]').fill('刘先生');
    await page.locator('textarea[data-test=lead-content]').fill('被执行人名下车辆停放在县城东关小区地下车库。');
    await page.locator('[data-test=lead-submit]').click();
    await page.locator('[data-test=lead-routed]').waitFor();
    const row = page.locator('[data-test=lead-table] .el-table__row', { hasText: caseNumber });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('24小时举报电话');
    await page.context().close();
  });

  it('counts down the task’s deadline on the timers page, second by second', { timeout: 60_000 }, async () => {
    const page = await h.newPage('suzhi');
    await page.goto(`${h.url}/timers`);
    const row = page.locator('[data-test=timer-table] .el-table__row', { hasText: caseNumber }).filter({ hasText: '指定承办人' });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const first = await row.locator('[data-test=countdown]').innerText();
    expect(first).toMatch(/^\d+天 \d{2}:\d{2}:\d{2}$/);
    await expect.poll(() => row.locator('[data-test=countdown]').innerText(), { timeout: 5000 }).not.toBe(first);
    await page.context().close();
  });

  it('counts the case in the supervisor’s 执行质效 figures', { timeout: 60_000 }, async () => {
    const page = await h.newPage('zhuren');
    await page.goto(`${h.url}/dashboard`);
    const total = page.locator('[data-test=quality-figures] .figure').first();
    await expect.poll(async () => Number(await total.locator('.figure-value').innerText()), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // the figures are a snapshot the server keeps: the page says when they were computed
    expect(await page.locator('[data-test=quality-as-of]').innerText()).toMatch(/^数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.context().close();
  });

  it('shows the case page with its diagram, current element and documents', { timeout: 60_000 }, async () => {
    const page = await h.newPage('suzhi');
    await page.goto(`${h.url}/cases/${caseId}`);
    await page.locator('[data-test=process-diagram] svg').first().waitFor();
    await expect.poll(() => page.locator('[data-test=process-diagram] .current-element').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.locator('.el-tabs__item', { hasText: '法律文书' }).click();
    await expect.poll(() => page.locator('[data-test=case-documents] .el-table__row').count(), { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    await page.context().close();
  });

  it('lets the applicant read the stage on the public status page, and refuses a wrong password', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.url}/status`);
    await page.locator('[data-test=status-caseNumber]').fill(caseNumber);
    await page.locator('[data-test=status-password]').fill('wrong-password');
    await page.locator('[data-test=status-submit]').click();
    await expect.poll(() => page.locator('[data-test=status-error]').innerText()).toContain('案号或查询密码不正确');
    await page.locator('[data-test=status-password]').fill(password);
    await page.locator('[data-test=status-submit]').click();
    await page.locator('[data-test=status-result]').waitFor();
    expect(await page.locator('[data-test=status-result]').innerText()).toContain(caseNumber);
    expect((await page.locator('[data-test=status-stage]').innerText()).trim()).not.toBe('');
    await page.context().close();
  });
});
