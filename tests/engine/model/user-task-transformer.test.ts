import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblems, transformProcesses } from '../../../engine/src/model/bpmn-transformer.js';
import type { ExecutableProcess } from '../../../engine/src/model/executable-model.js';
import { userTaskJobHeaders } from '../../../engine/src/model/user-task-transformer.js';
import { parseCsvList } from '../../../engine/src/model/user-task-validator.js';

async function transformGood(name: string): Promise<ExecutableProcess> {
  const result = await transformProcesses(readFileSync(new URL(`./good/${name}`, import.meta.url)), name);
  if (!result.ok) throw new Error(formatProblems(name, result.problems));
  return result.processes[0];
}

const feel = (expression: string) => ({ kind: 'feel', expression });
const text = (value: string) => ({ kind: 'static', value });

describe('transformProcesses: user tasks', () => {
  it('transforms a Camunda user task with assignment, schedule, priority, form and headers', async () => {
    const process = await transformGood('user-tasks.bpmn');
    const task = process.elements.get('review_ruling');
    expect(task?.userTask).toEqual({
      implementation: 'zeebe',
      assignee: text('zhang.san'),
      candidateGroups: text('执行一庭, 执行二庭'),
      candidateUsers: feel(' reviewers'),
      dueDate: text('2026-12-01T17:00:00+08:00'),
      followUpDate: feel(' followUp'),
      priority: text('80'),
      formId: 'ruling-review',
      headers: { kind: 'ruling' }, // headers with an empty value are dropped, as Zeebe does
    });
    expect(task?.job).toBeUndefined();
    expect(parseCsvList('执行一庭, 执行二庭')).toEqual(['执行一庭', '执行二庭']);
  });

  it('leaves blank attributes out and keeps an external form reference', async () => {
    const process = await transformGood('user-tasks.bpmn');
    expect(process.elements.get('sign_external')?.userTask).toEqual({
      implementation: 'zeebe',
      priority: feel(' urgency'),
      externalFormReference: feel(' formUrl'),
    });
  });

  it('makes a user task without zeebe:userTask a job of type io.camunda.zeebe:userTask', async () => {
    const process = await transformGood('user-tasks.bpmn');
    const task = process.elements.get('legacy_notice');
    expect(task?.userTask).toEqual({
      implementation: 'job',
      assignee: feel(' clerk'),
      candidateGroups: text('书记员'),
      dueDate: feel(' dueDate'),
      formKey: 'camunda-forms:bpmn:UserTaskForm_Notice',
    });
    // Zeebe ignores the priority of job-based user tasks and gives their job one retry
    expect(task?.job).toEqual({
      type: text('io.camunda.zeebe:userTask'),
      retries: text('1'),
      headers: { documentType: '执行通知书', 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:UserTaskForm_Notice' },
    });
    expect(process.elements.get('legacy_linked')).toMatchObject({
      userTask: { implementation: 'job', formId: 'notice-form' },
      job: { type: text('io.camunda.zeebe:userTask'), headers: {} },
    });
    expect(process.elements.get('plain_user_task')?.userTask).toEqual({ implementation: 'job' });
  });

  it('builds the job headers of a job-based user task from its evaluated assignment', async () => {
    const process = await transformGood('user-tasks.bpmn');
    const job = process.elements.get('legacy_notice')?.job;
    expect(
      userTaskJobHeaders(job?.headers ?? {}, {
        assignee: 'wang.wu',
        candidateGroups: ['书记员'],
        candidateUsers: [],
        dueDate: '2026-12-01T17:00:00+08:00',
      }),
    ).toEqual({
      documentType: '执行通知书',
      'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:UserTaskForm_Notice',
      'io.camunda.zeebe:assignee': 'wang.wu',
      'io.camunda.zeebe:candidateGroups': '["书记员"]',
      'io.camunda.zeebe:dueDate': '2026-12-01T17:00:00+08:00',
    });
  });
});

describe('transformProcesses: decisions, scripts, called processes and multi-instance', () => {
  it('keeps FEEL decision and process ids as expressions', async () => {
    const process = await transformGood('called-resources.bpmn');
    expect(process.elements.get('triage')).toMatchObject({
      calledDecision: { decisionId: feel(' "triage-" + court'), resultVariable: 'team' },
    });
    expect(process.elements.get('triage')?.job).toBeUndefined();
    expect(process.elements.get('triage_by_worker')?.job?.type).toEqual(text('rules.triage'));
    expect(process.elements.get('compute_fee')?.script).toEqual({ expression: ' amount * 0.01', resultVariable: 'fee' });
    expect(process.elements.get('call_sub')?.calledElement).toEqual({
      processId: feel(' subProcessId'),
      bindingType: 'latest',
      propagateAllChildVariables: true,
      propagateAllParentVariables: false,
    });
    expect(process.elements.get('freeze_each')?.multiInstance).toEqual({ sequential: true, inputCollection: ' accounts' });
  });

  it('reads static candidate lists as Zeebe does', () => {
    expect(parseCsvList('a,b , c')).toEqual(['a', 'b', 'c']);
    expect(parseCsvList('')).toEqual([]);
    expect(parseCsvList('a, ,c')).toBeUndefined();
    expect(parseCsvList('a,b,')).toBeUndefined();
  });
});
