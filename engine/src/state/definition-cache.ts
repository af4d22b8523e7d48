/**
 * Deployed process definitions are immutable: each is transformed once per engine process
 * and kept in memory by key.
 */
import type { Queryable } from './db.js';
import type { ExecutableProcess } from '../model/executable-model.js';
import { transformProcesses } from '../model/bpmn-transformer.js';

export interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  resourceName: string;
  /** the deployment that brought this version (the `deployment` binding type) */
  deploymentKey: string;
  process: ExecutableProcess;
}

/**
 * How long the latest version of a process id is taken from memory: every instance creation
 * asks for it, and only a deployment changes it. This engine's own deployments update it at
 * once; another engine process sharing the database is seen within this time.
 */
const LATEST_TTL_MS = 1_000;

export class DefinitionCache {
  private readonly byKey = new Map<string, ProcessDefinition>();
  private readonly latest = new Map<string, { key: string; version: number; readAt: number }>();

  put(def: ProcessDefinition): void {
    this.byKey.set(def.key, def);
    const id = `${def.tenantId}\u0000${def.bpmnProcessId}`;
    const known = this.latest.get(id);
    if (!known || known.version < def.version) this.latest.set(id, { key: def.key, version: def.version, readAt: Date.now() });
  }

  async get(db: Queryable, key: string): Promise<ProcessDefinition | undefined> {
    const cached = this.byKey.get(key);
    if (cached) return cached;
    const rows = await db.query<{ key: string; bpmn_process_id: string; version: number; tenant_id: string; resource_name: string; deployment_key: string; content: string }>(
      `SELECT d.key, d.bpmn_process_id, d.version, d.tenant_id, d.resource_name, d.deployment_key, r.content
         FROM engine.process_definition d JOIN engine.resource r ON r.key = d.resource_key
        WHERE d.key = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) return undefined;
    const result = await transformProcesses(row.content, row.resource_name);
    if (!result.ok) throw new Error(`deployed resource '${row.resource_name}' no longer transforms: ${result.problems[0]?.message}`);
    const process = result.processes.find((p) => p.bpmnProcessId === row.bpmn_process_id);
    if (!process) throw new Error(`process '${row.bpmn_process_id}' missing from its resource '${row.resource_name}'`);
    const def = {
      key: String(row.key),
      bpmnProcessId: row.bpmn_process_id,
      version: row.version,
      tenantId: row.tenant_id,
      resourceName: row.resource_name,
      deploymentKey: String(row.deployment_key),
      process,
    };
    this.byKey.set(key, def);
    return def;
  }

  /** a definition by key, unless it was deleted (new instances of it are refused) */
  async findByKey(db: Queryable, key: string): Promise<ProcessDefinition | undefined> {
    if (!/^\d{1,19}$/.test(key)) return undefined;
    const [row] = await db.query<{ deleted: boolean }>(`SELECT deleted FROM engine.process_definition WHERE key = $1`, [key]);
    return row && !row.deleted ? this.get(db, key) : undefined;
  }

  /** a deleted definition: the latest version of its id is read again (instances it ran keep it by key) */
  forgetLatest(def: Pick<ProcessDefinition, 'bpmnProcessId' | 'tenantId'>): void {
    this.latest.delete(`${def.tenantId}\u0000${def.bpmnProcessId}`);
  }

  /** the version of a process id that the deployment `deploymentKey` brought (binding type `deployment`) */
  async findInDeployment(db: Queryable, bpmnProcessId: string, tenantId: string, deploymentKey: string): Promise<ProcessDefinition | undefined> {
    const [row] = await db.query<{ key: string }>(
      `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND deployment_key = $3 AND NOT deleted`,
      [bpmnProcessId, tenantId, deploymentKey],
    );
    return row ? this.get(db, String(row.key)) : undefined;
  }

  /** the latest version of a process id with a version tag (binding type `versionTag`) */
  async findWithVersionTag(db: Queryable, bpmnProcessId: string, tenantId: string, versionTag: string): Promise<ProcessDefinition | undefined> {
    const [row] = await db.query<{ key: string }>(
      `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version_tag = $3 AND NOT deleted ORDER BY version DESC LIMIT 1`,
      [bpmnProcessId, tenantId, versionTag],
    );
    return row ? this.get(db, String(row.key)) : undefined;
  }

  /** the latest (or a given) version of a process id in a tenant; deleted versions are not found */
  async find(db: Queryable, bpmnProcessId: string, tenantId: string, version?: number): Promise<ProcessDefinition | undefined> {
    const id = `${tenantId}\u0000${bpmnProcessId}`;
    const wantsLatest = version === undefined || version < 0;
    if (wantsLatest) {
      const known = this.latest.get(id);
      if (known && Date.now() - known.readAt < LATEST_TTL_MS) return this.get(db, known.key);
    }
    const rows = await db.query<{ key: string }>(
      version === undefined || version < 0
        ? `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND NOT deleted ORDER BY version DESC LIMIT 1`
        : `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version = $3 AND NOT deleted`,
      version === undefined || version < 0 ? [bpmnProcessId, tenantId] : [bpmnProcessId, tenantId, version],
    );
    const def = rows[0] ? await this.get(db, rows[0].key) : undefined;
    if (def && wantsLatest) this.latest.set(id, { key: def.key, version: def.version, readAt: Date.now() });
    return def;
  }
}
