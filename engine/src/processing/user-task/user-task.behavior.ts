/**
 * Camunda user tasks (`zeebe:userTask`) as Zeebe 8.8 keeps them: created with the element
 * (CREATING, CREATED, then ASSIGNING, ASSIGNED when the model names an assignee), canceled with
 * it (CANCELING, CANCELED). The record value is Zeebe's UserTaskRecord; the row in
 * engine.user_task keeps the same facts (dates as instants) and stays for history.
 */
import type { Variables } from '../../engine-api.js';
import type { UserTaskRow } from '../../state/tables.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import { formatDateTime, type UserTaskProperties } from './user-task-properties.js';

/** the fields a record adds to the task's state: what changed, why, and with which variables */
export interface RecordExtras {
  assignee?: string;
  changedAttributes?: string[];
  variables?: Variables;
  action?: string;
}

/** Zeebe's UserTaskRecord value for a stored task */
export function userTaskValue(task: UserTaskRow, extras: RecordExtras = {}): Record<string, unknown> {
  return {
    userTaskKey: task.key,
    assignee: extras.assignee ?? task.assignee ?? '',
    candidateGroupsList: task.candidateGroups,
    candidateUsersList: task.candidateUsers,
    dueDate: task.dueDate === null ? '' : formatDateTime(task.dueDate),
    followUpDate: task.followUpDate === null ? '' : formatDateTime(task.followUpDate),
    formKey: task.formKey ?? '-1',
    externalFormReference: task.externalFormReference ?? '',
    customHeaders: task.customHeaders,
    priority: task.priority,
    changedAttributes: extras.changedAttributes ?? [],
    variables: extras.variables ?? {},
    action: extras.action ?? '',
    creationTimestamp: task.creationDate,
    elementId: task.elementId,
    elementInstanceKey: task.elementInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    processDefinitionVersion: task.version,
    processDefinitionKey: task.processDefinitionKey,
    processInstanceKey: task.processInstanceKey,
    tenantId: task.tenantId,
  };
}

/**
 * CREATING carries the modelled assignee; CREATED does not: the assignment follows as its own
 * transition once the element is ACTIVATED (`assignOnCreation`).
 */
export async function createUserTask(ctx: BatchContext, el: ElementContext, props: UserTaskProperties): Promise<UserTaskRow> {
  const i = el.instance;
  const key = ctx.nextKey();
  await ctx.writeEvent(key, 'USER_TASK', 'CREATING', {
    userTaskKey: key,
    assignee: props.assignee,
    candidateGroupsList: props.candidateGroups,
    candidateUsersList: props.candidateUsers,
    dueDate: props.dueDate,
    followUpDate: props.followUpDate,
    formKey: props.formKey,
    externalFormReference: props.externalFormReference,
    customHeaders: el.element.userTask?.headers ?? {},
    priority: props.priority,
    changedAttributes: [],
    variables: {},
    action: '',
    creationTimestamp: ctx.now,
    elementId: i.elementId,
    elementInstanceKey: i.key,
    bpmnProcessId: i.bpmnProcessId,
    processDefinitionVersion: i.version,
    processDefinitionKey: i.processDefinitionKey,
    processInstanceKey: i.processInstanceKey,
    tenantId: i.tenantId,
  });
  const task = (await ctx.uow.getUserTask(key))!;
  await ctx.writeEvent(key, 'USER_TASK', 'CREATED', userTaskValue(task));
  return task;
}

export async function assignOnCreation(ctx: BatchContext, task: UserTaskRow, assignee: string): Promise<void> {
  const value = userTaskValue(task, { assignee, changedAttributes: ['assignee'] });
  await ctx.writeEvent(task.key, 'USER_TASK', 'ASSIGNING', value);
  await ctx.writeEvent(task.key, 'USER_TASK', 'ASSIGNED', value);
}

/** the element's live task, if any, ends with it */
export async function cancelUserTaskOf(ctx: BatchContext, elementInstanceKey: string): Promise<void> {
  const task = await ctx.uow.getUserTaskOfElement(elementInstanceKey);
  if (!task) return;
  await ctx.writeEvent(task.key, 'USER_TASK', 'CANCELING', userTaskValue(task));
  await ctx.writeEvent(task.key, 'USER_TASK', 'CANCELED', userTaskValue(task));
}
