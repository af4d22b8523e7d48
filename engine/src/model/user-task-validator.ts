/**
 * The Zeebe extension elements of user tasks: assignment, schedule, priority and form, worded as
 * Zeebe's validators word their findings. Static values must already be what the engine needs
 * (comma-separated lists, zoned date-times, a priority 0–100); FEEL must parse.
 */
import { parseDate } from './timer-expressions.js';
import { attr, extension, extensions, ownAttr, type ModdleElement } from './moddle-element.js';
import type { ProblemCollector } from './validation-problems.js';
import { checkBindingType, checkExpression, type Report } from './zeebe-extension-validator.js';

const CSV = "be a list of comma-separated values, e.g. 'a,b,c'";
const DATE_TIME = "be a valid DateTime String, e.g. '2023-03-02T15:35+02:00'";
const PRIORITY = 'be a valid Number between 0 and 100';

/**
 * A static candidate list as Zeebe reads it: comma-separated, trimmed; an empty text is an empty
 * list; a blank entry (`a, ,c` or a trailing comma) makes it no list at all.
 */
export function parseCsvList(value: string): string[] | undefined {
  if (value === '') return [];
  const parts = value.split(',');
  return parts.every((part) => part.trim() !== '') ? parts.map((part) => part.trim()) : undefined;
}

export function validateUserTask(task: ModdleElement, problems: ProblemCollector): void {
  const id = task.id ?? '';
  const at = (name: string): Report => (message) => problems.add(id, message, `${id} > extensionElements > ${name}`);

  for (const assignment of extensions(task, 'zeebe:AssignmentDefinition')) {
    const report = at('assignmentDefinition');
    checkExpression(attr(assignment, 'assignee'), {}, report);
    for (const name of ['candidateGroups', 'candidateUsers']) {
      const value = attr(assignment, name);
      checkExpression(value, {}, report);
      if (value !== undefined && isStatic(value) && parseCsvList(value) === undefined) {
        report(`Expected static value to ${CSV}, but found '${value}'.`);
      }
    }
  }
  for (const schedule of extensions(task, 'zeebe:TaskSchedule')) {
    const report = at('taskSchedule');
    for (const name of ['dueDate', 'followUpDate']) {
      const value = attr(schedule, name);
      checkExpression(value, {}, report);
      if (value !== undefined && isStatic(value) && !parseDate(value).ok) {
        report(`Expected static value to ${DATE_TIME}, but found '${value}'.`);
      }
    }
  }
  for (const definition of extensions(task, 'zeebe:PriorityDefinition')) {
    checkPriority(attr(definition, 'priority'), at('priorityDefinition'));
  }
  for (const form of extensions(task, 'zeebe:FormDefinition')) {
    checkFormDefinition(form, extension(task, 'zeebe:UserTask') !== undefined, at('formDefinition'));
  }
}

function checkPriority(priority: string | undefined, report: Report): void {
  if (priority === undefined || priority === '') {
    report("Attribute 'priority' must be present and not empty");
    return;
  }
  checkExpression(priority, { mandatory: true }, report);
  if (!isStatic(priority)) return;
  if (!/^\s*[+-]?\d+\s*$/.test(priority)) {
    report(`Expected static value to ${PRIORITY}, but found '${priority}'.`);
  } else if (Number(priority) < 0 || Number(priority) > 100) {
    report(`Priority must be a number between 0 and 100, but was '${priority}'`);
  }
}

/** A Camunda user task links a deployed form or an external one; a job-based one a form id or key. */
function checkFormDefinition(form: ModdleElement, camundaUserTask: boolean, report: Report): void {
  const blank = (name: string) => (attr(form, name) ?? '').trim() === '';
  const [other, suffix] = camundaUserTask ? ['externalReference', ' for native user tasks'] : ['formKey', ''];
  if (blank('formId') === blank(other)) {
    report(`Exactly one of the attributes 'formId, ${other}' must be present and not blank${suffix}`);
  }
  if (!blank(other) && ownAttr(form, 'bindingType') !== undefined) {
    report(`Attribute '${other}' must not be used in combination with attribute 'bindingType'`);
  }
  checkBindingType(form, report);
}

/** Embedded forms of job-based user tasks (`camunda-forms:bpmn:<id>`) live on the process. */
export function validateUserTaskForms(process: ModdleElement, problems: ProblemCollector): void {
  const id = process.id ?? '';
  for (const form of extensions(process, 'zeebe:UserTaskForm')) {
    if (typeof form.body !== 'string' || form.body === '') {
      problems.add(id, 'User task form text content has to be present and not empty', `${id} > extensionElements > userTaskForm`);
    }
  }
}

const isStatic = (value: string): boolean => !(value.length > 1 && value.startsWith('='));
