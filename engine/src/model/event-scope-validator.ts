/**
 * Rules over the events of one scope (Zeebe's ModelUtil checks): the events that can trigger
 * at the same time must be distinguishable (message, signal and link names; one catch-all
 * error or escalation handler, distinct codes), every link throw needs its catch, and an
 * event-based gateway waits for distinct events that only it leads to.
 */
import { isEventSubProcess, type ModdleElement } from './moddle-element.js';
import type { Report } from './zeebe-extension-validator.js';

const definitionsOf = (events: ModdleElement[]): ModdleElement[] => events.flatMap((e) => e.eventDefinitions ?? []);
const ofType = (definitions: ModdleElement[], $type: string) => definitions.filter((d) => d.$type === $type);

/** A process or sub-process: its event sub-processes, start events and link events. */
export function validateEventScope(scope: ModdleElement, report: Report): void {
  const children = scope.flowElements ?? [];
  const eventSubProcessStarts = children
    .filter(isEventSubProcess)
    .flatMap((sub) => (sub.flowElements ?? []).filter((e) => e.$type === 'bpmn:StartEvent'));
  checkDistinctTriggers(definitionsOf(eventSubProcessStarts), report);
  checkDistinctHandlers(definitionsOf(eventSubProcessStarts), report);

  if (scope.$type === 'bpmn:Process') {
    const starts = definitionsOf(children.filter((e) => e.$type === 'bpmn:StartEvent'));
    // a message referred by two start events is the message validator's finding
    const messages = ofType(starts, 'bpmn:MessageEventDefinition').filter(
      (d, i, all) => all.findIndex((other) => other.messageRef === d.messageRef) === i,
    );
    checkDistinctTriggers(messages, report);
    checkDistinctTriggers(ofType(starts, 'bpmn:SignalEventDefinition'), report);
  }
  const catches = children.filter((e) => e.$type === 'bpmn:IntermediateCatchEvent');
  checkDistinctTriggers(ofType(definitionsOf(catches), 'bpmn:LinkEventDefinition'), report);
  checkLinks(scope, report);
}

/** An activity's boundary events. */
export function validateBoundaryEvents(boundaries: ModdleElement[], report: Report): void {
  checkDistinctTriggers(definitionsOf(boundaries), report);
  checkDistinctHandlers(definitionsOf(boundaries), report);
}

/** Events that wait together must not listen for the same message, signal or link name. */
export function checkDistinctTriggers(definitions: ModdleElement[], report: Report): void {
  const named = [
    ['message', 'bpmn:MessageEventDefinition', (d: ModdleElement) => d.messageRef?.name],
    ['signal', 'bpmn:SignalEventDefinition', (d: ModdleElement) => (d.signalRef as ModdleElement | undefined)?.name],
    ['link', 'bpmn:LinkEventDefinition', (d: ModdleElement) => d.name],
  ] as const;
  for (const [kind, $type, nameOf] of named) {
    for (const name of duplicates(ofType(definitions, $type).map(nameOf))) {
      report(
        kind === 'link'
          ? `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`
          : `Multiple ${kind} event definitions with the same name '${name}' are not allowed.`,
      );
    }
  }
}

/** One catch-all handler at most, and no two handlers for the same error or escalation code. */
function checkDistinctHandlers(definitions: ModdleElement[], report: Report): void {
  const kinds = [
    ['error', 'bpmn:ErrorEventDefinition', 'errorRef', 'errorCode'],
    ['escalation', 'bpmn:EscalationEventDefinition', 'escalationRef', 'escalationCode'],
  ] as const;
  for (const [kind, $type, ref, codeAttribute] of kinds) {
    const references = ofType(definitions, $type).map((d) => d[ref] as ModdleElement | undefined);
    const catchAll = `The same scope can not contain more than one ${kind} catch event without ${kind} code. An ${kind} catch event without ${kind} code catches all ${kind}s.`;
    const codes = references.filter((r) => r !== undefined).map((r) => r[codeAttribute] as string | undefined);
    if (references.filter((r) => r === undefined).length > 1 || codes.filter((c) => c === undefined).length > 1) {
      report(catchAll);
    }
    for (const code of duplicates(codes)) {
      report(`Multiple ${kind} catch events with the same ${kind} code '${code}' are not supported on the same scope.`);
    }
  }
}

/** Catch link names are unique in a scope, and a throw jumps to a catch of the same scope. */
function checkLinks(scope: ModdleElement, report: Report): void {
  const children = scope.flowElements ?? [];
  const linkNames = ($type: string) =>
    ofType(definitionsOf(children.filter((e) => e.$type === $type)), 'bpmn:LinkEventDefinition')
      .map((d) => d.name)
      .filter((name): name is string => typeof name === 'string' && name !== '');
  const catches = linkNames('bpmn:IntermediateCatchEvent');
  for (const name of new Set(linkNames('bpmn:IntermediateThrowEvent'))) {
    if (!catches.includes(name)) report(`Can't find an catch link event for the throw link event with the name '${name}'.`);
  }
}

function duplicates(names: (string | undefined)[]): string[] {
  const present = names.filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(present.filter((name, i) => present.indexOf(name) !== i))];
}

const GATEWAY_EVENT_DEFINITIONS = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:ConditionalEventDefinition',
]);
/** The gateway waits for the first of its events: each must be distinct and reachable only from it. */
export function validateEventBasedGateway(
  gateway: ModdleElement,
  outgoing: ModdleElement[],
  incomingOf: (target: ModdleElement) => ModdleElement[],
  report: Report,
): void {
  if (outgoing.length < 2) report('Event-based gateway must have at least 2 outgoing sequence flows.');
  if (!outgoing.every((flow) => isGatewayEvent(flow.targetRef))) {
    report(
      'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal/conditional intermediate catch events.',
    );
  }
  const targets = outgoing.map((flow) => flow.targetRef).filter((target) => target !== undefined);
  const targetDefinitions = targets
    .filter((target) => target.$type === 'bpmn:IntermediateCatchEvent')
    .flatMap((target) => target.eventDefinitions ?? [])
    .filter((d) => d.$type !== 'bpmn:LinkEventDefinition');
  checkDistinctTriggers(targetDefinitions, report);
  const otherSources = targets.some((target) => incomingOf(target).some((flow) => flow.sourceRef !== gateway));
  if (otherSources) {
    report(
      'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
    );
  }
}

function isGatewayEvent(target: ModdleElement | undefined): boolean {
  const definitions = target?.eventDefinitions ?? [];
  return (
    target?.$type === 'bpmn:IntermediateCatchEvent' &&
    definitions.length === 1 &&
    GATEWAY_EVENT_DEFINITIONS.has(definitions[0].$type)
  );
}
