/**
 * Timer subscriptions: a timer catch event, boundary event or event sub-process start owned by
 * an active element instance gets a row in engine.timer with its due date; the due-work
 * checker triggers it (TIMER TRIGGER) once the engine's clock passes that date.
 */
import type { ExecutableElement } from '../../model/executable-model.js';
import type { BatchContext } from '../batch-context.js';
import type { ElementContext } from '../bpmn/behaviors/element-context.js';
import type { SubscriptionKind } from '../bpmn/behaviors/event-subscription.behavior.js';
import { visibleVariables } from '../bpmn/behaviors/variable.behavior.js';
import { evaluateExpression } from '../../feel/feel.js';
import { err, ok, type Result } from '../../util/result.js';
import type { TimerRow } from '../../state/tables.js';
import { nextDueDate, type EvaluatedTimer, type TimerSchedule } from '../../model/timer-expressions.js';

/** the event's timer definition: static, or FEEL evaluated in `scopeKey` */
export async function evaluateTimer(ctx: BatchContext, event: ExecutableElement, scopeKey: string | null): Promise<Result<EvaluatedTimer, string>> {
  if (!event.timer) return err(`Expected element '${event.id}' to have a timer definition, but it has none`);
  const { kind, expression } = event.timer;
  if (expression.kind === 'static') return ok({ kind, value: expression.value });
  const value = evaluateExpression(expression, scopeKey ? await visibleVariables(ctx, scopeKey) : {});
  return value.ok ? ok({ kind, value: value.value, expression: expression.expression }) : err(value.message);
}

/** the first due date of the event's timer, counted from now */
export async function scheduleOf(ctx: BatchContext, event: ExecutableElement, scopeKey: string | null): Promise<Result<TimerSchedule, string>> {
  const timer = await evaluateTimer(ctx, event, scopeKey);
  return timer.ok ? nextDueDate(timer.value, ctx.now) : timer;
}

export async function createTimer(
  ctx: BatchContext,
  owner: { elementInstanceKey: string | null; processInstanceKey: string | null; processDefinitionKey: string; bpmnProcessId: string; tenantId: string },
  targetElementId: string,
  schedule: { dueDate: number; repetitions: number },
): Promise<void> {
  await ctx.writeEvent(ctx.nextKey(), 'TIMER', 'CREATED', {
    elementInstanceKey: owner.elementInstanceKey ?? '-1',
    processInstanceKey: owner.processInstanceKey ?? '-1',
    processDefinitionKey: owner.processDefinitionKey,
    bpmnProcessId: owner.bpmnProcessId,
    targetElementId,
    dueDate: String(schedule.dueDate),
    repetitions: schedule.repetitions,
    tenantId: owner.tenantId,
  });
  ctx.effects.timersChanged = true;
}

export function timerValue(t: TimerRow): Record<string, unknown> {
  return {
    elementInstanceKey: t.elementInstanceKey ?? '-1',
    processInstanceKey: t.processInstanceKey ?? '-1',
    processDefinitionKey: t.processDefinitionKey,
    bpmnProcessId: t.bpmnProcessId,
    targetElementId: t.targetElementId,
    dueDate: String(t.dueDate),
    repetitions: t.repetitions,
    tenantId: t.tenantId,
  };
}

export async function cancelTimers(ctx: BatchContext, timers: TimerRow[]): Promise<void> {
  for (const t of timers) await ctx.writeEvent(t.key, 'TIMER', 'CANCELED', timerValue(t));
}

/** the timer kind of subscription (registered in bpmn-element-processors.ts) */
export const timerSubscriptions: SubscriptionKind = {
  async open(ctx: BatchContext, owner: ElementContext, event: ExecutableElement) {
    const schedule = await scheduleOf(ctx, event, owner.instance.key);
    if (!schedule.ok) return schedule;
    const i = owner.instance;
    await createTimer(
      ctx,
      { elementInstanceKey: i.key, processInstanceKey: i.processInstanceKey, processDefinitionKey: i.processDefinitionKey, bpmnProcessId: i.bpmnProcessId, tenantId: i.tenantId },
      event.id,
      schedule.value,
    );
    return ok(undefined);
  },
  async close(ctx, owner) {
    await cancelTimers(ctx, await ctx.uow.getActiveTimers({ elementInstanceKey: owner.key }));
  },
};
