/**
 * The 司法网拍 section of the case page in headless Chromium: an asset's auction (process
 * `auction`, started here for the case as enforcement-case's call would, and waiting in 权属及瑕疵调查)
 * is listed with its asset, current step and state; a clerk has no action; a judge's 暂缓 of an
 * auction that is not in its notice or bidding is refused by the server, whose message the dialog
 * shows, and nothing changes. (Driving an auction into its bidding, where a pause is taken, takes
 * the whole pricing and notice phase: that path is covered by the server's and the process's tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, startConsoleHarness, type ApiSession, type ConsoleHarness } from './console-harness.js';

interface CaseReply {
  id: string;
  caseNumber: string;
}
interface AuctionReply {
  assetId: string;
  description: string | null;
  state: string;
  activeElements: { elementId: string; name: string | null }[];
  suspension: unknown;
  auctionResult: string | null;
}

let h: ConsoleHarness;
let clerk: ApiSession;
let subject: CaseReply;
const ASSET = { id: 'FC-1', kind: 'realEstate', description: '桐柏县城关镇淮河路18号住宅', location: '桐柏县城关镇', estimatedValue: 300_000 };

const auctionsNow = async (id: string) => (await clerk.request<{ items: AuctionReply[] }>('GET', `/api/cases/${id}/auctions`)).items;

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
  const parties = {
    applicant: { name: '何静', kind: 'person', idNumber: '', phone: '13800000000', address: '河南省' },
    respondents: [{ name: '罗志勇', kind: 'person', idNumber: '', phone: '', address: '河南省' }],
    claimAmount: 280_000,
    basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初4120号', kind: '民事判决书' },
  };
  subject = await clerk.request<CaseReply>('POST', '/api/cases', { caseType: '执', ...parties, complexity: 'simple' });
  // the asset's auction, as enforcement-case starts it (variables caseId, caseNumber, asset)
  const response = await fetch(`${h.platform.engineRestUrl}/v2/process-instances`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      processDefinitionId: 'auction',
      variables: { caseId: subject.id, caseNumber: subject.caseNumber, ...parties, caseOfficer: 'faguan', team: '执行团队', asset: ASSET },
    }),
  });
  if (!response.ok) throw new Error(`auction start: ${response.status} ${await response.text()}`);
  await waitUntil(async () => (await auctionsNow(subject.id)).some((a) => a.activeElements.some((e) => e.elementId === 'titleInvestigation')), 60_000);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

describe('司法网拍 on the case page', () => {
  it('lists the case’s auction for a clerk, without actions', { timeout: 60_000 }, async () => {
    const page = await h.newPage('neiqin');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const section = page.locator('[data-test=case-auctions]');
    const row = section.locator('[data-test=auction-table] .el-table__row', { hasText: ASSET.description });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('[data-test=auction-stage]').innerText()).toContain('权属及瑕疵调查');
    expect(await row.locator('[data-test=auction-state]').innerText()).toBe('进行中');
    expect(await row.locator('[data-test=auction-result]').innerText()).toBe('—');
    expect(await row.innerText()).toContain(ASSET.id);
    expect(await row.locator('[data-test=auction-paused-tag]').count()).toBe(0);
    expect(await section.locator('[data-test=auction-postpone]').count()).toBe(0);
    expect(await section.locator('[data-test=auction-suspend]').count()).toBe(0);
    await page.context().close();
  });

  it('shows a judge the server’s refusal of a 暂缓 outside the notice and bidding, and changes nothing', { timeout: 120_000 }, async () => {
    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const row = page.locator('[data-test=auction-table] .el-table__row', { hasText: ASSET.description });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('[data-test=auction-suspend]').count()).toBe(1);
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(0);
    await row.locator('[data-test=auction-postpone]').click();

    const dialog = page.locator('[data-test=auction-suspension-dialog]');
    await dialog.locator('[data-test=auction-suspension-form]').waitFor();
    expect(await dialog.locator('.el-dialog__title').innerText()).toContain(ASSET.description);
    // 暂缓 is preselected and has a term
    expect(await dialog.locator('[data-test=auction-kind-postpone]').getAttribute('class')).toContain('is-active');
    await page.locator('[data-test=auction-until-item]').waitFor();

    // the reason is required: said next to the field
    await page.locator('[data-test=auction-suspension-submit]').click();
    await expect.poll(() => page.locator('[data-test=auction-reason-item] .el-form-item__error').innerText()).toBe('请填写事由');

    await dialog.locator('textarea[data-test=auction-reason], [data-test=auction-reason] textarea').first().fill('案外人对拍卖财产提出异议，暂缓拍卖');
    await page.locator('[data-test=auction-suspension-submit]').click();
    const error = page.locator('[data-test=auction-suspension-error]');
    await error.waitFor();
    // the server's own words: not in a phase that can be paused
    expect(await error.innerText()).toContain('不能暂缓或中止');
    expect(await dialog.isVisible()).toBe(true);

    // 中止 has no term; it is refused alike
    await dialog.locator('[data-test=auction-kind-suspend]').click();
    expect(await page.locator('[data-test=auction-until-item]').count()).toBe(0);
    await page.locator('[data-test=auction-suspension-submit]').click();
    await expect.poll(() => error.innerText()).toContain('不能暂缓或中止');

    const [auction] = await auctionsNow(subject.id);
    expect(auction).toMatchObject({ assetId: ASSET.id, state: 'ACTIVE', suspension: null });
    await page.locator('[data-test=auction-suspension-dialog] .el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.locator('[data-test=auction-paused-tag]').count()).toBe(0);
    await page.context().close();
  });
});
