/**
 * A multi-instance activity runs as two element instances with the activity's id, as in Zeebe:
 * the MULTI_INSTANCE_BODY, which takes the sequence flows and owns the boundary events, and
 * inside it one inner instance per item, which keeps the activity's type and its mappings.
 * The model keeps one element (with `multiInstance`); these are the two views of it.
 */
import type { ExecutableElement } from '../../../model/executable-model.js';
import type { ElementInstanceRow } from '../../../state/tables.js';

const bodies = new WeakMap<ExecutableElement, ExecutableElement>();
const inners = new WeakMap<ExecutableElement, ExecutableElement>();

/** the element as the given instance executes it (views are built once, so they can key caches) */
export function multiInstanceView(element: ExecutableElement, instance: Pick<ElementInstanceRow, 'elementType'>): ExecutableElement {
  if (!element.multiInstance) return element;
  return instance.elementType === 'MULTI_INSTANCE_BODY' ? bodyOf(element) : innerOf(element);
}

function bodyOf(element: ExecutableElement): ExecutableElement {
  let body = bodies.get(element);
  if (!body) {
    body = { ...element, type: 'MULTI_INSTANCE_BODY', eventType: 'UNSPECIFIED', inputs: [], outputs: [], childIds: [], noneStartEventId: undefined };
    bodies.set(element, body);
  }
  return body;
}

function innerOf(element: ExecutableElement): ExecutableElement {
  let inner = inners.get(element);
  if (!inner) {
    inner = { ...element, incoming: [], outgoing: [], boundaryEventIds: [] };
    inners.set(element, inner);
  }
  return inner;
}

/** an inner instance of a multi-instance body (its flow scope is the body) */
export const isInnerInstance = (el: { element: ExecutableElement; instance: Pick<ElementInstanceRow, 'elementType'> }): boolean =>
  el.element.multiInstance !== undefined && el.instance.elementType !== 'MULTI_INSTANCE_BODY';

/** the element type an activation of `element` inside `scope` creates: the body first */
export function activatedType(element: ExecutableElement, scope: Pick<ElementInstanceRow, 'elementType'>): string {
  return element.multiInstance && scope.elementType !== 'MULTI_INSTANCE_BODY' ? 'MULTI_INSTANCE_BODY' : element.type;
}

/**
 * The event type an activation of `element` inside `scope` records: a compensation handler is
 * COMPENSATION (a multi-instance one on its body, its inner instances UNSPECIFIED), as in Zeebe;
 * a body is UNSPECIFIED; anything else its own event type.
 */
export function activatedEventType(element: ExecutableElement, scope: Pick<ElementInstanceRow, 'elementType'>): string {
  const body = activatedType(element, scope) === 'MULTI_INSTANCE_BODY';
  if (element.isForCompensation) return body || !element.multiInstance ? 'COMPENSATION' : 'UNSPECIFIED';
  return body ? 'UNSPECIFIED' : element.eventType;
}
