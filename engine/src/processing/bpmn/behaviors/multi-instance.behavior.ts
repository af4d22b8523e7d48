/**
 * The inner instances of a multi-instance body, with Zeebe's semantics: each gets its item of
 * the input collection (`inputElement`) and its 1-based `loopCounter` as local variables; when
 * one completes, its `outputElement` goes into the body's output collection at its position and
 * the completion condition is evaluated (with numberOfInstances, numberOfActiveInstances,
 * numberOfCompletedInstances, numberOfTerminatedInstances); a sequential body then starts the
 * next instance, and the body completes once every instance has ended.
 */
import { evaluateBoolean, evaluateExpression, feelResultType, formatWarnings } from '../../../feel/feel.js';
import type { ExecutableElement } from '../../../model/executable-model.js';
import { loopStateOf } from '../../../state/element-instance-links.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementContext } from './element-context.js';
import { processInstanceValue } from './element-context.js';
import { createIncident } from './incident.behavior.js';
import { isInnerInstance } from './multi-instance-view.js';
import { activateChild, terminateChildren } from './state-transition.behavior.js';
import { setVariable, visibleVariables } from './variable.behavior.js';

type Loop = NonNullable<ExecutableElement['multiInstance']>;

/** evaluates `inputCollection` in the scope `scopeKey`; anything but a list is a failure */
export async function readInputCollection(ctx: BatchContext, loop: Loop, scopeKey: string): Promise<Result<unknown[], string>> {
  const result = evaluateExpression({ kind: 'feel', expression: loop.inputCollection }, await visibleVariables(ctx, scopeKey));
  if (!result.ok) return err(result.message);
  if (Array.isArray(result.value)) return ok(result.value);
  const actual = feelResultType(result.value);
  return err(`Expected result of the expression '${loop.inputCollection}' to be 'ARRAY', but was '${actual}'.${formatWarnings(result.warnings)}`);
}

/** a plain variable (or a path into one) as output element: it starts as a local null */
function outputVariableOf(loop: Loop): string | undefined {
  const match = /^\s*([A-Za-z_][\w]*)(\.[A-Za-z_][\w]*)*\s*$/.exec(loop.outputElement ?? '');
  return match?.[1];
}

/** ACTIVATING inner instance: its item, the output element's local null, its loop counter */
export async function setLoopVariables(ctx: BatchContext, el: ElementContext): Promise<Result<void, string>> {
  const loop = el.element.multiInstance;
  if (!loop || !isInnerInstance(el)) return ok(undefined);
  const { loopCounter } = loopStateOf(el.instance);
  const collection = await readInputCollection(ctx, loop, el.instance.key);
  if (!collection.ok) return collection;
  const index = loopCounter - 1;
  if (index >= collection.value.length) {
    return err(
      `Expected to read item at index ${index} of the multiInstanceBody input collection but it contains only ${collection.value.length} elements. The input collection might be modified while iterating over it.`,
    );
  }
  if (loop.inputElement) await setVariable(ctx, el.instance.key, el.instance, loop.inputElement, collection.value[index]);
  const output = outputVariableOf(loop);
  if (output && output !== loop.inputElement && output !== 'loopCounter') await setVariable(ctx, el.instance.key, el.instance, output, null);
  await setVariable(ctx, el.instance.key, el.instance, 'loopCounter', loopCounter);
  return ok(undefined);
}

async function bodyOf(ctx: BatchContext, inner: ElementInstanceRow): Promise<ElementInstanceRow> {
  const body = await ctx.uow.getElementInstance(inner.flowScopeKey!);
  if (!body) throw new Error(`multi-instance body of ${inner.key} not found`);
  return body;
}

/**
 * Before an inner instance completes: its output element into the output collection, and the
 * completion condition. Returns undefined for other elements, else whether the condition holds.
 */
