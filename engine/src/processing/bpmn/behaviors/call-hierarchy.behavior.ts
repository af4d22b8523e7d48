/**
 * Process instances created by call activities: their records carry the parent process instance
 * and the call activity instance (Zeebe's parentProcessInstanceKey / parentElementInstanceKey),
 * errors thrown inside them look for catch events up the call hierarchy, and they may not be
 * canceled on their own.
 */
import type { BatchContext } from '../../batch-context.js';
import { NO_KEY } from '../../records.js';
import type { ElementInstanceRow } from '../../../state/tables.js';
import { parentElementInstanceKeyOf } from '../../../state/element-instance-links.js';
import { scopeChain } from './variable.behavior.js';

/** Zeebe's default `maxProcessDepth`: how deep call activities may nest */
export const MAX_PROCESS_DEPTH = 1000;

/**
 * Makes sure `row` knows its parent keys. They are not columns (yet): a row read from the
 * database learns them from its process instance's row, which links to its call activity. The
 * result is cached on the row objects of this batch; it is derived data, not a state change.
 */
export async function withParentKeys(ctx: BatchContext, row: ElementInstanceRow): Promise<ElementInstanceRow> {
  if (row.parentProcessInstanceKey !== undefined && row.parentElementInstanceKey !== undefined) return row;
  const processRow = row.key === row.processInstanceKey ? row : await ctx.uow.getElementInstance(row.processInstanceKey);
  let parentProcessInstanceKey = NO_KEY;
  let parentElementInstanceKey = NO_KEY;
  if (processRow && processRow !== row && processRow.parentProcessInstanceKey !== undefined) {
    parentProcessInstanceKey = processRow.parentProcessInstanceKey;
    parentElementInstanceKey = processRow.parentElementInstanceKey ?? NO_KEY;
  } else if (processRow) {
    const callActivityKey = parentElementInstanceKeyOf(processRow);
    const callActivity = callActivityKey ? await ctx.uow.getElementInstance(callActivityKey) : undefined;
    if (callActivity) {
      parentProcessInstanceKey = callActivity.processInstanceKey;
      parentElementInstanceKey = callActivity.key;
    }
    Object.assign(processRow, { parentProcessInstanceKey, parentElementInstanceKey });
  }
  return Object.assign(row, { parentProcessInstanceKey, parentElementInstanceKey });
}

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
