/**
 * Deployment validation of a BPMN model, as Zeebe's design-time and runtime validators do it:
 * every process (executable or not) is walked and ALL problems are collected, each on the id of
 * the element it belongs to. Messages follow Zeebe's wording so that clients see familiar text.
 */
import {
  ACTIVITY_TYPES,
  ELEMENT_TYPES,
  EVENT_DEFINITION_TYPES,
  NON_EXECUTABLE_TYPES,
  isEventSubProcess,
  simpleName,
  textOf,
  type ModdleElement,
} from './moddle-element.js';
import type { ProblemCollector } from './validation-problems.js';
import { checkEscalationBoundary, checkInterrupting, validateEventDefinition } from './event-validator.js';
import { validateBoundaryEvents, validateEventBasedGateway, validateEventScope } from './event-scope-validator.js';
import { validateMessages } from './message-validator.js';
import { validateSignalsAndEscalations } from './signal-escalation-validator.js';
import { validateUserTask, validateUserTaskForms } from './user-task-validator.js';
import { checkExpression, validateExtensions, type Report } from './zeebe-extension-validator.js';

interface Walk {
  problems: ProblemCollector;
  /** `<element id>#<property>` → the id that did not resolve */
  unresolved: Map<string, string>;
  outgoing: Map<ModdleElement, ModdleElement[]>;
  incoming: Map<ModdleElement, ModdleElement[]>;
  /** activity → the boundary events attached to it */
  boundaries: Map<ModdleElement, ModdleElement[]>;
}

export function validateDefinitions(
  definitions: ModdleElement,
  problems: ProblemCollector,
  unresolved: Map<string, string>,
): void {
  const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (!processes.some((p) => p.isExecutable === true)) {
    problems.add(definitions.id ?? '', 'Must contain at least one executable process');
  }
  const walk: Walk = { problems, unresolved, outgoing: new Map(), incoming: new Map(), boundaries: new Map() };
  for (const process of processes) indexFlows(process, walk);
  for (const process of processes) validateProcess(process, walk);
  validateMessages(definitions, processes, problems);
  validateSignalsAndEscalations(definitions, processes, problems);
}

