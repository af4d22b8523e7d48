/**
 * User tasks as Zeebe 8.8 transforms them: with `zeebe:userTask` a Camunda user task that the
 * engine manages itself; without it a job-based user task, i.e. a job of type
 * `io.camunda.zeebe:userTask` (one retry) whose form key travels in the job's headers. The
 * assignment and schedule of a job-based task are evaluated when its job is created and become
 * the `io.camunda.zeebe:assignee` … `io.camunda.zeebe:followUpDate` headers there.
 */
import type { ExecutableElement } from './executable-model.js';
import { attr, binding, extension, extensions, toExpression, type ModdleElement } from './moddle-element.js';

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
export const USER_TASK_HEADERS = {
  formKey: 'io.camunda.zeebe:formKey',
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
} as const;

type UserTask = NonNullable<ExecutableElement['userTask']>;

export function addUserTask(source: ModdleElement, element: ExecutableElement): void {
  const camunda = extension(source, 'zeebe:UserTask') !== undefined;
  const userTask: UserTask = { implementation: camunda ? 'zeebe' : 'job' };
  const set = (key: 'assignee' | 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate' | 'priority' | 'externalFormReference', value: string | undefined) => {
    // Zeebe ignores blank values
    if (value !== undefined && value.trim() !== '') userTask[key] = toExpression(value);
  };

  const assignment = extension(source, 'zeebe:AssignmentDefinition');
  set('assignee', attr(assignment, 'assignee'));
  set('candidateGroups', attr(assignment, 'candidateGroups'));
  set('candidateUsers', attr(assignment, 'candidateUsers'));
  const schedule = extension(source, 'zeebe:TaskSchedule');
  set('dueDate', attr(schedule, 'dueDate'));
  set('followUpDate', attr(schedule, 'followUpDate'));

  const form = extension(source, 'zeebe:FormDefinition');
  const formId = attr(form, 'formId');
  if (formId !== undefined && formId.trim() !== '') {
    userTask.formId = formId;
    const { bindingType, versionTag } = binding(form!);
    if (bindingType !== 'latest') userTask.formBinding = bindingType;
    if (versionTag) userTask.formVersionTag = versionTag;
  }
  const headers = customHeaders(source);
  if (camunda) {
    set('priority', attr(extension(source, 'zeebe:PriorityDefinition'), 'priority')?.trim());
    set('externalFormReference', attr(form, 'externalReference'));
    if (Object.keys(headers).length > 0) userTask.headers = headers;
  } else {
    const formKey = attr(form, 'formKey');
    if (formKey !== undefined && formKey.trim() !== '') {
      userTask.formKey = formKey;
      headers[USER_TASK_HEADERS.formKey] = formKey;
    }
    element.job = {
      type: { kind: 'static', value: USER_TASK_JOB_TYPE },
      retries: { kind: 'static', value: '1' },
      headers,
    };
  }
  element.userTask = userTask;
}

/** The evaluated assignment and schedule of a job-based user task, when its job is created. */
export interface UserTaskJobValues {
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** ISO 8601 date-times */
  dueDate?: string;
  followUpDate?: string;
}

/**
 * The headers of a job-based user task's job: the model's headers (with the form key) plus the
 * evaluated values, lists as JSON arrays; empty values are left out, as Zeebe does.
 */
export function userTaskJobHeaders(modelHeaders: Record<string, string>, values: UserTaskJobValues): Record<string, string> {
  const headers = { ...modelHeaders };
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') headers[key] = value;
  };
  put(USER_TASK_HEADERS.assignee, values.assignee);
  if (values.candidateGroups?.length) put(USER_TASK_HEADERS.candidateGroups, JSON.stringify(values.candidateGroups));
  if (values.candidateUsers?.length) put(USER_TASK_HEADERS.candidateUsers, JSON.stringify(values.candidateUsers));
  put(USER_TASK_HEADERS.dueDate, values.dueDate);
  put(USER_TASK_HEADERS.followUpDate, values.followUpDate);
  return headers;
}

/** `zeebe:taskHeaders` of a user task; Zeebe drops headers with an empty key or value. */
function customHeaders(source: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const group of extensions(source, 'zeebe:TaskHeaders')) {
    for (const header of (group.values as ModdleElement[] | undefined) ?? []) {
      const key = attr(header, 'key');
      const value = attr(header, 'value');
      if (key && value) headers[key] = value;
    }
  }
  return headers;
}
