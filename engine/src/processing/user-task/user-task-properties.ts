/**
 * The properties of a user task, evaluated when it is created (Zeebe's
 * `BpmnUserTaskBehavior.evaluateUserTaskExpressions`): assignee, candidate groups and users,
 * due and follow-up dates, the key of the latest form with the modelled form id, an external
 * form reference and the priority. The first failure stops the evaluation and becomes the
 * incident, with Zeebe's error type and text.
 */
import { evaluateExpression, evaluateInteger, evaluateString, feelResultType, formatWarnings } from '../../feel/feel.js';
import type { Expression } from '../../model/executable-model.js';
import { parseCsvList } from '../../model/user-task-validator.js';
import { USER_TASK_HEADERS } from '../../model/user-task-transformer.js';
import { parseDate } from '../../model/date-time.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import type { IncidentErrorType } from '../bpmn/behaviors/incident.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import { findForm, findLatestForm } from './form-deployment.js';

/** as Zeebe's UserTaskRecord holds them: '' and -1 stand for "none" */
export interface UserTaskProperties {
  assignee: string;
  candidateGroups: string[];
  candidateUsers: string[];
  /** ZonedDateTime text, '' for none */
  dueDate: string;
  followUpDate: string;
  /** key of the deployed form, '-1' for none */
  formKey: string;
  externalFormReference: string;
  priority: number;
}

export interface Failure {
  errorType: IncidentErrorType;
  message: string;
}

export const DEFAULT_PRIORITY = 50;

type Definition = NonNullable<ElementContext['element']['userTask']>;

export async function evaluateUserTaskProperties(ctx: BatchContext, el: ElementContext): Promise<Result<UserTaskProperties, Failure>> {
  const task: Definition = el.element.userTask ?? { implementation: 'zeebe' };
  const context = await visibleVariables(ctx, el.instance.key);
  const steps: [keyof UserTaskProperties, () => Promise<Result<unknown, Failure>> | Result<unknown, Failure>][] = [
    ['assignee', () => optional(task.assignee, '', (e) => stringOf(e, context))],
    ['candidateGroups', () => optional(task.candidateGroups, [], (e) => listOf(e, context))],
    ['candidateUsers', () => optional(task.candidateUsers, [], (e) => listOf(e, context))],
    ['dueDate', () => optional(task.dueDate, '', (e) => dateOf(e, context))],
    ['followUpDate', () => optional(task.followUpDate, '', (e) => dateOf(e, context))],
    ['formKey', () => (task.formId === undefined ? ok('-1') : formKeyOf(ctx, el, task.formId))],
    ['externalFormReference', () => optional(task.externalFormReference, '', (e) => stringOf(e, context))],
    ['priority', () => optional(task.priority, DEFAULT_PRIORITY, (e) => priorityOf(e, context))],
  ];
  const properties: Record<string, unknown> = {};
  for (const [name, evaluate] of steps) {
    const result = await evaluate();
    if (!result.ok) return result;
    properties[name] = result.value;
  }
  return ok(properties as unknown as UserTaskProperties);
}

const extractValueError = (message: string): Failure => ({ errorType: 'EXTRACT_VALUE_ERROR', message });

function optional<T>(expression: Expression | undefined, none: T, evaluate: (e: Expression) => Result<T, Failure>): Result<T, Failure> {
  return expression === undefined ? ok(none) : evaluate(expression);
}

/** a static text stays a string, even when it reads as a number (a user id such as 10086) */
function stringOf(expression: Expression, context: Record<string, unknown>): Result<string, Failure> {
  if (expression.kind === 'static') return ok(expression.value);
  const result = evaluateString(expression, context);
  return result.ok ? ok(result.value) : err(extractValueError(result.message));
}

/** a static comma-separated list, or FEEL giving a list of strings */
function listOf(expression: Expression, context: Record<string, unknown>): Result<string[], Failure> {
  if (expression.kind === 'static') return ok(parseCsvList(expression.value) ?? []);
  const result = evaluateExpression(expression, context);
  if (!result.ok) return err(extractValueError(result.message));
  const type = feelResultType(result.value);
  if (type !== 'ARRAY') {
    return err(extractValueError(`Expected result of the expression '${expression.expression}' to be 'ARRAY', but was '${type}'.${formatWarnings(result.warnings)}`));
  }
  const items = result.value as unknown[];
  if (!items.every((item) => typeof item === 'string')) {
    return err(
      extractValueError(
        `Expected result of the expression '${expression.expression}' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.${formatWarnings(result.warnings)}`,
      ),
    );
  }
  return ok(items as string[]);
}

