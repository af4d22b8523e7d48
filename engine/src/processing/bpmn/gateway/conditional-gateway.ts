/**
 * What the exclusive and the inclusive gateway share: choosing outgoing flows by their FEEL
 * conditions (in model order), falling back to the default flow (whose condition is never
 * evaluated), and raising an incident when nothing can be taken. A single flow without a
 * condition is simply taken; a gateway without outgoing flows ends its path.
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

type SelectionFailure = { type: 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR'; message: string };

/** `first`: the first true condition wins (exclusive); `all`: every true condition (inclusive) */
async function selectFlows(ctx: BatchContext, el: ElementContext, mode: 'first' | 'all'): Promise<Result<string[], SelectionFailure>> {
  const outgoing = el.element.outgoing.map((id) => el.process.sequenceFlows.get(id)!);
  if (outgoing.length === 0) return ok([]);
  if (outgoing.length === 1 && !outgoing[0]!.condition) return ok([outgoing[0]!.id]);
  const context = await visibleVariables(ctx, el.instance.key);
  const selected: string[] = [];
  for (const flow of outgoing) {
    if (flow.id === el.element.defaultFlowId || !flow.condition) continue;
    const result = evaluateBoolean(flow.condition, context);
    if (!result.ok) return err({ type: 'EXTRACT_VALUE_ERROR', message: result.message });
    if (result.value !== true) continue;
    selected.push(flow.id);
    if (mode === 'first') break;
  }
  if (selected.length > 0) return ok(selected);
  if (el.element.defaultFlowId) return ok([el.element.defaultFlowId]);
  return err({ type: 'CONDITION_ERROR', message: 'Expected at least one condition to evaluate to true, or to have a default flow' });
}

export function conditionalGatewayProcessor(mode: 'first' | 'all'): BpmnElementProcessor {
  return {
    async onActivate(ctx, el) {
      const selected = await selectFlows(ctx, el, mode);
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
}
