/**
 * SIGNAL BROADCAST: from a client (BroadcastSignal) or a signal throw or end event (a follow-up
 * command). The signal is BROADCASTED and triggers every open subscription with its name, in
 * the order they opened: each waiting catch event, boundary event and event sub-process, and
 * one new instance of each process with a signal start event. Nothing is buffered.
 */
import type { BroadcastedSignal, BroadcastSignalInput, Rejection, Variables } from '../../engine-api.js';
import type { BatchContext, InternalCommand } from '../batch-context.js';
import { ok, type Result } from '../../util/result.js';
import { openSignalSubscriptions } from '../../state/event-state.js';
import { triggerEvent } from '../bpmn/behaviors/event-subscription.behavior.js';
import { startInstance } from '../process-instance/process-instance-create.processor.js';
import { registerFollowUpCommand } from '../follow-up-commands.js';

interface SignalValue {
  signalName: string;
  variables: Variables;
  tenantId: string;
}

export async function broadcastSignal(ctx: BatchContext, input: Required<BroadcastSignalInput>): Promise<Result<BroadcastedSignal, Rejection>> {
  const key = ctx.nextKey();
  const value: SignalValue = { signalName: input.signalName, variables: input.variables, tenantId: input.tenantId };
  ctx.logCommand(key, 'SIGNAL', 'BROADCAST', { ...value });
  await broadcast(ctx, key, value);
  return ok({ key, tenantId: input.tenantId });
}

async function broadcast(ctx: BatchContext, key: string, signal: SignalValue): Promise<void> {
  await ctx.writeEvent(key, 'SIGNAL', 'BROADCASTED', { ...signal });
  for (const s of await openSignalSubscriptions(ctx.uow, signal.tenantId, signal.signalName)) {
    // an earlier trigger of this signal may have closed it (an interrupted owner)
    if (s.state !== 'ACTIVE') continue;
    if (s.elementInstanceKey === null) {
      const definition = await ctx.definitions.get(ctx.uow.tx, s.processDefinitionKey);
      if (definition) await startInstance(ctx, definition, signal.variables, s.targetElementId);
    } else {
      await triggerEvent(ctx, s.elementInstanceKey, s.targetElementId, signal.variables);
    }
  }
}

/** the broadcast a signal throw or end event wrote (throw-event.behavior.ts) */
async function broadcastFollowUp(ctx: BatchContext, command: InternalCommand): Promise<void> {
  await broadcast(ctx, command.key, command.value as unknown as SignalValue);
}

registerFollowUpCommand('SIGNAL', 'BROADCAST', broadcastFollowUp);
