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
import { scheduleOf } from '../timer/timer.behavior.js';

interface ParsedResource {
  resource: DeployResourceInput;
  checksum: string;
  processes: ExecutableProcess[];
}

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
    if (!/\.bpmn$|\.bpmn20\.xml$/i.test(resource.name)) {
      errors.push(`'${resource.name}': Expected the resource to be a BPMN model (.bpmn), but its type is not supported yet`);
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
    else if (result.ok) parsed.push({ resource, checksum: crypto.createHash('md5').update(resource.content).digest('hex'), processes: result.processes });
  }
  const seen = new Map<string, string>();
  for (const p of parsed) {
    for (const process of p.processes) {
      const other = seen.get(process.bpmnProcessId);
      if (other) errors.push(`Duplicated process id in resources '${other}' and '${p.resource.name}'`);
      seen.set(process.bpmnProcessId, p.resource.name);
    }
  }
  // as Zeebe prints it: each error on a new line
  if (errors.length > 0) return reject(`Expected to deploy new resources, but encountered the following errors:${errors.map((e) => `\n${e}`).join('')}`);

  const deployed: DeployedProcess[] = [];
  const resourceRecords: Record<string, unknown>[] = [];
  const processRecords: Record<string, unknown>[] = [];
  const processesMetadata: Record<string, unknown>[] = [];
  for (const p of parsed) {
    const resourceKey = ctx.nextKey();
    resourceRecords.push({ resourceKey, resourceName: p.resource.name, checksum: p.checksum, content: p.resource.content.toString('utf8') });
    for (const process of p.processes) {
      const latest = (
        await ctx.uow.tx.query<{ key: string; version: number; checksum: string; resource_name: string }>(
          `SELECT key, version, checksum, resource_name FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
          [process.bpmnProcessId, tenantId],
        )
      )[0];
      // Zeebe's duplicate: the latest version, deployed from the same resource name and content
      if (latest && latest.checksum === p.checksum && latest.resource_name === p.resource.name) {
        const duplicate = { bpmnProcessId: process.bpmnProcessId, version: latest.version, processDefinitionKey: latest.key, resourceName: p.resource.name, tenantId };
        deployed.push(duplicate);
        processesMetadata.push({ ...duplicate, checksum: p.checksum, duplicate: true });
        continue;
      }
      const definition = {
        bpmnProcessId: process.bpmnProcessId,
        version: (latest?.version ?? 0) + 1,
        processDefinitionKey: ctx.nextKey(),
        resourceName: p.resource.name,
        tenantId,
      };
      deployed.push(definition);
      processRecords.push({ ...definition, name: process.name ?? null, checksum: p.checksum, resourceKey, duplicate: false });
      processesMetadata.push({ ...definition, checksum: p.checksum, duplicate: false });
      ctx.definitions.put({ key: definition.processDefinitionKey, bpmnProcessId: process.bpmnProcessId, version: definition.version, tenantId, resourceName: p.resource.name, process });
    }
  }
  // as in Zeebe, each new process (and its start timers) is CREATED before the deployment
  for (const process of processRecords) {
    await ctx.writeEvent(process.processDefinitionKey as string, 'PROCESS', 'CREATED', { ...process, deploymentKey: key });
    await scheduleStartTimers(ctx, process.processDefinitionKey as string);
  }
  await ctx.writeEvent(key, 'DEPLOYMENT', 'CREATED', { resources: resourceRecords, processesMetadata, tenantId, deploymentKey: key });
  return ok({ key, tenantId, processes: deployed });
}