/** a date-time, or none for null or an empty text; a static text was checked at deployment */
function dateOf(expression: Expression, context: Record<string, unknown>): Result<string, Failure> {
  const text = expression.kind === 'static' ? expression.value : expression.expression;
  let value: unknown = expression.kind === 'static' ? expression.value : null;
  let warnings = '';
  if (expression.kind === 'feel') {
    const result = evaluateExpression(expression, context);
    if (!result.ok) return err(extractValueError(result.message));
    value = result.value;
    warnings = formatWarnings(result.warnings);
    const type = feelResultType(value);
    // FEEL date-times arrive here as ISO texts
    if (type !== 'NULL' && type !== 'STRING') {
      return err(extractValueError(`Expected result of the expression '${text}' to be one of '[NULL, DATE_TIME, STRING]', but was '${type}'.${warnings}`));
    }
  }
  if (value === null || value === '') return ok('');
  const parsed = parseDate(value as string, { lenient: expression.kind === 'feel' });
  if (!parsed.ok) return err(extractValueError(`Invalid date-time format '${value as string}' for expression '${text}'.${warnings}`));
  return ok(formatDateTime(parsed.value));
}

function priorityOf(expression: Expression, context: Record<string, unknown>): Result<number, Failure> {
  const result = evaluateInteger(expression, context);
  if (!result.ok) return err(extractValueError(result.message));
  if (result.value < 0 || result.value > 100) {
    return err(extractValueError(`Expected priority to be in the range [0,100] but was '${result.value}'.`));
  }
  return ok(result.value);
}

/**
 * The form in the version the binding type names (the latest, the one deployed with the process,
 * or the latest with a version tag), resolved now, so a form may follow its process.
 */
async function formKeyOf(ctx: BatchContext, el: ElementContext, formId: string): Promise<Result<string, Failure>> {
  const { formBinding = 'latest', formVersionTag } = el.element.userTask!;
  const { tenantId } = el.instance;
  const notFound = (message: string) => err<Failure>({ errorType: 'FORM_NOT_FOUND', message });
  if (formBinding === 'deployment') {
    const deploymentKey = (await ctx.definitions.get(ctx.uow.tx, el.instance.processDefinitionKey))?.deploymentKey;
    const form = deploymentKey ? await findForm(ctx.uow.tx, formId, tenantId, { deploymentKey }) : undefined;
    if (form) return ok(form.key);
    return notFound(
      `Expected to use a form with id '${formId}' with binding type 'deployment', but no such form found in the deployment with key ${deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended form to use.',
    );
  }
  if (formBinding === 'versionTag') {
    const form = await findForm(ctx.uow.tx, formId, tenantId, { versionTag: formVersionTag! });
    if (form) return ok(form.key);
    // Zeebe's text ends with a line break
    return notFound(
      `Expected to use a form with id '${formId}' and version tag '${formVersionTag}', but no such form found. To resolve the incident, deploy a form with the given id and version tag.\n`,
    );
  }
  const form = await findLatestForm(ctx.uow.tx, formId, tenantId);
  if (form) return ok(form.key);
  return notFound(
    `Expected to find a form with id '${formId}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id`,
  );
}

/**
 * A job-based user task's job headers: the modelled ones, plus the evaluated assignment,
 * schedule and form key under Zeebe's `io.camunda.zeebe:*` names (lists as FEEL list literals).
 */
export async function userTaskJobHeaders(ctx: BatchContext, el: ElementContext): Promise<Result<Record<string, string>, Failure>> {
  const evaluated = await evaluateUserTaskProperties(ctx, el);
  if (!evaluated.ok) return evaluated;
  const p = evaluated.value;
  const task: Definition = el.element.userTask ?? { implementation: 'job' };
  const headers: Record<string, string> = { ...el.element.job?.headers };
  const listLiteral = (items: string[]) => `[${items.map((item) => `"${item}"`).join(',')}]`;
  if (p.assignee !== '') headers[USER_TASK_HEADERS.assignee] = p.assignee;
  if (task.candidateGroups) headers[USER_TASK_HEADERS.candidateGroups] = listLiteral(p.candidateGroups);
  if (task.candidateUsers) headers[USER_TASK_HEADERS.candidateUsers] = listLiteral(p.candidateUsers);
  if (p.dueDate !== '') headers[USER_TASK_HEADERS.dueDate] = p.dueDate;
  if (p.followUpDate !== '') headers[USER_TASK_HEADERS.followUpDate] = p.followUpDate;
  if (p.formKey !== '-1') headers[USER_TASK_HEADERS.formKey] = p.formKey;
  return ok(headers);
}

/**
 * A date-time as Zeebe's records print a ZonedDateTime (`2026-01-15T09:00Z`,
 * `2026-01-15T09:00:30.5Z`). The engine keeps instants, so every date is printed in UTC.
 */
export function formatDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-15T09:00:30.500Z
  const [date, time] = iso.slice(0, -1).split('T') as [string, string];
  const [hm, seconds] = [time.slice(0, 5), time.slice(6)];
  const [whole, millis] = seconds.split('.') as [string, string];
  const tail = millis !== '000' ? `:${whole}.${millis}` : whole !== '00' ? `:${whole}` : '';
  return `${date}T${hm}${tail}Z`;
}
