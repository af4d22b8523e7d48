/**
 * Follow-up commands other than an element's lifecycle (`PROCESS_INSTANCE`): a kind of command
 * registers its processor here (e.g. `SIGNAL BROADCAST` written by a signal throw event), and
 * the batch runs it in turn with the element commands (bpmn-command.processor.ts).
 */
import type { BatchContext, InternalCommand } from './batch-context.js';

export type FollowUpProcessor = (ctx: BatchContext, command: InternalCommand) => Promise<void>;

const processors = new Map<string, FollowUpProcessor>();

export function registerFollowUpCommand(valueType: string, intent: string, processor: FollowUpProcessor): void {
  processors.set(`${valueType}:${intent}`, processor);
}

export async function processFollowUpCommand(ctx: BatchContext, command: InternalCommand): Promise<void> {
  const processor = processors.get(`${command.valueType}:${command.intent}`);
  if (!processor) throw new Error(`no processor for follow-up command ${command.valueType} ${command.intent}`);
  await processor(ctx, command);
}
