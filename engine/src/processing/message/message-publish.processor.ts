/**
 * MESSAGE PUBLISH: the message is PUBLISHED (buffered while its time-to-live lasts), then
 * correlated as Zeebe's MessagePublishProcessor does it (message-correlate.behavior.ts); a
 * process whose start event is blocked by a live instance with the same correlation key gets it
 * when that instance ends, if the message still lives.
 * A message without time-to-live EXPIRES at once, so that nothing correlates it later.
 */
import type { PublishMessageInput, PublishedMessage, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { bufferedMessageWithId } from '../../state/event-state.js';
import { correlateMessage } from './message-correlate.behavior.js';

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

  await correlateMessage(ctx, message);

  if (input.timeToLive <= 0) await ctx.writeEvent(key, 'MESSAGE', 'EXPIRED', value);
  return ok({ key, tenantId: input.tenantId });
}
