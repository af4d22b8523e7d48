import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblems, transformProcesses } from '../../../engine/src/model/bpmn-transformer.js';
import type { ExecutableProcess } from '../../../engine/src/model/executable-model.js';

const fixture = (name: string) => readFileSync(new URL(`./good/${name}`, import.meta.url));

async function transformOne(name: string): Promise<ExecutableProcess> {
  const result = await transformProcesses(fixture(name), name);
  if (!result.ok) throw new Error(formatProblems(name, result.problems));
  expect(result.processes).toHaveLength(1);
  return result.processes[0];
}

describe('transformProcesses: tasks, gateways and boundary events', () => {
  it('returns only the executable processes of a collaboration', async () => {
    const result = await transformProcesses(fixture('case-enforcement.bpmn'), 'case-enforcement.bpmn');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.processes.map((p) => p.bpmnProcessId)).toEqual(['case_enforcement']);
  });

  it('describes the process as a container of its flow nodes', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process).toMatchObject({ bpmnProcessId: 'case_enforcement', name: '执行案件', isExecutable: true });
    expect(process.elements.get('case_enforcement')).toMatchObject({
      type: 'PROCESS',
      eventType: 'UNSPECIFIED',
      flowScopeId: '',
      noneStartEventId: 'case_received',
      childIds: [
        'case_received', 'inquire_assets', 'assets_not_found', 'inquiry_overdue', 'has_assets', 'freeze_assets',
        'fork', 'notify_party', 'archive', 'join', 'case_done', 'case_closed', 'raise_failure', 'reminder_sent',
        'reminder_end',
      ],
    });
    // lanes, data objects, annotations, associations and groups are not flow nodes
    expect([...process.elements.keys()]).not.toContain('DataObjectReference_1');
    expect([...process.elements.keys()]).not.toContain('TextAnnotation_1');
    expect(process.sequenceFlows.size).toBe(13);
  });

  it('transforms a service task with its job, headers, mappings and boundary events', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process.elements.get('inquire_assets')).toEqual({
      id: 'inquire_assets',
      name: '查询财产',
      type: 'SERVICE_TASK',
      eventType: 'UNSPECIFIED',
      flowScopeId: 'case_enforcement',
      incoming: ['flow_start'],
      outgoing: ['flow_to_gateway'],
      inputs: [
        { source: { kind: 'feel', expression: ' caseNumber' }, target: 'number' },
        { source: { kind: 'static', value: 'static text' }, target: 'mode' },
      ],
      outputs: [{ source: { kind: 'feel', expression: ' assets' }, target: 'found.assets' }],
      job: {
        type: { kind: 'static', value: 'assets.inquire' },
        retries: { kind: 'static', value: '5' },
        headers: { system: '总对总', priority: 'high' },
      },
      boundaryEventIds: ['assets_not_found', 'inquiry_overdue'],
      childIds: [],
    });
  });

  it('keeps FEEL job properties as expressions', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process.elements.get('freeze_assets')?.job).toEqual({
      type: { kind: 'feel', expression: ' "assets." + action' },
      retries: { kind: 'feel', expression: ' maxRetries' },
      headers: {},
    });
  });

  it('attaches boundary events with their kind and interruption', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process.elements.get('assets_not_found')).toMatchObject({
      type: 'BOUNDARY_EVENT',
      eventType: 'ERROR',
      attachedToId: 'inquire_assets',
      cancelActivity: true,
      flowScopeId: 'case_enforcement',
      incoming: [],
      outgoing: ['flow_to_failure'],
      error: { errorCode: { kind: 'static', value: 'NOT_FOUND' } },
    });
    expect(process.elements.get('inquiry_overdue')).toMatchObject({
      eventType: 'TIMER',
      attachedToId: 'inquire_assets',
      cancelActivity: false,
    });
  });

  it('transforms gateways with default flows and trimmed conditions', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process.elements.get('has_assets')).toMatchObject({
      type: 'EXCLUSIVE_GATEWAY',
      defaultFlowId: 'flow_no_assets',
      incoming: ['flow_to_gateway'],
      outgoing: ['flow_freeze', 'flow_no_assets'],
    });
    expect(process.sequenceFlows.get('flow_freeze')).toEqual({
      id: 'flow_freeze',
      name: '有',
      sourceId: 'has_assets',
      targetId: 'freeze_assets',
      condition: 'total > 0',
    });
    expect(process.sequenceFlows.get('flow_no_assets')?.condition).toBeUndefined();
    expect(process.elements.get('join')).toMatchObject({
      type: 'PARALLEL_GATEWAY',
      incoming: ['flow_notify_join', 'flow_archive_join'],
      outgoing: ['flow_done'],
    });
  });

  it('transforms error end events and leaves user tasks without a job', async () => {
    const process = await transformOne('case-enforcement.bpmn');
    expect(process.elements.get('raise_failure')).toMatchObject({
      type: 'END_EVENT',
      eventType: 'ERROR',
      error: { errorCode: { kind: 'static', value: 'ENFORCEMENT_FAILED' } },
    });
    expect(process.elements.get('notify_party')).toMatchObject({ type: 'USER_TASK' });
    expect(process.elements.get('notify_party')?.job).toBeUndefined();
    expect(process.elements.get('case_done')).toMatchObject({ type: 'END_EVENT', eventType: 'NONE' });
    expect(process.elements.get('reminder_sent')).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventType: 'NONE' });
  });

  it('accepts a string as well as a Buffer', async () => {
    const result = await transformProcesses(fixture('case-enforcement.bpmn').toString('utf8'), 'x.bpmn');
    expect(result.ok).toBe(true);
  });
});

