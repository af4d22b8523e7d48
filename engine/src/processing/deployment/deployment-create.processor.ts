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
      errors.push(`'${resource.name}': Expected the resource to be a BPMN model (.bpmn), but its type is not supported yet\n`);
      continue;
    }
    const result = await transformProcesses(resource.content, resource.name);
    const problems: ValidationProblem[] = result.ok ? [] : result.problems;
    if (result.ok) {
      for (const process of result.processes) {
        for (const element of process.elements.values()) {
          const reason = unsupportedReason(element);
          if (reason) problems.push({ elementId: element.id, message: reason });
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
      if (other) errors.push(`Duplicated process id in resources '${other}' and '${p.resource.name}'\n`);
      seen.set(process.bpmnProcessId, p.resource.name);
    }
  }
  if (errors.length > 0) return reject(`Expected to deploy new resources, but encountered the following errors:\n${errors.join('')}`);

  const deployed: DeployedProcess[] = [];
  const resourceRecords: Record<string, unknown>[] = [];
  const processRecords: Record<string, unknown>[] = [];
  for (const p of parsed) {
    const resourceKey = ctx.nextKey();
    resourceRecords.push({ resourceKey, resourceName: p.resource.name, checksum: p.checksum, content: p.resource.content.toString('utf8') });
    for (const process of p.processes) {
      const latest = (
        await ctx.uow.tx.query<{ key: string; version: number; checksum: string }>(
          `SELECT key, version, checksum FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 ORDER BY version DESC LIMIT 1`,
          [process.bpmnProcessId, tenantId],
        )
      )[0];
      if (latest && latest.checksum === p.checksum) {
        deployed.push({ bpmnProcessId: process.bpmnProcessId, version: latest.version, processDefinitionKey: latest.key, resourceName: p.resource.name, tenantId });
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
      ctx.definitions.put({ key: definition.processDefinitionKey, bpmnProcessId: process.bpmnProcessId, version: definition.version, tenantId, resourceName: p.resource.name, process });
    }
  }
  await ctx.writeEvent(key, 'DEPLOYMENT', 'CREATED', { resources: resourceRecords, processesMetadata: processRecords, tenantId, deploymentKey: key });
  for (const process of processRecords) await ctx.writeEvent(process.processDefinitionKey as string, 'PROCESS', 'CREATED', { ...process, deploymentKey: key });
  return ok({ key, tenantId, processes: deployed });
}
