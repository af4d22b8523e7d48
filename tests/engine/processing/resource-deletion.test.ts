/**
 * Resource deletion (Zeebe 8.8's DeleteResource): a process definition without live instances
 * is deleted (RESOURCE_DELETION and PROCESS DELETING / DELETED) and no longer found by id,
 * version or key, its start events moving back to the previous version; one with live instances
 * is refused with INVALID_STATE and nothing changes; a decision requirements graph goes with its
 * decisions, a form alone; any other key is NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { lastPosition } from './records.js';
import { eventRecordsAfter } from './event-records.js';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

/** a process with a none start and a message start event, a user task to wait at, and a marker end */
const model = (id: string, marker: string) => ({
  name: `${id}.bpmn`,
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs-${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="m" name="${id}-filed" />
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
    <bpmn:startEvent id="by-message"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="by-message" targetRef="wait" />
    <bpmn:userTask id="wait"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="${marker}" /><bpmn:endEvent id="${marker}" />
  </bpmn:process>
</bpmn:definitions>`,
});

const dmn = (value: string) => ({
  name: 'fee.dmn',
  xml: `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fee-drg" name="诉讼费" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="fee" name="诉讼费档次"><variable id="v" name="fee" typeRef="string" /><literalExpression id="e"><text>"${value}"</text></literalExpression></decision>
</definitions>`,
});

describe('resource deletion', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
  });
  afterAll(() => h?.close());

  const del = (key: string) => h.engine.deleteResource(key);
  const notFound = (key: string) => ({
    ok: false,
    error: { intent: 'DELETE', type: 'NOT_FOUND', reason: `Expected to delete resource but no resource found with key \`${key}\`` },
  });
  const definitionOf = async (pi: string) =>
    (await h.engine.db.query<{ k: string }>(`SELECT process_definition_key::text AS k FROM engine.element_instance WHERE key = $1`, [pi]))[0]?.k;
  const completeWait = async (pi: string) => {
    const [task] = await h.engine.db.query<{ key: string }>(`SELECT key::text FROM engine.user_task WHERE process_instance_key = $1 AND state = 'CREATED'`, [pi]);
    const done = await h.engine.completeUserTask(task!.key);
    if (!done.ok) throw new Error(done.error.reason);
  };

  it('refuses a process definition with live instances, then deletes it once they ended', async () => {
    // given
    const deployed = await h.deploy(model('del-live', 'end'));
    const key = deployed.processes[0]!.processDefinitionKey;
    const pi = await h.createInstance('del-live');
    const position = await lastPosition(h);
    // when
    const refused = await del(key);
    // then
    expect(refused).toEqual({
      ok: false,
      error: { intent: 'DELETE', type: 'INVALID_STATE', reason: `Expected to delete resource with key \`${key}\` but there are still running instances` },
    });
    expect(await eventRecordsAfter(h, position)).toEqual(['COMMAND RESOURCE_DELETION DELETE', 'COMMAND_REJECTION RESOURCE_DELETION DELETE INVALID_STATE']);
    expect(await h.createInstance('del-live')).toMatch(/^\d+$/);

    // when the instances ended
    await h.engine.cancelProcessInstance((await h.engine.db.query<{ key: string }>(`SELECT key::text FROM engine.element_instance WHERE process_definition_key = $1 AND element_type = 'PROCESS' AND key <> $2`, [key, pi]))[0]!.key);
    await completeWait(pi);
    const after = await lastPosition(h);
    expect(await del(key)).toEqual({ ok: true, value: undefined });
    expect(await eventRecordsAfter(h, after)).toEqual([
      'COMMAND RESOURCE_DELETION DELETE',
      'EVENT RESOURCE_DELETION DELETING',
      'EVENT PROCESS DELETING',
      'EVENT MESSAGE_START_EVENT_SUBSCRIPTION DELETED by-message',
      'EVENT PROCESS DELETED',
      'EVENT RESOURCE_DELETION DELETED',
    ]);
    // then the process is gone: by id, by key, and for its message start event
    expect(await h.engine.createProcessInstance({ bpmnProcessId: 'del-live' })).toMatchObject({ ok: false, error: { type: 'NOT_FOUND' } });
    expect(await h.engine.createProcessInstance({ processDefinitionKey: key })).toMatchObject({
      ok: false,
      error: { type: 'NOT_FOUND', reason: `Expected to find process definition with key '${key}', but none found` },
    });
    expect(await h.engine.correlateMessage({ name: 'del-live-filed', correlationKey: 'x' })).toMatchObject({ ok: false, error: { type: 'NOT_FOUND' } });
    expect(await del(key)).toEqual(notFound(key));
  });

  it('deleting the latest version makes the previous one the latest again, start events included', async () => {
    const v1 = (await h.deploy(model('del-versions', 'end-v1'))).processes[0]!;
    const v2 = (await h.deploy(model('del-versions', 'end-v2'))).processes[0]!;
    expect(await del(v2.processDefinitionKey)).toEqual({ ok: true, value: undefined });

    expect(await definitionOf(await h.createInstance('del-versions'))).toBe(v1.processDefinitionKey);
    const started = await h.engine.correlateMessage({ name: 'del-versions-filed', correlationKey: '(2030)豫01执600号' });
    if (!started.ok) throw new Error(started.error.reason);
    expect(await definitionOf(started.value.processInstanceKey)).toBe(v1.processDefinitionKey);
    // a deleted version number is not given out again
    expect((await h.deploy(model('del-versions', 'end-v3'))).processes[0]!.version).toBe(3);
  });

  it('deletes a decision requirements graph with its decisions; the previous version is evaluated again', async () => {
    const first = await h.deploy(dmn('一档'));
    const second = await h.deploy(dmn('二档'));
    const drgKey = second.decisionRequirements[0]!.decisionRequirementsKey;
    const position = await lastPosition(h);
    expect(await del(drgKey)).toEqual({ ok: true, value: undefined });
    expect(await eventRecordsAfter(h, position)).toEqual([
      'COMMAND RESOURCE_DELETION DELETE',
      'EVENT RESOURCE_DELETION DELETING',
      'EVENT DECISION DELETED',
      'EVENT DECISION_REQUIREMENTS DELETED',
      'EVENT RESOURCE_DELETION DELETED',
    ]);
    const evaluated = await h.engine.evaluateDecision({ decisionId: 'fee' });
    expect(evaluated).toMatchObject({ ok: true, value: { decisionKey: first.decisions[0]!.decisionKey, decisionOutput: '一档' } });
    // a decision's own key is not a resource, as in Zeebe
    const decisionKey = first.decisions[0]!.decisionKey;
    expect(await del(decisionKey)).toEqual(notFound(decisionKey));
    expect(await h.engine.evaluateDecision({ decisionKey: second.decisions[0]!.decisionKey })).toMatchObject({ ok: false, error: { type: 'NOT_FOUND' } });
  });

  it('deletes a form', async () => {
    const deployed = await h.deploy({ name: 'notice.form', xml: JSON.stringify({ id: 'notice-form', type: 'default', components: [] }) });
    const formKey = deployed.forms[0]!.formKey;
    const position = await lastPosition(h);
    expect(await del(formKey)).toEqual({ ok: true, value: undefined });
    expect(await eventRecordsAfter(h, position)).toEqual([
      'COMMAND RESOURCE_DELETION DELETE',
      'EVENT RESOURCE_DELETION DELETING',
      'EVENT FORM DELETED',
      'EVENT RESOURCE_DELETION DELETED',
    ]);
    expect(await del(formKey)).toEqual(notFound(formKey));
  });

  it('answers NOT_FOUND for an unknown key', async () => {
    expect(await del('2251799813000001')).toEqual(notFound('2251799813000001'));
  });
});
