/**
 * Call activities (Zeebe's CallActivityProcessor): activating one creates an instance of the
 * called process (`zeebe:calledElement processId`, static or FEEL) in the version its binding
 * type names (the latest, the one deployed with the calling process, or the latest with a
 * version tag), with
 * the parent's variables (all of them, or only the input mappings' results when
 * propagateAllParentVariables is off). The call activity waits until that instance ends:
 * completed, the child's variables come back (propagateAllChildVariables, or through the output
 * mappings); terminating the call activity terminates the child first.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import type { BatchContext } from '../../batch-context.js';
import { evaluateString } from '../../../feel/feel.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { ProcessDefinition } from '../../../state/definition-cache.js';
import { calledChildInstanceKeyOf, parentElementInstanceKeyOf } from '../../../state/element-instance-links.js';
import { isFinal } from '../../lifecycle.js';
import { loadElementContext, processAsElement, processInstanceValue, type ElementContext } from '../behaviors/element-context.js';
import { createIncident, resolveIncidentOf, type IncidentErrorType } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { closeSubscriptions } from '../behaviors/event-subscription.behavior.js';
import { mergeLocal, visibleVariables } from '../behaviors/variable.behavior.js';
import { MAX_PROCESS_DEPTH, processInstanceLineage } from '../behaviors/call-hierarchy.behavior.js';

interface Failure {
  type: IncidentErrorType;
  message: string;
}

async function calledProcess(ctx: BatchContext, el: ElementContext): Promise<Result<ProcessDefinition, Failure>> {
  const called = el.element.calledElement!;
  const processId =
    called.processId.kind === 'static'
      ? { ok: true as const, value: called.processId.value }
      : evaluateString(called.processId, await visibleVariables(ctx, el.instance.key));
  if (!processId.ok) return err({ type: 'EXTRACT_VALUE_ERROR', message: processId.message });
  const found = await boundProcess(ctx, el, processId.value);
  if (!found.ok) return err({ type: 'CALLED_ELEMENT_ERROR', message: found.error });
  const definition = found.value;
  if (!processAsElement(definition.process).noneStartEventId) {
    return err({ type: 'CALLED_ELEMENT_ERROR', message: `Expected process with BPMN process id '${processId.value}' to have a none start event, but not found.` });
  }
  if ((await processInstanceLineage(ctx, el.instance.processInstanceKey)).length >= MAX_PROCESS_DEPTH) {
    return err({
      type: 'CALLED_ELEMENT_ERROR',
      message: `The call activity has reached the maximum depth of ${MAX_PROCESS_DEPTH}. This is likely due to a recursive call. Cancel the root process instance if this was unintentional. Otherwise, consider increasing the maximum depth, or use process instance modification to adjust the process instance.`,
    });
  }
  return ok(definition);
}

/** the version of the called process its binding type names, else Zeebe's incident text */
async function boundProcess(ctx: BatchContext, el: ElementContext, processId: string): Promise<Result<ProcessDefinition, string>> {
  const { bindingType, versionTag } = el.element.calledElement!;
  const { tenantId } = el.instance;
  if (bindingType === 'deployment') {
    const deploymentKey = (await ctx.definitions.get(ctx.uow.tx, el.instance.processDefinitionKey))?.deploymentKey;
    const definition = deploymentKey ? await ctx.definitions.findInDeployment(ctx.uow.tx, processId, tenantId, deploymentKey) : undefined;
    return definition
      ? ok(definition)
      : err(
          `Expected to call process with BPMN process id '${processId}' with binding type 'deployment', but no such process found in the deployment with key ${deploymentKey} which contained the current process. ` +
            'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.',
        );
  }
  if (bindingType === 'versionTag') {
    const definition = await ctx.definitions.findWithVersionTag(ctx.uow.tx, processId, tenantId, versionTag!);
    return definition
      ? ok(definition)
      : err(
          `Expected to call process with BPMN process id '${processId}' and version tag '${versionTag}', but no such process found. ` +
            'To resolve this incident, deploy a process with the given process id and version tag.',
        );
  }
  const definition = await ctx.definitions.find(ctx.uow.tx, processId, tenantId);
  return definition ? ok(definition) : err(`Expected process with BPMN process id '${processId}' to be deployed, but not found.`);
}

