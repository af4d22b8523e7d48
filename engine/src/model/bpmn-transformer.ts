/**
 * BPMN XML → executable processes, as Zeebe's deployment does it: read, validate everything
 * (collecting all problems), and only then transform each executable `bpmn:process`.
 */
import type {
  ExecutableElement,
  ExecutableErrorDefinition,
  ExecutableProcess,
  ExecutableSequenceFlow,
  TransformResult,
  VariableMapping,
} from './executable-model.js';
import { readBpmn } from './bpmn-reader.js';
import { validateDefinitions } from './bpmn-validator.js';
import {
  ELEMENT_TYPES,
  JOB_TASK_TYPES,
  attr,
  binding,
  eventTypeOf,
  extension,
  extensions,
  isEventSubProcess,
  isMessageThrowEvent,
  textOf,
  toExpression,
  type ModdleElement,
} from './moddle-element.js';
import { ProblemCollector } from './validation-problems.js';
import { addEventDefinition } from './event-transformer.js';
import { addUserTask } from './user-task-transformer.js';

export { formatProblems } from './validation-problems.js';

export async function transformProcesses(xml: string | Buffer, resourceName: string): Promise<TransformResult> {
  const text = (typeof xml === 'string' ? xml : xml.toString('utf8')).replace(/^\uFEFF/, '');
  const problems = new ProblemCollector();
  const { definitions, unresolved } = await readBpmn(text, problems);
  if (definitions) validateDefinitions(definitions, problems, unresolved);
  if (!definitions || !problems.isEmpty) {
    if (problems.isEmpty) problems.add('', `Failed to read '${resourceName}' as BPMN XML`);
    return { ok: false, problems: problems.problems };
  }
  const processes = (definitions.rootElements ?? [])
    .filter((e) => e.$type === 'bpmn:Process' && e.isExecutable === true)
    .map(transformProcess);
  return { ok: true, processes };
}

function transformProcess(process: ModdleElement): ExecutableProcess {
  const executable: ExecutableProcess = {
    bpmnProcessId: process.id ?? '',
    isExecutable: true,
    elements: new Map(),
    sequenceFlows: new Map(),
  };
  if (process.name) executable.name = process.name;
  const versionTag = attr(extension(process, 'zeebe:VersionTag'), 'value')?.trim();
  if (versionTag) executable.versionTag = versionTag;

  const root = newElement(process, '');
  root.type = 'PROCESS';
  root.eventType = 'UNSPECIFIED';
  executable.elements.set(root.id, root);
  transformContainer(process, executable);

  // connect after every element exists: XML order does not put sources before flows
  for (const flow of executable.sequenceFlows.values()) {
    executable.elements.get(flow.sourceId)?.outgoing.push(flow.id);
    executable.elements.get(flow.targetId)?.incoming.push(flow.id);
  }
  for (const element of executable.elements.values()) {
    if (element.attachedToId) executable.elements.get(element.attachedToId)?.boundaryEventIds.push(element.id);
  }
  return executable;
}

function transformContainer(container: ModdleElement, process: ExecutableProcess): void {
  const scope = process.elements.get(container.id ?? '')!;
  for (const child of container.flowElements ?? []) {
    if (child.$type === 'bpmn:SequenceFlow') {
      const flow = transformSequenceFlow(child);
      process.sequenceFlows.set(flow.id, flow);
      continue;
    }
    if (!(child.$type in ELEMENT_TYPES)) continue; // data objects and the like
    const element = transformElement(child, scope.id);
    process.elements.set(element.id, element);
    scope.childIds.push(element.id);
    if (element.type === 'START_EVENT' && element.eventType === 'NONE' && !scope.noneStartEventId) {
      scope.noneStartEventId = element.id;
    }
    if (child.$type === 'bpmn:SubProcess') transformContainer(child, process);
  }
  // a compensation boundary event's handler is the activity its association points to
  for (const artifact of (container.artifacts as ModdleElement[] | undefined) ?? []) {
    if (artifact.$type !== 'bpmn:Association') continue;
    const source = process.elements.get((artifact.sourceRef as ModdleElement | undefined)?.id ?? '');
    const target = (artifact.targetRef as ModdleElement | undefined)?.id;
    if (source?.type === 'BOUNDARY_EVENT' && source.eventType === 'COMPENSATION' && target) source.compensation = { handlerId: target };
  }
}

function transformSequenceFlow(flow: ModdleElement): ExecutableSequenceFlow {
  const result: ExecutableSequenceFlow = {
    id: flow.id ?? '',
    sourceId: flow.sourceRef?.id ?? '',
    targetId: flow.targetRef?.id ?? '',
  };
  if (flow.name) result.name = flow.name;
  const condition = textOf(flow.conditionExpression);
  if (condition?.startsWith('=')) result.condition = condition.slice(1);
  return result;
}

