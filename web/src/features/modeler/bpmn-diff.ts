/**
 * Compares two BPMN documents element by element (by id): an element only in the new one is added,
 * only in the old one removed, in both with a different definition (its attributes and its own
 * child elements such as `zeebe:taskDefinition` or `conditionExpression`) changed. Layout (BPMN DI)
 * is ignored: moving a shape is not a change of the process.
 */
export interface BpmnDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

const DI = 'http://www.omg.org/spec/BPMN/20100524/DI';

function signatures(xml: string): Map<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const result = new Map<string, string>();
  for (const element of Array.from(doc.getElementsByTagName('*'))) {
    const id = element.getAttribute('id');
    if (!id || element.namespaceURI === DI || element.localName === 'definitions') continue;
    result.set(id, signature(element));
  }
  return result;
}

/** The element's own definition: attributes plus child elements that are not themselves elements with ids. */
function signature(element: Element): string {
  const attributes = Array.from(element.attributes)
    .map((a) => `${a.name}=${a.value}`)
    .sort()
    .join(' ');
  const children = Array.from(element.children)
    .filter((child) => !child.getAttribute('id') && child.localName !== 'incoming' && child.localName !== 'outgoing')
    .map((child) => new XMLSerializer().serializeToString(child).replace(/\s+/g, ' '))
    .join('');
  return `${element.localName}|${attributes}|${children}`;
}

export function diffBpmn(oldXml: string, newXml: string): BpmnDiff {
  const before = signatures(oldXml);
  const after = signatures(newXml);
  const diff: BpmnDiff = { added: [], removed: [], changed: [] };
  for (const [id, value] of after) {
    if (!before.has(id)) diff.added.push(id);
    else if (before.get(id) !== value) diff.changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  return diff;
}
