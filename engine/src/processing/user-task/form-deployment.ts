/**
 * Forms (`.form`, form-js JSON) in a deployment, as Zeebe's FormResourceTransformer handles them:
 * the form's `id` is required; forms are versioned per form id and tenant; a resource with the
 * same name and content as the latest version is that version again (a duplicate), unless the
 * deployment holds something new, in which case everything in it gets a new version.
 */
import type { DeploymentResult, DeployResourceInput } from '../../engine-api.js';
import type { Queryable } from '../../state/db.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';

export const isFormResource = (name: string) => /\.form$/.test(name);

export interface ParsedForm {
  formId: string;
  versionTag?: string;
}

/** Zeebe's FormMetadata, as the DEPLOYMENT record and the deploy response carry it */
export interface FormMetadata {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
  checksum: string;
  tenantId: string;
  deploymentKey: string;
  versionTag: string;
  duplicate: boolean;
}

export function parseForm(resource: DeployResourceInput): Result<ParsedForm, string> {
  let json: unknown;
  try {
    json = JSON.parse(resource.content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return err(`Failed to parse form JSON. '${resource.name}': ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return err(`Failed to parse form JSON. '${resource.name}': Expected a JSON object, but found ${Array.isArray(json) ? 'an array' : String(json)}`);
  }
  const { id, versionTag } = json as { id?: unknown; versionTag?: unknown };
  // Zeebe reads the id as a text: a number or boolean is taken as written, an object is refused
  if (id === undefined || id === null) return err('Expected the form id to be present, but none given');
  if (typeof id === 'object') return err(`Failed to parse form JSON. '${resource.name}': Expected the form id to be a text, but found ${JSON.stringify(id)}`);
  const formId = String(id);
  if (formId.trim() === '') return err('Expected the form id to be filled, but it is blank');
  return ok(typeof versionTag === 'string' ? { formId, versionTag } : { formId });
}

interface FormRow {
  key: string;
  version: number;
  checksum: string;
  resourceName: string;
  deploymentKey: string;
  deleted: boolean;
}

type FormLookup = { latest: true; includeDeleted?: boolean } | { deploymentKey: string } | { versionTag: string };

/**
 * A form by id, read from the transaction (so it sees this batch's deployments): the latest
 * version (deleted ones only when asked, for numbering), the one a deployment brought, or the
 * latest with a version tag.
 */
export async function findForm(db: Queryable, formId: string, tenantId: string, lookup: FormLookup): Promise<FormRow | undefined> {
  const [where, params] =
    'deploymentKey' in lookup
      ? ['AND deployment_key = $3 AND NOT deleted', [lookup.deploymentKey]]
      : 'versionTag' in lookup
        ? ['AND version_tag = $3 AND NOT deleted', [lookup.versionTag]]
        : [lookup.includeDeleted ? '' : 'AND NOT deleted', []];
  const [row] = await db.query<{ key: string; version: number; checksum: string; resource_name: string; deployment_key: string; deleted: boolean }>(
    `SELECT key, version, checksum, resource_name, deployment_key, deleted FROM engine.form WHERE form_id = $1 AND tenant_id = $2 ${where} ORDER BY version DESC LIMIT 1`,
    [formId, tenantId, ...params],
  );
  return (
    row && { key: String(row.key), version: row.version, checksum: row.checksum, resourceName: row.resource_name, deploymentKey: String(row.deployment_key), deleted: row.deleted }
  );
}

export const findLatestForm = (db: Queryable, formId: string, tenantId: string) => findForm(db, formId, tenantId, { latest: true });

export async function formMetadata(
  ctx: BatchContext,
  form: ParsedForm,
  resource: { name: string; checksum: string },
  tenantId: string,
  deploymentKey: string,
): Promise<FormMetadata> {
  // deleted versions still count for numbering, but nothing is a duplicate of one
  const latest = await findForm(ctx.uow.tx, form.formId, tenantId, { latest: true, includeDeleted: true });
  const base = { formId: form.formId, resourceName: resource.name, checksum: resource.checksum, tenantId, versionTag: form.versionTag ?? '' };
  if (latest && !latest.deleted && latest.checksum === resource.checksum && latest.resourceName === resource.name) {
    return { ...base, formKey: latest.key, version: latest.version, deploymentKey: latest.deploymentKey, duplicate: true };
  }
  return { ...base, formKey: ctx.nextKey(), version: (latest?.version ?? 0) + 1, deploymentKey, duplicate: false };
}

/** a duplicate in a deployment that holds something new is versioned with it */
export function reversionForm(ctx: BatchContext, form: FormMetadata, deploymentKey: string): void {
  if (!form.duplicate) return;
  Object.assign(form, { formKey: ctx.nextKey(), version: form.version + 1, deploymentKey, duplicate: false });
}

export async function writeFormRecord(ctx: BatchContext, form: FormMetadata, resourceKey: string): Promise<void> {
  if (form.duplicate) return;
  await ctx.writeEvent(form.formKey, 'FORM', 'CREATED', { ...form, resourceKey });
}

/** two forms with one id cannot be versioned in one deployment */
export function duplicateFormIds(forms: { form: ParsedForm; resourceName: string }[]): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const { form, resourceName } of forms) {
    const other = seen.get(form.formId);
    if (other) {
      errors.push(`Expected the form ids to be unique within a deployment but found a duplicated id '${form.formId}' in the resources '${other}' and '${resourceName}'.`);
    }
    seen.set(form.formId, resourceName);
  }
  return errors;
}

/** the deployment result's forms (EngineApi `DeploymentResult`) */
export function deployedForms(forms: FormMetadata[]): DeploymentResult['forms'] {
  return forms.map(({ formId, version, formKey, resourceName, tenantId }) => ({ formId, version, formKey, resourceName, tenantId }));
}