describe('transformProcesses: containers', () => {
  it('nests sub-processes with their own scope and start event', async () => {
    const process = await transformOne('containers.bpmn');
    expect(process.elements.get('collect_documents')).toMatchObject({
      type: 'SUB_PROCESS',
      flowScopeId: 'containers',
      childIds: ['collect_start', 'count_documents', 'collect_end'],
      noneStartEventId: 'collect_start',
      inputs: [{ source: { kind: 'feel', expression: ' []' }, target: 'documents' }],
    });
    expect(process.elements.get('count_documents')).toMatchObject({
      type: 'SCRIPT_TASK',
      flowScopeId: 'collect_documents',
      incoming: ['inner_1'],
      outgoing: ['inner_2'],
      script: { expression: ' count(documents)', resultVariable: 'documentCount' },
    });
    expect(process.elements.get('count_documents')?.job).toBeUndefined();
    expect(process.sequenceFlows.get('inner_1')).toEqual({ id: 'inner_1', sourceId: 'collect_start', targetId: 'count_documents' });
  });

  it('marks event sub-processes and their start events', async () => {
    const process = await transformOne('containers.bpmn');
    expect(process.elements.get('on_withdrawal')).toMatchObject({
      type: 'EVENT_SUB_PROCESS',
      flowScopeId: 'containers',
      childIds: ['withdrawal_received', 'withdrawal_end'],
      incoming: [],
    });
    expect(process.elements.get('on_withdrawal')?.noneStartEventId).toBeUndefined();
    expect(process.elements.get('withdrawal_received')).toMatchObject({
      type: 'START_EVENT',
      eventType: 'MESSAGE',
      interrupting: false,
    });
    // an error without errorCode catches every error
    expect(process.elements.get('any_error')).toMatchObject({ eventType: 'ERROR', interrupting: true, error: {} });
    expect(process.elements.get('any_error')?.error?.errorCode).toBeUndefined();
    expect(process.elements.get('containers')?.childIds).toContain('on_any_error');
  });

  it('transforms call activities, decisions and multi-instance settings', async () => {
    const process = await transformOne('containers.bpmn');
    expect(process.elements.get('call_appeal')?.calledElement).toEqual({
      processId: { kind: 'static', value: 'appeal' },
      bindingType: 'latest',
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
    expect(process.elements.get('decide_measure')).toMatchObject({
      type: 'BUSINESS_RULE_TASK',
      calledDecision: { decisionId: { kind: 'static', value: 'enforcement-measure' }, resultVariable: 'measure' },
    });
    expect(process.elements.get('decide_measure')?.job).toBeUndefined();
    expect(process.elements.get('notify_each')).toMatchObject({
      type: 'SERVICE_TASK',
      job: { type: { kind: 'static', value: 'parties.notify' }, retries: { kind: 'static', value: '3' } },
      multiInstance: {
        sequential: false,
        inputCollection: ' parties',
        inputElement: 'party',
        outputCollection: 'receipts',
        outputElement: ' receipt',
        completionCondition: ' allDone',
      },
    });
  });
});

describe('transformProcesses: events and gateways', () => {
  it('gives each event its event type', async () => {
    const process = await transformOne('events-and-gateways.bpmn');
    const eventTypes = Object.fromEntries([...process.elements.values()].map((e) => [e.id, `${e.type}/${e.eventType}`]));
    expect(eventTypes).toMatchObject({
      start: 'START_EVENT/NONE',
      start_by_message: 'START_EVENT/MESSAGE',
      start_by_timer: 'START_EVENT/TIMER',
      start_by_signal: 'START_EVENT/SIGNAL',
      which_measures: 'INCLUSIVE_GATEWAY/UNSPECIFIED',
      send_notice: 'SEND_TASK/UNSPECIFIED',
      plain_task: 'TASK/UNSPECIFIED',
      await_response: 'EVENT_BASED_GATEWAY/UNSPECIFIED',
      payment_received: 'INTERMEDIATE_CATCH_EVENT/MESSAGE',
      deadline_passed: 'INTERMEDIATE_CATCH_EVENT/TIMER',
      await_ruling: 'RECEIVE_TASK/UNSPECIFIED',
      paid: 'END_EVENT/MESSAGE',
      terminated: 'END_EVENT/TERMINATE',
      signalled: 'END_EVENT/SIGNAL',
      escalated: 'END_EVENT/ESCALATION',
    });
    expect(process.elements.get('events_and_gateways')?.noneStartEventId).toBe('start');
  });

  it('transforms inclusive and event-based gateways', async () => {
    const process = await transformOne('events-and-gateways.bpmn');
    expect(process.elements.get('which_measures')).toMatchObject({
      defaultFlowId: 'flow_default_measure',
      outgoing: ['flow_notice', 'flow_default_measure'],
    });
    expect(process.sequenceFlows.get('flow_notice')?.condition).toBe(' notify');
    expect(process.elements.get('await_response')?.outgoing).toEqual(['flow_to_payment', 'flow_to_deadline']);
    expect(process.elements.get('send_notice')?.job?.type).toEqual({ kind: 'static', value: 'notice.send' });
  });
});

describe('formatProblems', () => {
  it("prints problems grouped by element, as Zeebe's deployment rejection does", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="ServiceTask_1" />
    <bpmn:serviceTask id="ServiceTask_2">
      <bpmn:extensionElements><zeebe:taskDefinition type="" retries="x" /></bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;
    const result = await transformProcesses(xml, 'order.bpmn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatProblems('order.bpmn', result.problems)).toBe(
      "'order.bpmn': - Element: ServiceTask_1\n" +
        "    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n" +
        '- Element: ServiceTask_2 > extensionElements > taskDefinition\n' +
        "    - ERROR: Attribute 'type' must be present and not empty\n" +
        "    - ERROR: Expected static value to be a valid integer, but found 'x'.\n",
    );
    expect(result.problems[1]).toEqual({
      elementId: 'ServiceTask_2',
      elementPath: 'ServiceTask_2 > extensionElements > taskDefinition',
      message: "Attribute 'type' must be present and not empty",
    });
  });

  it('prints a resource that does not parse as one line', async () => {
    const result = await transformProcesses('<bpmn:definitions', 'broken.bpmn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].elementId).toBe('');
    expect(formatProblems('broken.bpmn', result.problems)).toMatch(
      /^'broken\.bpmn': Failed to read the resource as BPMN XML: .*\(line 1, column \d+\)$/,
    );
  });
});
