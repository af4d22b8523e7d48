/**
 * The console opens what is deployed: a task of a called process shows that process's diagram with
 * the task highlighted (初次接待 lives in `intake`, called from `enforcement-case`); the form editor
 * lists the forms deployed at start, opens one, and deploys the edited form as its next version; the
 * decision editor opens the deployed triage table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness();
}, 240_000);
afterAll(async () => {
  await h?.close();
});

interface FormList {
  items: { formId: string; latestVersion: number; latestKey: string; versions: { formKey: string; version: number }[] }[];
}

describe('task page diagram', () => {
  it('shows the called process of a task with the task highlighted (初次接待 in intake)', { timeout: 150_000 }, async () => {
    const clerk = await apiSession(h.url, 'neiqin');
    const registered = await clerk.request<{ id: string; caseNumber: string }>('POST', '/api/cases', {
      caseType: '执',
      applicant: { name: '王芳', kind: 'person', idNumber: '410000198502021234', phone: '13800002222' },
      respondents: [{ name: '赵强', kind: 'person' }],
      claimAmount: 12000,
      basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初2048号', kind: '民事判决书' },
    });
    let taskKey = '';
    await expect
      .poll(
        async () => {
          const page = await clerk.request<{ items: { key: string; name: string; caseId?: string }[] }>('GET', `/api/tasks?view=groups&q=${encodeURIComponent(registered.caseNumber)}`);
          taskKey = page.items.find((t) => t.caseId === registered.id && t.name === '初次接待')?.key ?? '';
          return taskKey;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .not.toBe('');

    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/tasks/${taskKey}`);
    await page.locator('[data-test=process-diagram] svg').first().waitFor();
    const reception = page.locator('[data-test=process-diagram] .djs-element.current-element[data-element-id="reception"]');
    await expect.poll(() => reception.count(), { timeout: 20_000 }).toBe(1);
    // the called process, not the parent: intake's own 立案审查 is drawn, enforcement-case's call activity is not
    expect(await page.locator('[data-test=process-diagram] .djs-element[data-element-id="filingReview"]').count()).toBe(1);
    await page.context().close();
  });
});

describe('form and decision editors open deployed resources', () => {
  it('opens a form deployed at start, edits a label and deploys it as the next version', { timeout: 150_000 }, async () => {
    const admin = await apiSession(h.url, 'admin');
    const before = (await admin.request<FormList>('GET', '/api/models/forms')).items.find((f) => f.formId === 'intake-reception')!;
    expect(before).toBeDefined();

    const page = await h.newPage('admin');
    await page.goto(`${h.url}/forms`);
    await page.locator('[data-test=form-editor] .fjs-editor-container').waitFor();
    await page.locator('[data-test=deployed-select]').click();
    await page.locator(`.el-select-dropdown__item[data-test="deployed-intake-reception-v${before.latestVersion}"]`).click();
    await expect.poll(() => page.locator('[data-test=opened-from]').innerText()).toContain(`intake-reception 第 ${before.latestVersion} 版`);
    // the deployed form is in the editor under its resource name
    const field = page.locator('[data-test=form-editor] .fjs-form-field', { hasText: '财产线索' }).first();
    await field.waitFor();
    expect(await page.locator('[data-test=resource-name]').innerText()).toContain('intake-reception.form');

    // select the field and give it a new label in the properties panel
    await field.click();
    // the properties panel's groups start closed: open 常规 (General)
    const general = page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).first();
    if (!((await general.getAttribute('class')) ?? '').includes('open')) await general.click();
    const label = page.locator('[data-entry-id="label"] [contenteditable="true"], [data-entry-id="label"] input').first();
    await label.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('财产线索（含车辆、房产）');
    await expect.poll(() => page.locator('[data-test=form-editor] .fjs-form-field label', { hasText: '财产线索（含车辆、房产）' }).count()).toBeGreaterThan(0);

    await page.locator('[data-test=resource-deploy]').click();
    const next = before.latestVersion + 1;
    await page.locator('.el-message--success', { hasText: `第 ${next} 版` }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-test=opened-from]').innerText()).toContain(`第 ${next} 版`);

    const after = (await admin.request<FormList>('GET', '/api/models/forms')).items.find((f) => f.formId === 'intake-reception')!;
    expect(after.latestVersion).toBe(next);
    const deployed = await admin.request<{ content: string; version: number }>('GET', `/api/models/forms/${after.latestKey}`);
    expect(deployed.version).toBe(next);
    expect(deployed.content).toContain('财产线索（含车辆、房产）');
    await page.context().close();
  });

  it('opens the deployed triage decision table', { timeout: 120_000 }, async () => {
    const page = await h.newPage('admin');
    await page.goto(`${h.url}/dmn`);
    await page.locator('[data-test=dmn-editor] .dmn-decision-table-container, [data-test=dmn-editor] .tjs-container').first().waitFor();
    await page.locator('[data-test=deployed-select]').click();
    const option = page.locator('.el-select-dropdown__item[data-test$="-v1"]').filter({ hasText: /triage|分流/ }).first();
    await option.click();
    await expect.poll(() => page.locator('[data-test=opened-from]').innerText()).toContain('第 1 版');
    await expect.poll(() => page.locator('[data-test=dmn-editor]').innerText(), { timeout: 20_000 }).toContain('速执团队');
    expect(await page.locator('[data-test=resource-name]').innerText()).toContain('triage.dmn');
    await page.context().close();
  });
});
