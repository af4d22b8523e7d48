/**
 * USER_TASK UPDATE: changes the candidates, dates or priority of a task. Only what differs from
 * the task is a change (`changedAttributes`); UPDATING, UPDATED are written even when nothing
 * changed, as in Zeebe. The changeset is checked first, as Zeebe's gateway checks it.
 */
import type { Rejection, UserTaskChangeset } from '../../engine-api.js';
import { parseDate } from '../../model/date-time.js';
import type { UserTaskRow } from '../../state/tables.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import { requireUserTask } from './user-task-command-guard.js';
import { userTaskValue } from './user-task.behavior.js';

export async function updateUserTask(ctx: BatchContext, userTaskKey: string, changeset: UserTaskChangeset, action?: string): Promise<Result<void, Rejection>> {
  const changes = checkChangeset(changeset);
  if (!changes.ok) return changes;
  const extras = { action: action || 'update' };
  const found = await requireUserTask(ctx, 'UPDATE', 'update', userTaskKey, extras);
  if (!found.ok) return found;
  const task = found.value;
  const updated: UserTaskRow = { ...task };
  const changedAttributes: string[] = [];
  for (const [attribute, column, next] of changes.value) {
    if (JSON.stringify(task[column]) === JSON.stringify(next)) continue;
    Object.assign(updated, { [column]: next });
    changedAttributes.push(attribute);
  }
  const value = userTaskValue(updated, { ...extras, changedAttributes });
  await ctx.writeEvent(task.key, 'USER_TASK', 'UPDATING', value);
  await ctx.writeEvent(task.key, 'USER_TASK', 'UPDATED', value);
  return ok(undefined);
}

type Change = [attribute: string, column: keyof UserTaskRow, value: unknown];

/** the changeset as [record attribute, row column, new value], or Zeebe's gateway refusal */
function checkChangeset(changeset: UserTaskChangeset): Result<Change[], Rejection> {
  const invalid = (reason: string) => err<Rejection>({ intent: 'UPDATE', type: 'INVALID_ARGUMENT', reason });
  const changes: Change[] = [];
  for (const [attribute, column, list] of [
    ['candidateGroupsList', 'candidateGroups', changeset.candidateGroups],
    ['candidateUsersList', 'candidateUsers', changeset.candidateUsers],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return invalid(`The provided ${column} must be a list of texts`);
    changes.push([attribute, column, [...list]]);
  }
  for (const name of ['dueDate', 'followUpDate'] as const) {
    const text = changeset[name];
    if (text === undefined) continue;
    if (text === '') {
      changes.push([name, name, null]);
      continue;
    }
    const date = parseDate(text);
    if (!date.ok) return invalid(`The provided ${name} '${text}' cannot be parsed as a date according to RFC 3339, section 5.6.`);
    changes.push([name, name, date.value]);
  }
  if (changeset.priority !== undefined) {
    const priority = changeset.priority;
    if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
      return invalid(`The value for priority is '${priority}' but must be within the [0,100] range.`);
    }
    changes.push(['priority', 'priority', priority]);
  }
  return ok(changes);
}
