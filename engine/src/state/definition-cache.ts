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
  process: ExecutableProcess;
}

export class DefinitionCache {
  private readonly byKey = new Map<string, ProcessDefinition>();

  put(def: ProcessDefinition): void {
    this.byKey.set(def.key, def);
  }

  async get(db: Queryable, key: string): Promise<ProcessDefinition | undefined> {
    const cached = this.byKey.get(key);
    if (cached) return cached;
    const rows = await db.query<{ key: string; bpmn_process_id: string; version: number; tenant_id: string; resource_name: string; content: string }>(
      `SELECT d.key, d.bpmn_process_id, d.version, d.tenant_id, d.resource_name, r.content
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
    const def = { key: row.key, bpmnProcessId: row.bpmn_process_id, version: row.version, tenantId: row.tenant_id, resourceName: row.resource_name, process };
    this.byKey.set(key, def);
    return def;
  }

  /** the latest (or a given) version of a process id in a tenant */
  async find(db: Queryable, bpmnProcessId: string, tenantId: string, version?: number): Promise<ProcessDefinition | undefined> {
    const rows = await db.query<{ key: string }>(
      version === undefined || version < 0
        ? `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`
        : `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version = $3`,
      version === undefined || version < 0 ? [bpmnProcessId, tenantId] : [bpmnProcessId, tenantId, version],
    );
    return rows[0] ? this.get(db, rows[0].key) : undefined;
  }
}
