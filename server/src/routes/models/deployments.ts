/**
 * What is deployed: process definitions from the engine's search; decisions and forms from the
 * engine when it can list them (a Camunda cluster answers `/v2/decision-definitions/search`; the
 * embedded engine and Camunda 8.8 have no form search), else from the deployments made through
 * this server, which the audit trail records in full.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ServerDb } from '../../db/database.js';
import { auditLog } from '../../db/schema.js';
import { EngineError, type EngineClient, type ProcessDefinition } from '../../plugins/engine-client.js';
import { searchAll } from '../../services/monitoring.js';

export const DEPLOY_ACTION = 'model.deploy';

export interface DeployedProcess {
  processDefinitionKey: string;
  processDefinitionId: string;
  version: number;
  resourceName: string;
}
export interface DeployedDecision {
  decisionDefinitionKey: string;
  decisionDefinitionId: string;
  name?: string;
  version: number;
  decisionRequirementsId?: string;
}
export interface DeployedForm {
  formKey: string;
  formId: string;
  version: number;
  resourceName?: string;
}
export interface Deployed {
  deploymentKey: string;
  processes: DeployedProcess[];
  decisions: DeployedDecision[];
  forms: DeployedForm[];
}

type Entry = Record<string, Record<string, unknown> | undefined>;

/** Camunda's deployment answer (`deployments[]` of one-key objects) as three lists */
export function toDeployed(result: { deploymentKey: string; deployments: Record<string, unknown>[] }): Deployed {
  const entries = result.deployments as Entry[];
  const str = (v: unknown) => (v == null ? undefined : String(v));
  return {
    deploymentKey: String(result.deploymentKey),
    processes: entries
      .map((e) => e.processDefinition)
      .filter((p): p is Record<string, unknown> => Boolean(p))
      .map((p) => ({
        processDefinitionKey: String(p.processDefinitionKey),
        processDefinitionId: String(p.processDefinitionId),
        version: Number(p.processDefinitionVersion),
        resourceName: String(p.resourceName),
      })),
    decisions: entries
      .map((e) => e.decisionDefinition)
      .filter((d): d is Record<string, unknown> => Boolean(d))
      .map((d) => ({
        decisionDefinitionKey: String(d.decisionDefinitionKey),
        decisionDefinitionId: String(d.decisionDefinitionId),
        ...(d.name ? { name: String(d.name) } : {}),
        version: Number(d.version),
        ...(d.decisionRequirementsId ? { decisionRequirementsId: str(d.decisionRequirementsId) } : {}),
      })),
    forms: entries
      .map((e) => e.form)
      .filter((f): f is Record<string, unknown> => Boolean(f))
      .map((f) => ({ formKey: String(f.formKey), formId: String(f.formId), version: Number(f.version), ...(f.resourceName ? { resourceName: String(f.resourceName) } : {}) })),
  };
}

export interface ProcessModel {
  processDefinitionId: string;
  name?: string;
  latestVersion: number;
  latestKey: string;
  versions: { processDefinitionKey: string; version: number; name?: string; resourceName?: string }[];
}

/** definitions grouped by process id, newest version first */
export function groupProcesses(definitions: ProcessDefinition[]): ProcessModel[] {
  const byId = new Map<string, ProcessDefinition[]>();
  for (const d of definitions) byId.set(d.processDefinitionId, [...(byId.get(d.processDefinitionId) ?? []), d]);
  return [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => {
      const versions = [...list].sort((a, b) => b.version - a.version);
      const latest = versions[0]!;
      return {
        processDefinitionId: id,
        ...(latest.name ? { name: latest.name } : {}),
        latestVersion: latest.version,
        latestKey: latest.processDefinitionKey,
        versions: versions.map((v) => ({
          processDefinitionKey: v.processDefinitionKey,
          version: v.version,
          ...(v.name ? { name: v.name } : {}),
          ...(v.resourceName ? { resourceName: v.resourceName } : {}),
        })),
      };
    });
}

export function listProcessVersions(engine: EngineClient, processDefinitionId?: string): Promise<ProcessDefinition[]> {
  return searchAll<ProcessDefinition>(engine, '/v2/process-definitions/search', processDefinitionId ? { filter: { processDefinitionId } } : {});
}

/** the decisions and forms of every deployment recorded in the audit trail, newest version first, one per key */
async function deployedThroughServer(db: ServerDb): Promise<{ decisions: DeployedDecision[]; forms: DeployedForm[] }> {
  const rows = await db.select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, DEPLOY_ACTION))).orderBy(asc(auditLog.id));
  const decisions = new Map<string, DeployedDecision>();
  const forms = new Map<string, DeployedForm>();
  for (const { details } of rows) {
    const d = (details ?? {}) as Partial<Deployed>;
    for (const x of d.decisions ?? []) decisions.set(x.decisionDefinitionKey, x);
    for (const f of d.forms ?? []) forms.set(f.formKey, f);
  }
  const order = <T extends { version: number }>(id: (x: T) => string) => (a: T, b: T) => id(a).localeCompare(id(b)) || b.version - a.version;
  return {
    decisions: [...decisions.values()].sort(order((x) => x.decisionDefinitionId)),
    forms: [...forms.values()].sort(order((x) => x.formId)),
  };
}

export async function listDecisionsAndForms(engine: EngineClient, db: ServerDb): Promise<{ decisions: DeployedDecision[]; forms: DeployedForm[] }> {
  const recorded = await deployedThroughServer(db);
  try {
    const items = await searchAll<Record<string, unknown>>(engine, '/v2/decision-definitions/search', {});
    const decisions = items.map((d) => ({
      decisionDefinitionKey: String(d.decisionDefinitionKey),
      decisionDefinitionId: String(d.decisionDefinitionId),
      ...(d.name ? { name: String(d.name) } : {}),
      version: Number(d.version),
      ...(d.decisionRequirementsId ? { decisionRequirementsId: String(d.decisionRequirementsId) } : {}),
    }));
    return { decisions, forms: recorded.forms };
  } catch (err) {
    if (err instanceof EngineError && (err.statusCode === 404 || err.statusCode === 501)) return recorded;
    throw err;
  }
}
