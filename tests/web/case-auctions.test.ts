/**
 * The 司法网拍 section of the case page in headless Chromium. Two assets' auctions (process
 * `auction`, started here for the case as enforcement-case's call would):
 * - FC-1 waits in 权属及瑕疵调查: it is listed with its asset, current step and state; a clerk has
 *   no action; a judge's 暂缓 there is refused by the server, whose message the dialog shows, and
 *   nothing changes;
 * - FC-2 is driven through the engine's REST API (its user tasks completed with the variables of
 *   their forms: 需委托评估, 协商选定评估机构) until it waits for the appraiser's report (接收评估报告),
 *   where `auction.suspended` is caught (RP 28). A judge 暂缓s it with a term (暂缓至 …), resumes it
 *   (恢复拍卖: back in 接收评估报告) and 中止s it (中止中); each step is checked on the page, in
 *   `GET /api/cases/:id/auctions`, in the engine's variables (`pricingPause`, `pricingPauses`) and in
 *   the audit trail, and FC-1 is left alone throughout. Then, FC-2 being 中止 (pricingStayWindow), a
 *   judge 撤回询价评估 (RP 29): the row shows 已撤回询价评估 and 已完成, the server lists
 *   `auctionResult: 'withdrawn'` with the model's `pricingWithdrawal`, the audit trail has
 *   `auction.withdraw-pricing`; a dialog opened before on another page shows the server's 409. FC-1
 *   (权属及瑕疵调查) is never offered the withdrawal.
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
  pricingWithdrawal?: unknown;
}

let h: ConsoleHarness;
let clerk: ApiSession;
let subject: CaseReply;
const ASSET = { id: 'FC-1', kind: 'realEstate', description: '桐柏县城关镇淮河路18号住宅', location: '桐柏县城关镇', estimatedValue: 300_000 };
const APPRAISED = { id: 'FC-2', kind: 'realEstate', description: '桐柏县城关镇新华路6号商铺', location: '桐柏县城关镇', estimatedValue: 520_000 };
const APPRAISER = '河南某某房地产估价有限公司';
let appraisedKey: string;

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

/** the engine's REST API (Camunda 8.8 shape) */
async function engine<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${h.platform.engineRestUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** an instance's variable, parsed (undefined when it has none of that name) */
async function variable(processInstanceKey: string, name: string): Promise<unknown> {
  const { items } = await engine<{ items: { name: string; value: string; scopeKey: string }[] }>('POST', '/v2/variables/search', {
    filter: { processInstanceKey, name },
  });
  const own = items.find((v) => v.scopeKey === processInstanceKey);
  return own ? JSON.parse(own.value) : undefined;
}

/** completes the instance's open user task of `elementId` (waiting for it) with the form's variables */
async function completeTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>): Promise<void> {
  let key: string | undefined;
  await waitUntil(async () => {
    const { items } = await engine<{ items: { userTaskKey: string; processInstanceKey: string }[] }>('POST', '/v2/user-tasks/search', {
      filter: { elementId, state: 'CREATED' },
      page: { limit: 100 },
    });
    key = items.find((t) => t.processInstanceKey === processInstanceKey)?.userTaskKey;
    return key !== undefined;
  }, 60_000);
  await engine('POST', `/v2/user-tasks/${key}/completion`, { variables });
}