function indexFlows(container: ModdleElement, walk: Walk): void {
  for (const element of container.flowElements ?? []) {
    if (element.$type === 'bpmn:SequenceFlow') {
      if (element.sourceRef) push(walk.outgoing, element.sourceRef, element);
      if (element.targetRef) push(walk.incoming, element.targetRef, element);
    } else if (element.$type === 'bpmn:BoundaryEvent' && element.attachedToRef) {
      push(walk.boundaries, element.attachedToRef, element);
    }
    if (element.flowElements) {
      indexFlows(element, walk);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function validateProcess(process: ModdleElement, walk: Walk): void {
  if (!process.id) walk.problems.add('', "Attribute 'id' must be present and not empty", childPath(process.$parent, process));
  const report: Report = (message) => walk.problems.add(process.id ?? '', message);
  const starts = (process.flowElements ?? []).filter((e) => e.$type === 'bpmn:StartEvent');
  if (starts.length === 0) report('Must have at least one start event');
  else if (starts.filter((s) => !s.eventDefinitions?.length).length > 1) {
    report('Multiple none start events are not allowed');
  }
  validateEventScope(process, report);
  validateUserTaskForms(process, walk.problems);
  validateContainer(process, walk);
}

function validateContainer(container: ModdleElement, walk: Walk): void {
  for (const element of container.flowElements ?? []) {
    if (!element.id && !NON_EXECUTABLE_TYPES.has(element.$type)) {
      walk.problems.add('', "Attribute 'id' must be present and not empty", childPath(container, element));
    }
    if (element.$type === 'bpmn:SequenceFlow') validateSequenceFlow(element, walk);
    else if (NON_EXECUTABLE_TYPES.has(element.$type)) continue;
    else if (!(element.$type in ELEMENT_TYPES)) {
      walk.problems.add(
        element.id ?? '',
        `Elements of type '${simpleName(element.$type)}' are currently not supported. Please refer to the documentation for a list of supported elements: https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/`,
      );
    } else validateFlowNode(element, walk);
  }
}

function validateFlowNode(element: ModdleElement, walk: Walk): void {
  const id = element.id ?? '';
  const report: Report = (message) => walk.problems.add(id, message);
  const outgoing = walk.outgoing.get(element) ?? [];
  const definitions = element.eventDefinitions ?? [];

  const isConditionalGateway =
    element.$type === 'bpmn:ExclusiveGateway' || element.$type === 'bpmn:InclusiveGateway';
  if (!isConditionalGateway && outgoing.some((flow) => flow.conditionExpression)) {
    report('Conditional sequence flows are only supported at exclusive or inclusive gateway');
  }
  for (const definition of definitions) {
    const onDefinition = (message: string) => walk.problems.add(id, message, definitionPath(element, definition));
    if (!(definition.$type in EVENT_DEFINITION_TYPES)) onDefinition('Event definition of this type is not supported');
    if (definition.$type === 'bpmn:ErrorEventDefinition') validateErrorDefinition(element, definition, onDefinition);
    const catches = element.$type !== 'bpmn:EndEvent' && element.$type !== 'bpmn:IntermediateThrowEvent';
    if (definition.$type === 'bpmn:MessageEventDefinition' && catches && !definition.messageRef) {
      onDefinition('Must reference a message');
    }
    validateEventDefinition(element, definition, onDefinition, report);
  }
  if (ACTIVITY_TYPES.has(element.$type)) validateBoundaryEvents(walk.boundaries.get(element) ?? [], report);
  if (element.isForCompensation === true) validateCompensationHandler(element, walk, report);

  switch (element.$type) {
    case 'bpmn:StartEvent':
      if (definitions.length > 1) report("Start event can't have more than one type");
      break;
    case 'bpmn:EndEvent':
      if (outgoing.length > 0) report('End events must not have outgoing sequence flows to other elements.');
      if (definitions.length > 1) report('Must have at most one event definition');
      if (definitions.some((d) => !END_EVENT_DEFINITIONS.has(d.$type))) {
        report('End events must be one of: none, error, message, terminate, signal, escalation or compensation');
      }
      break;
    case 'bpmn:BoundaryEvent':
      validateBoundaryEvent(element, walk, report);
      break;
    case 'bpmn:IntermediateCatchEvent':
      validateCatchEvent(element, report);
      break;
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway':
      validateDefaultFlow(element, walk, report);
      break;
    case 'bpmn:EventBasedGateway':
      validateEventBasedGateway(element, outgoing, (target) => walk.incoming.get(target) ?? [], report);
      break;
    case 'bpmn:ReceiveTask':
      if (!element.messageRef) report('Must reference a message');
      else if (boundaryMessageNames(element, walk).includes(element.messageRef.name)) {
        report('Cannot reference the same message name as a boundary event');
      }
      break;
    case 'bpmn:UserTask':
      validateUserTask(element, walk.problems);
      break;
    case 'bpmn:SubProcess':
      validateSubProcess(element, walk, report);
      break;
  }
  validateExtensions(element, walk.problems);
}

const END_EVENT_DEFINITIONS = new Set([
  'bpmn:ErrorEventDefinition',
  'bpmn:MessageEventDefinition',
  'bpmn:TerminateEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:EscalationEventDefinition',
  'bpmn:CompensateEventDefinition',
]);
const BOUNDARY_EVENT_DEFINITIONS = new Set([
  'bpmn:TimerEventDefinition',
  'bpmn:MessageEventDefinition',
  'bpmn:ErrorEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:EscalationEventDefinition',
  'bpmn:CompensateEventDefinition',
]);
const CATCH_EVENT_DEFINITIONS = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:LinkEventDefinition',
  'bpmn:ConditionalEventDefinition',
]);
const EVENT_SUB_PROCESS_START_DEFINITIONS = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:ErrorEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:EscalationEventDefinition',
]);

/** Zeebe names a child without id by the chain from its closest parent with one. */
function childPath(parent: ModdleElement | undefined, child: ModdleElement): string {
  const kind = simpleName(child.$type);
  const name = `${kind[0].toLowerCase()}${kind.slice(1)}`;
  return parent?.id ? `${parent.id} > ${name}` : name;
}

function definitionPath(element: ModdleElement, definition: ModdleElement): string {
  return definition.id ?? childPath(element, definition);
}

function validateErrorDefinition(event: ModdleElement, definition: ModdleElement, report: Report): void {
  const error = definition.errorRef;
  if (event.$type === 'bpmn:EndEvent') {
    if (!error) report('Must reference an error');
    else if (!error.errorCode) report('ErrorCode must be present and not empty');
    else checkExpression(error.errorCode, { mandatory: true }, report);
  } else if (error?.errorCode?.startsWith('=')) {
    report('The errorCode of the error catch event is not allowed to be an expression');
  }
}

