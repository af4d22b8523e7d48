/**
 * A Camunda user task whose assignment or schedule expressions evaluate to null, as Zeebe 8.8
 * handles it (BpmnUserTaskBehavior with ExpressionProcessor): assignee is evaluated as a STRING and
 * candidateGroups / candidateUsers as an ARRAY of strings, so null is an EXTRACT_VALUE_ERROR
 * incident (no unassigned task); dueDate and followUpDate are nullable date-times, so null means
 * no date. Resolving the incident after setting the variable creates the task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-null-assign" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="null-assignment" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handle" />
    <bpmn:userTask id="handle" name="承办">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition assignee="=assignee" candidateGroups="=groups" candidateUsers="=users" />
        <zeebe:taskSchedule dueDate="=due" followUpDate="=followUp" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="handle" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('user task: assignment and schedule expressions that evaluate to null', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy({ name: 'null-assignment.bpmn', xml });
  });
  afterAll(() => h?.close());

  const taskOf = async (pi: string) => {
    const [row] = await h.engine.db.query<any>(`SELECT * FROM engine.user_task WHERE process_instance_key = $1`, [pi]);
    return row;
  };
  const valid = { assignee: '张法官', groups: ['执行实施团队'], users: ['李书记员'], due: null, followUp: null };

  it('null due and follow-up dates create the task without dates', async () => {
    const pi = await h.createInstance('null-assignment', valid);
    expect(await h.incidents(pi)).toEqual([]);
    expect(await taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: '张法官', due_date: null, follow_up_date: null });
  });

  it.each([
    ['assignee', { ...valid, assignee: null }, "Expected result of the expression 'assignee' to be 'STRING', but was 'NULL'."],
    ['candidateGroups', { ...valid, groups: null }, "Expected result of the expression 'groups' to be 'ARRAY', but was 'NULL'."],
    ['candidateUsers', { ...valid, users: null }, "Expected result of the expression 'users' to be 'ARRAY', but was 'NULL'."],
  ])('a null %s is an EXTRACT_VALUE_ERROR incident, not an unassigned task', async (_property, variables, message) => {
    const pi = await h.createInstance('null-assignment', variables);
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({ state: 'ACTIVE', error_type: 'EXTRACT_VALUE_ERROR', element_id: 'handle', error_message: message });
    expect(await taskOf(pi)).toBeUndefined();
  });

  it('a missing assignee variable names it in the incident, and the task is created once it is set', async () => {
    const { assignee: _omitted, ...withoutAssignee } = valid;
    const pi = await h.createInstance('null-assignment', withoutAssignee);
    const [incident] = await h.incidents(pi);
    expect(incident).toMatchObject({
      error_type: 'EXTRACT_VALUE_ERROR',
      error_message:
        "Expected result of the expression 'assignee' to be 'STRING', but was 'NULL'. The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'assignee'",
    });
    // when
    const set = await h.engine.setVariables({ elementInstanceKey: pi, variables: { assignee: '王法官' }, local: false });
    expect(set.ok).toBe(true);
    expect((await h.engine.resolveIncident(incident.key)).ok).toBe(true);
    // then
    expect(await taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: '王法官' });
  });
});
