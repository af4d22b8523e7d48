/**
 * case.execution-period — the 期限监控's one rule for the six-month 执行期限 (D06 1; T00 5) and its
 * excluded periods (T00 9; EPI 13): see ./execution-period.ts.
 *
 * The watch loop of `enforcement-case` runs this job each time it comes round: after a message
 * (`clockEvent`, mapped by the catch event: a 中止/暂缓, a 恢复执行, an excluded period or its end)
 * and after its own timers. It folds the event into `excludedPeriods` (only this job writes them)
 * and recomputes the clock.
 *
 * Variables in: `executionPeriodEnd` (立案 + 6 months), `executionPeriodExtendedEnd` (the same
 * plus the approved extensions, when any), `excludedPeriods`, `clockEvent` (or null),
 * `extensionRequestDays` (default 5), `executionPeriodWarnedEnd` (set by the model when the extension
 * was not requested or not approved after a warning, else absent), `clockNow` (the engine's now when the job was created, an
 * input mapping: the clock the timers run on; the worker's own clock otherwise).
 * Result: `excludedPeriods`, `executionPeriodEffectiveEnd`, `executionPeriodStopped`,
 * `executionPeriodResumesAt` (the earliest scheduled end of the open periods, or null),
 * `executionPeriodWarningAt` (the effective end less `extensionRequestDays` days),
 * `executionPeriodWarned` (the 届满前预警 for this end has been given: `executionPeriodWarnedEnd`, the
 * end warned about and then not extended, is at most `extensionRequestDays` days before the
 * effective end; see `warningState`), `executionPeriodWakeAt` (when the running clock's loop must
 * look again: the warning time, or the end itself once warned, or an earlier start of a period
 * recorded ahead of time), `executionPeriodExcludedDays`,
 * `auctionNotice` (`auction.suspended` / `auction.resumed` / null: what the case's auctions must
 * be told, NA 28) and `clockEvent: null` (applied).
 *
 * Idempotent: the result depends only on the variables (with `clockNow`) and the element instance (the id of a
 * period a 中止/暂缓 opens), so a redelivered job completes with the same variables.
 */
import { defineWorker } from '../core/define-worker.js';
import { shown } from '../core/failure-text.js';
import { applyEvent, computeClock, parseInstant, settle, validatePeriods, warningState, type ClockEvent } from './execution-period.js';
import { CASE_EXECUTION_PERIOD } from './job-types.js';

interface Variables {
  executionPeriodEnd?: unknown;
  executionPeriodExtendedEnd?: unknown;
  excludedPeriods?: unknown;
  clockEvent?: ClockEvent | null;
  extensionRequestDays?: unknown;
  /** the effective end the last warning was given for, when the extension was then not granted */
  executionPeriodWarnedEnd?: unknown;
  /** the engine's time when the job was created (the task's input mapping `string(now())`) */
  clockNow?: unknown;
}

const DAY = 86_400_000;

export default defineWorker<Variables>({
  type: CASE_EXECUTION_PERIOD,
  description: '执行期限：扣除不计入期间（公告、评估、审计、鉴定、中止、暂缓、拍卖、管辖权异议）后的届满日 (the execution period clock)',
  fetchVariables: ['executionPeriodEnd', 'executionPeriodExtendedEnd', 'excludedPeriods', 'clockEvent', 'extensionRequestDays', 'executionPeriodWarnedEnd', 'clockNow'],
  handler(job, ctx) {
    const v = job.variables;
    const extended = v.executionPeriodExtendedEnd ?? null;
    const baseName = extended !== null ? 'executionPeriodExtendedEnd' : 'executionPeriodEnd';
    const base = extended ?? v.executionPeriodEnd;
    if (base === undefined || base === null) throw new Error('缺少流程变量 executionPeriodEnd（执行期限由此计算）');
    parseInstant(base, `流程变量 ${baseName}`);
    const days = v.extensionRequestDays ?? 5;
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) throw new Error(`流程变量 extensionRequestDays 应为不小于 0 的天数，实际为 ${shown(days)}`);

    let periods = validatePeriods(v.excludedPeriods);
    let auctionNotice: string | null = null;
    if (v.clockEvent !== undefined && v.clockEvent !== null) {
      const applied = applyEvent(periods, v.clockEvent, job.elementInstanceKey);
      periods = applied.periods;
      auctionNotice = applied.auctionNotice;
      ctx.log.info(`execution period: ${applied.change}`, { processInstanceKey: job.processInstanceKey });
    }
    // the engine's time (its timers and FEEL now()), not the worker machine's
    const now = v.clockNow === undefined || v.clockNow === null ? ctx.now().getTime() : parseInstant(v.clockNow, '流程变量 clockNow');
    periods = settle(periods, now);
    const clock = computeClock(base as string, periods, now);
    const warnedEnd = v.executionPeriodWarnedEnd ?? null;
    if (warnedEnd !== null) parseInstant(warnedEnd, '流程变量 executionPeriodWarnedEnd');
    const warning = warningState(clock.effectiveEnd, warnedEnd as string | null, days, clock.startsAt);
    return {
      excludedPeriods: periods,
      executionPeriodEffectiveEnd: clock.effectiveEnd,
      executionPeriodStopped: clock.stopped,
      executionPeriodResumesAt: clock.resumesAt,
      executionPeriodWarningAt: warning.warningAt,
      executionPeriodWarned: warning.warned,
      executionPeriodWakeAt: warning.wakeAt,
      executionPeriodExcludedDays: Math.round((clock.excludedMs / DAY) * 100) / 100,
      auctionNotice,
      clockEvent: null,
    };
  },
});
