/** VARIABLE_DOCUMENT UPDATE (SetVariables): local to one scope, or propagating upwards. */
import type { Rejection, Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { mergeLocal, mergePropagating } from '../bpmn/behaviors/variable.behavior.js';

export async function updateVariableDocument(
  ctx: BatchContext,
  input: { elementInstanceKey: string; variables: Variables; local: boolean },
): Promise<Result<{ key: string }, Rejection>> {
  const key = ctx.nextKey();
  const value = { scopeKey: input.elementInstanceKey, updateSemantics: input.local ? 'LOCAL' : 'PROPAGATE', variables: input.variables };
  ctx.logCommand(key, 'VARIABLE_DOCUMENT', 'UPDATE', value);
  const scope = await ctx.uow.getElementInstance(input.elementInstanceKey);
  if (!scope || scope.state === 'COMPLETED' || scope.state === 'TERMINATED') {
    const reason = `Expected to update variables for element with key '${input.elementInstanceKey}', but no such element was found`;
    ctx.writeRejection(key, 'VARIABLE_DOCUMENT', 'UPDATE', value, 'NOT_FOUND', reason);
    return err({ intent: 'UPDATE', type: 'NOT_FOUND', reason });
  }
  if (input.local) await mergeLocal(ctx, scope.key, scope, input.variables);
  else await mergePropagating(ctx, scope.key, scope, input.variables);
  await ctx.writeEvent(key, 'VARIABLE_DOCUMENT', 'UPDATED', { ...value, processInstanceKey: scope.processInstanceKey, tenantId: scope.tenantId });
  return ok({ key });
}
