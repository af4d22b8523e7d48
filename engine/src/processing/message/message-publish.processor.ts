/**
 * MESSAGE PUBLISH: the message is PUBLISHED (buffered while its time-to-live lasts), then
 * correlated, as Zeebe's MessagePublishProcessor does it:
 * - to every open subscription with its name and correlation key, but to one subscription per
 *   process id only (a message reaches a process once, whatever its versions and instances);
 * - to the message start events with its name of the processes it has not reached that way,
 *   unless a live instance of that process was started by a message with the same (non-empty)
 *   correlation key: then it stays buffered until that instance ends.
 * A message without time-to-live EXPIRES at once, so that nothing correlates it later.
 */
import type { PublishMessageInput, PublishedMessage, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { bufferedMessageWithId, openMessageStartSubscriptions, openMessageSubscriptions } from '../../state/event-state.js';
import { correlateSubscription } from './message-subscription.behavior.js';
import { correlateStartEvent, isCorrelationKeyHeld } from './message-start-events.js';

export async function publishMessage(ctx: BatchContext, input: Required<PublishMessageInput>): Promise<Result<PublishedMessage, Rejection>> {
  const key = ctx.nextKey();
  const value = {
    name: input.name,
    correlationKey: input.correlationKey,
    timeToLive: input.timeToLive,
    messageId: input.messageId,
    variables: input.variables,
    tenantId: input.tenantId,
    deadline: ctx.now + input.timeToLive,
  };
  ctx.logCommand(key, 'MESSAGE', 'PUBLISH', value);
  if (input.messageId !== '' && (await bufferedMessageWithId(ctx.uow, input.tenantId, input.name, input.messageId))) {
    const reason = `Expected to publish a new message with id '${input.messageId}', but a message with that id was already published`;
    ctx.writeRejection(key, 'MESSAGE', 'PUBLISH', value, 'ALREADY_EXISTS', reason);
    return err({ intent: 'PUBLISH', type: 'ALREADY_EXISTS', reason });
  }
  await ctx.writeEvent(key, 'MESSAGE', 'PUBLISHED', value);
  const message = (await ctx.uow.messages.get(ctx.uow.tx, key))!;

  const reached = new Set<string>();
  for (const s of await openMessageSubscriptions(ctx.uow, input.tenantId, input.name, input.correlationKey)) {
    // an earlier trigger of this message may have closed it (an interrupted owner)
    if (reached.has(s.bpmnProcessId) || s.state !== 'ACTIVE') continue;
    if (await correlateSubscription(ctx, s, message)) reached.add(s.bpmnProcessId);
  }
  for (const s of await openMessageStartSubscriptions(ctx.uow, { tenantId: input.tenantId, messageName: input.name })) {
    if (reached.has(s.bpmnProcessId)) continue;
    if (input.correlationKey !== '' && (await isCorrelationKeyHeld(ctx, input.tenantId, s.bpmnProcessId, input.correlationKey))) continue;
    await correlateStartEvent(ctx, s, message);
    reached.add(s.bpmnProcessId);
  }

  if (input.timeToLive <= 0) await ctx.writeEvent(key, 'MESSAGE', 'EXPIRED', value);
  return ok({ key, tenantId: input.tenantId });
}