export async function beforeInnerCompleted(ctx: BatchContext, el: ElementContext): Promise<Result<boolean | undefined, string>> {
  const loop = el.element.multiInstance;
  if (!loop || !isInnerInstance(el)) return ok(undefined);
  const body = await bodyOf(ctx, el.instance);
  if (loop.outputCollection && loop.outputElement) {
    const updated = await updateOutputCollection(ctx, loop, el.instance, body);
    if (!updated.ok) return updated;
  }
  let satisfied = false;
  if (loop.completionCondition) {
    const counts = loopStateOf(body);
    // the completing instance still counts as active, and not yet as completed
    const numbers = {
      numberOfInstances: counts.loopCounter,
      numberOfActiveInstances: body.activeChildren - 1,
      numberOfCompletedInstances: counts.completed + 1,
      numberOfTerminatedInstances: counts.terminated,
    };
    const condition = evaluateBoolean(loop.completionCondition, { ...(await visibleVariables(ctx, el.instance.key)), ...numbers });
    if (!condition.ok) return err(condition.message);
    satisfied = condition.value;
  }
  const collection = await readInputCollection(ctx, loop, body.key);
  return collection.ok ? ok(satisfied) : collection;
}

async function updateOutputCollection(ctx: BatchContext, loop: Loop, inner: ElementInstanceRow, body: ElementInstanceRow): Promise<Result<void, string>> {
  const name = loop.outputCollection!;
  const item = evaluateExpression({ kind: 'feel', expression: loop.outputElement! }, await visibleVariables(ctx, inner.key));
  if (!item.ok) return err(item.message);
  const current = (await ctx.uow.getScopeVariables(body.key)).get(name);
  const collection: unknown = current ? JSON.parse(current.value) : null;
  if (collection === null) return err(`Expected the output collection variable '${name}' to be of type list, but it was NIL`);
  const position = loopStateOf(inner).loopCounter;
  if (!Array.isArray(collection)) {
    return err(
      `Unable to update an item in output collection '${name}' because the type of the output collection is: ${messagePackType(collection)}. This may happen when multiple BPMN elements write to the same variable.`,
    );
  }
  if (position > collection.length) {
    return err(
      `Unable to update an item in output collection '${name}' at position ${position} because the size of the collection is: ${collection.length}. This may happen when multiple BPMN elements write to the same variable.`,
    );
  }
  const updated = [...collection];
  updated[position - 1] = item.value;
  await setVariable(ctx, body.key, body, name, updated);
  return ok(undefined);
}

/** the type names Zeebe's MessagePack reader reports */
function messagePackType(value: unknown): string {
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  return 'MAP';
}

/** After an inner instance completed: finish early, start the next one, or complete the body. */
export async function afterInnerCompleted(ctx: BatchContext, el: ElementContext, satisfied: boolean): Promise<void> {
  const loop = el.element.multiInstance!;
  const body = await bodyOf(ctx, el.instance);
  if (body.state !== 'ACTIVATED') return;
  if (satisfied) {
    // inner instances not yet activated are dropped; the active ones are terminated
    dropPendingActivations(ctx, body.key);
    if ((await terminateChildren(ctx, body)) === 0 || loop.sequential) completeBody(ctx, body);
    return;
  }
  const collection = await readInputCollection(ctx, loop, body.key);
  if (!collection.ok) {
    await createIncident(ctx, el.instance, 'EXTRACT_VALUE_ERROR', collection.error);
    return;
  }
  const counts = loopStateOf(body);
  if (loop.sequential && counts.loopCounter < collection.value.length) {
    activateChild(ctx, body, el, el.element.id);
    return;
  }
  if (body.activeChildren === 0 && counts.completed + counts.terminated === collection.value.length) completeBody(ctx, body);
}

function completeBody(ctx: BatchContext, body: ElementInstanceRow): void {
  ctx.writeCommand({ key: body.key, valueType: 'PROCESS_INSTANCE', intent: 'COMPLETE_ELEMENT', value: { ...processInstanceValue(body) } });
}

function dropPendingActivations(ctx: BatchContext, bodyKey: string): void {
  for (let i = ctx.followUps.length - 1; i >= 0; i--) {
    const command = ctx.followUps[i]!;
    if (command.intent === 'ACTIVATE_ELEMENT' && command.value.flowScopeKey === bodyKey) ctx.followUps.splice(i, 1);
  }
}
