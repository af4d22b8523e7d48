/**
 * Signals and escalations, as Zeebe's SignalValidator and EscalationValidator see them: a signal
 * that any event uses needs a name (a constant one when it starts the process), an escalation
 * that is thrown needs a code. Names and thrown codes may be FEEL, which must parse.
 */
import type { ModdleElement } from './moddle-element.js';
import { checkConstantName, collectReferrers, isProcessStart } from './message-validator.js';
import type { ProblemCollector } from './validation-problems.js';
import { checkExpression, type Report } from './zeebe-extension-validator.js';

const referenceOf = ($type: string, property: string) => (element: ModdleElement) =>
  element.eventDefinitions?.find((d) => d.$type === $type && d[property])?.[property] as ModdleElement | undefined;

export function validateSignalsAndEscalations(
  definitions: ModdleElement,
  processes: ModdleElement[],
  problems: ProblemCollector,
): void {
  const roots = definitions.rootElements ?? [];

  const signalUsers = collectReferrers(processes, referenceOf('bpmn:SignalEventDefinition', 'signalRef'));
  for (const signal of roots.filter((e) => e.$type === 'bpmn:Signal')) {
    const users = signalUsers.get(signal) ?? [];
    const report: Report = (text) => problems.add(signal.id ?? '', text);
    if (signal.name) checkExpression(signal.name, {}, report);
    if (users.length === 0) continue;
    if (!signal.name) report('Name must be present and not empty');
    for (const start of users.filter(isProcessStart)) {
      if (signal.name) checkConstantName(signal.name, 'signal', (text) => problems.add(start.id ?? '', text));
    }
  }

  const escalationUsers = collectReferrers(processes, referenceOf('bpmn:EscalationEventDefinition', 'escalationRef'));
  for (const escalation of roots.filter((e) => e.$type === 'bpmn:Escalation')) {
    const thrown = (escalationUsers.get(escalation) ?? []).some(
      (e) => e.$type === 'bpmn:EndEvent' || e.$type === 'bpmn:IntermediateThrowEvent',
    );
    if (!thrown) continue;
    const report: Report = (text) => problems.add(escalation.id ?? '', text);
    const code = escalation.escalationCode as string | undefined;
    if (!code) report('EscalationCode must be present and not empty');
    else checkExpression(code, { mandatory: true }, report);
  }
}
