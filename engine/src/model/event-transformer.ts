/**
 * The event part of an executable element: what its event definition waits for or throws.
 * Runs after validation, so references that must resolve do.
 */
import type { ExecutableElement } from './executable-model.js';
import { attr, extension, textOf, toExpression, type ModdleElement } from './moddle-element.js';

const TIMER_KINDS = [
  ['timeDuration', 'duration'],
  ['timeCycle', 'cycle'],
  ['timeDate', 'date'],
] as const;

/** Elements that open a message subscription (a receive task, or an event with a message). */
const MESSAGE_CATCHERS = new Set([
  'bpmn:StartEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:ReceiveTask',
]);

export function addEventDefinition(source: ModdleElement, element: ExecutableElement): void {
  const definition = source.eventDefinitions?.[0];
  if (MESSAGE_CATCHERS.has(source.$type)) {
    const message = source.messageRef ?? (definition?.$type === 'bpmn:MessageEventDefinition' ? definition.messageRef : undefined);
    if (message) element.message = messageOf(source, message);
  }
  if (!definition) return;

  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition': {
      const [property, kind] = TIMER_KINDS.find(([name]) => definition[name]) ?? [];
      if (property && kind) {
        element.timer = { kind, expression: toExpression(textOf(definition[property] as ModdleElement) ?? '') };
      }
      break;
    }
    case 'bpmn:SignalEventDefinition': {
      const signal = definition.signalRef as ModdleElement | undefined;
      element.signal = { name: toExpression(signal?.name ?? '') };
      break;
    }
    case 'bpmn:EscalationEventDefinition': {
      const code = (definition.escalationRef as ModdleElement | undefined)?.escalationCode;
      element.escalation = typeof code === 'string' && code !== '' ? { code: toExpression(code) } : {};
      break;
    }
    case 'bpmn:CompensateEventDefinition': {
      const activityRef = (definition.activityRef as ModdleElement | undefined)?.id;
      if (source.$type !== 'bpmn:BoundaryEvent') element.compensation = activityRef ? { activityRef } : {};
      break;
    }
    case 'bpmn:LinkEventDefinition':
      element.link = { name: typeof definition.name === 'string' ? definition.name : '' };
      break;
  }
}

/** A process start event is triggered by name alone; every other catcher correlates by key. */
function messageOf(source: ModdleElement, message: ModdleElement): NonNullable<ExecutableElement['message']> {
  const result: NonNullable<ExecutableElement['message']> = { name: toExpression(message.name ?? '') };
  const processStart = source.$type === 'bpmn:StartEvent' && source.$parent?.$type === 'bpmn:Process';
  const key = attr(extension(message, 'zeebe:Subscription'), 'correlationKey');
  if (!processStart && key !== undefined) result.correlationKey = toExpression(key);
  return result;
}
