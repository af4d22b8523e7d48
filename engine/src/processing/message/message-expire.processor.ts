/**
 * MESSAGE EXPIRE (from the due-work checker): a buffered message whose time-to-live has passed
 * EXPIRES; it is no longer correlated, and its message id may be used again.
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';

export async function expireMessage(ctx: BatchContext, messageKey: string): Promise<Result<void, Rejection>> {
  const m = await ctx.uow.messages.get(ctx.uow.tx, messageKey);
  const value = m
    ? { name: m.name, correlationKey: m.correlationKey, timeToLive: m.timeToLive, messageId: m.messageId, variables: JSON.parse(m.variables), tenantId: m.tenantId, deadline: m.deadline }
    : {};
  ctx.logCommand(messageKey, 'MESSAGE', 'EXPIRE', value);
  const reject = (type: Rejection['type'], reason: string) => {
    ctx.writeRejection(messageKey, 'MESSAGE', 'EXPIRE', value, type, reason);
    return err<Rejection>({ intent: 'EXPIRE', type, reason });
  };
  if (!m || m.state !== 'PUBLISHED') return reject('NOT_FOUND', `Expected to expire message with key '${messageKey}', but no such message was found`);
  if (m.deadline > ctx.now) return reject('INVALID_STATE', `Expected to expire message with key '${messageKey}', but it lives until ${new Date(m.deadline).toISOString()}`);
  await ctx.writeEvent(messageKey, 'MESSAGE', 'EXPIRED', value);
  return ok(undefined);
}
