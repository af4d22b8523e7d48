/**
 * Exclusive gateway: the first outgoing flow whose condition is true, else the default flow,
 * else an incident. A single unconditioned outgoing flow is simply taken.
 */
import type { BpmnElementProcessor } from '../element-processor.js';
import { finishCompletion } from '../element-processor.js';
import { evaluateBoolean } from '../../../feel/feel.js';
import { createIncident, resolveIncidentOf } from '../behaviors/incident.behavior.js';
import { transition } from '../behaviors/state-transition.behavior.js';
import { visibleVariables } from '../behaviors/variable.behavior.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from '../behaviors/element-context.js';

async function selectFlow(ctx: BatchContext, el: ElementContext): Promise<Result<string[], { type: 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR'; message: string }>> {
  const outgoing = el.element.outgoing;
  if (outgoing.length === 0) return ok([]);
  const conditional = outgoing.map((id) => el.process.sequenceFlows.get(id)!).filter((f) => f.id !== el.element.defaultFlowId);
  if (outgoing.length === 1 && !conditional[0]?.condition) return ok([outgoing[0]!]);
  const context = await visibleVariables(ctx, el.instance.key);
  for (const flow of conditional) {
    if (!flow.condition) continue;
    const result = evaluateBoolean(flow.condition, context);
    if (!result.ok) return err({ type: 'EXTRACT_VALUE_ERROR', message: result.message });
    if (result.value === true) return ok([flow.id]);
  }
  if (el.element.defaultFlowId) return ok([el.element.defaultFlowId]);
  return err({
    type: 'CONDITION_ERROR',
    message: "Expected at least one condition to evaluate to true, or to have a default flow",
  });
}

export const exclusiveGatewayProcessor: BpmnElementProcessor = {
  async onActivate(ctx, el) {
    const selected = await selectFlow(ctx, el);
    if (!selected.ok) {
      await createIncident(ctx, el.instance, selected.error.type, selected.error.message);
      return;
    }
    await transition(ctx, el, 'ELEMENT_ACTIVATED');
    await transition(ctx, el, 'ELEMENT_COMPLETING');
    await finishCompletion(ctx, el, {}, selected.value);
  },
  async onComplete(ctx, el) {
    await finishCompletion(ctx, el);
  },
  async onTerminate(ctx, el) {
    await resolveIncidentOf(ctx, el.instance);
    await transition(ctx, el, 'ELEMENT_TERMINATED');
  },
};
