/**
 * Screenshots of the console's main pages for the README: `npx tsx scripts/screenshots.ts`.
 * Starts the whole platform on in-memory storage (as the end-to-end tests do), arranges a few
 * cases through the API, and photographs each page in headless Chromium into docs/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { apiSession, PROVISIONAL_2027, startConsoleHarness, type ApiSession, type ConsoleHarness } from '../tests/web/console-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/screenshots');

interface Step {
  name: string;
  user?: string;
  path: string;
  ready?: string;
  before?: (page: Page) => Promise<void>;
}

async function settle(page: Page, ready?: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  if (ready) await page.locator(ready).first().waitFor({ timeout: 15_000 }).catch(() => console.warn(`  (no ${ready})`));
  await page.locator('.el-loading-mask').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  // ECharts animates for about a second
  await page.waitForTimeout(1200);
}

async function tryStep<T>(label: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (e) {
    console.warn(`  ${label}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return undefined;
  }
}

interface CaseReply {
  id: string;
  caseNumber: string;
  publicPassword?: string;
}

/** Registers a few cases and moves some of them along, so the pages have something to show. */
async function arrange(h: ConsoleHarness): Promise<{ caseId?: string; caseNumber?: string; password?: string; taskKey?: string }> {
  const clerk = await apiSession(h.url, 'neiqin');
  const parties = [
    ['河南宏达建材有限公司', '王建国', 86_000],
    ['李秀英', '张伟', 32_500],
    ['中国农业银行股份有限公司某县支行', '某县鑫源商贸有限公司', 1_250_000],
  ] as const;
  let first: CaseReply | undefined;
  for (const [applicant, respondent, amount] of parties) {
    const created = await tryStep('register case', () =>
      clerk.request<CaseReply>('POST', '/api/cases', {
        caseType: '执',
        applicant: { name: applicant, kind: applicant.length > 4 ? 'organization' : 'person', idNumber: '', phone: '13800000000', address: '河南省' },
        respondents: [{ name: respondent, kind: respondent.length > 4 ? 'organization' : 'person', idNumber: '', phone: '', address: '河南省' }],
        claimAmount: amount,
        basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初1024号', kind: '民事判决书' },
        complexity: amount > 100_000 ? 'complex' : 'simple',
      }),
    );
    if (created && !first) first = created;
  }
  await tryStep('lead', () =>
    new Promise<void>((resolve) => setTimeout(resolve, 1500)).then(async () => {
      const hotline = await apiSession(h.url, 'zhiban');
      await hotline.request('POST', '/api/leads', {
        caseNumber: first?.caseNumber,
        source: '24小时举报电话',
        content: '举报人：刘先生，电话：13900001111\n被执行人名下车辆（豫P·12345）停放在县城东关小区地下车库。',
      });
    }),
  );
  // 初次接待 of all but one case, so 立案庭's inbox has 立案审查 with its statutory due dates
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const open = await tryStep('tasks', () => clerk.request<{ items: { key: string; caseNumber: string | null }[] }>('GET', '/api/tasks?view=groups'));
  for (const task of (open?.items ?? []).slice(1)) {
    await tryStep('reception', async () => {
      await clerk.request('POST', `/api/tasks/${task.key}/claim`);
      await clerk.request('POST', `/api/tasks/${task.key}/complete`, {
        variables: { applicantName: '申请人', respondentName: '被执行人', claimAmount: 50_000, complexity: 'simple', preservation: 'none', riskNotified: true },
      });
    });
  }
  const tasks = await tryStep('tasks', () => clerk.request<{ items: { key: string }[] }>('GET', '/api/tasks?view=groups'));
  return { caseId: first?.id, caseNumber: first?.caseNumber, password: first?.publicPassword, taskKey: tasks?.items[0]?.key };
}

