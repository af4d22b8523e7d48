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
  'timer-type-count.bpmn': [
    ['wait_without_type', 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle'],
    ['wait_without_type', 'Intermediate timer catch event must have either a time duration or a time date.'],
    ['wait_two_types', 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle'],
  ],
  'timer-invalid-texts.bpmn': [
    ['wait_bad_duration', "Invalid timer duration expression (Invalid duration format '6 months' for expression '6 months'.)"],
    ['wait_bad_date', "Invalid timer date expression (Invalid date-time format '2026-12-01T10:00:00' for expression '2026-12-01T10:00:00'.)"],
    ['wait_bad_feel', "failed to parse expression ' duration(': unexpected end of expression"],
    ['start_bad_cycle', 'Invalid timer cycle expression (No interval given)'],
    ['start_bad_cron', 'Invalid timer cycle expression (Cron expression contains 5 parts but we expect one of [6])'],
  ],
  'timer-start-needs-constant.bpmn': [
    [
      'start_at_hearing',
      "Invalid timer date expression (Expected result of the expression ' hearingDate' to be one of '[DATE_TIME, STRING]', but was 'NULL'. The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'hearingDate')",
    ],
  ],
  'timer-cycle-interrupting.bpmn': [
    ['every_hour', 'Interrupting timer event with time cycle is not allowed.'],
    ['on_daily', 'Interrupting timer event with time cycle is not allowed.'],
  ],
  'non-interrupting-kinds.bpmn': [
    ['error_keeps_running', 'Non-Interrupting event of this type is not allowed'],
    ['on_error', 'Non-Interrupting event of this type is not allowed'],
  ],
  'message-start-events.bpmn': [
    ['message_start_events', "Multiple message event definitions with the same name 'case-transferred' are not allowed."],
    ['Message_Filed', 'A message cannot be referred by more than one start event'],
    ['filed_by_court', `Expected constant expression of type String for message name '= court + "-filed"', but was NULL`],
  ],
  'message-throw-without-job.bpmn': [
    ['notify_bank', "Must have either one 'zeebe:publishMessage' or one 'zeebe:taskDefinition' extension element"],
    ['notify_party', "Must have either one 'zeebe:publishMessage' or one 'zeebe:taskDefinition' extension element"],
    ['notify_twice', "Must have either one 'zeebe:publishMessage' or one 'zeebe:taskDefinition' extension element"],
    ['notify_twice', "Must have exactly one 'zeebe:taskDefinition' extension element when exists."],
  ],
  'receive-task-boundary-message.bpmn': [['await_payment', 'Cannot reference the same message name as a boundary event']],
  'signals.bpmn': [
    ['signals', "Multiple signal event definitions with the same name 'court-closed' are not allowed."],
    ['await_signal', 'Must reference a signal'],
    ['by_court', "Expected constant expression of type String for signal name '= court', but was NULL"],
    ['Signal_Nameless', 'Name must be present and not empty'],
  ],
  'escalations.bpmn': [
    ['enforce', 'The same scope can not contain more than one escalation catch event without escalation code.'],
    ['escalate_nothing', 'Must reference an escalation'],
    ['late_by_expression', 'The escalationCode of the escalation catch event is not allowed to be an expression'],
    ['escalation_on_task', 'An escalation boundary event should only be attached to a subprocess, or a call activity.'],
    ['Escalation_Codeless', 'EscalationCode must be present and not empty'],
  ],
  'links.bpmn': [
    ['links', "Multiple intermediate catch link event definitions with the same name 'review' are not allowed."],
    ['links', "Can't find an catch link event for the throw link event with the name 'appeal'."],
    ['jump_nameless', 'Link name must be present and not empty.'],
  ],
  'event-based-gateway-targets.bpmn': [
    ['await_response', "Multiple message event definitions with the same name 'payment' are not allowed."],
    ['await_response', 'Target elements of an event gateway must not have any additional incoming sequence flows'],
  ],
  'catch-event-duplicates.bpmn': [
    ['catch_event_duplicates', 'The same scope can not contain more than one error catch event without error code.'],
    ['inquire', "Multiple message event definitions with the same name 'withdrawal' are not allowed."],
    ['inquire', "Multiple error catch events with the same error code 'NOT_FOUND' are not supported on the same scope."],
  ],
  'user-task-assignment.bpmn': [
    ['review', "failed to parse expression ' judge('"],
    ['review', "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found '执行一庭, ,执行二庭'."],
    ['review', "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'zhang,li,'."],
  ],
  'user-task-schedule.bpmn': [
    ['review', "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found '2026-12-01'."],
    ['review', "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found 'next week'."],
  ],
  'user-task-priority.bpmn': [
    ['urgent', "Priority must be a number between 0 and 100, but was '150'"],
    ['high', "Expected static value to be a valid Number between 0 and 100, but found 'high'."],
    ['unset', "Attribute 'priority' must be present and not empty"],
  ],
  'user-task-forms.bpmn': [
    ['user_task_forms', 'User task form text content has to be present and not empty'],
    ['both_forms', "Exactly one of the attributes 'formId, externalReference' must be present and not blank for native user tasks"],
    ['form_key_on_camunda_task', "Exactly one of the attributes 'formId, externalReference' must be present and not blank for native user tasks"],
    ['job_task_both_forms', "Exactly one of the attributes 'formId, formKey' must be present and not blank"],
    ['bad_binding', "Attribute 'bindingType' must be one of: deployment, latest, versionTag"],
  ],
  'duplicate-extension-elements.bpmn': [
    ['review', "Must have exactly one 'zeebe:userTask' extension element when exists."],
    ['review', "Must have exactly one 'zeebe:assignmentDefinition' extension element when exists."],
    ['inquire', "Must have exactly one 'zeebe:ioMapping' extension element when exists."],
  ],
  'multi-instance-outputs.bpmn': [
    ['notify_each', "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set"],
    ['freeze_each', "Attribute 'inputCollection' must be present and not empty"],
    ['freeze_each', "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set"],
  ],
  'called-resources.bpmn': [
    ['triage', `failed to parse expression ' "triage-" +'`],
    ['triage', "Attribute 'resultVariable' must be present and not empty"],
    ['triage', "Attribute 'bindingType' must be one of: deployment, latest, versionTag"],
    ['compute_fee', "Expected expression but found static value 'amount * 0.01'."],
    ['call_appeal', "Attribute 'processId' must be present and not empty"],
    ['call_appeal', "Attribute 'versionTag' must be present and not empty when 'bindingType' is 'versionTag'"],
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

  it('names the extension element or event definition a problem sits on', async () => {
    const paths = async (file: string) => {
      const result = await transformProcesses(readFileSync(new URL(file, brokenDir)), file);
      return result.ok ? [] : result.problems.map((p) => p.elementPath ?? p.elementId);
    };
    expect(await paths('timer-type-count.bpmn')).toEqual(['timer_none', 'wait_without_type', 'timer_two']);
    expect(await paths('user-task-priority.bpmn')).toEqual([
      'urgent > extensionElements > priorityDefinition',
      'high > extensionElements > priorityDefinition',
      'unset > extensionElements > priorityDefinition',
    ]);
    expect(await paths('multi-instance-outputs.bpmn')).toContain(
      'notify_each > multiInstanceLoopCharacteristics > extensionElements > loopCharacteristics',
    );
    expect(await paths('links.bpmn')).toEqual(['links', 'links', 'link_nameless']);
  });

  it('lists every problem of a resource, in document order, not just the first', async () => {
    const result = await transformProcesses(readFileSync(new URL('many-problems.bpmn', brokenDir)), 'many-problems.bpmn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.elementId)).toEqual(corpus['many-problems.bpmn'].map(([id]) => id));
    result.problems.forEach((problem, i) => expect(problem.message).toContain(corpus['many-problems.bpmn'][i][1]));
  });
});
