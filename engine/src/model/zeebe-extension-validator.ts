/**
 * Validation of the Zeebe extension elements of one flow node (task definition, io mappings,
 * headers, script, called decision / element, multi-instance; which of them an element must or
 * may have once), worded as Zeebe's validators word their findings, and of the expressions in
 * them. User task extensions are checked in user-task-validator.ts.
 */
import { parseFeel } from '../feel/feel.js';
import { attr, extension, extensions, isMessageThrowEvent, ownAttr, textOf, type ModdleElement } from './moddle-element.js';
import type { ProblemCollector } from './validation-problems.js';

/** Reports one finding about the element currently being validated. */
export type Report = (message: string) => void;

export interface ExpressionRule {
  /** a missing value is a problem */
  mandatory?: boolean;
  /** a static value is a problem: it must be FEEL (`=…`) */
  nonStatic?: boolean;
}

/** Checks one Zeebe expression attribute: presence, FEEL syntax, static-ness. */
export function checkExpression(value: string | undefined, rule: ExpressionRule, report: Report): void {
  if (value === undefined) {
    if (rule.mandatory) report('Expected expression but not found.');
    return;
  }
  if (value.length > 1 && value.startsWith('=')) {
    const parsed = parseFeel(value.slice(1));
    if (!parsed.ok) report(parsed.message);
    return;
  }
  if (rule.nonStatic) {
    report(
      `Expected expression but found static value '${value}'. An expression must start with '=' (e.g. '=${value}').`,
    );
  }
}

const PATH_PATTERN = '[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*';
const PATH_RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

/** A mapping target: a variable name or a dotted path into one. */
export function checkPath(value: string | undefined, report: Report): void {
  if (value === undefined || value === '') {
    report('Expected path expression but not found.');
    return;
  }
  if (!new RegExp(`^${PATH_PATTERN}$`).test(value)) {
    report(`Expected path expression '${value}' but doesn't match the pattern '${PATH_PATTERN}'.`);
  }
  if (PATH_RESERVED_WORDS.includes(value)) {
    report(
      `Expected path expression '${value}' but is one of the reserved words (${PATH_RESERVED_WORDS.join(', ')}).`,
    );
  }
}

function requireAttribute(element: ModdleElement, name: string, report: Report): string | undefined {
  const value = attr(element, name);
  if (value === undefined || value === '') {
    report(`Attribute '${name}' must be present and not empty`);
    return undefined;
  }
  return value;
}

/** Which extension element makes a task executable, by task kind (besides a task definition). */
const ALTERNATIVES: Readonly<Record<string, string | undefined>> = {
  'bpmn:SendTask': 'publishMessage',
  'bpmn:ScriptTask': 'script',
  'bpmn:BusinessRuleTask': 'calledDecision',
};

export function validateExtensions(element: ModdleElement, problems: ProblemCollector): void {
  const id = element.id ?? '';
  const at = (path: string): Report => (message) => problems.add(id, message, path);
  const onElement: Report = (message) => problems.add(id, message);
  const base = `${id} > extensionElements`;

  const taskDefinitions = extensions(element, 'zeebe:TaskDefinition');
  if (element.$type === 'bpmn:ServiceTask' && taskDefinitions.length !== 1) {
    onElement("Must have exactly one 'zeebe:taskDefinition' extension element");
  }
  const alternative = ALTERNATIVES[element.$type] ?? (isMessageThrowEvent(element) ? 'publishMessage' : undefined);
  if (alternative !== undefined) {
    const others = extensions(element, `zeebe:${alternative[0].toUpperCase()}${alternative.slice(1)}`);
    const exactlyOne =
      (others.length === 1 && taskDefinitions.length === 0) ||
      (others.length === 0 && taskDefinitions.length === 1);
    if (!exactlyOne) {
      onElement(`Must have either one 'zeebe:${alternative}' or one 'zeebe:taskDefinition' extension element`);
    }
  }
  if (element.$type === 'bpmn:CallActivity' && extensions(element, 'zeebe:CalledElement').length !== 1) {
    onElement("Must have exactly one 'zeebe:calledElement' extension element");
  }

  for (const definition of taskDefinitions) {
    const report = at(`${base} > taskDefinition`);
    const type = requireAttribute(definition, 'type', report);
    if (type !== undefined) checkExpression(type, { mandatory: true }, report);
    const retries = attr(definition, 'retries');
    if (retries === '') report("Attribute 'retries' must be present and not empty");
    else if (retries !== undefined) checkRetries(retries, report);
  }
  for (const script of extensions(element, 'zeebe:Script')) {
    const report = at(`${base} > script`);
    const expression = requireAttribute(script, 'expression', report);
    if (expression !== undefined) checkExpression(expression, { mandatory: true, nonStatic: true }, report);
    requireAttribute(script, 'resultVariable', report);
  }
  for (const decision of extensions(element, 'zeebe:CalledDecision')) {
    const report = at(`${base} > calledDecision`);
    const decisionId = requireAttribute(decision, 'decisionId', report);
    if (decisionId !== undefined) checkExpression(decisionId, { mandatory: true }, report);
    requireAttribute(decision, 'resultVariable', report);
    checkBindingType(decision, report);
  }
  for (const called of extensions(element, 'zeebe:CalledElement')) {
    const report = at(`${base} > calledElement`);
    const processId = requireAttribute(called, 'processId', report);
    if (processId !== undefined) checkExpression(processId, { mandatory: true }, report);
    checkBindingType(called, report);
  }
  checkDuplicates(element, onElement);
  for (const headers of extensions(element, 'zeebe:TaskHeaders')) {
    checkHeaders(headers, at(`${base} > taskHeaders`));
  }
  for (const mapping of extensions(element, 'zeebe:IoMapping')) {
    for (const input of (mapping.inputParameters as ModdleElement[] | undefined) ?? []) {
      const report = at(`${base} > ioMapping > input`);
      checkExpression(attr(input, 'source'), { mandatory: true }, report);
      checkPath(attr(input, 'target'), report);
    }
    for (const output of (mapping.outputParameters as ModdleElement[] | undefined) ?? []) {
      const report = at(`${base} > ioMapping > output`);
      checkExpression(attr(output, 'source'), { mandatory: true, nonStatic: true }, report);
      checkPath(attr(output, 'target'), report);
    }
  }
  validateLoopCharacteristics(element, problems);
}

