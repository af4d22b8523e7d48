/**
 * Process tests with the real workers: an engine server (gRPC + REST) on free ports with the
 * controlled clock, every model of `processes/` deployed (or the files you name), and
 * `startWorkers` running every `*.worker.ts` against it with a temporary DOCUMENTS_DIR and
 * HOLIDAYS_FILE. Tests drive the human steps over the engine's REST API, as the server does.
 *
 * How to write a process test (one harness per file; PGlite start-up costs seconds):
 *
 * ```ts
 * let h: ProcessHarness;
 * beforeAll(async () => { h = await ProcessHarness.start({ startAt: '2026-03-02T09:00:00+08:00' }); });
 * afterAll(() => h?.close());
 *
 * it('一拍成交', async () => {
 *   const pi = await h.createInstance('auction', { caseNumber: '（2026）豫1330执1号', asset: {...} });
 *   const task = await h.waitForTask(pi, 'confirmAppraisal');          // waits for the open task, also in called processes
 *   expect(task.candidateGroups).toEqual(['网拍组']);
 *   await h.completeTask(pi, 'confirmAppraisal', { appraisedValue: 200000 });
 *   await h.advanceClock(30 * DAY);                                   // timers fire, workers run
 *   await h.waitForCompletion(pi);
 *   expect(await h.variables(pi)).toMatchObject({ auctionResult: 'sold' });
 *   expect(await h.visited(pi)).toContain('announceAuction');          // element ids completed, in order
 * });
 * ```
 *
 * `waitForTask`/`completeTask` look in the instance and every process it called (call
 * activities), so a parent's test can complete a child's task. Every wait gives up after
 * `waitMs` (option, default 60 s: the machine is shared and a worker may sit in its poll back-off)
 * unless it is given its own time-out. Waits re-deliver jobs left
 * unanswered for 10 s (see `until`); one that times out says where the instance stands (active
 * elements, incidents, pending jobs, the clock). The workers start
 * only after every SDK worker has connected. `documents` is the store the workers wrote to;
 * `holidaysFile` the overrides file they read (`addHolidayFixtures` for years past the table).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { expect } from 'vitest';
import { saveHolidayYear } from '../../common/calendar.js';
import { startEngineServer, type EngineServer } from '../../engine/src/server.js';
import { silentLog, type WorkerLog } from '../../workers/core/context.js';
import { startWorkers, type RunningWorkers } from '../../workers/core/start-workers.js';
import { createDocumentStore, type DocumentStore } from '../../common/document-store.js';
import { createTestStorage, type TestStorage } from './database.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const PROCESSES = path.resolve('processes');

/** the env variable naming the directory the harness records the paths taken into (see `close`) */
export const PROCESS_PATHS_ENV = 'PROCESS_PATHS_DIR';

/** one harness's record of the paths taken (a file in PROCESS_PATHS_DIR) */
export interface RecordedPaths {
  testFile?: string;
  processes: Record<string, { flowsTaken: string[]; activated: string[]; completed: string[] }>;
}

export interface UserTask {
  userTaskKey: string;
  name?: string;
  state: string;
  assignee?: string;
  elementId: string;
  elementInstanceKey: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  processInstanceKey: string;
  creationDate: string;
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  customHeaders: Record<string, string>;
  priority: number;
}

export interface HarnessOptions {
  /** pin the clock here first (ISO date-time or epoch ms); default the wall clock */
  startAt?: string | number;
  /** deploy only these files of processes/ (e.g. ['intake.bpmn', 'triage.dmn']); default all, with every form */
  deploy?: string[];
  /** start only these job types; default every worker; [] starts none (drive jobs yourself) */
  workers?: string[];
  /** extra worker configuration (courtName, adapters' options) */
  config?: Record<string, unknown>;
  /** how long each wait (`waitForTask`, `waitForCompletion`, …) may take unless it is given its own; default 60 s */
  waitMs?: number;
  log?: WorkerLog;
}