/** queues the child's activation and copies the parent's variables into it */
async function createChildProcessInstance(ctx: BatchContext, el: ElementContext, definition: ProcessDefinition): Promise<void> {
  const key = ctx.nextKey();
  const child = {
    bpmnProcessId: definition.bpmnProcessId,
    processDefinitionKey: definition.key,
    processInstanceKey: key,
    tenantId: el.instance.tenantId,
  };
  const value = processInstanceValue({
    ...child,
    elementId: definition.bpmnProcessId,
    elementType: 'PROCESS',
    eventType: 'UNSPECIFIED',
    version: definition.version,
    flowScopeKey: null,
    parentProcessInstanceKey: el.instance.processInstanceKey,
    parentElementInstanceKey: el.instance.key,
  });
  ctx.writeCommand({ key, valueType: 'PROCESS_INSTANCE', intent: 'ACTIVATE_ELEMENT', value: { ...value } });
  const called = el.element.calledElement!;
  // without propagation, the input mappings' results (the call activity's locals) are all it gets
  const variables = called.propagateAllParentVariables
    ? await visibleVariables(ctx, el.instance.key)
    : el.element.inputs.length > 0
      ? Object.fromEntries([...(await ctx.uow.getScopeVariables(el.instance.key))].map(([name, row]) => [name, JSON.parse(row.value)]))
      : {};
  await mergeLocal(ctx, key, child, variables);
}

export const callActivityProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const definition = await calledProcess(ctx, el);
    if (!definition.ok) {
      // resolving the incident activates again, and subscribes again
      await closeSubscriptions(ctx, el);
      await createIncident(ctx, el.instance, definition.error.type, definition.error.message);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    await createChildProcessInstance(ctx, el, definition.value);
  },
  async onComplete(ctx, el, completion) {
    await finishCompletion(ctx, el, completion);
  },
  async onTerminate(ctx, el) {
    await resolveIncidentOf(ctx, el.instance);
    const childKey = calledChildInstanceKeyOf(el.instance);
    const child = childKey ? await ctx.uow.getElementInstance(childKey) : undefined;
    if (child && !isFinal(child.state)) {
      // the call activity ends once its child has (calledProcessEnded)
      if (child.state !== 'TERMINATING') {
        ctx.writeCommand({ key: child.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(child) } });
      }
      return;
    }
    await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};

/**
 * A process instance ended; when a call activity created it, the call activity completes with
 * the child's variables (or, being terminated, terminates now). Returns the call activity when
 * it ended here, so its own end is handled in turn.
 */
export async function calledProcessEnded(ctx: BatchContext, child: ElementContext): Promise<ElementContext | undefined> {
  const callerKey = parentElementInstanceKeyOf(child.instance);
  const caller = callerKey ? await loadElementContext(ctx, callerKey) : undefined;
  if (!caller) return undefined;
  if (caller.instance.state === 'TERMINATING') {
    await transition(ctx, caller, 'ELEMENT_TERMINATED');
    return caller;
  }
  if (child.instance.state !== 'COMPLETED' || caller.instance.state !== 'ACTIVATED') return undefined;
  const called = caller.element.calledElement!;
  const variables = called.propagateAllChildVariables || caller.element.outputs.length > 0 ? await visibleVariables(ctx, child.instance.key) : {};
  ctx.writeCommand({
    key: caller.instance.key,
    valueType: 'PROCESS_INSTANCE',
    intent: 'COMPLETE_ELEMENT',
    value: { ...processInstanceValue(caller.instance) },
    meta: { variables },
  });
  return undefined;
}
