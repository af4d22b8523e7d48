/**
 * Engine tests in Zeebe's style: deploy a small model, drive it through the engine's command
 * interface, and read back the exact records the engine wrote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createEngine, type Engine } from '../../engine/src/engine.js';
import type { ActivatedJob } from '../../engine/src/engine-api.js';
import { createTestStorage, type TestStorage } from './database.js';

export interface RecordView {
  position: string;
  recordType: string;
  valueType: string;
  intent: string;
  key: string;
  elementId?: string;
  bpmnElementType?: string;
  rejectionType?: string;
  rejectionReason?: string;
  value: Record<string, any>;
}

export class EngineHarness {
  private constructor(
    readonly engine: Engine,
    private readonly storage: TestStorage,
  ) {}

  static async start(options: { clockControlled?: boolean } = {}): Promise<EngineHarness> {
    const storage = await createTestStorage();
    const engine = await createEngine({
      databaseUrl: storage.databaseUrl,
      dataDir: storage.dataDir,
      clockControlled: options.clockControlled ?? true,
      dueCheckIntervalMs: 50,
    });
    return new EngineHarness(engine, storage);
  }

  async close(): Promise<void> {
    await this.engine.close();
    await this.storage.drop();
  }

  /** deploys files (paths) or XML strings; throws with the rejection when refused */
  async deploy(...resources: (string | { name: string; xml: string })[]) {
    const result = await this.engine.deploy(
      resources.map((r) =>
        typeof r === 'string' ? { name: path.basename(r), content: fs.readFileSync(r) } : { name: r.name, content: Buffer.from(r.xml) },
      ),
    );
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  }

  async createInstance(bpmnProcessId: string, variables: Record<string, unknown> = {}): Promise<string> {
    const result = await this.engine.createProcessInstance({ bpmnProcessId, variables });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value.processInstanceKey;
  }

  async activate(type: string, max = 10, timeout = 60_000): Promise<ActivatedJob[]> {
    const result = await this.engine.activateJobs({ type, worker: 'test', timeout, maxJobsToActivate: max });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  }

  /** activates and completes the one job of `type` */
  async completeJob(type: string, variables: Record<string, unknown> = {}): Promise<ActivatedJob> {
    const [job] = await this.activate(type, 1);
    if (!job) throw new Error(`no activatable job of type '${type}'`);
    const result = await this.engine.completeJob(job.key, variables);
    if (!result.ok) throw new Error(result.error.reason);
    return job;
  }

  async records(filter: { processInstanceKey?: string; valueType?: string } = {}): Promise<RecordView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.processInstanceKey) where.push(`process_instance_key = $${params.push(filter.processInstanceKey)}`);
    if (filter.valueType) where.push(`value_type = $${params.push(filter.valueType)}`);
    const rows = await this.engine.db.query<any>(
      `SELECT position, record_type, value_type, intent, key, rejection_type, rejection_reason, value FROM engine.record
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY position`,
      params,
    );
    return rows.map((r) => ({
      position: r.position,
      recordType: r.record_type,
      valueType: r.value_type,
      intent: r.intent,
      key: r.key,
      elementId: r.value.elementId,
      bpmnElementType: r.value.bpmnElementType,
      rejectionType: r.rejection_type ?? undefined,
      rejectionReason: r.rejection_reason ?? undefined,
      value: r.value,
    }));
  }

  /** process-instance events of an instance as `ELEMENT_ACTIVATING task` lines */
  async elementEvents(processInstanceKey: string): Promise<string[]> {
    return (await this.records({ processInstanceKey, valueType: 'PROCESS_INSTANCE' }))
      .filter((r) => r.recordType === 'EVENT')
      .map((r) => `${r.intent} ${r.elementId}`);
  }

  async variables(scopeKey: string): Promise<Record<string, unknown>> {
    const rows = await this.engine.db.query<{ name: string; value: string }>(`SELECT name, value FROM engine.variable WHERE scope_key = $1`, [scopeKey]);
    return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value)]));
  }

  async incidents(processInstanceKey: string) {
    return this.engine.db.query<any>(
      `SELECT key, state, error_type, error_message, element_id, element_instance_key, job_key FROM engine.incident WHERE process_instance_key = $1 ORDER BY key`,
      [processInstanceKey],
    );
  }

  async instanceState(processInstanceKey: string): Promise<string | undefined> {
    const [row] = await this.engine.db.query<{ state: string }>(`SELECT state FROM engine.element_instance WHERE key = $1`, [processInstanceKey]);
    return row?.state;
  }

  /** moves the controlled clock and waits until due work (job deadlines, back-offs) ran */
  async advanceClock(ms: number): Promise<void> {
    this.engine.clock.add(ms);
    await this.engine.checkDueWork();
  }
}