export class ProcessHarness {
  readonly documents: DocumentStore;

  private constructor(
    readonly server: EngineServer,
    public workers: RunningWorkers | undefined,
    readonly tmpDir: string,
    readonly holidaysFile: string,
    readonly deployment: { processes: { bpmnProcessId: string }[]; decisions: unknown[]; forms: { formId: string; formKey: string }[] },
    private readonly storage: TestStorage,
    private readonly workerOptions: Parameters<typeof startWorkers>[0],
    /** the waits' default time-out (HarnessOptions.waitMs) */
    readonly waitMs: number,
  ) {
    this.documents = createDocumentStore({ dir: path.join(tmpDir, 'documents') });
  }

  static async start(options: HarnessOptions = {}): Promise<ProcessHarness> {
    const storage = await createTestStorage();
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'process-harness-'));
    const server = await startEngineServer({
      grpcPort: 0,
      httpPort: 0,
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
      clockControlled: true,
      dueCheckIntervalMs: 100,
      logger: { info: () => undefined, error: console.error },
    });
    try {
      server.engine.clock.pin(options.startAt === undefined ? Date.now() : new Date(options.startAt).getTime());
      const deployment = await deployProcesses(server, options.deploy);
      const holidaysFile = path.join(tmpDir, 'holidays.json');
      const workerOptions = {
        grpcAddress: `127.0.0.1:${server.grpcPort}`,
        plaintext: true,
        only: options.workers,
        longPollSeconds: 20,
        now: () => new Date(server.engine.clock.now()),
        log: options.log ?? silentLog,
        config: { documentsDir: path.join(tmpDir, 'documents'), holidaysFile, ...options.config },
        // the court systems' answers (simulators in the tests) come in within a tenth of a second
        inbound: { intervalMs: 100, stateFile: path.join(tmpDir, 'court-inbox.json') },
      };
      const workers = options.workers && options.workers.length === 0 ? undefined : await startWorkers(workerOptions);
      if (workers) await waitUntilReady(workers);
      return new ProcessHarness(server, workers, tmpDir, holidaysFile, deployment, storage, workerOptions, options.waitMs ?? 60_000);
    } catch (error) {
      await server.close();
      await storage.drop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.workers?.close();
    await this.recordPaths();
    await this.server.close();
    await this.storage.drop();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /**
   * When env PROCESS_PATHS_DIR is set: writes the sequence flows taken and the elements activated
   * and completed in this harness's engine, by process id, as one JSON file into that directory
   * (read by scripts/process-paths.ts). One query; a failure is logged, never thrown.
   */
  private async recordPaths(): Promise<void> {
    const dir = process.env[PROCESS_PATHS_ENV];
    if (!dir) return;
    try {
      const rows = await this.server.engine.db.query<{ process: string; intent: string; element: string }>(
        `SELECT DISTINCT value->>'bpmnProcessId' AS process, intent, value->>'elementId' AS element
           FROM engine.record
          WHERE value_type = 'PROCESS_INSTANCE' AND record_type = 'EVENT'
            AND intent IN ('SEQUENCE_FLOW_TAKEN', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED')`,
      );
      const recorded: RecordedPaths = { testFile: expect.getState?.().testPath, processes: {} };
      for (const row of rows) {
        const entry = (recorded.processes[row.process] ??= { flowsTaken: [], activated: [], completed: [] });
        const list = row.intent === 'SEQUENCE_FLOW_TAKEN' ? entry.flowsTaken : row.intent === 'ELEMENT_ACTIVATED' ? entry.activated : entry.completed;
        list.push(row.element);
      }
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `paths-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
      fs.writeFileSync(file, JSON.stringify(recorded));
    } catch (error) {
      console.error(`process paths: not recorded (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** starts the workers now (when the harness started with `workers: []`), only these types if given */
  async startWorkers(only?: string[]): Promise<RunningWorkers> {
    if (this.workers) throw new Error('the workers are already running');
    this.workers = await startWorkers({ ...this.workerOptions, only });
    await waitUntilReady(this.workers);
    return this.workers;
  }

  /** deploys extra resources (test fixtures) next to processes/ */
  async deploy(...files: string[]): Promise<void> {
    const result = await this.server.engine.deploy(files.map((f) => ({ name: path.basename(f), content: fs.readFileSync(f) })));
    if (!result.ok) throw new Error(`deploying ${files.join(', ')} failed: ${result.error.reason}`);
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.server.httpPort}`;
  }

  /** a Camunda REST v2 call; throws with the problem detail on an error status */
  async rest<T = any>(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', pathName: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.restUrl}${pathName}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathName} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  now(): number {
    return this.server.engine.clock.now();
  }

  async createInstance(bpmnProcessId: string, variables: Record<string, unknown> = {}): Promise<string> {
    const created = await this.rest<{ processInstanceKey: string }>('POST', '/v2/process-instances', { processDefinitionId: bpmnProcessId, variables });
    return created.processInstanceKey;
  }

  /** the instance and every instance it called, recursively */
  async instanceTree(processInstanceKey: string): Promise<string[]> {
    const keys = [processInstanceKey];
    for (let i = 0; i < keys.length; i++) {
      const { items } = await this.rest<{ items: { processInstanceKey: string }[] }>('POST', '/v2/process-instances/search', {
        filter: { parentProcessInstanceKey: keys[i] },
        page: { limit: 1000 },
      });
      keys.push(...items.map((p) => p.processInstanceKey));
    }
    return keys;
  }

  /** open (CREATED) user tasks with this element id in the instance's tree */
  async openTasks(processInstanceKey: string, elementId: string): Promise<UserTask[]> {
    const tree = new Set(await this.instanceTree(processInstanceKey));
    const { items } = await this.rest<{ items: UserTask[] }>('POST', '/v2/user-tasks/search', {
      filter: { elementId, state: 'CREATED' },
      page: { limit: 1000 },
    });
    return items.filter((t) => tree.has(t.processInstanceKey));
  }

  /** waits until exactly one open task of `elementId` exists in the tree, and returns it */
  async waitForTask(processInstanceKey: string, elementId: string, timeoutMs = this.waitMs): Promise<UserTask> {
    return this.untilIn(processInstanceKey, `user task '${elementId}' in instance ${processInstanceKey}`, async () => {
      const tasks = await this.openTasks(processInstanceKey, elementId);
      if (tasks.length === 0) await this.throwOnIncident(processInstanceKey, `waiting for user task '${elementId}'`);
      if (tasks.length > 1) throw new Error(`${tasks.length} open tasks of '${elementId}' in instance ${processInstanceKey}; expected one`);
      return tasks[0];
    }, timeoutMs);
  }

  async completeTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown> = {}): Promise<UserTask> {
    const task = await this.waitForTask(processInstanceKey, elementId);
    await this.rest('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables });
    return task;
  }

  /** moves the controlled clock and runs the due timers and job time-outs at once */
  async advanceClock(ms: number): Promise<void> {
    await this.rest('POST', '/actuator/clock/add', { offsetMilli: ms });
    await this.server.engine.checkDueWork();
  }

  async state(processInstanceKey: string): Promise<string | undefined> {
    const { items } = await this.rest<{ items: { state: string }[] }>('POST', '/v2/process-instances/search', {
      filter: { processInstanceKey },
    });
    return items[0]?.state;
  }

  /** waits until the instance is COMPLETED (throws if it is TERMINATED or has an incident) */
  async waitForCompletion(processInstanceKey: string, timeoutMs = this.waitMs): Promise<void> {
    await this.untilIn(processInstanceKey, `instance ${processInstanceKey} to complete`, async () => {
      const state = await this.state(processInstanceKey);
      if (state === 'COMPLETED') return true;
      if (state === 'TERMINATED') throw new Error(`instance ${processInstanceKey} was terminated`);
      await this.throwOnIncident(processInstanceKey, 'waiting for completion');
      return undefined;
    }, timeoutMs);
  }

  /** waits until `elementId` is active in the instance (not in called ones) */
  async waitForActive(processInstanceKey: string, elementId: string, timeoutMs = this.waitMs): Promise<void> {
    await this.untilIn(processInstanceKey, `${elementId} active in ${processInstanceKey}`, async () => {
      if ((await this.active(processInstanceKey)).includes(elementId)) return true;
      await this.throwOnIncident(processInstanceKey, `waiting for ${elementId}`);
      return undefined;
    }, timeoutMs);
  }

  /** waits until the instance has completed `elementId` (at least `times` times) */
  async waitForVisit(processInstanceKey: string, elementId: string, times = 1, timeoutMs = this.waitMs): Promise<void> {
    await this.untilIn(processInstanceKey, `${elementId} completed in ${processInstanceKey}`, async () => {
      if ((await this.visited(processInstanceKey)).filter((e) => e === elementId).length >= times) return true;
      await this.throwOnIncident(processInstanceKey, `waiting for ${elementId} to complete`);
      return undefined;
    }, timeoutMs);
  }

  /** moves the controlled clock forward to `iso` (not back) */
  async advanceTo(iso: string | number): Promise<void> {
    await this.advanceClock(Math.max(0, new Date(iso).getTime() - this.now()));
  }

  /** years past the holiday table for tests whose clock runs into them: an administrator's entries (fixtures, not the State Council's schedule) */
  addHolidayFixtures(...years: number[]): void {
    for (const year of years) {
      saveHolidayYear(this.holidaysFile, year, HOLIDAY_FIXTURES[year] ?? { holidays: { [`${year}-01-01`]: '元旦' }, workdays: {} });
    }
  }

  /** the text of the case's latest document of this kind, paragraphs joined by newlines */
  async latestDocumentText(caseId: string, kind: string): Promise<string> {
    const docs = this.documents.listByCase(caseId).filter((d) => d.kind === kind);
    if (docs.length === 0) throw new Error(`no ${kind} for case ${caseId}`);
    return documentText(this.read(docs.at(-1)!.id));
  }

  private read(id: string): Buffer {
    const found = this.documents.read(id);
    if (!found) throw new Error(`document ${id} is listed but not readable`);
    return found.content;
  }

  /** where the instance stands, for a failed wait: active elements, incidents, pending jobs, the clock */
  async describe(processInstanceKey: string): Promise<string> {
    const incidents = (await this.incidents(processInstanceKey)).map((i) => `${i.elementId}: ${i.errorMessage}`);
    // a job in BACKOFF waits for the controlled clock: show its last failure
    const jobs = await this.server.engine.db.query<{ element_id: string; state: string; error_message: string }>(
      `SELECT element_id, state, error_message FROM engine.job WHERE process_instance_key = $1 AND state IN ('BACKOFF', 'ACTIVATED', 'ACTIVATABLE')`,
      [processInstanceKey],
    );
    return `active: ${(await this.active(processInstanceKey)).join(', ') || 'none'}; incidents: ${incidents.join(' | ') || 'none'}; ` +
      `clock ${new Date(this.now()).toISOString()}; jobs: ${JSON.stringify(jobs)}`;
  }

  /** `until`, and on a time-out the error says where the instance stands */
  async untilIn<T>(processInstanceKey: string, what: string, check: () => Promise<T | undefined | false>, timeoutMs = this.waitMs): Promise<T> {
    try {
      return await this.until(what, timeoutMs, check);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('timed out')) throw error;
      throw new Error(`${error.message}; ${await this.describe(processInstanceKey).catch((e) => `(no description: ${e})`)}`);
    }
  }

  /** throws with the incidents' messages when the instance's tree has any */
  async throwOnIncident(processInstanceKey: string, doing: string): Promise<void> {
    const incidents = await this.incidents(processInstanceKey);
    if (incidents.length) throw new Error(`instance ${processInstanceKey} has incidents (${doing}): ${incidents.map((i) => `${i.elementId} ${i.errorType}: ${i.errorMessage}`).join('; ')}`);
  }

  /** active incidents in the instance's tree */
  async incidents(processInstanceKey: string): Promise<{ incidentKey: string; elementId: string; errorType: string; errorMessage: string; processInstanceKey: string }[]> {
    const tree = new Set(await this.instanceTree(processInstanceKey));
    const { items } = await this.rest<{ items: any[] }>('POST', '/v2/incidents/search', { filter: { state: 'ACTIVE' }, page: { limit: 1000 } });
    return items.filter((i) => tree.has(i.processInstanceKey));
  }

  /** the instance's root-scope variables, parsed */
  async variables(processInstanceKey: string): Promise<Record<string, any>> {
    const { items } = await this.rest<{ items: { name: string; value: string }[] }>('POST', '/v2/variables/search?truncateValues=false', {
      filter: { scopeKey: processInstanceKey },
      page: { limit: 1000 },
    });
    return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
  }

  /** element instances of the instance (not of called ones), in start order */
  async elementInstances(processInstanceKey: string): Promise<{ elementId: string; elementInstanceKey: string; state: string; type: string }[]> {
    const { items } = await this.rest<{ items: any[] }>('POST', '/v2/element-instances/search', {
      filter: { processInstanceKey },
      sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
      page: { limit: 10_000 },
    });
    return items;
  }

  /** ids of the elements the instance completed (not the process itself), in order of their keys */
  async visited(processInstanceKey: string): Promise<string[]> {
    return (await this.elementInstances(processInstanceKey)).filter((e) => e.state === 'COMPLETED' && e.type !== 'PROCESS').map((e) => e.elementId);
  }

  /** ids of the elements active now */
  async active(processInstanceKey: string): Promise<string[]> {
    return (await this.elementInstances(processInstanceKey)).filter((e) => e.state === 'ACTIVE').map((e) => e.elementId);
  }

  /** the instances a call activity started, by process id */
  async calledInstances(processInstanceKey: string, bpmnProcessId?: string): Promise<string[]> {
    const { items } = await this.rest<{ items: { processInstanceKey: string; processDefinitionId: string }[] }>('POST', '/v2/process-instances/search', {
      filter: { parentProcessInstanceKey: processInstanceKey, ...(bpmnProcessId ? { processDefinitionId: bpmnProcessId } : {}) },
      sort: [{ field: 'processInstanceKey', order: 'ASC' }],
      page: { limit: 1000 },
    });
    return items.map((p) => p.processInstanceKey);
  }

  /** publishes a message; `timeToLive` (ms) buffers it for a subscription not open yet */
  async publishMessage(name: string, correlationKey: string, variables: Record<string, unknown> = {}, timeToLive = 0): Promise<void> {
    await this.rest('POST', '/v2/messages/publication', { name, correlationKey, variables, timeToLive });
  }

  /** ACTIVE instances of a process whose root variables hold these values (e.g. one started by a message for a case) */
  async instancesWith(bpmnProcessId: string, variables: Record<string, unknown>): Promise<string[]> {
    const { items } = await this.rest<{ items: { processInstanceKey: string }[] }>('POST', '/v2/process-instances/search', {
      filter: { processDefinitionId: bpmnProcessId, state: 'ACTIVE', variables: Object.entries(variables).map(([name, value]) => ({ name, value: JSON.stringify(value) })) },
      sort: [{ field: 'processInstanceKey', order: 'ASC' }],
      page: { limit: 100 },
    });
    return items.map((p) => p.processInstanceKey);
  }

  /** waits for the one ACTIVE instance of the process with these variables (see `instancesWith`) */
  async waitForInstanceWith(bpmnProcessId: string, variables: Record<string, unknown>, timeoutMs = this.waitMs): Promise<string> {
    return this.until(`an instance of '${bpmnProcessId}' with ${JSON.stringify(variables)}`, timeoutMs, async () => {
      const keys = await this.instancesWith(bpmnProcessId, variables);
      if (keys.length > 1) throw new Error(`${keys.length} active instances of '${bpmnProcessId}' with ${JSON.stringify(variables)}; expected one`);
      return keys[0];
    });
  }

  async cancel(processInstanceKey: string): Promise<void> {
    await this.rest('POST', `/v2/process-instances/${processInstanceKey}/cancellation`, {});
  }

  /**
   * polls `check` (every 50 ms) until it returns a value; throws `timed out waiting for <what>`.
   * Every 10 s without one it re-delivers the jobs that are ACTIVATED but unanswered (timeout set
   * to 0). Still needed (checked 2026-11-29 without it: entrustment jobs sat ACTIVATED with every
   * worker long-polling on a loaded machine): a job activated for a poll whose response never
   * reaches the worker waits for its timeout, which on the pinned clock never comes. Zeebe does the
   * same, but its clock moves. The workers are idempotent, so re-delivering a slow job changes nothing.
   */
  async until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
    const end = Date.now() + timeoutMs;
    let lastRescue = Date.now();
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      if (Date.now() - lastRescue > 10_000) {
        lastRescue = Date.now();
        await this.redeliverUnansweredJobs();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** gives every ACTIVATED job back to the workers (see `until`) */
  async redeliverUnansweredJobs(): Promise<number> {
    const stuck = await this.server.engine.db.query<{ key: string }>(`SELECT key FROM engine.job WHERE state = 'ACTIVATED'`);
    for (const { key } of stuck) await this.rest('PATCH', `/v2/jobs/${key}`, { changeset: { timeout: 0 } }).catch(() => undefined);
    if (stuck.length) await this.server.engine.checkDueWork();
    return stuck.length;
  }
}

/** the text of a DOCX, paragraphs joined by newlines */
export async function documentText(content: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(content)).file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n');
}

/** years the tests' clocks reach past the seeded table (2027's 春节 as an administrator would enter it) */
const HOLIDAY_FIXTURES: Record<number, { holidays: Record<string, string>; workdays: Record<string, string> }> = {
  2027: {
    holidays: { '2027-01-01': '元旦', '2027-02-06': '春节', '2027-02-07': '春节', '2027-02-08': '春节', '2027-02-09': '春节', '2027-02-10': '春节', '2027-02-11': '春节', '2027-02-12': '春节' },
    workdays: { '2027-02-14': '春节调休' },
  },
};

/** every SDK worker connected (the first jobs are not left waiting for dozens of channels to open) */
async function waitUntilReady(workers: RunningWorkers): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([workers.ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, 60_000)))]);
  clearTimeout(timer);
}

async function deployProcesses(server: EngineServer, only?: string[]) {
  const read = (dir: string, names: string[]) => names.map((name) => ({ name, content: fs.readFileSync(path.join(dir, name)) }));
  const models = only ?? fs.readdirSync(PROCESSES).filter((f) => f.endsWith('.bpmn') || f.endsWith('.dmn')).sort();
  const formsDir = path.join(PROCESSES, 'forms');
  const forms = fs.existsSync(formsDir) ? fs.readdirSync(formsDir).filter((f) => f.endsWith('.form')).sort() : [];
  const result = await server.engine.deploy([...read(PROCESSES, models), ...read(formsDir, forms)]);
  if (!result.ok) throw new Error(`deploying processes/ failed: ${result.error.reason}`);
  return result.value as any;
}
