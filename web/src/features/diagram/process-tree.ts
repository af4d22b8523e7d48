/** One process instance of a case: its root instance or one it called, at any depth. */
export interface CaseProcessInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  name: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  parentProcessInstanceKey: string | null;
  startDate: string;
}

/** One line of the case's process tree: an instance and how deep it was called. */
export interface ProcessTreeRow {
  instance: CaseProcessInstance;
  depth: number;
}

const byStart = (a: CaseProcessInstance, b: CaseProcessInstance) =>
  a.startDate.localeCompare(b.startDate) || a.processInstanceKey.localeCompare(b.processInstanceKey);

/**
 * The instances in tree order (each followed by what it called, oldest first), with their depth.
 * An instance whose parent is not in the list (a called instance of another case cannot be, but a
 * trimmed list might) is shown as a root rather than dropped.
 */
export function processTreeRows(instances: CaseProcessInstance[]): ProcessTreeRow[] {
  const keys = new Set(instances.map((i) => i.processInstanceKey));
  const children = new Map<string, CaseProcessInstance[]>();
  const roots: CaseProcessInstance[] = [];
  for (const instance of instances) {
    const parent = instance.parentProcessInstanceKey;
    if (parent && keys.has(parent) && parent !== instance.processInstanceKey) {
      const list = children.get(parent) ?? [];
      list.push(instance);
      children.set(parent, list);
    } else {
      roots.push(instance);
    }
  }
  const rows: ProcessTreeRow[] = [];
  const seen = new Set<string>();
  const visit = (instance: CaseProcessInstance, depth: number) => {
    if (seen.has(instance.processInstanceKey)) return;
    seen.add(instance.processInstanceKey);
    rows.push({ instance, depth });
    for (const child of (children.get(instance.processInstanceKey) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // instances that call each other (a broken listing) have no root: still list every one
  for (const rest of instances.filter((i) => !seen.has(i.processInstanceKey)).sort(byStart)) visit(rest, 0);
  return rows;
}
