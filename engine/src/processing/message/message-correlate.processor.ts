/**
 * MESSAGE_CORRELATION CORRELATE (Camunda's `POST /v2/messages/correlation`): the message is
 * correlated now or never. Without a waiting subscription or a start event it can reach, the
 * command is rejected NOT_FOUND and nothing is written; otherwise, as Zeebe's
 * MessageCorrelationCorrelateProcessor: MESSAGE PUBLISHED (no time-to-live), CORRELATING, the
 * correlations, CORRELATED with the first process instance it reached (a started instance first,
 * as Zeebe answers those at once), and MESSAGE EXPIRED: it is never buffered.
 */
import type { CorrelateMessageInput, CorrelatedMessage, Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { correlateMessage, correlationTargets } from './message-correlate.behavior.js';

export async function correlateMessageCommand(ctx: BatchContext, input: Required<CorrelateMessageInput>): Promise<Result<CorrelatedMessage, Rejection>> {
  const messageKey = ctx.nextKey();
  const value: Record<string, unknown> = {
    name: input.name,
    correlationKey: input.correlationKey,
    variables: input.variables,
    tenantId: input.tenantId,
    messageKey: '-1',
    processInstanceKey: '-1',
  };
  ctx.logCommand(messageKey, 'MESSAGE_CORRELATION', 'CORRELATE', value);

  const targets = await correlationTargets(ctx, input);
  if (!targets.reachable) {
    const found = `Expected to find subscription for message with name '${input.name}' and correlation key '${input.correlationKey}', but`;
    const reason =
      targets.blockedProcessIds.length > 0
        ? `${found} no active subscription was found. A process instance with this correlation key is already active for a message start event with this message name in process IDs [${targets.blockedProcessIds.join(', ')}]. Only one active process instance per correlation key is allowed for message start events.`
        : `${found} none was found.`;
    ctx.writeRejection(messageKey, 'MESSAGE_CORRELATION', 'CORRELATE', value, 'NOT_FOUND', reason);
    return err({ intent: 'CORRELATE', type: 'NOT_FOUND', reason });
  }

  const message = {
    name: input.name,
    correlationKey: input.correlationKey,
    timeToLive: -1,
    messageId: '',
    variables: input.variables,
    tenantId: input.tenantId,
    deadline: ctx.now,
  };
  await ctx.writeEvent(messageKey, 'MESSAGE', 'PUBLISHED', message);
  value.messageKey = messageKey;
  await ctx.writeEvent(messageKey, 'MESSAGE_CORRELATION', 'CORRELATING', value);
  const correlations = await correlateMessage(ctx, (await ctx.uow.messages.get(ctx.uow.tx, messageKey))!);
  const first = correlations.find((c) => c.startEvent) ?? correlations[0];
  if (!first) throw new Error(`message ${messageKey} reached nothing after its targets were checked`);
  const correlated = { ...value, processInstanceKey: first.processInstanceKey, processDefinitionKey: first.processDefinitionKey };
  await ctx.writeEvent(messageKey, 'MESSAGE_CORRELATION', 'CORRELATED', correlated);
  await ctx.writeEvent(messageKey, 'MESSAGE', 'EXPIRED', message);
  return ok({ key: messageKey, processInstanceKey: first.processInstanceKey, tenantId: input.tenantId });
}
