/**
 * The console for each kind of user: logging in shows the menu that user's roles allow, a wrong
 * password shows the server's Chinese message in place, the language switches to English and back;
 * an administrator edits a diagram in the modeler, deploys a new version and compares versions; a
 * supervisor retries the incident of a failed job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, DEMO_PASSWORD, startConsoleHarness, type ConsoleHarness } from './console-harness.js';

let h: ConsoleHarness;

beforeAll(async () => {
  // no job workers: the incident test plays a worker that fails (see the last test)
  h = await startConsoleHarness({ workers: false });
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
    expect(supervisor.menus).toEqual(['menu-inbox', 'menu-cases', 'menu-timers', 'menu-leads', 'menu-dashboard', 'menu-heatmap', 'menu-incidents', 'menu-admin-audit']);

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

/** A process whose service task has no job type: bpmnlint (camunda-compat) flags `brokenTask`. */
const BROKEN_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_broken" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="broken-process" name="缺少作业类型" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="brokenTask" name="查询财产"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="brokenTask" />
    <bpmn:sequenceFlow id="f2" sourceRef="brokenTask" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="broken-process">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="brokenTask_di" bpmnElement="brokenTask"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('the BPMN modeler (admin)', () => {
  it('renames a task in the properties panel, deploys a new version and shows it changed in the version diff', { timeout: 120_000 }, async () => {
    const page = await h.newPage('admin');
    await page.goto(`${h.url}/modeler`);
    const reception = page.locator('[data-test=modeler-canvas] [data-element-id=reception]').first();
    await reception.waitFor();
    const versions = () => page.locator('[data-test=version-number]').allInnerTexts();
    await expect.poll(versions).toEqual(['v1']);
    await expect.poll(() => page.locator('[data-test=lint-status]').innerText()).toBe('未发现问题');

    await reception.click();
    // the panel opens with its groups collapsed: open 'General', where the name is
    await page.locator('[data-test=properties-panel] .bio-properties-panel-group-header', { hasText: 'General' }).click();
    await page.locator('#bio-properties-panel-name').fill('初次接待（登记）');
    await expect.poll(() => reception.textContent()).toContain('登记');
    await page.locator('[data-test=modeler-deploy]').click();
    await expect.poll(versions, { timeout: 30_000 }).toEqual(['v2', 'v1']);

    await page.locator('[data-test=diff-pick-1]').click();
    await page.locator('[data-test=diff-pick-2]').click();
    await page.locator('[data-test=diff-compare]').click();
    await expect.poll(() => page.locator('[data-test=diff-summary]').innerText()).toBe('~ reception');
    expect(await page.locator('[data-test=version-diff] .diff-changed[data-element-id=reception]').count()).toBe(2);
    await page.context().close();
  });

  it('lists lint problems by element id while editing and refuses to deploy a broken model in Chinese', { timeout: 90_000 }, async () => {
    const page = await h.newPage('admin');
    await page.goto(`${h.url}/modeler`);
    await page.locator('[data-test=modeler-canvas] [data-element-id=reception]').first().waitFor();
    await page.locator('[data-test=modeler-file]').setInputFiles({ name: 'broken-process.bpmn', mimeType: 'application/xml', buffer: Buffer.from(BROKEN_BPMN) });
    await page.locator('[data-test=modeler-canvas] [data-element-id=brokenTask]').first().waitFor();
    const problems = page.locator('[data-test=lint-problems] .el-table__row', { hasText: 'brokenTask' });
    await expect.poll(() => problems.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-test=modeler-canvas] .lint-error[data-element-id=brokenTask]').count()).toBeGreaterThan(0);

    await page.locator('[data-test=modeler-deploy]').click();
    await expect.poll(() => page.locator('[data-test=modeler-error]').innerText(), { timeout: 20_000 }).toMatch(/[\u4e00-\u9fa5]/);
    expect(await page.locator('[data-test=modeler-error]').innerText()).toContain('brokenTask');
    expect(await page.locator('[data-test=version-number]').count()).toBe(0);
    await page.context().close();
  });
});

/** The engine's REST API, as a job worker that cannot reach a court system would call it. */
async function engineRequest<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${h.platform.engineRestUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

describe('incidents (supervisor)', () => {
  it('shows the incident of a job whose retries ran out, and retries it', { timeout: 150_000 }, async () => {
    const clerk = await apiSession(h.url, 'neiqin');
    const created = await clerk.request<{ id: string; caseNumber: string; processInstanceKey: string }>('POST', '/api/cases', {
      caseType: '执',
      applicant: { name: '河南宏达建材有限公司', kind: 'organization' },
      respondents: [{ name: '王建国', kind: 'person' }],
      claimAmount: 86000,
      basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初2048号', kind: '民事判决书' },
    });
    // the case's first job (its 执行期限) fails with no retries left, as a worker would report it
    let jobKey = '';
    await expect
      .poll(
        async () => {
          const { jobs } = await engineRequest<{ jobs: { jobKey: string; processInstanceKey: string }[] }>('/v2/jobs/activation', {
            type: 'deadlines.compute',
            maxJobsToActivate: 50,
            timeout: 60_000,
            worker: 'console-test',
          });
          jobKey = jobs.find((job) => job.processInstanceKey === created.processInstanceKey)?.jobKey ?? jobKey;
          return jobKey;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .not.toBe('');
    await engineRequest(`/v2/jobs/${jobKey}/failure`, { retries: 0, errorMessage: '审判管理系统暂时无法访问（模拟）' });

    const page = await h.newPage('zhuren');
    await page.goto(`${h.url}/incidents`);
    const row = page.locator('[data-test=incident-table] .el-table__row', { hasText: created.caseNumber });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: '刷新' }).click();
          return row.count();
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(1);
    expect(await row.innerText()).toContain('审判管理系统暂时无法访问');
    // Zeebe's words in Chinese; the engine's original in the row's details
    expect(await row.locator('[data-test=incident-type]').innerText()).toBe('作业失败（重试次数已用完）');
    expect(await row.locator('[data-test=incident-message]').innerText()).toBe('作业失败，重试次数已用完。失败原因：审判管理系统暂时无法访问（模拟）');
    await row.locator('.el-table__expand-icon').click();
    await expect.poll(() => page.locator('[data-test=incident-original]').first().innerText()).toContain('JOB_NO_RETRIES');

    await row.locator('[data-test=incident-retry]').click();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
    // the job is back with a retry: a worker can take it again
    const { jobs } = await engineRequest<{ jobs: { jobKey: string; retries: number }[] }>('/v2/jobs/activation', {
      type: 'deadlines.compute',
      maxJobsToActivate: 50,
      timeout: 60_000,
      worker: 'console-test',
    });
    expect(jobs).toContainEqual(expect.objectContaining({ jobKey, retries: 1 }));
    await page.context().close();
  });
});
