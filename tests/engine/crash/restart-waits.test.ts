/**
 * What waits survives a restart: the engine runs as its own process; timers and buffered
 * messages are created, the engine is killed with SIGKILL, and it starts again on the same
 * storage (a PGlite folder, or a fresh PostgreSQL database with DATABASE_URL).
 * - a timer (intermediate catch and timer start event) that fell due while the engine was down
 *   fires right after the restart, and one due later still fires on time;
 * - a message buffered with a time-to-live before the kill is correlated after the restart to a
 *   case that starts then; one whose time-to-live ran out while the engine was down EXPIRES and
 *   is not correlated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../engine/src/state/db.js';
import { createTestStorage, type TestStorage } from '../../support/database.js';
import { eventually, sleep } from '../../support/clients.js';
import { camundaClient, NOW, type CamundaClient } from '../rest/rest-clients.js';
import { EngineProcess, freePorts } from './engine-process.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'restart-waits.bpmn');
/** PGlite's start on a loaded machine can be slow */
const STARTUP_TIMEOUT_MS = 45_000;

/** a timer start event that fires once, at `date` */
const timerStartModel = (date: Date) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="restart-start-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="restart-review" isExecutable="true">
    <bpmn:startEvent id="review-due" name="定期复查"><bpmn:timerEventDefinition><bpmn:timeDate>${date.toISOString()}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:sequenceFlow id="r1" sourceRef="review-due" targetRef="r-end" />
    <bpmn:endEvent id="r-end" />
  </bpmn:process>
