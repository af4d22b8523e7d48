/**
 * deadlines.compute — statutory periods as date-times, counted by `common/calendar.ts`.
 *
 * Periods come from the header `periods` and/or the variable `periods` (the variable wins per
 * name, so a case can carry its own), as JSON: `{ "<resultVariable>": <period> }`, where a period
 * is `{ "workingDays": 7 }`, `{ "days": 30 }` (calendar days; a last day that is a holiday moves to
 * the next working day), `{ "months": 6 }` (calendar months, same rule), or a number of days.
 * `from` (variable, ISO date-time) is the start; models pass `from: now()` so the engine's
 * (controlled) clock drives it; without it the worker's clock is used.
 *
 * Result: one ISO date-time per period name, e.g. `{ "filingReviewDue": "2026-10-09T10:00:00.000Z" }`.
 */
import { CalendarRangeError, type Calendar } from '../../common/calendar.js';
import { defineWorker } from '../core/define-worker.js';
import { shown } from '../core/failure-text.js';
import { DEADLINES_COMPUTE } from './job-types.js';

export type Period = number | { days?: number; workingDays?: number; months?: number };

export function computeDeadline(calendar: Calendar, from: Date, period: Period, name: string): Date {
  const p = typeof period === 'number' ? { days: period } : period;
  if (!p || typeof p !== 'object') throw new Error(`期限 ${name} 应为 { workingDays }、{ days } 或 { months }，实际为 ${shown(period)}`);
  const given = (['days', 'workingDays', 'months'] as const).filter((k) => p[k] !== undefined);
  if (given.length !== 1) throw new Error(`期限 ${name} 应恰好给出 days、workingDays、months 之一，实际为 ${shown(period)}`);
  const [unit] = given as [keyof typeof p];
  const value = p[unit]!;
  if (!Number.isInteger(value) || value < 0) throw new Error(`期限 ${name}.${unit} 应为不小于 0 的整数，实际为 ${shown(value)}`);
  if (unit === 'workingDays') return calendar.addWorkingDays(from, value);
  if (unit === 'days') return calendar.addCalendarDays(from, value);
  // months: same day-of-month (clamped to the month's end), then the holiday rule
  const end = new Date(from);
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + value);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return calendar.addCalendarDays(end, 0);
}

/** `where`: 任务头 (the header) or 流程变量 (the variable) */
const parsePeriods = (source: unknown, where: '任务头' | '流程变量'): Record<string, Period> => {
  if (source === undefined || source === null || source === '') return {};
  let value = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch {
      throw new Error(`${where} periods 不是有效的 JSON：${source}`);
    }
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where} periods 应为“名称 → 期限”的对象`);
  return value as Record<string, Period>;
};

export default defineWorker<{ from?: string; periods?: unknown }, { periods?: string }>({
  type: DEADLINES_COMPUTE,
  description: '法定期限计算 (statutory day counting with the holiday table)',
  handler(job, ctx) {
    const periods = { ...parsePeriods(job.customHeaders.periods, '任务头'), ...parsePeriods(job.variables.periods, '流程变量') };
    if (Object.keys(periods).length === 0) throw new Error(`元素 ${job.elementId} 没有要计算的期限（任务头或流程变量 periods）`);
    const from = job.variables.from ? new Date(job.variables.from) : ctx.now();
    if (Number.isNaN(from.getTime())) throw new Error(`流程变量 from 应为 ISO 日期时间，实际为 ${shown(job.variables.from)}`);
    const result: Record<string, string> = {};
    for (const [name, period] of Object.entries(periods)) {
      try {
        result[name] = computeDeadline(ctx.calendar, from, period, name).toISOString();
      } catch (error) {
        if (error instanceof CalendarRangeError) throw new Error(`期限 ${name}：${error.message}`);
        throw error;
      }
    }
    return result;
  },
});