/** Extension elements that an element may have once, by element kind (Zeebe's duplication validators). */
const SINGLE_EXTENSIONS: Readonly<Record<string, string[]>> = {
  'bpmn:ServiceTask': ['taskHeaders'],
  'bpmn:SendTask': ['taskHeaders'],
  'bpmn:UserTask': ['userTask', 'assignmentDefinition', 'formDefinition', 'taskHeaders', 'taskSchedule', 'priorityDefinition'],
  'bpmn:BusinessRuleTask': ['taskDefinition', 'taskHeaders', 'calledDecision'],
  'bpmn:ScriptTask': ['script', 'taskDefinition', 'taskHeaders'],
  'bpmn:EndEvent': ['taskDefinition'],
  'bpmn:IntermediateThrowEvent': ['taskDefinition'],
};

function checkDuplicates(element: ModdleElement, report: Report): void {
  for (const name of ['ioMapping', ...(SINGLE_EXTENSIONS[element.$type] ?? [])]) {
    if (extensions(element, `zeebe:${name[0].toUpperCase()}${name.slice(1)}`).length > 1) {
      report(
        `Must have exactly one 'zeebe:${name}' extension element when exists. Please check process definition XML and retain only one extension element.`,
      );
    }
  }
}

const BINDING_TYPES = ['deployment', 'latest', 'versionTag'];

/** Which version of a called decision, process or form: Zeebe knows three bindings. */
export function checkBindingType(element: ModdleElement, report: Report): void {
  const bindingType = ownAttr(element, 'bindingType');
  if (bindingType !== undefined && !BINDING_TYPES.includes(bindingType)) {
    report(`Attribute 'bindingType' must be one of: ${BINDING_TYPES.join(', ')}`);
  }
  if (bindingType === 'versionTag' && (attr(element, 'versionTag') ?? '').trim() === '') {
    report("Attribute 'versionTag' must be present and not empty when 'bindingType' is 'versionTag'");
  }
}

/** Retries are evaluated to a number when the job is created; a static value must be one. */
function checkRetries(retries: string, report: Report): void {
  if (retries.length > 1 && retries.startsWith('=')) {
    checkExpression(retries, { mandatory: true }, report);
  } else if (!/^\s*[+-]?\d+\s*$/.test(retries)) {
    report(`Expected static value to be a valid integer, but found '${retries}'.`);
  }
}

const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

function checkHeaders(headers: ModdleElement, report: Report): void {
  const seen = new Map<string, number>();
  for (const header of (headers.values as ModdleElement[] | undefined) ?? []) {
    const key = attr(header, 'key');
    if (key === undefined) continue;
    if (key.startsWith(RESERVED_HEADER_PREFIX)) {
      report(
        `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`,
      );
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, count] of seen) {
    if (count > 1) report(`Headers contain duplicate entries for key '${key}'`);
  }
}

function validateLoopCharacteristics(element: ModdleElement, problems: ProblemCollector): void {
  const loop = element.loopCharacteristics;
  if (!loop) return;
  const id = element.id ?? '';
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.add(id, 'Standard loop characteristics are not supported; use multi-instance instead');
    return;
  }
  const path = `${id} > multiInstanceLoopCharacteristics`;
  const report: Report = (message) => problems.add(id, message, path);
  const zeebeLoop = extensions(loop, 'zeebe:LoopCharacteristics');
  if (zeebeLoop.length !== 1) {
    report("Must have exactly one 'zeebe:loopCharacteristics' extension element");
  }
  const settings = extension(loop, 'zeebe:LoopCharacteristics');
  if (settings) {
    const reportSettings: Report = (message) =>
      problems.add(id, message, `${path} > extensionElements > loopCharacteristics`);
    const inputCollection = attr(settings, 'inputCollection');
    if (!inputCollection) reportSettings("Attribute 'inputCollection' must be present and not empty");
    else checkExpression(inputCollection, { mandatory: true, nonStatic: true }, reportSettings);
    checkExpression(attr(settings, 'outputElement') || undefined, { nonStatic: true }, reportSettings);
    const outputCollection = attr(settings, 'outputCollection') || undefined;
    const outputElement = attr(settings, 'outputElement') || undefined;
    if (outputCollection && !outputElement) {
      reportSettings("Attribute 'outputElement' must be present if the attribute 'outputCollection' is set");
    } else if (outputElement && !outputCollection) {
      reportSettings("Attribute 'outputCollection' must be present if the attribute 'outputElement' is set");
    }
  }
  checkExpression(textOf(loop.completionCondition), {}, report);
}
