/**
 * What is deployed: process definitions from the engine's search; decisions (and their DRDs) from
 * the engine when it can list them (`/v2/decision-definitions/search`, `/v2/decision-requirements/search`),
 * else from the platform's record; forms from the platform's record of every deployment it made
 * (services/model-deployments.ts; Camunda 8.8 has no form search), merged with the deployments the
 * audit trail recorded before that record existed.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ServerDb } from '../../db/database.js';
import { auditLog } from '../../db/schema.js';
import { EngineError, type EngineClient, type ProcessDefinition } from '../../plugins/engine-client.js';
import { getRecorded, listRecorded } from '../../services/model-deployments.js';
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
  decisionRequirementsKey?: string;
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
        ...(d.decisionRequirementsKey ? { decisionRequirementsKey: str(d.decisionRequirementsKey) } : {}),
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

const order = <T extends { version: number }>(id: (x: T) => string) => (a: T, b: T) => id(a).localeCompare(id(b)) || b.version - a.version;

/** the decisions and forms of the deployments recorded in the audit trail (before the record of deployed resources), one per key */
async function deployedThroughServer(db: ServerDb): Promise<{ decisions: DeployedDecision[]; forms: DeployedForm[] }> {
  const rows = await db.select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, DEPLOY_ACTION))).orderBy(asc(auditLog.id));
  const decisions = new Map<string, DeployedDecision>();
  const forms = new Map<string, DeployedForm>();
  for (const { details } of rows) {
    const d = (details ?? {}) as Partial<Deployed>;
    for (const x of d.decisions ?? []) decisions.set(x.decisionDefinitionKey, x);
    for (const f of d.forms ?? []) forms.set(f.formKey, f);
  }
  return { decisions: [...decisions.values()], forms: [...forms.values()] };
}

/** every deployed form version the platform knows of, by form id, newest version first */
export async function listForms(db: ServerDb): Promise<DeployedForm[]> {
  const [recorded, audited] = await Promise.all([listRecorded(db, 'form'), deployedThroughServer(db)]);
  const forms = new Map<string, DeployedForm>(audited.forms.map((f) => [f.formKey, f]));
  for (const r of recorded) forms.set(r.key, { formKey: r.key, formId: r.resourceId, version: r.version, resourceName: r.resourceName });
  return [...forms.values()].sort(order((x) => x.formId));
}

export async function listDecisionsAndForms(engine: EngineClient, db: ServerDb): Promise<{ decisions: DeployedDecision[]; forms: DeployedForm[] }> {
  const [forms, audited] = await Promise.all([listForms(db), deployedThroughServer(db)]);
  try {
    const items = await searchAll<Record<string, unknown>>(engine, '/v2/decision-definitions/search', {});
    const decisions = items.map((d) => ({
      decisionDefinitionKey: String(d.decisionDefinitionKey),
      decisionDefinitionId: String(d.decisionDefinitionId),
      ...(d.name ? { name: String(d.name) } : {}),
      version: Number(d.version),
      ...(d.decisionRequirementsId ? { decisionRequirementsId: String(d.decisionRequirementsId) } : {}),
      ...(d.decisionRequirementsKey ? { decisionRequirementsKey: String(d.decisionRequirementsKey) } : {}),
    }));
    return { decisions, forms };
  } catch (err) {
    if (err instanceof EngineError && (err.statusCode === 404 || err.statusCode === 501)) return { decisions: audited.decisions.sort(order((x) => x.decisionDefinitionId)), forms };
    throw err;
  }
}

/** one deployed DRD (a .dmn resource): its versions */
export interface DecisionRequirementsVersion {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  name?: string;
  version: number;
  resourceName?: string;
}

/** the deployed DRDs from the engine's search (a Camunda cluster and our engine have it), else from the platform's record */
export async function listDecisionRequirements(engine: EngineClient, db: ServerDb): Promise<DecisionRequirementsVersion[]> {
  let found: DecisionRequirementsVersion[];
  try {
    const items = await searchAll<Record<string, unknown>>(engine, '/v2/decision-requirements/search', {});
    found = items.map((d) => ({
      decisionRequirementsKey: String(d.decisionRequirementsKey),
      decisionRequirementsId: String(d.decisionRequirementsId),
      ...(d.decisionRequirementsName ? { name: String(d.decisionRequirementsName) } : {}),
      version: Number(d.version),
      ...(d.resourceName ? { resourceName: String(d.resourceName) } : {}),
    }));
  } catch (err) {
    if (!(err instanceof EngineError && (err.statusCode === 404 || err.statusCode === 501))) throw err;
    found = (await listRecorded(db, 'decision-requirements')).map((r) => ({
      decisionRequirementsKey: r.key,
      decisionRequirementsId: r.resourceId,
      ...(r.name ? { name: r.name } : {}),
      version: r.version,
      resourceName: r.resourceName,
    }));
  }
  return found.sort(order((x) => x.decisionRequirementsId));
}

/** versions grouped by an id, newest first: `{ id, latestVersion, latestKey, versions }` */
export function groupVersions<T extends { version: number }>(items: T[], idOf: (x: T) => string, keyOf: (x: T) => string) {
  const byId = new Map<string, T[]>();
  for (const x of items) byId.set(idOf(x), [...(byId.get(idOf(x)) ?? []), x]);
  return [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => {
      const versions = [...list].sort((a, b) => b.version - a.version);
      return { id, latestVersion: versions[0]!.version, latestKey: keyOf(versions[0]!), versions };
    });
}

/** a DRD's DMN XML: the source the platform deployed, else the engine's `/v2/decision-requirements/{key}/xml` */
export async function decisionRequirementsXml(engine: EngineClient, db: ServerDb, key: string) {
  const recorded = await getRecorded(db, 'decision-requirements', key);
  if (recorded) {
    return { decisionRequirementsKey: key, decisionRequirementsId: recorded.resourceId, version: recorded.version, resourceName: recorded.resourceName, xml: recorded.source };
  }
  try {
    const [meta, xml] = await Promise.all([
      engine.request<Record<string, unknown>>('GET', `/v2/decision-requirements/${encodeURIComponent(key)}`),
      engine.request<string>('GET', `/v2/decision-requirements/${encodeURIComponent(key)}/xml`, undefined, { raw: true }),
    ]);
    return {
      decisionRequirementsKey: key,
      decisionRequirementsId: String(meta.decisionRequirementsId),
      version: Number(meta.version),
      ...(meta.resourceName ? { resourceName: String(meta.resourceName) } : {}),
      xml,
    };
  } catch (err) {
    if (err instanceof EngineError && err.statusCode === 404) return undefined;
    throw err;
  }
}
