/**
 * Registering a 执保 case through the dialog in headless Chromium: choosing 执保 shows the
 * preservation block; 诉前保全 without 担保金额 is refused in the browser with the message under the
 * field; with it, the case registers with a 执保 number and its `preservation` process reaches
 * 保全审查 without an incident. Choosing 执恢 shows the restoration block instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness();
}, 300_000);
afterAll(async () => {
  await h?.close();
});

interface DiagramReply {
  active: string[];
  incidents: string[];
  instances: { bpmnProcessId: string }[];
}

async function chooseCaseType(page: Page, label: string): Promise<void> {
  await page.locator('[data-test=field-caseType]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).click();
}

describe('registering 执保 / 执恢 cases in the dialog', () => {
  it('shows the block of the chosen type', { timeout: 90_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases`);
    await page.locator('[data-test=register-case]').click();
    expect(await page.locator('[data-test=preservation-block]').count()).toBe(0);
    await chooseCaseType(page, '执恢');
    await page.locator('[data-test=restoration-block]').waitFor();
    expect(await page.locator('[data-test=preservation-block]').count()).toBe(0);
    // the 原案号 is checked in the browser before anything is sent
    await page.locator('[data-test=register-submit]').click();
    expect(await page.locator('[data-test=item-restoration-originalCaseNumber] .el-form-item__error').innerText()).toContain('请填写原案号');
    await chooseCaseType(page, '执保');
    await page.locator('[data-test=preservation-block]').waitFor();
    expect(await page.locator('[data-test=restoration-block]').count()).toBe(0);
    await page.locator('[data-test=preservation-kind-pre-enforcement]').click();
    await page.locator('[data-test=item-preservation-performanceDeadline]').waitFor();
    await page.context().close();
  });

  it('registers a 诉前保全 case, after asking for its 担保金额, and its process waits in 保全审查', { timeout: 120_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases`);
    await page.locator('[data-test=register-case]').click();
    const dialog = page.locator('[data-test=register-form]');
    const input = (id: string) => dialog.locator(`input[data-test=${id}], [data-test=${id}] input`).first();
    await chooseCaseType(page, '执保');
    await input('field-applicant-name').fill('王建国');
    await input('field-applicant-idNumber').fill('410000197502021234');
    await input('field-applicant-phone').fill('13800002222');
    await input('field-respondent-0-name').fill('某某建材有限公司');
    await input('field-claimAmount').fill('200000');
    await input('field-basis-court').fill('本院');
    await input('field-basis-number').fill('（2026）豫1330财保3号');
    await page.locator('[data-test=preservation-kind-pre-suit]').click();
    await page.locator('[data-test=register-submit]').click();
    const securityError = page.locator('[data-test=item-preservation-securityAmount] .el-form-item__error');
    expect(await securityError.innerText()).toContain('担保');
    expect(new URL(page.url()).pathname).toBe('/cases');

    await input('field-preservation-securityAmount').fill('200000');
    await input('field-preservation-securityAmount').blur();
    await page.locator('[data-test=register-submit]').click();
    await page.locator('[data-test=registered-password]').waitFor();
    await page.locator('.el-message-box').getByRole('button').last().click();
    await page.waitForURL(/\/cases\/[^/]+$/, { timeout: 30_000 });
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await page.locator('[data-test=case-title]').innerText()).trim()).toMatch(/^（\d{4}）豫1330执保\d+号$/);
    await page.context().close();

    const clerk = await apiSession(h.url, 'neiqin');
    await expect
      .poll(async () => (await clerk.request<DiagramReply>('GET', `/api/cases/${caseId}/diagram`)).active, { timeout: 60_000, interval: 1000 })
      .toContain('reviewApplication');
    const diagram = await clerk.request<DiagramReply>('GET', `/api/cases/${caseId}/diagram`);
    expect(diagram.instances[0]!.bpmnProcessId).toBe('preservation');
    expect(diagram.incidents).toEqual([]);
  });
});
