/**
 * Signal throw and end events broadcast their signal (Zeebe's BpmnSignalBehavior): the name is
 * evaluated in the event's scope, the signal carries the event's local variables (its input
 * mappings), and the broadcast is a follow-up SIGNAL BROADCAST, processed after the event.
 */
import type { Variables } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import { evaluateSignalName } from './signal-subscription.behavior.js';

export async function broadcastSignalOf(ctx: BatchContext, el: ElementContext): Promise<Result<void, string>> {
  if (!el.element.signal) return err(`Expected element '${el.element.id}' to have a signal, but it has none`);
  const name = evaluateSignalName(el.element.signal.name, await visibleVariables(ctx, el.instance.key));
  if (!name.ok) return name;
  const variables: Variables = {};
  for (const [variable, row] of await ctx.uow.getScopeVariables(el.instance.key)) variables[variable] = JSON.parse(row.value);
  ctx.writeCommand({
    key: ctx.nextKey(),
    valueType: 'SIGNAL',
    intent: 'BROADCAST',
    value: { signalName: name.value, variables, tenantId: el.instance.tenantId },
  });
  return ok(undefined);
}
