/**
 * DMN resources in a deployment, as Zeebe's DmnResourceTransformer handles them: each resource is
 * one decision requirements graph (DRG) with its decisions, checked with `parseDmn`. A DRG is a
 * duplicate when its resource name and content equal its latest version's and its decisions'
 * latest versions all belong to that version; its decisions are then duplicates too. A
 * deployment that holds something new versions its duplicates along with it.
 */
import type { DeploymentResult, DeployResourceInput } from '../../engine-api.js';
import { parseDmn } from '../../dmn/dmn-parser.js';
import type { ExecutableDecision } from '../../dmn/decision-model.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';

export const isDmnResource = (name: string) => /\.dmn$/.test(name);

export interface ParsedDrg {
  decisionRequirementsId: string;
  name: string;
  namespace: string;
  decisions: ExecutableDecision[];
}

/** Zeebe's DecisionRequirementsMetadata */
export interface DrgMetadata {
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  decisionRequirementsVersion: number;
  decisionRequirementsKey: string;
  namespace: string;
  resourceName: string;
  checksum: string;
  tenantId: string;
  duplicate: boolean;
}

/** Zeebe's DecisionMetadata */
export interface DecisionMetadata {
  decisionId: string;
  decisionName: string;
  version: number;
  decisionKey: string;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  tenantId: string;
  deploymentKey: string;
  versionTag: string;
  duplicate: boolean;
}

export interface DmnMetadata {
  drg: DrgMetadata;
  decisions: DecisionMetadata[];
}

export async function parseDmnResource(resource: DeployResourceInput): Promise<Result<ParsedDrg, string>> {
  const result = await parseDmn(resource.content, resource.name);
  if (!result.ok) return err(`'${resource.name}': ${result.problems.map((p) => p.message).join('\n')}`);
  const { decisionRequirementsId, name, namespace, decisions } = result;
  return ok({ decisionRequirementsId, name, namespace, decisions });
}

/** DRG and decision ids are unique within one deployment (Zeebe's texts) */
export function duplicateDmnIds(drgs: { drg: ParsedDrg; resourceName: string }[]): string[] {
  const errors: string[] = [];
  const drgIds = new Map<string, string>();
  const decisionIds = new Map<string, string>();
  for (const { drg, resourceName } of drgs) {
    const other = drgIds.get(drg.decisionRequirementsId);
    if (other) {
      errors.push(
        `Expected the decision requirements ids to be unique within a deployment but found a duplicated id '${drg.decisionRequirementsId}' in the resources '${other}' and '${resourceName}'.`,
      );
      continue;
    }
    drgIds.set(drg.decisionRequirementsId, resourceName);
    const clash = drg.decisions.find((d) => decisionIds.has(d.id));
    if (clash) {
      errors.push(
        `Expected the decision ids to be unique within a deployment but found a duplicated id '${clash.id}' in the resources '${decisionIds.get(clash.id)}' and '${resourceName}'.`,
      );
      continue;
    }
    for (const decision of drg.decisions) decisionIds.set(decision.id, resourceName);
  }
  return errors;
}

interface LatestDecision {
  key: string;
  version: number;
  decisionRequirementsKey: string;
}

