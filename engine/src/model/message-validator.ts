/**
 * Messages used by catching elements need a name and one `zeebe:subscription` with a
 * correlation key; messages used by start or throw events need a name (Zeebe's MessageValidator).
 */
import { attr, extensions, isEventSubProcess, type ModdleElement } from './moddle-element.js';
import type { ProblemCollector } from './validation-problems.js';
import { checkExpression, type Report } from './zeebe-extension-validator.js';

export function validateMessages(definitions: ModdleElement, processes: ModdleElement[], problems: ProblemCollector): void {
  const users = new Map<ModdleElement, ModdleElement[]>();
  const collect = (container: ModdleElement) => {
    for (const element of container.flowElements ?? []) {
      const message =
        element.messageRef ?? element.eventDefinitions?.find((d) => d.messageRef)?.messageRef;
      if (message) users.set(message, [...(users.get(message) ?? []), element]);
      if (element.flowElements) collect(element);
    }
  };
  processes.forEach(collect);

  for (const message of (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Message')) {
    const referrers = users.get(message) ?? [];
    if (referrers.length === 0) continue;
    const id = message.id ?? '';
    const report: Report = (text) => problems.add(id, text);
    if (!message.name) report('Name must be present and not empty');
    else checkExpression(message.name, {}, report);
    const catching = referrers.some((element) => isSubscribing(element));
    if (!catching) continue;
    const subscriptions = extensions(message, 'zeebe:Subscription');
    if (subscriptions.length !== 1) report('Must have exactly one zeebe:subscription extension element');
    for (const subscription of subscriptions) {
      const onSubscription: Report = (text) => problems.add(id, text, `${id} > extensionElements > subscription`);
      const key = attr(subscription, 'correlationKey');
      if (!key) onSubscription("Attribute 'correlationKey' must be present and not empty");
      else checkExpression(key, { mandatory: true, nonStatic: true }, onSubscription);
    }
  }
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
