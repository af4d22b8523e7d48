/**
 * End-to-end harness for the console: builds `web/` once with Vite's JS API into a temporary
 * folder, starts the whole platform (engine on the controlled clock, workers, server serving that
 * build) with `startPlatform`, and drives headless Chromium through playwright-core.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform, type Platform } from '../../server/src/platform.js';
import { createTestStorage, type TestStorage } from '../support/database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'court2026';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The console built once per content of `web/` (and the lockfile), shared by every test file and
 * run: `.cache/console/<digest>`. The first file to need it builds it under a lock directory (an
 * atomic mkdir); the others wait for it. A Vite build costs tens of seconds of CPU, once per e2e
 * file before this.
 */
export async function cachedConsole(): Promise<string> {
  const digest = consoleDigest();
  const base = path.join(ROOT, '.cache/console');
  const dir = path.join(base, digest);
  const built = () => fs.existsSync(path.join(dir, 'index.html'));
  if (built()) return dir;
  fs.mkdirSync(base, { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (built()) return dir;
      // a lock left by a run that died while building
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the console build in ${dir} did not finish within 10 minutes (lock ${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (built()) return dir;
    const tmp = await buildConsole();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    // keep the newest few builds
    const others = fs.readdirSync(base).filter((d) => /^[0-9a-f]{16}$/.test(d) && d !== digest);
    for (const d of others.map((d) => ({ d, t: fs.statSync(path.join(base, d)).mtimeMs })).sort((a, b) => b.t - a.t).slice(2)) {
      fs.rmSync(path.join(base, d.d), { recursive: true, force: true });
    }
    return dir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** a digest of every file of web/ but its build output, and of the lockfile */
function consoleDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(full);
      } else if (entry.isFile()) {
        hash.update(path.relative(ROOT, full)).update('\0').update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  walk(path.join(ROOT, 'web'));
  hash.update(fs.readFileSync(path.join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the console into a fresh temporary folder and returns it. */
export async function buildConsole(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-console-'));
  await build({
    configFile: path.join(ROOT, 'web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface ConsoleHarness {
  platform: Platform;
  browser: Browser;
  url: string;
  /** the engine's controlled clock: moves every timer and due date forward */
  advanceClock(ms: number): Promise<void>;
  /** a fresh browser context (its own cookies), logged in as `username` when given */
  newPage(username?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * 2027's statutory days that do not depend on the lunar calendar (元旦, 劳动节, 国庆节). The State
 * Council publishes the year's full table late in the year; until an administrator enters it, a
 * six-month 执行期限 computed in November cannot be counted, so the harness enters these days as
 * an administrator would, into its own holiday file.
 */
export const PROVISIONAL_2027 = {
  holidays: { '2027-01-01': '元旦', '2027-05-01': '劳动节', '2027-05-02': '劳动节', '2027-10-01': '国庆节', '2027-10-02': '国庆节', '2027-10-03': '国庆节' },
  workdays: {},
};

export interface HarnessOptions {
  /** a console build to serve (default: build one into a temporary folder) */
  webDist?: string;
  /** enter PROVISIONAL_2027 as an administrator at start (default true) */
  holidays2027?: boolean;
  /** start the job workers (default true) */
  workers?: boolean;
}

export async function startConsoleHarness(options: HarnessOptions = {}): Promise<ConsoleHarness> {
  // CONSOLE_DIST: a console built beforehand (npm run build:web, or vite build --outDir); else the
  // build of web/ as it is now, made once and shared (cachedConsole)
  const dist = options.webDist ?? process.env.CONSOLE_DIST ?? (await cachedConsole());
  const holidaysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-holidays-'));
  process.env.HOLIDAYS_FILE = path.join(holidaysDir, 'holidays.json');
  const engineStorage: TestStorage = await createTestStorage();
  const platform = await startPlatform({
    port: 0,
    engineGrpcPort: 0,
    engineHttpPort: 0,
    clockControlled: true,
    databaseUrl: engineStorage.databaseUrl,
    dataDir: engineStorage.databaseUrl ? undefined : 'memory://',
    engineDataDir: engineStorage.databaseUrl ? undefined : 'memory://',
    demoUsers: true,
    workers: options.workers,
    webDist: dist,
  });
  if (options.holidays2027 !== false) {
    const admin = await apiSession(platform.url, 'admin');
    await admin.request('PUT', '/api/calendar/holidays/2027', PROVISIONAL_2027);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const harness: ConsoleHarness = {
    platform,
    browser,
    url: platform.url,
    async advanceClock(ms) {
      const response = await fetch(`${platform.engineRestUrl}/actuator/clock/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offsetMilli: ms }),
      });
      if (!response.ok) throw new Error(`clock add failed: ${response.status} ${await response.text()}`);
    },
    async newPage(username) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      if (username) await login(page, platform.url, username);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await platform.close();
      await engineStorage.drop();
      fs.rmSync(holidaysDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Logs in through the login page and waits for the shell to show the user. */
export async function login(page: Page, url: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=current-user]').waitFor();
}

/** A logged-in HTTP session against the server's API, for arranging data outside the browser. */
export interface ApiSession {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiSession(url: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { cookie };
      if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
