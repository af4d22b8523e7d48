/**
 * Throwing a BPMN error: the nearest catch event wins, searching outwards from the element
 * that threw. In each scope an error boundary event with the same code is preferred over a
 * catch-all one (no code). The element it is attached to is terminated (with everything
 * inside it), then the boundary event activates with the error's variables.
 */
import type { Variables } from '../../../engine-api.js';
import type { BatchContext } from '../../batch-context.js';
import type { ExecutableElement } from '../../../model/executable-model.js';
import { processInstanceValue, loadElementContext } from './element-context.js';
import { scopeChain } from './variable.behavior.js';

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

/** finds a matching catch event among those attached to `element` */
function findCatchEvent(element: ExecutableElement, elements: Map<string, ExecutableElement>, errorCode: string): ExecutableElement | undefined {
  const errorBoundaries = element.boundaryEventIds.map((id) => elements.get(id)!).filter((b) => b.eventType === 'ERROR');
  return errorBoundaries.find((b) => errorCodeOf(b) === errorCode) ?? errorBoundaries.find((b) => errorCodeOf(b) === undefined);
}

/**
 * Returns true when a catch event was found (and its triggering queued); false when the
 * error is not caught, which the caller turns into an incident.
 */
export async function throwError(ctx: BatchContext, throwingKey: string, error: ThrownError): Promise<boolean> {
  const chain = await scopeChain(ctx, throwingKey);
  for (const instance of chain) {
    const el = await loadElementContext(ctx, instance.key);
    if (!el || el.element.type === 'PROCESS') continue;
    const catchEvent = findCatchEvent(el.element, el.process.elements, error.errorCode);
    if (!catchEvent) continue;
    ctx.pendingTriggers.set(instance.key, {
      elementId: catchEvent.id,
      variables: error.variables,
      errorCode: error.errorCode,
      errorMessage: error.errorMessage,
    });
    ctx.writeCommand({ key: instance.key, valueType: 'PROCESS_INSTANCE', intent: 'TERMINATE_ELEMENT', value: { ...processInstanceValue(instance) } });
    return true;
  }
  return false;
}

/** Zeebe's wording for an error nobody catches */
export async function uncaughtErrorMessage(ctx: BatchContext, throwingKey: string, error: ThrownError): Promise<string> {
  const codes: string[] = [];
  for (const instance of await scopeChain(ctx, throwingKey)) {
    const el = await loadElementContext(ctx, instance.key);
    if (!el) continue;
    for (const id of el.element.boundaryEventIds) {
      const b = el.process.elements.get(id)!;
      if (b.eventType === 'ERROR') codes.push(errorCodeOf(b) ?? '');
    }
  }
  const available = codes.length === 0 ? 'No error events are available in the scope.' : `Available error events are [${codes.join(', ')}]`;
  return `Expected to throw an error event with the code '${error.errorCode}' with message '${error.errorMessage}', but it was not caught. ${available}`;
}