function newElement(source: ModdleElement, flowScopeId: string): ExecutableElement {
  const element: ExecutableElement = {
    id: source.id ?? '',
    type: ELEMENT_TYPES[source.$type] ?? 'TASK',
    eventType: eventTypeOf(source),
    flowScopeId,
    incoming: [],
    outgoing: [],
    inputs: mappings(source, 'inputParameters'),
    outputs: mappings(source, 'outputParameters'),
    boundaryEventIds: [],
    childIds: [],
  };
  if (source.name) element.name = source.name;
  if (source.isForCompensation === true) element.isForCompensation = true;
  return element;
}

function transformElement(source: ModdleElement, flowScopeId: string): ExecutableElement {
  const element = newElement(source, flowScopeId);
  if (isEventSubProcess(source)) element.type = 'EVENT_SUB_PROCESS';

  const taskDefinition = extension(source, 'zeebe:TaskDefinition');
  if ((JOB_TASK_TYPES.has(source.$type) || isMessageThrowEvent(source)) && taskDefinition) {
    element.job = {
      type: toExpression(attr(taskDefinition, 'type') ?? ''),
      retries: toExpression(attr(taskDefinition, 'retries') ?? '3'),
      headers: headersOf(source),
    };
  }
  if (element.type === 'EXCLUSIVE_GATEWAY' || element.type === 'INCLUSIVE_GATEWAY') {
    if (source.default?.id) element.defaultFlowId = source.default.id;
  }
  if (element.type === 'BOUNDARY_EVENT') {
    element.attachedToId = source.attachedToRef?.id;
    element.cancelActivity = source.cancelActivity !== false;
  }
  if (element.type === 'START_EVENT' && source.$parent && isEventSubProcess(source.$parent)) {
    element.interrupting = source.isInterrupting !== false;
  }
  const errorDefinition = source.eventDefinitions?.find((d) => d.$type === 'bpmn:ErrorEventDefinition');
  if (errorDefinition) element.error = errorOf(errorDefinition);

  addEventDefinition(source, element);
  if (element.type === 'USER_TASK') addUserTask(source, element);
  addCalledResources(source, element);
  addMultiInstance(source, element);
  return element;
}

function errorOf(definition: ModdleElement): ExecutableErrorDefinition {
  const code = definition.errorRef?.errorCode;
  return code ? { errorCode: toExpression(code) } : {};
}

function headersOf(source: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const group of extensions(source, 'zeebe:TaskHeaders')) {
    for (const header of (group.values as ModdleElement[] | undefined) ?? []) {
      const key = attr(header, 'key');
      if (key !== undefined) headers[key] = attr(header, 'value') ?? '';
    }
  }
  return headers;
}

function mappings(source: ModdleElement, kind: 'inputParameters' | 'outputParameters'): VariableMapping[] {
  return extensions(source, 'zeebe:IoMapping').flatMap((mapping) =>
    ((mapping[kind] as ModdleElement[] | undefined) ?? []).map((parameter) => ({
      source: toExpression(attr(parameter, 'source') ?? ''),
      target: attr(parameter, 'target') ?? '',
    })),
  );
}

/** Script, decision and process calls: the parts of the task that are not a job. */
function addCalledResources(source: ModdleElement, element: ExecutableElement): void {
  const script = extension(source, 'zeebe:Script');
  if (script && element.type === 'SCRIPT_TASK') {
    element.script = {
      expression: (attr(script, 'expression') ?? '').replace(/^=/, ''),
      resultVariable: attr(script, 'resultVariable') ?? '',
    };
  }
  const decision = extension(source, 'zeebe:CalledDecision');
  if (decision && element.type === 'BUSINESS_RULE_TASK') {
    element.calledDecision = {
      decisionId: toExpression(attr(decision, 'decisionId') ?? ''),
      resultVariable: attr(decision, 'resultVariable') ?? '',
      ...binding(decision),
    };
  }
  const called = extension(source, 'zeebe:CalledElement');
  if (called && element.type === 'CALL_ACTIVITY') {
    element.calledElement = {
      processId: toExpression(attr(called, 'processId') ?? ''),
      ...binding(called),
      propagateAllChildVariables: called.propagateAllChildVariables !== false,
      propagateAllParentVariables: called.propagateAllParentVariables !== false,
    };
  }
}

function addMultiInstance(source: ModdleElement, element: ExecutableElement): void {
  const loop = source.loopCharacteristics;
  const settings = loop && extension(loop, 'zeebe:LoopCharacteristics');
  if (!loop || !settings) return;
  const feel = (name: string) => attr(settings, name)?.replace(/^=/, '');
  element.multiInstance = {
    sequential: loop.isSequential === true,
    inputCollection: feel('inputCollection') ?? '',
  };
  const optional = {
    inputElement: attr(settings, 'inputElement'),
    outputCollection: attr(settings, 'outputCollection'),
    outputElement: feel('outputElement'),
    completionCondition: textOf(loop.completionCondition)?.replace(/^=/, ''),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value) Object.assign(element.multiInstance, { [key]: value });
  }
}
