/**
 * Timer start events belong to the latest version of a process: deploying a new version
 * cancels the previous version's start timers and schedules its own.
 */
import type { BatchContext } from '../batch-context.js';
import { cancelTimers, createTimer, scheduleOf } from './timer.behavior.js';

/** the deployment validated the start timers already (see deployment-create.processor.ts) */
export async function scheduleStartTimers(ctx: BatchContext, processDefinitionKey: string): Promise<void> {
  const definition = await ctx.definitions.get(ctx.uow.tx, processDefinitionKey);
  if (!definition) return;
  const starts = [...definition.process.elements.values()].filter(
    (e) => e.type === 'START_EVENT' && e.eventType === 'TIMER' && e.flowScopeId === definition.bpmnProcessId,
  );
  const previous = await ctx.uow.tx.query<{ key: string }>(
    `SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version < $3`,
    [definition.bpmnProcessId, definition.tenantId, definition.version],
  );
  for (const p of previous) await cancelTimers(ctx, await ctx.uow.getActiveTimers({ processDefinitionKey: p.key }));
  for (const start of starts) {
    const schedule = await scheduleOf(ctx, start, null);
    if (!schedule.ok) throw new Error(`start timer '${start.id}' failed after validation: ${schedule.error}`);
    await createTimer(
      ctx,
      { elementInstanceKey: null, processInstanceKey: null, processDefinitionKey, bpmnProcessId: definition.bpmnProcessId, tenantId: definition.tenantId },
      start.id,
      schedule.value,
    );
  }
}
