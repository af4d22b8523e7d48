/**
 * Camunda user tasks (`zeebe:userTask`) as Zeebe 8.8 runs them: a USER_TASK is created when the
 * element activates (CREATING, CREATED; ASSIGNING, ASSIGNED for a modelled assignee), is
 * assigned, claimed, updated and completed by commands, and is canceled with its element. The
 * row in engine.user_task stays for history. Job-based user tasks are jobs of type
 * `io.camunda.zeebe:userTask` with the evaluated assignment in their headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture, from, instanceRecords, lastPosition, recordsAfter } from './records.js';

const NOW = Date.parse('2026-01-05T09:00:00+08:00');

describe('Camunda user tasks', () => {
  let h: EngineHarness;
  let formKey: string;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(NOW);
    const deployment = await h.deploy(
      fixture('case-filing.bpmn'),
      fixture('case-review.form'),
      fixture('assigned-review.bpmn'),
      fixture('hearing-notice.bpmn'),
      fixture('job-user-task.bpmn'),
    );
    formKey = deployment.forms[0]!.formKey;
  });
  afterAll(() => h?.close());

  const taskOf = async (pi: string) => {
    const [row] = await h.engine.db.query<any>(`SELECT * FROM engine.user_task WHERE process_instance_key = $1 ORDER BY key`, [pi]);
    return row;
  };
  const userTaskRecords = async (pi: string) => (await h.records({ processInstanceKey: pi, valueType: 'USER_TASK' })).filter((r) => r.recordType === 'EVENT');
  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }) => {
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };

  describe('creation', () => {
    it('creates 立案审查 for the 内勤 group with its due date, form and headers when the element activates', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '2026-01-10T09:00:00+08:00' });

      const records = await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'USER_TASK']);
      expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING review')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING review',
        'EVENT USER_TASK CREATING',
        'EVENT USER_TASK CREATED',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED review',
      ]);
      const task = await taskOf(pi);
      const [creating, created] = await userTaskRecords(pi);
      expect(created!.key).toBe(task.key);
      expect(created!.value).toEqual({
        userTaskKey: task.key,
        assignee: '',
        candidateGroupsList: ['内勤'],
        candidateUsersList: [],
        dueDate: '2026-01-15T09:00Z',
        followUpDate: '2026-01-10T01:00Z',
        formKey,
        externalFormReference: '',
        customHeaders: { stage: '立案' },
        priority: 50,
        changedAttributes: [],
        variables: {},
        action: '',
        creationTimestamp: NOW,
        elementId: 'review',
        elementInstanceKey: task.element_instance_key,
        bpmnProcessId: 'case-filing',
        processDefinitionVersion: 1,
        processDefinitionKey: task.process_definition_key,
        processInstanceKey: pi,
        tenantId: '<default>',
      });
      expect(creating!.value).toEqual(created!.value);
      expect(task).toMatchObject({
        state: 'CREATED',
        element_id: 'review',
        name: '立案审查',
        assignee: null,
        candidate_groups: ['内勤'],
        candidate_users: [],
        due_date: String(Date.parse('2026-01-15T17:00:00+08:00')),
        follow_up_date: String(Date.parse('2026-01-10T09:00:00+08:00')),
        priority: 50,
        form_key: formKey,
        external_form_reference: null,
        custom_headers: { stage: '立案' },
        creation_date: String(NOW),
        completion_date: null,
      });
    });

    it('assigns the modelled assignee once the element is activated, and evaluates FEEL candidates, priority and form reference', async () => {
      const pi = await h.createInstance('assigned-review', {
        clerk: '张三',
        reviewers: ['李四', '王五'],
        urgency: 80,
        caseNumber: '(2026)京0105执1234号',
      });

      const records = await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'USER_TASK']);
      expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING review')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING review',
        'EVENT USER_TASK CREATING',
        'EVENT USER_TASK CREATED',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED review',
        'EVENT USER_TASK ASSIGNING',
        'EVENT USER_TASK ASSIGNED',
      ]);
      const [creating, created, assigning, assigned] = await userTaskRecords(pi);
      // as in Zeebe: CREATING carries the assignee, CREATED does not, the assignment follows
      expect(creating!.value.assignee).toBe('张三');
      expect(created!.value.assignee).toBe('');
      expect(assigning!.value).toMatchObject({ assignee: '张三', changedAttributes: ['assignee'] });
      expect(assigned!.value).toMatchObject({
        assignee: '张三',
        candidateUsersList: ['李四', '王五'],
        priority: 80,
        formKey: '-1',
        externalFormReference: 'https://court.example/forms/(2026)京0105执1234号',
      });
      expect(await taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: '张三', candidate_users: ['李四', '王五'], priority: 80 });
    });
  });

  describe('commands', () => {
    it('completes the task and its element with the variables, propagated to the process', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '' });
      const task = await taskOf(pi);
      h.engine.clock.pin(NOW + 3_600_000);

      ok(await h.engine.completeUserTask(task.key, { approved: true }));

      const records = await instanceRecords(h, pi);
      expect(from(records, 'COMMAND USER_TASK COMPLETE')).toEqual([
        'COMMAND USER_TASK COMPLETE',
        'EVENT USER_TASK COMPLETING',
        'EVENT USER_TASK COMPLETED',
        'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT review',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING review',
        'EVENT VARIABLE CREATED approved=true',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED review',
        'EVENT PROCESS_INSTANCE SEQUENCE_FLOW_TAKEN f2',
        'COMMAND PROCESS_INSTANCE ACTIVATE_ELEMENT end',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATING end',
        'EVENT PROCESS_INSTANCE ELEMENT_ACTIVATED end',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING end',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED end',
        'COMMAND PROCESS_INSTANCE COMPLETE_ELEMENT case-filing',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETING case-filing',
        'EVENT PROCESS_INSTANCE ELEMENT_COMPLETED case-filing',
      ]);
      const completed = (await userTaskRecords(pi)).at(-1)!;
      expect(completed.value).toMatchObject({ variables: { approved: true }, action: 'complete', followUpDate: '' });
      expect(await h.variables(pi)).toEqual({ followUpDate: '', approved: true });
      expect(await taskOf(pi)).toMatchObject({ state: 'COMPLETED', completion_date: String(NOW + 3_600_000) });

      // a completed task is gone for commands, as in Zeebe's state
      const again = await h.engine.completeUserTask(task.key, {});
      expect(again).toEqual({
        ok: false,
        error: { intent: 'COMPLETE', type: 'NOT_FOUND', reason: `Expected to complete user task with key '${task.key}', but no such user task was found` },
      });
      h.engine.clock.pin(NOW);
    });

    it('maps the completion variables through the output mappings', async () => {
      const pi = await h.createInstance('assigned-review', { clerk: '张三', reviewers: [], urgency: 10, caseNumber: 'x' });
      const task = await taskOf(pi);

      ok(await h.engine.completeUserTask(task.key, { approved: false }));

      expect(await h.instanceState(pi)).toBe('COMPLETED');
      // the completion's own variables stay local to the task; only the mapping reaches the process
      expect(await h.variables(pi)).toMatchObject({ filingApproved: false });
      expect(await h.variables(pi)).not.toHaveProperty('approved');
      expect(await h.variables(task.element_instance_key)).toEqual({ approved: false });
    });

    it('assigns, claims and unassigns with Zeebe records, and refuses to claim a task someone else holds', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '' });
      const key = (await taskOf(pi)).key;

      let position = await lastPosition(h);
      ok(await h.engine.assignUserTask(key, '张三'));
      expect(await recordsAfter(h, position)).toEqual(['COMMAND USER_TASK ASSIGN', 'EVENT USER_TASK ASSIGNING', 'EVENT USER_TASK ASSIGNED']);
      expect((await userTaskRecords(pi)).at(-1)!.value).toMatchObject({ assignee: '张三', changedAttributes: ['assignee'], action: 'assign' });

      position = await lastPosition(h);
      const taken = await h.engine.assignUserTask(key, '李四', { allowOverride: false });
      expect(taken).toEqual({
        ok: false,
        error: { intent: 'CLAIM', type: 'INVALID_STATE', reason: `Expected to claim user task with key '${key}', but it has already been assigned` },
      });
      expect(await recordsAfter(h, position)).toEqual(['COMMAND USER_TASK CLAIM', 'COMMAND_REJECTION USER_TASK CLAIM INVALID_STATE']);

      position = await lastPosition(h);
      ok(await h.engine.assignUserTask(key, '张三', { allowOverride: false }));
      expect(await recordsAfter(h, position)).toEqual(['COMMAND USER_TASK CLAIM', 'EVENT USER_TASK CLAIMING', 'EVENT USER_TASK ASSIGNED']);
      expect((await userTaskRecords(pi)).at(-1)!.value).toMatchObject({ assignee: '张三', changedAttributes: [], action: 'claim' });

      ok(await h.engine.assignUserTask(key, '李四', { action: 'reassign' }));
      expect(await taskOf(pi)).toMatchObject({ assignee: '李四' });

      position = await lastPosition(h);
      ok(await h.engine.unassignUserTask(key));
      expect(await recordsAfter(h, position)).toEqual(['COMMAND USER_TASK ASSIGN', 'EVENT USER_TASK ASSIGNING', 'EVENT USER_TASK ASSIGNED']);
      expect((await userTaskRecords(pi)).at(-1)!.value).toMatchObject({ assignee: '', changedAttributes: ['assignee'], action: 'unassign' });
      expect(await taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: null });

      expect(await h.engine.assignUserTask(key, ' ', { allowOverride: false })).toEqual({
        ok: false,
        error: { intent: 'CLAIM', type: 'INVALID_STATE', reason: `Expected to claim user task with key '${key}', but provided assignee is empty` },
      });
    });

    it('updates candidates, dates and priority, recording only what changed', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '' });
      const key = (await taskOf(pi)).key;

      const position = await lastPosition(h);
      ok(
        await h.engine.updateUserTask(key, {
          candidateGroups: ['内勤', '立案庭'],
          candidateUsers: [],
          dueDate: '2026-01-20T17:00:00+08:00',
          priority: 80,
        }),
      );

      expect(await recordsAfter(h, position)).toEqual(['COMMAND USER_TASK UPDATE', 'EVENT USER_TASK UPDATING', 'EVENT USER_TASK UPDATED']);
      expect((await userTaskRecords(pi)).at(-1)!.value).toMatchObject({
        candidateGroupsList: ['内勤', '立案庭'],
        dueDate: '2026-01-20T09:00Z',
        priority: 80,
        changedAttributes: ['candidateGroupsList', 'dueDate', 'priority'],
        action: 'update',
      });
      expect(await taskOf(pi)).toMatchObject({
        state: 'CREATED',
        candidate_groups: ['内勤', '立案庭'],
        due_date: String(Date.parse('2026-01-20T17:00:00+08:00')),
        priority: 80,
      });

      ok(await h.engine.updateUserTask(key, { dueDate: '' }));
      expect(await taskOf(pi)).toMatchObject({ due_date: null, priority: 80 });
    });

    it('refuses an invalid changeset before it becomes a command, as Zeebe’s gateway does', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '' });
      const key = (await taskOf(pi)).key;
      const position = await lastPosition(h);

      expect(await h.engine.updateUserTask(key, { priority: 120 })).toEqual({
        ok: false,
        error: { intent: 'UPDATE', type: 'INVALID_ARGUMENT', reason: "The value for priority is '120' but must be within the [0,100] range." },
      });
      expect(await h.engine.updateUserTask(key, { followUpDate: 'next Monday' })).toEqual({
        ok: false,
        error: {
          intent: 'UPDATE',
          type: 'INVALID_ARGUMENT',
          reason: "The provided followUpDate 'next Monday' cannot be parsed as a date according to RFC 3339, section 5.6.",
        },
      });
      expect(await recordsAfter(h, position)).toEqual([]);
    });

    it('rejects commands for a task that does not exist', async () => {
      const missing = '2251799813699999';
      const position = await lastPosition(h);

      expect(await h.engine.assignUserTask(missing, '张三')).toMatchObject({
        ok: false,
        error: { type: 'NOT_FOUND', reason: `Expected to assign user task with key '${missing}', but no such user task was found` },
      });
      expect(await h.engine.updateUserTask(missing, { priority: 1 })).toMatchObject({
        ok: false,
        error: { type: 'NOT_FOUND', reason: `Expected to update user task with key '${missing}', but no such user task was found` },
      });
      expect(await recordsAfter(h, position)).toEqual([
        'COMMAND USER_TASK ASSIGN',
        'COMMAND_REJECTION USER_TASK ASSIGN NOT_FOUND',
        'COMMAND USER_TASK UPDATE',
        'COMMAND_REJECTION USER_TASK UPDATE NOT_FOUND',
      ]);
    });
  });

  describe('termination and incidents', () => {
    it('cancels the task when its element is terminated, and keeps the row', async () => {
      const pi = await h.createInstance('case-filing', { followUpDate: '' });
      const key = (await taskOf(pi)).key;

      ok(await h.engine.cancelProcessInstance(pi));

      const records = await instanceRecords(h, pi, ['PROCESS_INSTANCE', 'USER_TASK']);
      expect(from(records, 'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING review')).toEqual([
        'EVENT PROCESS_INSTANCE ELEMENT_TERMINATING review',
        'EVENT USER_TASK CANCELING',
        'EVENT USER_TASK CANCELED',
        'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED review',
        'EVENT PROCESS_INSTANCE ELEMENT_TERMINATED case-filing',
      ]);
      expect(await taskOf(pi)).toMatchObject({ state: 'CANCELED', completion_date: String(NOW) });
      expect(await h.engine.completeUserTask(key)).toMatchObject({ ok: false, error: { type: 'NOT_FOUND' } });
    });

    it('raises FORM_NOT_FOUND when the form is not deployed, and creates the task once it is', async () => {
      const pi = await h.createInstance('hearing-notice');

      const [incident] = await h.incidents(pi);
      expect(incident).toMatchObject({
        state: 'ACTIVE',
        error_type: 'FORM_NOT_FOUND',
        element_id: 'notice',
        error_message:
          "Expected to find a form with id 'hearing-notice-form', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id",
      });
      expect(await taskOf(pi)).toBeUndefined();

      const deployment = await h.deploy({ name: 'hearing-notice-form.form', xml: JSON.stringify({ id: 'hearing-notice-form', components: [] }) });
      ok(await h.engine.resolveIncident(incident.key));

      expect(await taskOf(pi)).toMatchObject({ state: 'CREATED', form_key: deployment.forms[0]!.formKey });
      expect(await h.elementEvents(pi)).toContain('ELEMENT_ACTIVATED notice');
    });

    it.each([
      [{ groups: 5, urgency: 1, due: null }, "Expected result of the expression ' groups' to be 'ARRAY', but was 'NUMBER'."],
      [
        { groups: ['内勤', 7], urgency: 1, due: null },
        "Expected result of the expression ' groups' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.",
      ],
      [{ groups: [], urgency: 1, due: 'next week' }, "Invalid date-time format 'next week' for expression ' due'."],
      [{ groups: [], urgency: 1, due: 42 }, "Expected result of the expression ' due' to be one of '[NULL, DATE_TIME, STRING]', but was 'NUMBER'."],
      [{ groups: [], urgency: 150, due: null }, "Expected priority to be in the range [0,100] but was '150'."],
    ])('raises EXTRACT_VALUE_ERROR when a property does not evaluate (%j)', async (variables, message) => {
      const pi = await h.createInstance('user-task-expressions', variables);

      const [incident] = await h.incidents(pi);
      expect(incident).toMatchObject({ error_type: 'EXTRACT_VALUE_ERROR', element_id: 'assess', error_message: message });
      expect(await taskOf(pi)).toBeUndefined();
    });
  });

  describe('job-based user tasks', () => {
    it('waits for a job of type io.camunda.zeebe:userTask with the evaluated assignment in its headers', async () => {
      const pi = await h.createInstance('job-review', { clerk: '张三' });

      const [job] = await h.activate('io.camunda.zeebe:userTask');
      expect(job).toMatchObject({
        processInstanceKey: pi,
        elementId: 'review',
        retries: 1,
        customHeaders: {
          stage: '立案',
          'io.camunda.zeebe:assignee': '张三',
          'io.camunda.zeebe:candidateGroups': '["内勤","立案庭"]',
          'io.camunda.zeebe:dueDate': '2026-01-15T09:00Z',
          'io.camunda.zeebe:formKey': formKey,
        },
      });
      ok(await h.engine.completeJob(job!.key, { approved: true }));

      expect(await h.instanceState(pi)).toBe('COMPLETED');
      expect(await h.variables(pi)).toEqual({ clerk: '张三', approved: true });
      expect(await h.records({ processInstanceKey: pi, valueType: 'USER_TASK' })).toEqual([]);
    });
  });
});
