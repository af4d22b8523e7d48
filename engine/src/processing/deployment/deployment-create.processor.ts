/**
 * DEPLOYMENT CREATE: every resource is transformed and validated first; any problem rejects
 * the whole deployment, listing each problem with its element id (nothing is half-deployed).
 * A process whose resource is unchanged since its latest version keeps that version.
 */
import crypto from 'node:crypto';
import type { DeployedProcess, DeploymentResult, DeployResourceInput, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import type { ExecutableProcess, ValidationProblem } from '../../model/executable-model.js';
import { formatProblems, transformProcesses } from '../../model/bpmn-transformer.js';
import { unsupportedReason } from '../bpmn/bpmn-element-processors.js';
import { err, ok, type Result } from '../../util/result.js';
import { scheduleStartTimers } from '../timer/start-timers.js';
import { subscribeMessageStartEvents } from '../message/message-start-events.js';
import { subscribeSignalStartEvents } from '../signal/signal-subscription.behavior.js';
import { scheduleOf } from '../timer/timer.behavior.js';
import {
  deployedDmn,
  dmnMetadata,
  duplicateDmnIds,
  isDmnResource,
  isDuplicateDmn,
  parseDmnResource,
  reversionDmn,
  writeDmnRecords,
  type DmnMetadata,
  type ParsedDrg,
} from '../decision/dmn-deployment.js';
import {
  deployedForms,
  duplicateFormIds,
  formMetadata,
  isFormResource,
  parseForm,
  reversionForm,
  writeFormRecord,
  type FormMetadata,
  type ParsedForm,
} from '../user-task/form-deployment.js';

interface ParsedResource {
  resource: DeployResourceInput;
  checksum: string;
  processes: ExecutableProcess[];
  /** a DMN resource: its decision requirements graph */
  drg?: ParsedDrg;
  /** a form resource */
  form?: ParsedForm;
}

const md5 = (content: Buffer) => crypto.createHash('md5').update(content).digest('hex');

export async function createDeployment(ctx: BatchContext, resources: DeployResourceInput[], tenantId: string): Promise<Result<DeploymentResult, Rejection>> {
  const key = ctx.nextKey();
  const commandValue = { resources: resources.map((r) => ({ resourceName: r.name })), tenantId };
  ctx.logCommand(key, 'DEPLOYMENT', 'CREATE', commandValue);
  const reject = (reason: string) => {
    ctx.writeRejection(key, 'DEPLOYMENT', 'CREATE', commandValue, 'INVALID_ARGUMENT', reason);
    return err<Rejection>({ intent: 'CREATE', type: 'INVALID_ARGUMENT', reason });
  };
  if (resources.length === 0) return reject('Expected to deploy at least one resource, but none given');

  const parsed: ParsedResource[] = [];
  const errors: string[] = [];
  for (const resource of resources) {
    if (isDmnResource(resource.name) || isFormResource(resource.name)) {
      const result = isDmnResource(resource.name) ? await parseDmnResource(resource) : parseForm(resource);
      if (!result.ok) errors.push(result.error);
      else parsed.push({ resource, checksum: md5(resource.content), processes: [], ...(isDmnResource(resource.name) ? { drg: result.value as ParsedDrg } : { form: result.value as ParsedForm }) });
      continue;
    }
    if (!/\.bpmn$|\.bpmn20\.xml$/i.test(resource.name)) {
      errors.push(`'${resource.name}': unknown resource type`);
      continue;
    }
    const result = await transformProcesses(resource.content, resource.name);
    const problems: ValidationProblem[] = result.ok ? [] : result.problems;
    if (result.ok) {
      for (const process of result.processes) {
        for (const element of process.elements.values()) {
          const reason = unsupportedReason(element);
          if (reason) problems.push({ elementId: element.id, message: reason });
          // a start timer is scheduled at deployment, so its definition must work now
          if (!reason && element.type === 'START_EVENT' && element.eventType === 'TIMER' && element.flowScopeId === process.bpmnProcessId) {
            const schedule = await scheduleOf(ctx, element, null);
            if (!schedule.ok) problems.push({ elementId: element.id, message: schedule.error });
          }
        }
      }
    }
    if (problems.length > 0) errors.push(formatProblems(resource.name, problems));
    else if (result.ok) parsed.push({ resource, checksum: md5(resource.content), processes: result.processes });
  }
  const seen = new Map<string, string>();
  for (const p of parsed) {
    for (const process of p.processes) {
      const other = seen.get(process.bpmnProcessId);
      if (other) errors.push(`Duplicated process id in resources '${other}' and '${p.resource.name}'`);
      seen.set(process.bpmnProcessId, p.resource.name);
    }
  }
  errors.push(...duplicateDmnIds(parsed.flatMap((p) => (p.drg ? [{ drg: p.drg, resourceName: p.resource.name }] : []))));
  errors.push(...duplicateFormIds(parsed.flatMap((p) => (p.form ? [{ form: p.form, resourceName: p.resource.name }] : []))));
  // as Zeebe prints it: each error on a new line
  if (errors.length > 0) return reject(`Expected to deploy new resources, but encountered the following errors:${errors.map((e) => `\n${e}`).join('')}`);

  const plans: { metadata: DeployedProcess & { checksum: string; duplicate: boolean }; process: ExecutableProcess; resourceKey: string }[] = [];
  const resourceRecords: Record<string, unknown>[] = [];
  const dmn = new Map<ParsedResource, DmnMetadata>();
  const forms = new Map<ParsedResource, FormMetadata>();
  for (const p of parsed) {
    const resourceKey = ctx.nextKey();
    resourceRecords.push({ resourceKey, resourceName: p.resource.name, checksum: p.checksum, content: p.resource.content.toString('utf8') });
    const source = { name: p.resource.name, checksum: p.checksum };
    if (p.drg) dmn.set(p, await dmnMetadata(ctx, p.drg, source, tenantId, key));
    if (p.form) forms.set(p, await formMetadata(ctx, p.form, source, tenantId, key));
    for (const process of p.processes) {
      const latest = (
        await ctx.uow.tx.query<{ key: string; version: number; checksum: string; resource_name: string; deleted: boolean }>(
          `SELECT key, version, checksum, resource_name, deleted FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
          [process.bpmnProcessId, tenantId],
        )
      )[0];
      // Zeebe's duplicate: the latest version, deployed from the same resource name and content
      // (a deleted version still counts for numbering, but nothing is a duplicate of it)
      const duplicate = !!latest && !latest.deleted && latest.checksum === p.checksum && latest.resource_name === p.resource.name;
      const metadata = {
        bpmnProcessId: process.bpmnProcessId,
        version: duplicate ? latest!.version : (latest?.version ?? 0) + 1,
        processDefinitionKey: duplicate ? latest!.key : ctx.nextKey(),
        resourceName: p.resource.name,
        tenantId,
        checksum: p.checksum,
        duplicate,
      };
      plans.push({ metadata, process, resourceKey });
    }
  }
  // as in Zeebe, the resources of a deployment are versioned together: once one of them is new,
  // the unchanged ones get a new version too
  const duplicatesOnly = plans.every((p) => p.metadata.duplicate) && [...dmn.values()].every(isDuplicateDmn) && [...forms.values()].every((f) => f.duplicate);
  if (!duplicatesOnly) {
    for (const { metadata } of plans) {
      if (metadata.duplicate) Object.assign(metadata, { version: metadata.version + 1, processDefinitionKey: ctx.nextKey(), duplicate: false });
    }
    for (const m of dmn.values()) reversionDmn(ctx, m, key);
    for (const m of forms.values()) reversionForm(ctx, m, key);
  }
  // as in Zeebe, each resource's records (a new process and its start timers, a DRG and its
  // decisions, a form) are written in the deployment's order, before the deployment itself
  for (const [i, p] of parsed.entries()) {
    const resourceKey = resourceRecords[i]!.resourceKey as string;
    const dmnMeta = dmn.get(p);
    if (dmnMeta) await writeDmnRecords(ctx, dmnMeta, resourceKey, key);
    const formMeta = forms.get(p);
    if (formMeta) await writeFormRecord(ctx, formMeta, resourceKey);
    for (const { metadata, process } of plans.filter((plan) => plan.resourceKey === resourceKey && !plan.metadata.duplicate)) {
      const { checksum, bpmnProcessId, version, processDefinitionKey, resourceName } = metadata;
      ctx.definitions.put({ key: processDefinitionKey, bpmnProcessId, version, tenantId, resourceName, deploymentKey: key, process });
      const versionTag = process.versionTag ?? '';
      const record = { bpmnProcessId, version, versionTag, processDefinitionKey, resourceName, tenantId, name: process.name ?? null, checksum, resourceKey, duplicate: false };
      await ctx.writeEvent(processDefinitionKey, 'PROCESS', 'CREATED', { ...record, deploymentKey: key });
      await scheduleStartTimers(ctx, processDefinitionKey);
      await subscribeMessageStartEvents(ctx, processDefinitionKey);
      await subscribeSignalStartEvents(ctx, processDefinitionKey);
    }
  }
  const dmnMetadataList = [...dmn.values()];
  await ctx.writeEvent(key, 'DEPLOYMENT', 'CREATED', {
    resources: resourceRecords,
    processesMetadata: plans.map((p) => p.metadata),
    decisionRequirementsMetadata: dmnMetadataList.map((m) => m.drg),
    decisionsMetadata: dmnMetadataList.flatMap((m) => m.decisions),
    formMetadata: [...forms.values()],
    tenantId,
    deploymentKey: key,
  });
  return ok({
    key,
    tenantId,
    processes: plans.map(({ metadata: { bpmnProcessId, version, processDefinitionKey, resourceName } }) => ({ bpmnProcessId, version, processDefinitionKey, resourceName, tenantId })),
    ...deployedDmn(dmnMetadataList),
    forms: deployedForms([...forms.values()]),
  });
}
