/**
 * The platform's record of what it deployed. Camunda 8.8 cannot list forms (there is no form
 * search), so every deployment the platform makes — processes/ at start, models from the console —
 * goes through `deployAndRecord`, which keeps one row per deployed definition with its source:
 * the form editor lists forms from here and opens any version again.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { readModelsFolder as readModelFiles } from '../../../common/models-folder.js';
import type { ServerDb } from '../db/database.js';
import { deployedResources } from '../db/schema.js';
import type { DeploymentResult, EngineClient } from '../plugins/engine-client.js';

export type DeployedKind = 'process' | 'decision-requirements' | 'form';
export type DeployOrigin = 'startup' | 'console';

export interface ResourceFile {
  name: string;
  content: string;
}

export interface DeployedResourceRow {
  key: string;
  kind: DeployedKind;
  resourceId: string;
  name: string | null;
  version: number;
  resourceName: string;
  deploymentKey: string;
  origin: DeployOrigin;
  deployedBy: string | null;
  deployedAt: string;
}

type Entry = Record<string, Record<string, unknown> | undefined>;

/** the definitions of a deployment answer that carry a resource of their own, as rows to record */
export function definitionsOf(result: DeploymentResult): Omit<DeployedResourceRow, 'origin' | 'deployedBy' | 'deployedAt'>[] {
  const deploymentKey = String(result.deploymentKey);
  const rows: Omit<DeployedResourceRow, 'origin' | 'deployedBy' | 'deployedAt'>[] = [];
  const text = (v: unknown) => (v == null || v === '' ? null : String(v));
  for (const entry of result.deployments as Entry[]) {
    const p = entry.processDefinition;
    if (p) {
      rows.push({
        key: String(p.processDefinitionKey),
        kind: 'process',
        resourceId: String(p.processDefinitionId),
        name: null,
        version: Number(p.processDefinitionVersion),
        resourceName: String(p.resourceName),
        deploymentKey,
      });
    }
    const d = entry.decisionRequirements;
    if (d) {
      rows.push({
        key: String(d.decisionRequirementsKey),
        kind: 'decision-requirements',
        resourceId: String(d.decisionRequirementsId),
        name: text(d.decisionRequirementsName),
        version: Number(d.version),
        resourceName: String(d.resourceName),
        deploymentKey,
      });
    }
    const f = entry.form;
    if (f) {
      rows.push({
        key: String(f.formKey),
        kind: 'form',
        resourceId: String(f.formId),
        name: null,
        version: Number(f.version),
        resourceName: String(f.resourceName ?? `${String(f.formId)}.form`),
        deploymentKey,
      });
    }
  }
  return rows;
}

/**
 * Records the definitions of one deployment with the source of their resource. A definition the
 * engine already had (an unchanged model deployed again keeps its key and version) is kept as first
 * recorded.
 */
export async function recordDeployment(
  db: ServerDb,
  result: DeploymentResult,
  resources: ResourceFile[],
  by: { origin: DeployOrigin; deployedBy?: string | null },
): Promise<number> {
  const sources = new Map(resources.map((r) => [r.name, r.content]));
  const rows = definitionsOf(result)
    .filter((row) => sources.has(row.resourceName))
    .map((row) => ({ ...row, source: sources.get(row.resourceName)!, origin: by.origin, deployedBy: by.deployedBy ?? null }));
  if (rows.length === 0) return 0;
  const inserted = await db.insert(deployedResources).values(rows).onConflictDoNothing({ target: deployedResources.key }).returning({ key: deployedResources.key });
  return inserted.length;
}

/** deploys through the engine's REST API and records what was deployed */
export async function deployAndRecord(
  engine: EngineClient,
  db: ServerDb,
  resources: ResourceFile[],
  by: { origin: DeployOrigin; deployedBy?: string | null },
): Promise<DeploymentResult> {
  const result = await engine.deployResources(resources);
  await recordDeployment(db, result, resources, by);
  return result;
}

/** the models of a folder as `startPlatform` deploys them (common/models-folder.ts: the engine's rule), as text */
export function readModelsFolder(dir: string): ResourceFile[] {
  return readModelFiles(dir).map((f) => ({ name: f.name, content: f.content.toString('utf8') }));
}

/** deploys a models folder at start (unchanged models keep their versions) and records it */
export async function deployModelsFolder(engine: EngineClient, db: ServerDb, dir: string): Promise<DeploymentResult | undefined> {
  const resources = readModelsFolder(dir);
  if (resources.length === 0) return undefined;
  return deployAndRecord(engine, db, resources, { origin: 'startup', deployedBy: null });
}

const summary = {
  key: deployedResources.key,
  kind: deployedResources.kind,
  resourceId: deployedResources.resourceId,
  name: deployedResources.name,
  version: deployedResources.version,
  resourceName: deployedResources.resourceName,
  deploymentKey: deployedResources.deploymentKey,
  origin: deployedResources.origin,
  deployedBy: deployedResources.deployedBy,
  deployedAt: deployedResources.deployedAt,
};

type SummaryRow = { [K in keyof typeof summary]: unknown } & { deployedAt: Date };
const toRow = (r: SummaryRow) => ({ ...(r as unknown as DeployedResourceRow), deployedAt: r.deployedAt.toISOString() });

/** recorded definitions (without their source), by id, newest version first */
export async function listRecorded(db: ServerDb, kind?: DeployedKind): Promise<DeployedResourceRow[]> {
  const rows = await db
    .select(summary)
    .from(deployedResources)
    .where(kind ? eq(deployedResources.kind, kind) : undefined)
    .orderBy(asc(deployedResources.kind), asc(deployedResources.resourceId), desc(deployedResources.version));
  return rows.map(toRow);
}

/** one recorded definition with its source */
export async function getRecorded(db: ServerDb, kind: DeployedKind, key: string): Promise<(DeployedResourceRow & { source: string }) | undefined> {
  const [row] = await db
    .select({ ...summary, source: deployedResources.source })
    .from(deployedResources)
    .where(and(eq(deployedResources.kind, kind), eq(deployedResources.key, key)));
  return row ? { ...toRow(row), source: row.source } : undefined;
}