async function makeIncident(h: ConsoleHarness): Promise<void> {
  const clerk = await apiSession(h.url, 'neiqin');
  await clerk.request('POST', '/api/cases', {
    caseType: '执',
    applicant: { name: '赵建军', kind: 'person' },
    respondents: [{ name: '某县顺达物流有限公司', kind: 'organization' }],
    claimAmount: 240_000,
    basisDocument: { court: '某县人民法院', number: '（2026）豫1330民初877号', kind: '民事调解书' },
  });
  const supervisor = await apiSession(h.url, 'zhuren');
  for (let i = 0; i < 15; i++) {
    const { items } = await supervisor.request<{ items: unknown[] }>('GET', '/api/monitoring/incidents');
    if (items.length) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const admin = await apiSession(h.url, 'admin');
  await admin.request('PUT', '/api/calendar/holidays/2027', PROVISIONAL_2027);
}

/** A second version of the intake model, so the modeler has versions to compare. */
async function deploySecondVersion(admin: ApiSession): Promise<void> {
  const models = await admin.request<{ processes: { processDefinitionId: string; latestKey: string }[] }>('GET', '/api/models');
  const intake = models.processes.find((p) => p.processDefinitionId === 'intake');
  if (!intake) return;
  const { xml } = await admin.request<{ xml: string }>('GET', `/api/models/definitions/${intake.latestKey}/xml`);
  const changed = xml.replace('name="初次接待"', 'name="初次接待（含风险告知）"');
  await admin.request('POST', '/api/models/deploy', { resources: [{ name: 'intake.bpmn', content: changed }] });
  await admin.request('PUT', '/api/models/drafts/intake-reception.form', {
    content: fs.readFileSync(path.join(ROOT, 'processes/forms/intake-reception.form'), 'utf8'),
  });
  await admin.request('PUT', '/api/models/drafts/triage.dmn', { content: fs.readFileSync(path.join(ROOT, 'processes/triage.dmn'), 'utf8') });
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  console.log('building the console and starting the platform…');
  // Without next year's holidays a case registered in November could not have its 执行期限 counted,
  // which made the incident the incidents page shows; since the calendar counts a missing year
  // provisionally, no incident arises and the page may be empty.
  const h = await startConsoleHarness({ holidays2027: false });
  try {
    await tryStep('incident', () => makeIncident(h));
    const arranged = await arrange(h);
    const admin = await apiSession(h.url, 'admin');
    await tryStep('second version', () => deploySecondVersion(admin));
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const steps: Step[] = [
      { name: '01-login', path: '/login', ready: '[data-test=login-form]' },
      { name: '02-inbox', user: 'lian', path: '/inbox', ready: '[data-test=task-table]', before: async (p) => void (await p.locator('[data-test=view-groups]').click()) },
      ...(arranged.taskKey ? [{ name: '03-task', user: 'neiqin', path: `/tasks/${arranged.taskKey}`, ready: '[data-test=task-form] .fjs-form' }] : []),
      { name: '04-cases', user: 'neiqin', path: '/cases', ready: '[data-test=case-table]' },
      {
        name: '05-register-case',
        user: 'neiqin',
        path: '/cases',
        ready: '[data-test=case-table]',
        before: async (p) => void (await p.locator('[data-test=register-case]').click()),
      },
      ...(arranged.caseId ? [{ name: '06-case', user: 'faguan', path: `/cases/${arranged.caseId}`, ready: '[data-test=process-diagram] svg' }] : []),
      { name: '07-timers', user: 'zhuren', path: '/timers', ready: '[data-test=timer-table]' },
      { name: '08-leads', user: 'zhiban', path: '/leads', ready: '[data-test=lead-form]' },
      { name: '09-dashboard', user: 'zhuren', path: '/dashboard', ready: '[data-test=quality-table]' },
      { name: '10-heatmap', user: 'zhuren', path: '/heatmap', ready: '[data-test=heatmap-canvas] svg' },
      { name: '11-incidents', user: 'zhuren', path: '/incidents', ready: '[data-test=incident-table]' },
      { name: '12-modeler', user: 'admin', path: '/modeler', ready: '[data-test=modeler-canvas] svg' },
      {
        name: '13-version-diff',
        user: 'admin',
        path: '/modeler',
        ready: '[data-test=version-table]',
        before: async (p) => {
          await p.locator('[data-test=diff-pick-1]').click();
          await p.locator('[data-test=diff-pick-2]').click();
          await p.locator('[data-test=diff-compare]').click();
          await p.locator('[data-test=version-diff] svg').first().waitFor();
        },
      },
      {
        name: '14-form-editor',
        user: 'admin',
        path: '/forms',
        ready: '[data-test=form-editor] .fjs-editor-container',
        before: async (p) => {
          await p.locator('[data-test=resource-name]').click();
          await p.getByRole('option', { name: 'intake-reception.form' }).click();
        },
      },
      {
        name: '15-dmn-editor',
        user: 'admin',
        path: '/dmn',
        ready: '[data-test=dmn-editor]',
        before: async (p) => {
          await p.locator('[data-test=resource-name]').click();
          await p.getByRole('option', { name: 'triage.dmn' }).click();
        },
      },
      {
        name: '16-public-status',
        path: '/status',
        ready: '[data-test=status-form]',
        before: async (p) => {
          if (!arranged.caseNumber || !arranged.password) return;
          await p.locator('[data-test=status-caseNumber]').fill(arranged.caseNumber);
          await p.locator('[data-test=status-password]').fill(arranged.password);
          await p.locator('[data-test=status-submit]').click();
          await p.locator('[data-test=status-result]').waitFor();
        },
      },
      // 系统管理
      { name: '18-admin-users', user: 'admin', path: '/admin/users', ready: '[data-test=user-table] .el-table__row' },
      {
        name: '19-admin-user-new',
        user: 'admin',
        path: '/admin/users',
        ready: '[data-test=user-table] .el-table__row',
        before: async (p) => {
          await p.locator('[data-test=user-new]').click();
          await p.locator('[data-test=user-username]').fill('xiaoqian');
          await p.locator('[data-test=user-display-name]').fill('钱书记员');
          await p.locator('[data-test=user-password]').fill('short');
          await p.locator('[data-test=role-clerk]').click();
          await p.locator('[data-test="group-查控组"]').click();
          await p.locator('[data-test=user-save]').click();
          await p.locator('.el-form-item__error').first().waitFor();
        },
      },
      { name: '20-admin-audit', user: 'admin', path: '/admin/audit', ready: '[data-test=audit-table] .el-table__row' },
      { name: '21-admin-holidays', user: 'admin', path: '/admin/holidays', ready: '[data-test=holiday-years] .el-table__row' },
    ];

    for (const step of steps) {
      console.log(`${step.name} ${step.path}`);
      const page = await h.newPage(step.user);
      await tryStep(step.name, async () => {
        await page.goto(`${h.url}${step.path}`);
        await settle(page, step.ready);
        if (step.before) await step.before(page);
        await settle(page);
        await page.screenshot({ path: path.join(OUT, `${step.name}.png`) });
      });
      await page.context().close();
    }

    // The English console, to show the language switch.
    const page = await h.newPage('zhuren');
    await tryStep('17-dashboard-en', async () => {
      await page.evaluate(() => localStorage.setItem('locale', 'en'));
      await page.goto(`${h.url}/dashboard`);
      await settle(page, '[data-test=quality-table]');
      await page.screenshot({ path: path.join(OUT, '17-dashboard-en.png') });
    });
    await page.context().close();
  } finally {
    await h.close();
  }
  console.log(`screenshots in ${path.relative(ROOT, OUT)}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
