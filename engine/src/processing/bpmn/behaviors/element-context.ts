/**
 * An element instance together with its model element: what every processor works on.
 */
import type { ExecutableElement, ExecutableProcess } from '../../../model/executable-model.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import type { BatchContext } from '../../batch-context.js';
import type { ProcessInstanceValue } from '../../records.js';
import type { ProcessDefinition } from '../../../state/definition-cache.js';
import { multiInstanceView } from './multi-instance-view.js';

export interface ElementContext {
  instance: ElementInstanceRow;
  element: ExecutableElement;
  process: ExecutableProcess;
  definition: ProcessDefinition;
}

export async function loadElementContext(ctx: BatchContext, key: string): Promise<ElementContext | undefined> {
  const instance = await ctx.uow.getElementInstance(key);
  if (!instance) return undefined;
  const definition = await ctx.definitions.get(ctx.uow.tx, instance.processDefinitionKey);
  if (!definition) throw new Error(`process definition ${instance.processDefinitionKey} of element instance ${key} not found`);
  const element =
    instance.elementType === 'PROCESS' ? processAsElement(definition.process) : definition.process.elements.get(instance.elementId);
  if (!element) throw new Error(`element '${instance.elementId}' not found in process definition ${definition.key}`);
  return { instance, element: multiInstanceView(element, instance), process: definition.process, definition };
}

const processElements = new WeakMap<ExecutableProcess, ExecutableElement>();

/** the process itself, seen as the root container element */
export function processAsElement(process: ExecutableProcess): ExecutableElement {
  let element = processElements.get(process);
  if (!element) processElements.set(process, (element = buildProcessElement(process)));
  return element;
}

function buildProcessElement(process: ExecutableProcess): ExecutableElement {
  const children = [...process.elements.values()].filter((e) => e.flowScopeId === process.bpmnProcessId);
  return {
    id: process.bpmnProcessId,
    name: process.name,
    type: 'PROCESS',
    eventType: 'UNSPECIFIED',
    flowScopeId: '',
    incoming: [],
    outgoing: [],
    inputs: [],
    outputs: [],
    boundaryEventIds: [],
    childIds: children.map((c) => c.id),
    noneStartEventId: children.find((c) => c.type === 'START_EVENT' && c.eventType === 'NONE')?.id,
  };
}

/** the record value Zeebe writes for an element instance */
export function processInstanceValue(row: {
  elementId: string;
  elementType: string;
  eventType: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  processInstanceKey: string;
  flowScopeKey: string | null;
  tenantId: string;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
}): ProcessInstanceValue {
  return {
    bpmnElementType: row.elementType,
    elementId: row.elementId,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    processDefinitionKey: row.processDefinitionKey,
    processInstanceKey: row.processInstanceKey,
    flowScopeKey: row.flowScopeKey ?? '-1',
    bpmnEventType: row.eventType,
    parentProcessInstanceKey: row.parentProcessInstanceKey ?? '-1',
    parentElementInstanceKey: row.parentElementInstanceKey ?? '-1',
    tenantId: row.tenantId,
  };
}