const activeIds = (a: AuctionReply | undefined) => (a?.activeElements ?? []).map((e) => e.elementId);

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
  const startAuction = (asset: typeof ASSET) =>
    engine<{ processInstanceKey: string }>('POST', '/v2/process-instances', {
      processDefinitionId: 'auction',
      variables: { caseId: subject.id, caseNumber: subject.caseNumber, ...parties, caseOfficer: 'faguan', team: '执行团队', asset },
    });
  await startAuction(ASSET);
  appraisedKey = (await startAuction(APPRAISED)).processInstanceKey;
  // FC-2: 权属及瑕疵调查 finds that the value must be appraised (RP 14), the parties agree on the appraiser (RP 16)
  await completeTask(appraisedKey, 'titleInvestigation', { titleHolder: '罗志勇', occupancy: 'vacant', appraisalRequired: true, partiesJointChoice: 'none' });
  await completeTask(appraisedKey, 'selectAppraiser', { appraiserSelection: 'agreed', appraiser: APPRAISER });
  await waitUntil(async () => {
    const all = await auctionsNow(subject.id);
    return (
      activeIds(all.find((a) => a.assetId === ASSET.id)).includes('titleInvestigation') &&
      activeIds(all.find((a) => a.assetId === APPRAISED.id)).includes('receiveAppraisalReport')
    );
  }, 90_000);
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

    const auction = (await auctionsNow(subject.id)).find((a) => a.assetId === ASSET.id);
    expect(auction).toMatchObject({ assetId: ASSET.id, state: 'ACTIVE', suspension: null });
    await page.locator('[data-test=auction-suspension-dialog] .el-dialog__headerbtn').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.locator('[data-test=auction-paused-tag]').count()).toBe(0);
    await page.context().close();
  });
  it('lets a judge 暂缓 an auction in 委托评估 with a term, resume it, and 中止 it; the server, the engine and the audit trail follow', { timeout: 240_000 }, async () => {
    const supervisor = await apiSession(h.url, 'zhuren');
    const auditOf = async (action: string) =>
      (await supervisor.request<{ items: { actor: string; action: string; target: string; details: Record<string, unknown> | null }[] }>(
        'GET',
        `/api/audit?caseId=${subject.id}&action=${action}`,
      )).items;
    const appraised = async () => (await auctionsNow(subject.id)).find((a) => a.assetId === APPRAISED.id)!;
    const untouched = async () => {
      const other = (await auctionsNow(subject.id)).find((a) => a.assetId === ASSET.id);
      expect(other).toMatchObject({ state: 'ACTIVE', suspension: null });
      expect(activeIds(other)).toContain('titleInvestigation');
    };

    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const row = page.locator('[data-test=auction-table] .el-table__row', { hasText: APPRAISED.description });
    const stage = row.locator('[data-test=auction-stage]');
    const tag = row.locator('[data-test=auction-paused-tag]');
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => stage.innerText()).toContain('接收评估报告');
    expect(await tag.count()).toBe(0);

    // 暂缓 with a term: 20 days ahead, 17:00 (typed as the picker's format, in the browser's time)
    const dialog = page.locator('[data-test=auction-suspension-dialog]');
    await row.locator('[data-test=auction-postpone]').click();
    await dialog.locator('[data-test=auction-suspension-form]').waitFor();
    expect(await dialog.locator('.el-dialog__title').innerText()).toContain(APPRAISED.description);
    const until = await page.evaluate(() => {
      const d = new Date(Date.now() + 20 * 86_400_000);
      d.setHours(17, 0, 0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      return { text: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`, iso: d.toISOString() };
    });
    await dialog.locator('[data-test=auction-reason]').fill('评估所需材料与事实不符，需重新调查核实，暂缓委托评估');
    await dialog.locator('[data-test=auction-basis]').fill('（2026）豫1330执暂缓决定书');
    expect(await dialog.innerText()).toContain('委托评估期间');
    const untilInput = dialog.locator('[data-test=auction-until-item] input');
    // a term already past (today 00:00): the server's words appear next to the field, nothing is recorded
    const midnight = await page.evaluate(() => {
      const d = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} 00:00`;
    });
    await untilInput.fill(midnight);
    await untilInput.press('Enter');
    await expect.poll(() => untilInput.inputValue()).toBe(midnight);
    await page.locator('[data-test=auction-suspension-submit]').click();
    await expect.poll(() => dialog.locator('[data-test=auction-until-item] .el-form-item__error').innerText()).toContain('暂缓期限 until 应晚于当前时间');
    expect(await dialog.locator('[data-test=auction-suspension-error]').count()).toBe(0);
    expect((await appraised()).suspension).toBeNull();
    await untilInput.fill(until.text);
    await untilInput.press('Enter');
    await expect.poll(() => untilInput.inputValue()).toBe(until.text);
    await page.locator('[data-test=auction-suspension-submit]').click();
    await dialog.waitFor({ state: 'hidden' });

    await expect.poll(() => tag.innerText(), { timeout: 20_000 }).toBe(`暂缓至 ${until.text.slice(0, 10)}`);
    await expect.poll(() => stage.innerText(), { timeout: 20_000 }).toContain('暂缓询价评估期间');
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(1);
    expect(await row.locator('[data-test=auction-postpone]').count()).toBe(0);
    expect(await row.locator('[data-test=auction-suspend]').count()).toBe(0);
    await tag.hover();
    await expect.poll(() => page.locator('[data-test=auction-suspension-tooltip]').innerText()).toContain('评估所需材料与事实不符');

    expect(await appraised()).toMatchObject({ state: 'ACTIVE', suspension: { kind: '暂缓', reason: '评估所需材料与事实不符，需重新调查核实，暂缓委托评估', until: until.iso } });
    expect(activeIds(await appraised())).toContain('pricingPostponementWindow');
    expect(await variable(appraisedKey, 'pricingPause')).toMatchObject({
      phase: 'appraisal',
      kind: '暂缓',
      until: until.iso,
      basis: '（2026）豫1330执暂缓决定书',
      noticeBy: 'written',
      notified: [APPRAISER],
    });
    const [postponed] = await auditOf('auction.suspend');
    expect(postponed).toMatchObject({
      actor: 'faguan',
      target: '暂缓拍卖（财产 FC-2）：评估所需材料与事实不符，需重新调查核实，暂缓委托评估',
      details: { assetId: APPRAISED.id, processInstanceKey: appraisedKey, kind: '暂缓', until: until.iso },
    });
    await untouched();

    // 恢复拍卖 before the term ends: the appraisal goes on (接收评估报告 again), the tag goes away
    await row.locator('[data-test=auction-resume]').click();
    const resume = page.locator('[data-test=auction-resume-dialog]');
    await resume.locator('[data-test=auction-resume-reason]').waitFor();
    expect(await resume.locator('.el-dialog__title').innerText()).toContain(APPRAISED.description);
    await resume.locator('[data-test=auction-resume-reason]').fill('重新调查已核实，恢复委托评估');
    await page.locator('[data-test=auction-resume-submit]').click();
    await resume.waitFor({ state: 'hidden' });
    await expect.poll(() => tag.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => stage.innerText(), { timeout: 20_000 }).toContain('接收评估报告');
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(0);
    expect(await row.locator('[data-test=auction-postpone]').count()).toBe(1);

    expect(await appraised()).toMatchObject({ state: 'ACTIVE', suspension: null });
    const pauses = (await variable(appraisedKey, 'pricingPauses')) as { phase: string; kind: string; until?: string; pausedMs?: number; resumedAt?: string }[];
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toMatchObject({ phase: 'appraisal', kind: '暂缓', until: until.iso });
    expect(pauses[0].pausedMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(pauses[0].resumedAt!)).toBeLessThan(Date.parse(until.iso));
    const [resumed] = await auditOf('auction.resume');
    expect(resumed).toMatchObject({
      actor: 'faguan',
      target: '恢复拍卖（财产 FC-2）：重新调查已核实，恢复委托评估',
      details: { assetId: APPRAISED.id, reason: '重新调查已核实，恢复委托评估' },
    });

    // 中止: no term; the row shows 中止中 and the stay's window
    await row.locator('[data-test=auction-suspend]').click();
    await dialog.locator('[data-test=auction-suspension-form]').waitFor();
    expect(await dialog.locator('[data-test=auction-kind-suspend]').getAttribute('class')).toContain('is-active');
    expect(await page.locator('[data-test=auction-until-item]').count()).toBe(0);
    // the dialog opened afresh: nothing of the 暂缓 is left in it
    expect(await dialog.locator('[data-test=auction-reason]').inputValue()).toBe('');
    await dialog.locator('[data-test=auction-reason]').fill('案外人对评估财产提出执行异议，中止委托评估');
    await page.locator('[data-test=auction-suspension-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => tag.innerText(), { timeout: 20_000 }).toBe('中止中');
    await expect.poll(() => stage.innerText(), { timeout: 20_000 }).toContain('中止询价评估期间');
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(1);

    expect(await appraised()).toMatchObject({ state: 'ACTIVE', suspension: { kind: '中止', reason: '案外人对评估财产提出执行异议，中止委托评估', until: null } });
    expect(activeIds(await appraised())).toContain('pricingStayWindow');
    const stay = (await variable(appraisedKey, 'pricingPause')) as Record<string, unknown>;
    expect(stay).toMatchObject({ phase: 'appraisal', kind: '中止', reason: '案外人对评估财产提出执行异议，中止委托评估' });
    expect(stay.until).toBeUndefined();
    const suspensions = await auditOf('auction.suspend');
    expect(suspensions.map((a) => a.details?.kind)).toEqual(['中止', '暂缓']);
    await untouched();

    // the page offers no second pause; the server refuses one too
    const judge = await apiSession(h.url, 'faguan');
    await expect(judge.request('POST', `/api/cases/${subject.id}/auctions/${APPRAISED.id}/suspension`, { kind: '中止', reason: '再次中止' })).rejects.toThrow(/409.*不能暂缓或中止/);
    expect(await auditOf('auction.suspend')).toHaveLength(2);
    await page.context().close();
  });

  it('lets a judge withdraw the pricing of the 中止 auction (撤回询价评估, RP 29), not of one in 权属及瑕疵调查; a stale dialog shows the server’s 409', { timeout: 180_000 }, async () => {
    const supervisor = await apiSession(h.url, 'zhuren');
    const withdrawals = async () =>
      (await supervisor.request<{ items: { actor: string; action: string; target: string; details: Record<string, unknown> | null }[] }>(
        'GET',
        `/api/audit?caseId=${subject.id}&action=auction.withdraw-pricing`,
      )).items;
    const listed = async (assetId: string) => (await auctionsNow(subject.id)).find((a) => a.assetId === assetId)!;
    expect(activeIds(await listed(APPRAISED.id))).toContain('pricingStayWindow');

    const page = await h.newPage('faguan');
    await page.goto(`${h.url}/cases/${subject.id}`);
    const row = page.locator('[data-test=auction-table] .el-table__row', { hasText: APPRAISED.description });
    const other = page.locator('[data-test=auction-table] .el-table__row', { hasText: ASSET.description });
    await expect.poll(() => row.locator('[data-test=auction-withdraw-pricing]').count(), { timeout: 20_000 }).toBe(1);
    // paused: 恢复拍卖 and 撤回询价评估 are offered side by side
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(1);
    // FC-1 waits in 权属及瑕疵调查: it may be paused (the server decides) but never withdrawn
    expect(await other.locator('[data-test=auction-postpone]').count()).toBe(1);
    expect(await other.locator('[data-test=auction-withdraw-pricing]').count()).toBe(0);

    // a supervisor opens the same dialog on another page before the judge withdraws
    const stale = await h.newPage('zhuren');
    await stale.goto(`${h.url}/cases/${subject.id}`);
    const staleRow = stale.locator('[data-test=auction-table] .el-table__row', { hasText: APPRAISED.description });
    await expect.poll(() => staleRow.locator('[data-test=auction-withdraw-pricing]').count(), { timeout: 20_000 }).toBe(1);
    await staleRow.locator('[data-test=auction-withdraw-pricing]').click();
    const staleDialog = stale.locator('[data-test=pricing-withdrawal-dialog]');
    await staleDialog.locator('[data-test=pricing-withdrawal-form]').waitFor();
    await staleDialog.locator('[data-test=pricing-withdrawal-reason]').fill('义务已全部履行，撤回委托评估');

    await row.locator('[data-test=auction-withdraw-pricing]').click();
    const dialog = page.locator('[data-test=pricing-withdrawal-dialog]');
    await dialog.locator('[data-test=pricing-withdrawal-form]').waitFor();
    expect(await dialog.locator('.el-dialog__title').innerText()).toBe(`撤回询价评估：${APPRAISED.description}`);
    expect(await dialog.locator('[data-test=pricing-withdrawal-basis]').getAttribute('placeholder')).toContain('第二十九条（一）申请执行人撤回申请');
    // the reason is required: said next to the field, nothing is sent
    await page.locator('[data-test=pricing-withdrawal-submit]').click();
    await expect.poll(() => dialog.locator('[data-test=pricing-withdrawal-reason-item] .el-form-item__error').innerText()).toBe('请填写事由');
    expect((await listed(APPRAISED.id)).state).toBe('ACTIVE');

    await dialog.locator('[data-test=pricing-withdrawal-reason]').fill('申请执行人撤回执行申请');
    await dialog.locator('[data-test=pricing-withdrawal-basis]').fill('询价评估规定第二十九条（一）');
    await page.locator('[data-test=pricing-withdrawal-submit]').click();
    await dialog.waitFor({ state: 'hidden' });

    await expect.poll(() => row.locator('[data-test=auction-result]').innerText(), { timeout: 20_000 }).toBe('已撤回询价评估');
    expect(await row.locator('[data-test=auction-state]').innerText()).toBe('已完成');
    expect(await row.locator('[data-test=auction-stage]').innerText()).toBe('—');
    expect(await row.locator('[data-test=auction-paused-tag]').count()).toBe(0);
    expect(await row.locator('[data-test=auction-withdraw-pricing]').count()).toBe(0);
    expect(await row.locator('[data-test=auction-resume]').count()).toBe(0);
    await row.locator('[data-test=auction-result]').hover();
    await expect.poll(() => page.locator('[data-test=auction-withdrawal-tooltip]').innerText()).toContain('申请执行人撤回执行申请');

    const done = await listed(APPRAISED.id);
    expect(done).toMatchObject({
      state: 'COMPLETED',
      auctionResult: 'withdrawn',
      suspension: null,
      activeElements: [],
      pricingWithdrawal: { reason: '申请执行人撤回执行申请', basis: '询价评估规定第二十九条（一）' },
    });
    const [audit] = await withdrawals();
    expect(audit).toMatchObject({
      actor: 'faguan',
      target: '撤回询价评估（财产 FC-2）：申请执行人撤回执行申请',
      details: { assetId: APPRAISED.id, processInstanceKey: appraisedKey, reason: '申请执行人撤回执行申请', basis: '询价评估规定第二十九条（一）' },
    });
    const timeline = (await clerk.request<{ items: { title: string }[] }>('GET', `/api/cases/${subject.id}/timeline`)).items;
    expect(timeline.map((e) => e.title)).toContain('撤回询价评估');
    // FC-1 is left alone
    expect(await listed(ASSET.id)).toMatchObject({ state: 'ACTIVE', auctionResult: null, pricingWithdrawal: null });
    expect(activeIds(await listed(ASSET.id))).toContain('titleInvestigation');

    // the supervisor's dialog, opened before: the server refuses in its own words, the dialog stays open
    await stale.locator('[data-test=pricing-withdrawal-submit]').click();
    const refusal = stale.locator('[data-test=pricing-withdrawal-error]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('不能撤回询价评估');
    expect(await staleDialog.isVisible()).toBe(true);
    expect(await withdrawals()).toHaveLength(1);
    expect((await listed(APPRAISED.id)).pricingWithdrawal).toMatchObject({ reason: '申请执行人撤回执行申请' });
    await stale.context().close();
    await page.context().close();
  });
});
