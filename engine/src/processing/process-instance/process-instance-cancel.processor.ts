/** PROCESS_INSTANCE CANCEL: terminates the instance and everything in it. */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext, InternalCommand } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { processInstanceValue } from '../bpmn/behaviors/element-context.js';
import { processInstanceLineage } from '../bpmn/behaviors/call-hierarchy.behavior.js';

export async function cancelProcessInstance(ctx: BatchContext, processInstanceKey: string): Promise<Result<InternalCommand, Rejection>> {
  const instance = await ctx.uow.getElementInstance(processInstanceKey);
  const value = instance ? { ...processInstanceValue(instance) } : {};
  ctx.logCommand(processInstanceKey, 'PROCESS_INSTANCE', 'CANCEL', value);
  if (!instance || instance.elementType !== 'PROCESS' || instance.state === 'COMPLETED' || instance.state === 'TERMINATED' || instance.state === 'TERMINATING') {
    const reason = `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`;
    ctx.writeRejection(processInstanceKey, 'PROCESS_INSTANCE', 'CANCEL', value, 'NOT_FOUND', reason);
    return err({ intent: 'CANCEL', type: 'NOT_FOUND', reason });
  }
  // a called instance ends with its call activity: only the root may be canceled
  const lineage = await processInstanceLineage(ctx, processInstanceKey);
  if (lineage.length > 1) {
    const reason = `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${lineage.at(-1)}' instead.`;
    ctx.writeRejection(processInstanceKey, 'PROCESS_INSTANCE', 'CANCEL', value, 'INVALID_STATE', reason);
    return err({ intent: 'CANCEL', type: 'INVALID_STATE', reason });
  }
  // termination itself runs as the TERMINATE_ELEMENT follow-up, without logging a second command
  return ok({ key: processInstanceKey, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value });
}
