/**
 * Throwing a BPMN error: the nearest catch event wins, searching outwards from the element
 * that threw, and on through the call activities that created its process instance (errors
 * travel up the call hierarchy, as in Zeebe). In each scope an error boundary event with the
 * same code is preferred over a catch-all one (no code). The element it is attached to is terminated (with everything
 * inside it), then the boundary event activates with the error's variables.
 */
import type { Variables } from '../../../engine-api.js';
import type { BatchContext } from '../../batch-context.js';
import type { ExecutableElement } from '../../../model/executable-model.js';
import { processInstanceValue, loadElementContext } from './element-context.js';
import { catchScopeChain } from './call-hierarchy.behavior.js';
import { startEventOf, startEventSubProcess } from './event-subscription.behavior.js';

export interface ThrownError {
  errorCode: string;
  errorMessage: string;
  variables: Variables;
}

function errorCodeOf(element: ExecutableElement): string | undefined {
  const code = element.error?.errorCode;
  if (!code) return undefined;
  return code.kind === 'static' ? code.value : code.expression;
}

/** the specific catch event for `errorCode`, else a catch-all one */
function bestMatch(candidates: ExecutableElement[], errorCode: string): ExecutableElement | undefined {
  return candidates.find((b) => errorCodeOf(b) === errorCode) ?? candidates.find((b) => errorCodeOf(b) === undefined);
}

function errorBoundaries(element: ExecutableElement, elements: Map<string, ExecutableElement>): ExecutableElement[] {
  return element.boundaryEventIds.map((id) => elements.get(id)!).filter((b) => b.eventType === 'ERROR');
}

/** error start events of the event sub-processes directly inside a container */
function errorEventSubProcessStarts(element: ExecutableElement, elements: Map<string, ExecutableElement>): ExecutableElement[] {
  return element.childIds
    .map((id) => elements.get(id)!)
    .filter((c) => c.type === 'EVENT_SUB_PROCESS')
    .map((esp) => startEventOf(esp, elements))
    .filter((s): s is ExecutableElement => s?.eventType === 'ERROR');
}

/**
 * Finds the catch event for `error` without triggering it yet, so a thrower can first write its
 * own transition (Zeebe activates an error end event only once its error is known to be caught).
 * Returns the step that triggers it, or undefined when nothing catches the error.
 */
export async function findErrorCatch(ctx: BatchContext, throwingKey: string, error: ThrownError): Promise<(() => Promise<void>) | undefined> {
  const chain = await catchScopeChain(ctx, throwingKey);
  for (const instance of chain) {
    const el = await loadElementContext(ctx, instance.key);
    if (!el) continue;
    // inside a container, its error event sub-processes come before its own boundary events
    const start = instance.key === throwingKey ? undefined : bestMatch(errorEventSubProcessStarts(el.element, el.process.elements), error.errorCode);
    if (start) {
      const esp = el.process.elements.get(start.flowScopeId)!;
      return () => startEventSubProcess(ctx, el, esp, start, error.variables, { errorCode: error.errorCode, errorMessage: error.errorMessage });
    }
    const catchEvent = bestMatch(errorBoundaries(el.element, el.process.elements), error.errorCode);
    if (!catchEvent) continue;
    return async () => {
      ctx.pendingTriggers.set(instance.key, {
        elementId: catchEvent.id,
        variables: error.variables,
        errorCode: error.errorCode,
        errorMessage: error.errorMessage,
      });
      ctx.writeCommand({ key: instance.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(instance) } });
    };
  }
  return undefined;
}

/**
 * Returns true when a catch event was found (and its triggering queued); false when the
 * error is not caught, which the caller turns into an incident.
 */
export async function throwError(ctx: BatchContext, throwingKey: string, error: ThrownError): Promise<boolean> {
  const trigger = await findErrorCatch(ctx, throwingKey, error);
  if (!trigger) return false;
  await trigger();
  return true;
}

/** Zeebe's wording for an error nobody catches */
export async function uncaughtErrorMessage(ctx: BatchContext, throwingKey: string, error: ThrownError): Promise<string> {
  const codes: string[] = [];
  for (const instance of await catchScopeChain(ctx, throwingKey)) {
    const el = await loadElementContext(ctx, instance.key);
    if (!el) continue;
    for (const b of [...errorBoundaries(el.element, el.process.elements), ...errorEventSubProcessStarts(el.element, el.process.elements)]) {
      codes.push(errorCodeOf(b) ?? '');
    }
  }
  const available = codes.length === 0 ? 'No error events are available in the scope.' : `Available error events are [${codes.join(', ')}]`;
  // Zeebe names the message only when there is one (an error end event has none)
  const message = error.errorMessage ? ` with message '${error.errorMessage}'` : '';
  return `Expected to throw an error event with the code '${error.errorCode}'${message}, but it was not caught. ${available}`;
}
