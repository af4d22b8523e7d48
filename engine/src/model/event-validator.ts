/**
 * Event definitions of one event (Zeebe's Timer-, Signal-, Escalation-, LinkEventDefinition and
 * TimerCatchEventExpression validators) and the rules that tie an event's definition to where it
 * sits: interrupting timers with cycles, non-interrupting kinds, escalation boundary events.
 */
import { evaluateExpression, formatWarnings } from '../feel/feel.js';
import { nextDueDate } from './timer-expressions.js';
import { textOf, toExpression, type ModdleElement } from './moddle-element.js';
import { checkExpression, type Report } from './zeebe-extension-validator.js';

const TIMER_KINDS = { timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const;

/** Problems of one event definition; `onDefinition` reports on it, `onEvent` on its event. */
export function validateEventDefinition(
  event: ModdleElement,
  definition: ModdleElement,
  onDefinition: Report,
  onEvent: Report,
): void {
  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition':
      validateTimer(event, definition, onDefinition, onEvent);
      break;
    case 'bpmn:SignalEventDefinition':
      if (!definition.signalRef) onDefinition('Must reference a signal');
      break;
    case 'bpmn:EscalationEventDefinition': {
      const escalation = definition.escalationRef as ModdleElement | undefined;
      const throws = event.$type === 'bpmn:IntermediateThrowEvent' || event.$type === 'bpmn:EndEvent';
      if (throws && !escalation) onDefinition('Must reference an escalation');
      const code = escalation?.escalationCode;
      if (!throws && typeof code === 'string' && code.startsWith('=')) {
        onDefinition('The escalationCode of the escalation catch event is not allowed to be an expression');
      }
      break;
    }
    case 'bpmn:LinkEventDefinition':
      if (!definition.name) onDefinition('Link name must be present and not empty.');
      break;
  }
}

function validateTimer(event: ModdleElement, definition: ModdleElement, onDefinition: Report, onEvent: Report): void {
  const kinds = (Object.keys(TIMER_KINDS) as (keyof typeof TIMER_KINDS)[]).filter((kind) => definition[kind]);
  if (kinds.length !== 1) {
    onDefinition('Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
  }
  for (const kind of kinds) checkExpression(textOf(definition[kind] as ModdleElement), {}, onDefinition);
  if (kinds.length === 0) return;

  // static texts are checked now; FEEL too on process start events, which have no variables yet
  const kind = TIMER_KINDS[kinds[0]];
  const text = textOf(definition[kinds[0]] as ModdleElement) ?? '';
  const expression = toExpression(text);
  const processStart = event.$type === 'bpmn:StartEvent' && event.$parent?.$type === 'bpmn:Process';
  if (expression.kind === 'feel' && !processStart) return;
  const value = evaluateExpression(expression, {});
  if (!value.ok) {
    if (!value.message.startsWith('failed to parse')) onEvent(`Invalid timer ${kind} expression (${value.message})`);
    return; // a syntax error is reported above
  }
  const label = expression.kind === 'feel' ? expression.expression : expression.value;
  const schedule = nextDueDate({ kind, value: value.value, expression: label, lenient: expression.kind === 'feel' }, Date.now());
  if (!schedule.ok) {
    const warnings = schedule.error.startsWith('Expected result') ? formatWarnings(value.warnings) : '';
    onEvent(`Invalid timer ${kind} expression (${schedule.error}${warnings})`);
  } else if (!Number.isFinite(schedule.value.dueDate) || Math.abs(schedule.value.dueDate) > 8.64e15) {
    onEvent('Timer duration is too large and results in arithmetic overflow. Please use a smaller duration value.');
  }
}

const NON_INTERRUPTING = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:EscalationEventDefinition',
  'bpmn:ConditionalEventDefinition',
]);

/**
 * Boundary events and event sub-process start events: only some kinds may leave the activity
 * running, and an interrupting timer fires once, so it cannot have a cycle.
 */
export function checkInterrupting(event: ModdleElement, interrupting: boolean, report: Report): void {
  for (const definition of event.eventDefinitions ?? []) {
    if (!interrupting && !NON_INTERRUPTING.has(definition.$type)) {
      report('Non-Interrupting event of this type is not allowed');
    }
    if (interrupting && definition.$type === 'bpmn:TimerEventDefinition' && definition.timeCycle) {
      report('Interrupting timer event with time cycle is not allowed.');
    }
  }
}

/** Escalations are thrown by sub-processes and called processes only. */
export function checkEscalationBoundary(boundary: ModdleElement, report: Report): void {
  const escalates = (boundary.eventDefinitions ?? []).some((d) => d.$type === 'bpmn:EscalationEventDefinition');
  const host = boundary.attachedToRef?.$type;
  if (escalates && host !== 'bpmn:SubProcess' && host !== 'bpmn:CallActivity') {
    report('An escalation boundary event should only be attached to a subprocess, or a call activity.');
  }
}