async function latestDecision(ctx: BatchContext, decisionId: string, tenantId: string): Promise<LatestDecision | undefined> {
  const [row] = await ctx.uow.tx.query<{ key: string; version: number; decision_requirements_key: string }>(
    `SELECT key, version, decision_requirements_key FROM engine.decision WHERE decision_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
    [decisionId, tenantId],
  );
  return row && { key: String(row.key), version: row.version, decisionRequirementsKey: String(row.decision_requirements_key) };
}

export async function dmnMetadata(
  ctx: BatchContext,
  parsed: ParsedDrg,
  resource: { name: string; checksum: string },
  tenantId: string,
  deploymentKey: string,
): Promise<DmnMetadata> {
  // deleted versions still count for numbering, but nothing is a duplicate of one
  const [latest] = await ctx.uow.tx.query<{ key: string; version: number; checksum: string; resource_name: string; deployment_key: string; deleted: boolean }>(
    `SELECT key, version, checksum, resource_name, deployment_key, deleted FROM engine.decision_requirements
      WHERE decision_requirements_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
    [parsed.decisionRequirementsId, tenantId],
  );
  const latests = new Map<string, LatestDecision | undefined>();
  for (const decision of parsed.decisions) latests.set(decision.id, await latestDecision(ctx, decision.id, tenantId));

  const latestKey = latest ? String(latest.key) : undefined;
  const duplicate =
    !!latest &&
    !latest.deleted &&
    latest.checksum === resource.checksum &&
    latest.resource_name === resource.name &&
    parsed.decisions.every((d) => latests.get(d.id)?.decisionRequirementsKey === latestKey);
  const drg: DrgMetadata = {
    decisionRequirementsId: parsed.decisionRequirementsId,
    decisionRequirementsName: parsed.name,
    decisionRequirementsVersion: duplicate ? latest!.version : (latest?.version ?? 0) + 1,
    decisionRequirementsKey: duplicate ? latestKey! : ctx.nextKey(),
    namespace: parsed.namespace,
    resourceName: resource.name,
    checksum: resource.checksum,
    tenantId,
    duplicate,
  };
  const decisions = parsed.decisions.map((decision): DecisionMetadata => {
    const previous = latests.get(decision.id);
    const same = previous !== undefined && previous.decisionRequirementsKey === drg.decisionRequirementsKey;
    return {
      decisionId: decision.id,
      decisionName: decision.name ?? '',
      version: same ? previous.version : (previous?.version ?? 0) + 1,
      decisionKey: same ? previous.key : ctx.nextKey(),
      decisionRequirementsId: drg.decisionRequirementsId,
      decisionRequirementsKey: drg.decisionRequirementsKey,
      tenantId,
      deploymentKey: same ? String(latest!.deployment_key) : deploymentKey,
      versionTag: decision.versionTag ?? '',
      duplicate: same,
    };
  });
  return { drg, decisions };
}

/** a duplicate in a deployment that holds something new is versioned with it */
export function reversionDmn(ctx: BatchContext, meta: DmnMetadata, deploymentKey: string): void {
  const { drg } = meta;
  if (drg.duplicate) {
    Object.assign(drg, { decisionRequirementsKey: ctx.nextKey(), decisionRequirementsVersion: drg.decisionRequirementsVersion + 1, duplicate: false });
  }
  for (const decision of meta.decisions) {
    if (!decision.duplicate) continue;
    Object.assign(decision, {
      decisionKey: ctx.nextKey(),
      decisionRequirementsKey: drg.decisionRequirementsKey,
      version: decision.version + 1,
      deploymentKey,
      duplicate: false,
    });
  }
}

/** DECISION_REQUIREMENTS CREATED, then DECISION CREATED for each of its decisions */
export async function writeDmnRecords(ctx: BatchContext, meta: DmnMetadata, resourceKey: string, deploymentKey: string): Promise<void> {
  if (meta.drg.duplicate) return;
  await ctx.writeEvent(meta.drg.decisionRequirementsKey, 'DECISION_REQUIREMENTS', 'CREATED', { ...meta.drg, resourceKey, deploymentKey });
  for (const decision of meta.decisions) {
    await ctx.writeEvent(decision.decisionKey, 'DECISION', 'CREATED', { ...decision });
  }
}

export const isDuplicateDmn = (meta: DmnMetadata) => meta.drg.duplicate && meta.decisions.every((d) => d.duplicate);

/** the deployment result's decisions and decision requirements (EngineApi `DeploymentResult`) */
export function deployedDmn(metas: DmnMetadata[]): Pick<DeploymentResult, 'decisions' | 'decisionRequirements'> {
  return {
    decisions: metas.flatMap((m) =>
      m.decisions.map(({ decisionId, decisionName, version, decisionKey, decisionRequirementsId, decisionRequirementsKey, tenantId }) => ({
        decisionId,
        decisionName,
        version,
        decisionKey,
        decisionRequirementsId,
        decisionRequirementsKey,
        tenantId,
      })),
    ),
    decisionRequirements: metas.map(({ drg }) => ({
      decisionRequirementsId: drg.decisionRequirementsId,
      decisionRequirementsName: drg.decisionRequirementsName,
      version: drg.decisionRequirementsVersion,
      decisionRequirementsKey: drg.decisionRequirementsKey,
      resourceName: drg.resourceName,
      tenantId: drg.tenantId,
    })),
  };
}
