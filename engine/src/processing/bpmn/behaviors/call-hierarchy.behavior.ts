/**
 * Process instances created by call activities: their records carry the parent process instance
 * and the call activity instance (Zeebe's parentProcessInstanceKey / parentElementInstanceKey),
 * errors thrown inside them look for catch events up the call hierarchy, and they may not be
 * canceled on their own.
 */
import type { BatchContext } from '../../batch-context.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import { parentElementInstanceKeyOf } from '../../../state/element-instance-links.js';
import { scopeChain } from './variable.behavior.js';

/** Zeebe's default `maxProcessDepth`: how deep call activities may nest */
export const MAX_PROCESS_DEPTH = 1000;

/** the call activity instance that created this process instance, if any */
export async function callingElementOf(ctx: BatchContext, processInstanceKey: string): Promise<ElementInstanceRow | undefined> {
  const processRow = await ctx.uow.getElementInstance(processInstanceKey);
  const key = processRow && parentElementInstanceKeyOf(processRow);
  return key ? ctx.uow.getElementInstance(key) : undefined;
}

/**
 * The scopes an error travels through: from the element up to its process instance, then on
 * from the call activity that created that instance, up to the root process instance.
 */
export async function catchScopeChain(ctx: BatchContext, elementInstanceKey: string): Promise<ElementInstanceRow[]> {
  const chain = await scopeChain(ctx, elementInstanceKey);
  const top = chain.at(-1);
  const caller = top?.elementType === 'PROCESS' ? await callingElementOf(ctx, top.key) : undefined;
  return caller ? [...chain, ...(await catchScopeChain(ctx, caller.key))] : chain;
}

/** the process instances from `processInstanceKey` up to the root: [itself, parent, …, root] */
export async function processInstanceLineage(ctx: BatchContext, processInstanceKey: string): Promise<string[]> {
  const lineage = [processInstanceKey];
  for (let caller = await callingElementOf(ctx, processInstanceKey); caller; caller = await callingElementOf(ctx, caller.processInstanceKey)) {
    lineage.push(caller.processInstanceKey);
  }
  return lineage;
}
