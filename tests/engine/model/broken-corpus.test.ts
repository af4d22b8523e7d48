/**
 * Every file in broken/ must be rejected with exactly the listed problems: the element each
 * problem names, and a part of its message (Zeebe's wording where Zeebe has one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transformProcesses } from '../../../engine/src/model/bpmn-transformer.js';

type Expected = [elementId: string, messagePart: string];

const UNSUPPORTED = 'are currently not supported. Please refer to the documentation';

const corpus: Record<string, Expected[]> = {
  'not-xml.bpmn': [['', 'Failed to read the resource as BPMN XML: closing tag mismatch at </bpmn:process> (line 5, column 3)']],
  'duplicate-ids.bpmn': [['end', "Duplicate id 'end'"]],
  'missing-ids.bpmn': [
    ['', "Attribute 'id' must be present and not empty"],
    ['', "Attribute 'id' must be present and not empty"],
  ],
  'no-executable-process.bpmn': [['Definitions_1', 'Must contain at least one executable process']],
  'no-start-event.bpmn': [['no_start', 'Must have at least one start event']],
  'multiple-none-start-events.bpmn': [['two_starts', 'Multiple none start events are not allowed']],
  'unsupported-elements.bpmn': [
    ['complex', `Elements of type 'ComplexGateway' ${UNSUPPORTED}`],
    ['transaction', `Elements of type 'Transaction' ${UNSUPPORTED}`],
  ],
  'unknown-bpmn-element.bpmn': [['frobnicate', 'Unknown BPMN element <bpmn:frobnicateTask> (line 5, column 5)']],
  'service-task-without-task-definition.bpmn': [
    ['check_assets', "Must have exactly one 'zeebe:taskDefinition' extension element"],
  ],
  'job-tasks-without-definition.bpmn': [
    ['send_notice', "Must have either one 'zeebe:publishMessage' or one 'zeebe:taskDefinition' extension element"],
    ['compute_fee', "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element"],
    ['decide_measure', "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element"],
    ['call_sub', "Must have exactly one 'zeebe:calledElement' extension element"],
  ],
  'empty-task-type.bpmn': [['freeze_account', "Attribute 'type' must be present and not empty"]],
  'invalid-feel-in-task.bpmn': [
    ['notify_party', `failed to parse expression ' "notify." +'`],
    ['notify_party', "failed to parse expression ' foo('"],
    ['notify_party', "failed to parse expression ' a +'"],
    ['notify_party', "failed to parse expression ' [1, 2'"],
  ],
  'invalid-conditions.bpmn': [
    ['flow_broken', "failed to parse expression ' amount >': unexpected end of expression at line 1, column 10"],
    ['flow_static', "Expected expression but found static value 'amount > 5'. An expression must start with '=' (e.g. '=amount > 5')."],
  ],
  'condition-on-task-flow.bpmn': [
    ['review', 'Conditional sequence flows are only supported at exclusive or inclusive gateway'],
  ],
  'dangling-sequence-flows.bpmn': [
    ['flow_no_source', 'SequenceFlow is missing required attribute sourceRef'],
    ['flow_unknown_target', "SequenceFlow has targetRef 'Missing_Task' which cannot be resolved"],
  ],
  'exclusive-gateway-without-condition.bpmn': [['flow_b', 'Must have a condition or be default flow']],
  'inclusive-gateway-without-condition.bpmn': [['flow_a', 'Must have a condition']],
  'default-flow-not-from-gateway.bpmn': [
    ['gateway', 'Default flow must start at gateway'],
    ['gateway_dangling', "Default flow 'Flow_Nowhere' cannot be resolved"],
  ],
  'boundary-events-not-attached.bpmn': [
    ['boundary_nothing', 'Must be attached to an activity'],
    ['boundary_gateway', 'Must be attached to an activity'],
  ],
  'error-end-events-without-code.bpmn': [
    ['end_no_ref', 'Must reference an error'],
    ['end_no_code', 'ErrorCode must be present and not empty'],
    ['end_bad_feel', "failed to parse expression ' code +'"],
  ],
  'error-catch-with-expression-code.bpmn': [
    ['catch_error', 'The errorCode of the error catch event is not allowed to be an expression'],
  ],
  'empty-mapping-targets.bpmn': [
    ['lookup', 'Expected path expression but not found.'],
    ['lookup', "Expected path expression 'case result' but doesn't match the pattern"],
    ['lookup', "Expected expression but found static value 'result'"],
  ],
  'retries-not-integer.bpmn': [
    ['task_words', "Expected static value to be a valid integer, but found 'three'."],
    ['task_decimal', "Expected static value to be a valid integer, but found '2.5'."],
    ['task_empty', "Attribute 'retries' must be present and not empty"],
  ],
  'subprocess-start-events.bpmn': [
    ['sub_without_start', 'Must have exactly one start event'],
    ['sub_timer_start', 'Start events in subprocesses must be of type none'],
    ['event_sub_none_start', 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation'],
  ],
  'event-definitions.bpmn': [
    ['catch_none', 'Must have exactly one event definition'],
    ['catch_timer_cycle', 'Intermediate timer catch event must have either a time duration or a time date.'],
    ['end_cancel', 'Event definition of this type is not supported'],
    ['end_cancel', 'End events must be one of: none, error, message, terminate, signal, escalation or compensation'],
    ['end_with_outgoing', 'End events must not have outgoing sequence flows to other elements.'],
  ],
  'event-based-gateway.bpmn': [
    ['race', 'Event-based gateway must have at least 2 outgoing sequence flows.'],
    ['race', 'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal/conditional intermediate catch events.'],
  ],
  'messages.bpmn': [
    ['wait_without_message', 'Must reference a message'],
    ['Message_Ruling', 'Name must be present and not empty'],
    ['Message_Ruling', 'Must have exactly one zeebe:subscription extension element'],
    ['Message_Payment', "Expected expression but found static value 'caseNumber'"],
  ],
  'many-problems.bpmn': [
    ['many_problems', 'Must have at least one start event'],
    ['task_no_definition', "Must have exactly one 'zeebe:taskDefinition' extension element"],
    ['task_bad_type', "failed to parse expression ' a +'"],
    ['task_bad_type', 'Expected path expression but not found.'],
    ['complex', `Elements of type 'ComplexGateway' ${UNSUPPORTED}`],
    ['boundary_nothing', 'Must be attached to an activity'],
    ['error_end', 'Must reference an error'],
    ['flow_a', 'Must have a condition or be default flow'],
    ['flow_b', "failed to parse expression ' foo('"],
    ['flow_dangling', "SequenceFlow has targetRef 'Nowhere' which cannot be resolved"],
    ['flow_dangling', 'Must have a condition or be default flow'],
  ],
};

const brokenDir = new URL('./broken/', import.meta.url);

describe('broken BPMN corpus', () => {
  it('has an entry for every file in broken/', () => {
    const files = readdirSync(brokenDir).filter((f) => f.endsWith('.bpmn')).sort();
    expect(files).toEqual(Object.keys(corpus).sort());
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(Object.entries(corpus))('%s is rejected with exactly its problems', async (file, expected) => {
    const result = await transformProcesses(readFileSync(new URL(file, brokenDir)), file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map((p) => [p.elementId, p.message]);
    expect(found).toHaveLength(expected.length);
    for (const [elementId, part] of expected) {
      expect(found, `${elementId}: ${part}`).toContainEqual([elementId, expect.stringContaining(part)]);
    }
  });

  it('lists every problem of a resource, in document order, not just the first', async () => {
    const result = await transformProcesses(readFileSync(new URL('many-problems.bpmn', brokenDir)), 'many-problems.bpmn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.elementId)).toEqual(corpus['many-problems.bpmn'].map(([id]) => id));
    result.problems.forEach((problem, i) => expect(problem.message).toContain(corpus['many-problems.bpmn'][i][1]));
  });
});
