/**
 * PROCESS_INSTANCE_CREATION CREATE: sets the initial variables on the new instance, then
 * activates the process (which activates its none start event).
 */
import type { CreatedProcessInstance, CreateProcessInstanceInput, Rejection, Variables } from '../../engine-api.js';
import type { ProcessDefinition } from '../../state/definition-cache.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { DEFAULT_TENANT } from '../records.js';
import { processInstanceValue, processAsElement } from '../bpmn/behaviors/element-context.js';
import { mergeLocal } from '../bpmn/behaviors/variable.behavior.js';

export async function createProcessInstance(ctx: BatchContext, input: CreateProcessInstanceInput, awaitResult: boolean): Promise<Result<CreatedProcessInstance, Rejection>> {
  const tenantId = input.tenantId || DEFAULT_TENANT;
  const commandValue = {
    bpmnProcessId: input.bpmnProcessId ?? '',
    processDefinitionKey: input.processDefinitionKey ?? '-1',
    version: input.version ?? -1,
    variables: input.variables ?? {},
    tenantId,
  };
  const key = ctx.nextKey();
  ctx.logCommand(key, 'PROCESS_INSTANCE_CREATION', 'CREATE', commandValue);
  const reject = (type: Rejection['type'], reason: string) => {
    ctx.writeRejection(key, 'PROCESS_INSTANCE_CREATION', 'CREATE', commandValue, type, reason);
    return err<Rejection>({ intent: 'CREATE', type, reason });
  };

  const definition =
    input.processDefinitionKey && input.processDefinitionKey !== '-1' && input.processDefinitionKey !== '0'
      ? await ctx.definitions.findByKey(ctx.uow.tx, input.processDefinitionKey)
      : input.bpmnProcessId
        ? await ctx.definitions.find(ctx.uow.tx, input.bpmnProcessId, tenantId, input.version)
        : undefined;
  if (!definition || definition.tenantId !== tenantId) {
    if (input.processDefinitionKey && input.processDefinitionKey !== '-1' && input.processDefinitionKey !== '0') {
      return reject('NOT_FOUND', `Expected to find process definition with key '${input.processDefinitionKey}', but none found`);
    }
    if (!input.bpmnProcessId) return reject('INVALID_ARGUMENT', 'Expected at least a bpmnProcessId or a key greater than -1, but none given');
    return input.version !== undefined && input.version >= 0
      ? reject('NOT_FOUND', `Expected to find process definition with process ID '${input.bpmnProcessId}' and version '${input.version}', but none found`)
      : reject('NOT_FOUND', `Expected to find process definition with process ID '${input.bpmnProcessId}', but none found`);
  }
  const root = processAsElement(definition.process);
  if (!root.noneStartEventId) return reject('INVALID_STATE', `Expected to create instance of process with none start event, but there is no such event`);

  const processInstanceKey = await startInstance(ctx, definition, input.variables ?? {}, undefined, awaitResult);
  const created = { processDefinitionKey: definition.key, bpmnProcessId: definition.bpmnProcessId, version: definition.version, processInstanceKey, tenantId };
  await ctx.writeEvent(key, 'PROCESS_INSTANCE_CREATION', 'CREATED', { ...commandValue, ...created });
  return ok(created);
}

/**
 * Starts an instance of `definition`: its variables first, then the process's activation,
 * which begins at `startElementId` (a timer or message start event) or the none start event.
 */
export async function startInstance(
  ctx: BatchContext,
  definition: ProcessDefinition,
  variables: Variables,
  startElementId?: string,
  awaitResult = false,
): Promise<string> {
  const processInstanceKey = ctx.nextKey();
  const value = processInstanceValue({
    elementId: definition.bpmnProcessId,
    elementType: 'PROCESS',
    eventType: 'UNSPECIFIED',
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processDefinitionKey: definition.key,
    processInstanceKey,
    flowScopeKey: null,
    tenantId: definition.tenantId,
  });
  if (awaitResult) (ctx.awaitedInstances as Set<string>).add(processInstanceKey);
  // an event's variables arrive through its start event; the creation's belong to the instance
  if (!startElementId) await mergeLocal(ctx, processInstanceKey, value, variables);
  ctx.writeCommand({
    key: processInstanceKey,
    valueType: 'PROCESS_INSTANCE',
    intent: 'ACTIVATE_ELEMENT',
    value: { ...value },
    meta: startElementId ? { startElementId, variables } : undefined,
  });
  return processInstanceKey;
}