function validateBoundaryEvent(element: ModdleElement, walk: Walk, report: Report): void {
  const attachedTo = element.attachedToRef;
  if (!attachedTo || !ACTIVITY_TYPES.has(attachedTo.$type)) report('Must be attached to an activity');
  if ((walk.incoming.get(element) ?? []).length > 0) report('Cannot have incoming sequence flows');
  const definitions = element.eventDefinitions ?? [];
  if (definitions.length !== 1) report('Must have exactly one event definition');
  if (definitions.some((d) => !BOUNDARY_EVENT_DEFINITIONS.has(d.$type))) {
    report('Boundary events must be one of: timer, message, error, signal, escalation');
  }
  if (attachedTo) checkEscalationBoundary(element, report);
  checkInterrupting(element, element.cancelActivity !== false, report);
}

function boundaryMessageNames(activity: ModdleElement, walk: Walk): (string | undefined)[] {
  return (walk.boundaries.get(activity) ?? [])
    .flatMap((boundary) => boundary.eventDefinitions ?? [])
    .map((definition) => definition.messageRef?.name)
    .filter((name) => name);
}

function validateCatchEvent(element: ModdleElement, report: Report): void {
  const definitions = element.eventDefinitions ?? [];
  if (definitions.length !== 1) {
    report('Must have exactly one event definition');
    return;
  }
  const [definition] = definitions;
  if (!CATCH_EVENT_DEFINITIONS.has(definition.$type)) {
    report('Event definition must be one of: message, timer, signal, link, or conditional');
  } else if (definition.$type === 'bpmn:TimerEventDefinition' && !definition.timeDuration && !definition.timeDate) {
    report('Intermediate timer catch event must have either a time duration or a time date.');
  }
}

function validateDefaultFlow(gateway: ModdleElement, walk: Walk, report: Report): void {
  const dangling = walk.unresolved.get(`${gateway.id}#bpmn:default`);
  if (dangling !== undefined) report(`Default flow '${dangling}' cannot be resolved`);
  else if (gateway.default && gateway.default.sourceRef !== gateway) report('Default flow must start at gateway');
}

function validateSubProcess(subProcess: ModdleElement, walk: Walk, report: Report): void {
  const starts = (subProcess.flowElements ?? []).filter((e) => e.$type === 'bpmn:StartEvent');
  if (starts.length !== 1) report('Must have exactly one start event');
  const definitions = starts[0] ? (starts[0].eventDefinitions ?? []) : undefined;
  if (definitions && isEventSubProcess(subProcess)) {
    if (definitions.length === 0 || definitions.some((d) => !EVENT_SUB_PROCESS_START_DEFINITIONS.has(d.$type))) {
      report('Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
    }
    const compensation = definitions.some((d) => d.$type === 'bpmn:CompensateEventDefinition');
    if (compensation && subProcess.$parent?.$type !== 'bpmn:SubProcess') report('A compensation event subprocess is not allowed on the process level');
    checkInterrupting(starts[0], starts[0].isInterrupting !== false, report);
  } else if (definitions && definitions.length > 0) {
    report('Start events in subprocesses must be of type none');
  }
  validateEventScope(subProcess, report);
  validateContainer(subProcess, walk);
}

/** a handler runs only when compensation calls it: no flows in or out, nothing attached */
function validateCompensationHandler(handler: ModdleElement, walk: Walk, report: Report): void {
  if ((walk.outgoing.get(handler) ?? []).length > 0) report('A compensation handler should have no outgoing sequence flows');
  if ((walk.incoming.get(handler) ?? []).length > 0) report('A compensation handler should have no incoming sequence flows');
  if ((walk.boundaries.get(handler) ?? []).length > 0) report('A compensation handler should have no boundary events');
}

function validateSequenceFlow(flow: ModdleElement, walk: Walk): void {
  const id = flow.id ?? '';
  const report: Report = (message) => walk.problems.add(id, message);
  for (const end of ['source', 'target'] as const) {
    const dangling = walk.unresolved.get(`${id}#bpmn:${end}Ref`);
    if (dangling !== undefined) report(`SequenceFlow has ${end}Ref '${dangling}' which cannot be resolved`);
    else if (!flow[`${end}Ref`]) report(`SequenceFlow is missing required attribute ${end}Ref`);
  }

  const source = flow.sourceRef;
  const siblings = source ? (walk.outgoing.get(source) ?? []) : [];
  const unconditional = !flow.conditionExpression && source?.default !== flow && siblings.length > 1;
  if (unconditional && source?.$type === 'bpmn:ExclusiveGateway') report('Must have a condition or be default flow');
  if (unconditional && source?.$type === 'bpmn:InclusiveGateway') report('Must have a condition');

  if (flow.conditionExpression) {
    const condition = textOf(flow.conditionExpression);
    const onCondition: Report = (message) => walk.problems.add(id, message, `${id} > conditionExpression`);
    checkExpression(condition === '' ? undefined : condition, { mandatory: true, nonStatic: true }, onCondition);
  }
}
