/**
 * `zeebe:ioMapping`: inputs become local variables of the element instance when it activates;
 * outputs are evaluated when it completes and merged (propagating) into its flow scope. Without
 * outputs, the variables the element completed with (a job's, an event's) propagate instead,
 * starting at the element's own scope.
 */
import type { Variables } from '../../../engine-api.js';
import { evaluateExpression } from '../../../feel/feel.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from './element-context.js';
import { mergeLocal, mergePropagating, setPath, visibleVariables } from './variable.behavior.js';
import { isInnerInstance } from './multi-instance-view.js';

export async function applyInputMappings(ctx: BatchContext, el: ElementContext): Promise<Result<void, string>> {
  if (el.element.inputs.length === 0) return ok(undefined);
  // evaluated in the element's own scope, as Zeebe does: an inner multi-instance instance's
  // input element and loop counter (set just before) are visible to its mappings
  const context = await visibleVariables(ctx, el.instance.key);
  const locals: Variables = {};
  for (const mapping of el.element.inputs) {
    // later inputs may read earlier ones, as in Zeebe
    const result = evaluateExpression(mapping.source, { ...context, ...locals });
    if (!result.ok) return err(result.message);
    setPath(locals, mapping.target, result.value);
  }
  await mergeLocal(ctx, el.instance.key, el.instance, locals);
  return ok(undefined);
}

/**
 * `completionVariables` are what the element completed with (job completion, error variables);
 * with output mappings they are set locally first so the mappings can read them.
 */
export async function applyOutputMappings(
  ctx: BatchContext,
  el: ElementContext,
  completionVariables: Variables = {},
  extraContext: Variables = {},
): Promise<Result<void, string>> {
  // an inner multi-instance activity writes into its own scope, where its output element reads
  const scopeKey = isInnerInstance(el) ? el.instance.key : (el.instance.flowScopeKey ?? el.instance.key);
  if (el.element.outputs.length === 0) {
    // Zeebe merges from the element's own scope: a job variable named like one of the task's
    // input mappings updates that local variable and does not reach the process
    if (Object.keys(completionVariables).length > 0) await mergePropagating(ctx, el.instance.key, el.instance, completionVariables);
    return ok(undefined);
  }
  await mergeLocal(ctx, el.instance.key, el.instance, completionVariables);
  const context = { ...(await visibleVariables(ctx, el.instance.key)), ...extraContext };
  const document: Variables = {};
  for (const mapping of el.element.outputs) {
    const result = evaluateExpression(mapping.source, context);
    if (!result.ok) return err(result.message);
    const root = mapping.target.split('.')[0]!;
    // a nested target merges into the variable's current value
    if (mapping.target.includes('.') && !(root in document) && context[root] && typeof context[root] === 'object') {
      document[root] = structuredClone(context[root]);
    }
    setPath(document, mapping.target, result.value);
  }
  await mergePropagating(ctx, scopeKey, el.instance, document);
  return ok(undefined);
}
