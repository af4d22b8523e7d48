/**
 * Messages, as Zeebe's MessageValidator sees them from the elements that use them: a message
 * caught inside a running instance (intermediate catch and boundary events, receive tasks, event
 * sub-process starts) needs a name and one `zeebe:subscription` with a correlation key; a message
 * thrown or sent needs a name; a message that starts the process needs a name that FEEL can
 * compute without variables, and may start it from one start event only. A subscription of a
 * message used only by process start events is ignored.
 */
import { evaluateExpression } from '../feel/feel.js';
import { attr, extensions, isEventSubProcess, toExpression, type ModdleElement } from './moddle-element.js';
import type { ProblemCollector } from './validation-problems.js';
import { checkExpression, type Report } from './zeebe-extension-validator.js';

/** The flow elements of all processes, at any depth, with the root element each one refers to. */
export function collectReferrers(
  processes: ModdleElement[],
  referenceOf: (element: ModdleElement) => ModdleElement | undefined,
): Map<ModdleElement, ModdleElement[]> {
  const users = new Map<ModdleElement, ModdleElement[]>();
  const collect = (container: ModdleElement) => {
    for (const element of container.flowElements ?? []) {
      const referenced = referenceOf(element);
      if (referenced) users.set(referenced, [...(users.get(referenced) ?? []), element]);
      if (element.flowElements) collect(element);
    }
  };
  processes.forEach(collect);
  return users;
}

export function validateMessages(definitions: ModdleElement, processes: ModdleElement[], problems: ProblemCollector): void {
  const users = collectReferrers(
    processes,
    (element) => element.messageRef ?? element.eventDefinitions?.find((d) => d.messageRef)?.messageRef,
  );

  for (const message of (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Message')) {
    const referrers = users.get(message) ?? [];
    if (referrers.length === 0) continue;
    const id = message.id ?? '';
    const report: Report = (text) => problems.add(id, text);
    const processStarts = referrers.filter(isProcessStart);
    if (!referrers.some(isSubscribing) && referrers.length === processStarts.length && processStarts.length > 1) {
      report('A message cannot be referred by more than one start event');
      continue;
    }
    if (!message.name) report('Name must be present and not empty');
    else checkExpression(message.name, {}, report);
    if (!referrers.some(isSubscribing)) continue;
    const subscriptions = extensions(message, 'zeebe:Subscription');
    if (subscriptions.length !== 1) report('Must have exactly one zeebe:subscription extension element');
    for (const subscription of subscriptions) {
      const onSubscription: Report = (text) => problems.add(id, text, `${id} > extensionElements > subscription`);
      const key = attr(subscription, 'correlationKey');
      if (!key) onSubscription("Attribute 'correlationKey' must be present and not empty");
      else checkExpression(key, { mandatory: true, nonStatic: true }, onSubscription);
    }
  }

  for (const start of [...users.values()].flat().filter(isProcessStart)) {
    const name = start.eventDefinitions?.find((d) => d.messageRef)?.messageRef?.name;
    if (name) checkConstantName(name, 'message', (text) => problems.add(start.id ?? '', text));
  }
}

/**
 * A start event of the process subscribes when the process is deployed, before any variable
 * exists: its message or signal name must be a string without variables.
 */
export function checkConstantName(name: string, kind: 'message' | 'signal', report: Report): void {
  const expression = toExpression(name);
  if (expression.kind === 'static') return;
  const value = evaluateExpression(expression, {});
  if (!value.ok) {
    if (!value.message.startsWith('failed to parse')) {
      report(`Expected constant expression but found '${name}', which could not be evaluated without context: ${value.message}`);
    }
    return;
  }
  if (typeof value.value !== 'string') {
    const type = value.value === null ? 'NULL' : typeof value.value === 'number' ? 'NUMBER' : Array.isArray(value.value) ? 'ARRAY' : typeof value.value === 'boolean' ? 'BOOLEAN' : 'OBJECT';
    report(`Expected constant expression of type String for ${kind} name '${name}', but was ${type}`);
  }
}

export function isProcessStart(element: ModdleElement): boolean {
  return element.$type === 'bpmn:StartEvent' && element.$parent?.$type === 'bpmn:Process';
}

/** Catching a message inside a running instance needs a correlation key (a process start does not). */
function isSubscribing(element: ModdleElement): boolean {
  switch (element.$type) {
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:BoundaryEvent':
    case 'bpmn:ReceiveTask':
      return true;
    case 'bpmn:StartEvent':
      return element.$parent !== undefined && isEventSubProcess(element.$parent);
    default:
      return false;
  }
}