</bpmn:definitions>`;

interface StoredRecord {
  key: string;
  value_type: string;
  intent: string;
  timestamp: string;
  process_instance_key: string | null;
  value: Record<string, unknown>;
}

describe('restart: due timers and buffered messages survive a SIGKILL', () => {
  let storage: TestStorage;
  let tempDir: string;
  let dataDir: string | undefined;
  let engine: EngineProcess;
  let camunda: CamundaClient;
  let killedAt = 0;
  let restartedAt = 0;
  /** the records once the engine has stopped */
  let records: StoredRecord[] = [];
  const keys = { dueWhileDown: '', dueAfterRestart: '', paidBefore: '', expiredWhileDown: '' };
  let reviewDue: Date;

  const state = async (processInstanceKey: string) => (await camunda.getProcessInstance({ processInstanceKey }, NOW)).state;

  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-restart-'));
    storage = await createTestStorage();
    dataDir = storage.databaseUrl ? undefined : path.join(tempDir, 'pglite');
    const [grpcPort, httpPort] = await freePorts(2);
    engine = new EngineProcess({ grpcPort: grpcPort!, httpPort: httpPort!, databaseUrl: storage.databaseUrl, dataDir, deployDir: path.join(tempDir, 'no-models') });
    await engine.start(STARTUP_TIMEOUT_MS);
    camunda = camundaClient(`http://127.0.0.1:${httpPort}`);
  }, 60_000);

  afterAll(async () => {
    await engine?.kill();
    await storage?.drop().catch(() => undefined);
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('fires what fell due while the engine was down and correlates what was buffered', { timeout: 120_000 }, async () => {
    // given: timers and buffered messages, then the kill
    reviewDue = new Date(Date.now() + 4_000);
    await camunda.createDeployment({
      resources: [
        new File([fs.readFileSync(FIXTURE)], 'restart-waits.bpmn'),
        new File([timerStartModel(reviewDue)], 'restart-review.bpmn'),
      ],
    });
    const create = async (processDefinitionId: string, variables: Record<string, unknown>) =>
      (await camunda.createProcessInstance({ processDefinitionId, variables })).processInstanceKey;
    keys.dueWhileDown = await create('restart-deadline', { waitFor: 'PT3S' });
    keys.dueAfterRestart = await create('restart-deadline', { waitFor: 'PT60S' });
    await camunda.publishMessage({ name: 'restart-payment-received', correlationKey: '(2030)豫01执500号', timeToLive: 600_000, variables: { 缴费金额: 1200 } });
    await camunda.publishMessage({ name: 'restart-payment-received', correlationKey: '(2030)豫01执501号', timeToLive: 2_000, variables: { 缴费金额: 1 } });
    expect(await state(keys.dueWhileDown)).toBe('ACTIVE');

    await engine.kill();
    killedAt = Date.now();
    // everything short is due before the engine comes back
    await sleep(Math.max(0, reviewDue.getTime() + 500 - Date.now()));
    restartedAt = Date.now();
    await engine.start(STARTUP_TIMEOUT_MS);

    // then
    await eventually(async () => (await state(keys.dueWhileDown)) === 'COMPLETED', 15_000, 'the overdue timer to fire');
    const reviews = await eventually(async () => {
      const found = await camunda.searchProcessInstances({ filter: { processDefinitionId: 'restart-review' } }, NOW);
      return found.items.length > 0 && found.items;
    }, 15_000, 'the overdue timer start event to start an instance');
    expect(reviews).toHaveLength(1);
    expect(await state(keys.dueAfterRestart)).toBe('ACTIVE');

    keys.paidBefore = await create('restart-payment', { caseNo: '(2030)豫01执500号' });
    expect(await state(keys.paidBefore)).toBe('COMPLETED');
    keys.expiredWhileDown = await create('restart-payment', { caseNo: '(2030)豫01执501号' });
    expect(await state(keys.expiredWhileDown)).toBe('ACTIVE');
    const [paid] = (await camunda.searchVariables({ filter: { processInstanceKey: keys.paidBefore, name: '缴费金额' } }, NOW)).items;
    expect(paid?.value).toBe('1200');

    await engine.stop();
    records = await readRecords();
  });

  async function readRecords(): Promise<StoredRecord[]> {
    // PGlite opens a folder in one process at a time: the engine has stopped by now
    const db = await openDatabase({ url: storage.databaseUrl, dataDir, poolSize: 1 });
    try {
      return await db.query<StoredRecord>(
        `SELECT key, value_type, intent, timestamp::text AS timestamp, process_instance_key, value FROM engine.record
          WHERE record_type = 'EVENT' AND value_type IN ('TIMER', 'MESSAGE', 'PROCESS_MESSAGE_SUBSCRIPTION') ORDER BY position`,
      );
    } finally {
      await db.close();
    }
  }

  it('triggered the overdue timers after the restart, once each', () => {
    const triggered = records.filter((r) => r.value_type === 'TIMER' && r.intent === 'TRIGGERED');
    const ofDeadline = triggered.filter((r) => r.value.processInstanceKey === keys.dueWhileDown);
    expect(ofDeadline).toHaveLength(1);
    expect(Number(ofDeadline[0]!.timestamp)).toBeGreaterThanOrEqual(restartedAt);
    const ofStart = triggered.filter((r) => r.value.targetElementId === 'review-due');
    expect(ofStart).toHaveLength(1);
    expect(Number(ofStart[0]!.timestamp)).toBeGreaterThanOrEqual(restartedAt);
    // the longer deadline is still pending
    expect(triggered.filter((r) => r.value.processInstanceKey === keys.dueAfterRestart)).toEqual([]);
  });

  it('correlated the buffered message after the restart, and expired the one that ran out while down', () => {
    const correlated = records.filter((r) => r.value_type === 'PROCESS_MESSAGE_SUBSCRIPTION' && r.intent === 'CORRELATED');
    expect(correlated.map((r) => r.value.processInstanceKey)).toEqual([keys.paidBefore]);
    expect(Number(correlated[0]!.timestamp)).toBeGreaterThan(killedAt);
    const expired = records.filter((r) => r.value_type === 'MESSAGE' && r.intent === 'EXPIRED').map((r) => r.value.correlationKey);
    expect(expired).toEqual(['(2030)豫01执501号']);
  });
});
