/**
 * Variables and their scopes, with Zeebe's rules: a scope sees its own variables and those of
 * every enclosing scope (inner names win); a propagating merge updates each variable in the
 * nearest scope that already has it and creates the rest in the root (process instance) scope;
 * a local merge writes into the given scope only.
 */
import type { Variables } from '../../../engine-api.js';
import type { BatchContext } from '../../batch-context.js';
import type { ElementInstanceRow } from '../../../state/tables.js';

export interface ScopeOwner {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  tenantId: string;
}

/** the scope chain from `scopeKey` up to the process instance: [scope, parent, …, root] */
export async function scopeChain(ctx: BatchContext, scopeKey: string): Promise<ElementInstanceRow[]> {
  const chain: ElementInstanceRow[] = [];
  let key: string | null = scopeKey;
  while (key) {
    const row = await ctx.uow.getElementInstance(key);
    if (!row) break;
    chain.push(row);
    key = row.flowScopeKey;
  }
  return chain;
}

/** every variable visible from a scope, as a plain object (for FEEL and job activation) */
export async function visibleVariables(ctx: BatchContext, scopeKey: string, names?: readonly string[]): Promise<Variables> {
  const chain = await scopeChain(ctx, scopeKey);
  const result: Variables = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [name, row] of await ctx.uow.getScopeVariables(chain[i]!.key)) {
      if (names && names.length > 0 && !names.includes(name)) continue;
      result[name] = JSON.parse(row.value);
    }
  }
  // a scope whose element instance does not exist yet (process instance creation) still has variables
  if (chain.length === 0) {
    for (const [name, row] of await ctx.uow.getScopeVariables(scopeKey)) {
      if (!names || names.length === 0 || names.includes(name)) result[name] = JSON.parse(row.value);
    }
  }
  return result;
}

/** writes one variable into one scope: CREATED, UPDATED, or nothing when the value is unchanged */
export async function setVariable(ctx: BatchContext, scopeKey: string, owner: ScopeOwner, name: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value === undefined ? null : value);
  const existing = (await ctx.uow.getScopeVariables(scopeKey)).get(name);
  if (existing && existing.value === json) return;
  await ctx.writeEvent(existing?.key ?? ctx.nextKey(), 'VARIABLE', existing ? 'UPDATED' : 'CREATED', {
    name,
    value: json,
    scopeKey,
    processInstanceKey: owner.processInstanceKey,
    processDefinitionKey: owner.processDefinitionKey,
    bpmnProcessId: owner.bpmnProcessId,
    tenantId: owner.tenantId,
  });
}

export async function mergeLocal(ctx: BatchContext, scopeKey: string, owner: ScopeOwner, variables: Variables): Promise<void> {
  for (const [name, value] of Object.entries(variables)) await setVariable(ctx, scopeKey, owner, name, value);
}

export async function mergePropagating(ctx: BatchContext, scopeKey: string, owner: ScopeOwner, variables: Variables): Promise<void> {
  const chain = await scopeChain(ctx, scopeKey);
  const root = chain.at(-1)?.key ?? scopeKey;
  for (const [name, value] of Object.entries(variables)) {
    let target = root;
    for (const scope of chain) {
      if ((await ctx.uow.getScopeVariables(scope.key)).has(name)) {
        target = scope.key;
        break;
      }
    }
    await setVariable(ctx, target, owner, name, value);
  }
}

/** sets `value` at a dotted path (`a.b.c`) inside `doc`, merging into existing objects */
export function setPath(doc: Variables, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}
