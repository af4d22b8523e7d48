/**
 * USER_TASK ASSIGN and CLAIM. Assigning (allowOverride) replaces whoever has the task, and an
 * empty assignee unassigns it; claiming is refused when someone else has the task already.
 * Records: ASSIGN → ASSIGNING, ASSIGNED; CLAIM → CLAIMING, ASSIGNED (Zeebe 8.8).
 */
import type { Rejection } from '../../engine-api.js';
import { ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import { rejectUserTaskCommand, requireUserTask } from './user-task-command-guard.js';
import { userTaskValue } from './user-task.behavior.js';

export interface AssignUserTaskInput {
  userTaskKey: string;
  /** '' unassigns */
  assignee: string;
  allowOverride: boolean;
  action?: string;
}

export async function assignUserTask(ctx: BatchContext, input: AssignUserTaskInput): Promise<Result<void, Rejection>> {
  const { userTaskKey, assignee, allowOverride } = input;
  const intent = allowOverride ? 'ASSIGN' : 'CLAIM';
  const action = input.action || (allowOverride ? 'assign' : 'claim');
  const found = await requireUserTask(ctx, intent, intent.toLowerCase(), userTaskKey, { assignee, action });
  if (!found.ok) return found;
  const task = found.value;
  const current = task.assignee ?? '';
  const changedAttributes = current === assignee ? [] : ['assignee'];
  const value = userTaskValue(task, { assignee, changedAttributes, action });
  if (!allowOverride) {
    if (assignee.trim() === '') {
      return rejectUserTaskCommand(ctx, intent, userTaskKey, value, 'INVALID_STATE', `Expected to claim user task with key '${userTaskKey}', but provided assignee is empty`);
    }
    if (current !== '' && current !== assignee) {
      return rejectUserTaskCommand(ctx, intent, userTaskKey, value, 'INVALID_STATE', `Expected to claim user task with key '${userTaskKey}', but it has already been assigned`);
    }
  }
  await ctx.writeEvent(task.key, 'USER_TASK', allowOverride ? 'ASSIGNING' : 'CLAIMING', value);
  await ctx.writeEvent(task.key, 'USER_TASK', 'ASSIGNED', value);
  return ok(undefined);
}
