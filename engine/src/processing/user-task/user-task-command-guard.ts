/**
 * The checks every user task command shares, with Zeebe's rejection texts: the task exists and
 * is live (a completed or canceled task is gone, as in Zeebe's state), and it is not in the
 * middle of another transition.
 */
import type { Rejection } from '../../engine-api.js';
import type { UserTaskRow } from '../../state/tables.js';
import { err, ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import { userTaskValue, type RecordExtras } from './user-task.behavior.js';

/** loads the task the command is for and logs the command, or rejects it (and logs that) */
export async function requireUserTask(
  ctx: BatchContext,
  intent: string,
  verb: string,
  userTaskKey: string,
  command: RecordExtras,
): Promise<Result<UserTaskRow, Rejection>> {
  const task = /^\d{1,19}$/.test(userTaskKey) ? await ctx.uow.getUserTask(userTaskKey) : undefined;
  const value = task ? userTaskValue(task, command) : { userTaskKey, ...command };
  ctx.logCommand(userTaskKey, 'USER_TASK', intent, value);
  if (!task || task.state === 'COMPLETED' || task.state === 'CANCELED') {
    return rejectUserTaskCommand(ctx, intent, userTaskKey, value, 'NOT_FOUND', `Expected to ${verb} user task with key '${userTaskKey}', but no such user task was found`);
  }
  if (task.state !== 'CREATED') {
    return rejectUserTaskCommand(ctx, intent, userTaskKey, value, 'INVALID_STATE', `Expected to ${verb} user task with key '${userTaskKey}', but it is in state '${task.state}'`);
  }
  return ok(task);
}

export function rejectUserTaskCommand(
  ctx: BatchContext,
  intent: string,
  key: string,
  value: Record<string, unknown>,
  type: Rejection['type'],
  reason: string,
): Result<never, Rejection> {
  ctx.writeRejection(key, 'USER_TASK', intent, value, type, reason);
  return err({ intent, type, reason });
}
