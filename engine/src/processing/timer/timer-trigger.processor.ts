/**
 * TIMER TRIGGER (from the due-work checker): the timer fires. A start timer starts a new
 * instance; any other triggers its catch event in the owning element instance. A cycle fires
 * again while repetitions remain, unless its event interrupted the owner.
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { triggerEvent } from '../bpmn/behaviors/event-subscription.behavior.js';
import { startInstance } from '../process-instance/process-instance-create.processor.js';
import { createTimer, evaluateTimer, timerValue } from './timer.behavior.js';
import { rescheduleCycle } from '../../model/timer-expressions.js';

export async function triggerTimer(ctx: BatchContext, timerKey: string): Promise<Result<void, Rejection>> {
  const timer = await ctx.uow.getTimer(timerKey);
  const value = timer ? timerValue(timer) : {};
  ctx.logCommand(timerKey, 'TIMER', 'TRIGGER', value);
  const reject = (type: Rejection['type'], reason: string) => {
    ctx.writeRejection(timerKey, 'TIMER', 'TRIGGER', value, type, reason);
    return err<Rejection>({ intent: 'TRIGGER', type, reason });
  };
  if (!timer || timer.state !== 'ACTIVE') return reject('NOT_FOUND', `Expected to trigger timer with key '${timerKey}', but no such timer was found`);
  if (timer.dueDate > ctx.now) return reject('INVALID_STATE', `Expected to trigger timer with key '${timerKey}', but it is not due before ${new Date(timer.dueDate).toISOString()}`);

  await ctx.writeEvent(timerKey, 'TIMER', 'TRIGGERED', value);
  const definition = await ctx.definitions.get(ctx.uow.tx, timer.processDefinitionKey);
  const event = definition?.process.elements.get(timer.targetElementId);
  if (!definition || !event) return ok(undefined);

  let fired: boolean;
  if (timer.elementInstanceKey === null) {
    await startInstance(ctx, definition, {}, event.id);
    fired = true;
  } else {
    fired = await triggerEvent(ctx, timer.elementInstanceKey, timer.targetElementId, {});
  }
  const interrupting = event.type === 'BOUNDARY_EVENT' ? event.cancelActivity !== false : event.type === 'START_EVENT' && timer.elementInstanceKey !== null ? event.interrupting !== false : event.type !== 'START_EVENT';
  if (fired && !interrupting && event.timer?.kind === 'cycle') {
    const cycle = await evaluateTimer(ctx, event, timer.elementInstanceKey);
    const next = cycle.ok ? rescheduleCycle(String(cycle.value.value), timer.dueDate, timer.repetitions, ctx.now) : undefined;
    if (next?.ok && next.value) await createTimer(ctx, timer, timer.targetElementId, next.value);
  }
  return ok(undefined);
}
