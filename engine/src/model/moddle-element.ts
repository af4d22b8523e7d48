/**
 * The slice of bpmn-moddle's element tree that validation and transformation read, and the
 * tables that say which BPMN element kinds the engine knows.
 */
import type { BindingType, BpmnElementType, BpmnEventType, Expression } from './executable-model.js';

/** A bpmn-moddle element; zeebe extension attributes are read with `attr`. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  id?: string;
  name?: string;
  // definitions / containers
  rootElements?: ModdleElement[];
  flowElements?: ModdleElement[];
  isExecutable?: boolean;
  triggeredByEvent?: boolean;
  // sequence flows and gateways
  sourceRef?: ModdleElement;
  targetRef?: ModdleElement;
  conditionExpression?: ModdleElement;
  default?: ModdleElement;
  // events
  eventDefinitions?: ModdleElement[];
  attachedToRef?: ModdleElement;
  cancelActivity?: boolean;
  isInterrupting?: boolean;
  errorRef?: ModdleElement;
  errorCode?: string;
  messageRef?: ModdleElement;
  timeDuration?: ModdleElement;
  timeDate?: ModdleElement;
  timeCycle?: ModdleElement;
  // activities
  loopCharacteristics?: ModdleElement;
  isSequential?: boolean;
  completionCondition?: ModdleElement;
  extensionElements?: { values?: ModdleElement[] };
  /** text content of expressions */
  body?: string;
  [attribute: string]: unknown;
}

/** An attribute as a string (bpmn-moddle leaves unknown or zeebe attributes as strings). */
export function attr(element: ModdleElement | undefined, name: string): string | undefined {
  const value = element?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** An attribute written in the XML (not a descriptor default such as bindingType's 'latest'). */
export function ownAttr(element: ModdleElement | undefined, name: string): string | undefined {
  return element !== undefined && Object.prototype.hasOwnProperty.call(element, name) ? attr(element, name) : undefined;
}

/** `bindingType` (validated: latest when absent) and the `versionTag` it may need */
export function binding(source: ModdleElement): { bindingType: BindingType; versionTag?: string } {
  const bindingType = (ownAttr(source, 'bindingType') ?? 'latest') as BindingType;
  const versionTag = attr(source, 'versionTag')?.trim();
  return bindingType === 'versionTag' && versionTag ? { bindingType, versionTag } : { bindingType };
}

/** Text content as Zeebe reads it (trimmed), or undefined when the element is absent. */
export function textOf(element: ModdleElement | undefined): string | undefined {
  if (!element) return undefined;
  return typeof element.body === 'string' ? element.body.trim() : '';
}

/** The zeebe extension elements of one kind, e.g. `extensions(task, 'zeebe:TaskDefinition')`. */
export function extensions(element: ModdleElement, $type: string): ModdleElement[] {
  return (element.extensionElements?.values ?? []).filter((value) => value.$type === $type);
}

export function extension(element: ModdleElement, $type: string): ModdleElement | undefined {
  return extensions(element, $type)[0];
}

/**
 * Zeebe's rule: a value that starts with `=` followed by at least one character is FEEL (the
 * text after `=`, verbatim); anything else is a static value.
 */
export function toExpression(value: string): Expression {
  return value.length > 1 && value.startsWith('=')
    ? { kind: 'feel', expression: value.slice(1) }
    : { kind: 'static', value };
}

/** `bpmn:ComplexGateway` → `ComplexGateway`, as Zeebe names element types in messages. */
export const simpleName = ($type: string): string => $type.slice($type.indexOf(':') + 1);

/** The flow elements the engine executes, with their record type. */
export const ELEMENT_TYPES: Readonly<Record<string, BpmnElementType>> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
};

/** Flow elements without behaviour, skipped silently (as Zeebe does). */
export const NON_EXECUTABLE_TYPES: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

export const EVENT_DEFINITION_TYPES: Readonly<Record<string, BpmnEventType>> = {
  'bpmn:MessageEventDefinition': 'MESSAGE',
  'bpmn:TimerEventDefinition': 'TIMER',
  'bpmn:SignalEventDefinition': 'SIGNAL',
  'bpmn:ErrorEventDefinition': 'ERROR',
  'bpmn:EscalationEventDefinition': 'ESCALATION',
  'bpmn:TerminateEventDefinition': 'TERMINATE',
  'bpmn:LinkEventDefinition': 'LINK',
  'bpmn:CompensateEventDefinition': 'COMPENSATION',
  'bpmn:ConditionalEventDefinition': 'CONDITIONAL',
};

/** Tasks that are executed by a job when they have a `zeebe:taskDefinition`. */
export const JOB_TASK_TYPES: ReadonlySet<string> = new Set([
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
]);

export const ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:UserTask',
  'bpmn:ReceiveTask',
  'bpmn:ManualTask',
  'bpmn:Task',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
]);

export const isEvent = ($type: string): boolean => $type.endsWith('Event');

export function eventTypeOf(element: ModdleElement): BpmnEventType {
  if (!isEvent(element.$type)) return 'UNSPECIFIED';
  const definition = element.eventDefinitions?.[0];
  if (!definition) return 'NONE';
  return EVENT_DEFINITION_TYPES[definition.$type] ?? 'UNSPECIFIED';
}

/** Message end and intermediate throw events: executed by a job, as send tasks are. */
export const isMessageThrowEvent = (element: ModdleElement): boolean =>
  (element.$type === 'bpmn:EndEvent' || element.$type === 'bpmn:IntermediateThrowEvent') &&
  (element.eventDefinitions ?? []).some((d) => d.$type === 'bpmn:MessageEventDefinition');

export const isEventSubProcess = (element: ModdleElement): boolean =>
  element.$type === 'bpmn:SubProcess' && element.triggeredByEvent === true;
