/**
 * USER_TASK COMPLETE: COMPLETING, COMPLETED, then the task's element completes with the
 * variables (propagated from the element's scope, or through its output mappings).
 */
import type { Rejection, Variables } from '../../engine-api.js';
import { ok, type Result } from '../../util/result.js';
import type { BatchContext } from '../batch-context.js';
import { processInstanceValue } from '../bpmn/behaviors/element-context.js';
import { requireUserTask } from './user-task-command-guard.js';
import { userTaskValue } from './user-task.behavior.js';

export async function completeUserTask(ctx: BatchContext, userTaskKey: string, variables: Variables, action?: string): Promise<Result<void, Rejection>> {
  const extras = { variables, action: action || 'complete' };
  const found = await requireUserTask(ctx, 'COMPLETE', 'complete', userTaskKey, extras);
  if (!found.ok) return found;
  const task = found.value;
  const value = userTaskValue(task, extras);
  await ctx.writeEvent(task.key, 'USER_TASK', 'COMPLETING', value);
  await ctx.writeEvent(task.key, 'USER_TASK', 'COMPLETED', value);
  const element = await ctx.uow.getElementInstance(task.elementInstanceKey);
  if (element && element.state === 'ACTIVATED') {
    ctx.writeCommand({
      key: element.key,
      valueType: 'PROCESS_INSTANCE',
      intent: 'COMPLETE_ELEMENT',
      value: { ...processInstanceValue(element) },
      meta: { variables },
    });
  }
  return ok(undefined);
}
