/**
 * Cron timer cycles as Zeebe reads them (cron-utils with the Spring 5.3 definition): six fields,
 * `second minute hour day-of-month month day-of-week`, or one of the macros `@yearly`,
 * `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
 *
 * Fields take `*`, `?`, numbers, ranges `a-b`, steps `*∕n`, `a∕n`, `a-b∕n` and lists; months and
 * weekdays also take names (`JAN`, `MON`; Sunday is 0 or 7). Day-of-month takes `L`, `L-n`, `nW`
 * and `LW`; day-of-week takes `xL` (last x of the month) and `x#n` (n-th x). As in Spring, a day
 * must match both the day-of-month and the day-of-week field. Times are computed in UTC.
 */
import { err, ok, type Result } from '../util/result.js';

export interface CronSchedule {
  text: string;
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: Set<number>; // 1–12
  dayOfMonth: DayMatcher;
  dayOfWeek: DayMatcher;
}

/** month 1–12, day 1–31 */
type DayMatcher = (year: number, month: number, day: number) => boolean;

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** the value of names[0] */
  nameBase?: number;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 };
const DAY_OF_WEEK: FieldSpec = { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 };

export function parseCron(text: string): Result<CronSchedule, string> {
  const expanded = MACROS[text.trim().toLowerCase()] ?? text.trim();
  const parts = expanded.split(/\s+/).filter((part) => part !== '');
  if (parts.length !== 6) return err(`Cron expression contains ${parts.length} parts but we expect one of [6]`);
  try {
    const weekdays = values(parts[5], DAY_OF_WEEK, ['L', '#']).map((day) => day % 7);
    return ok({
      text,
      seconds: values(parts[0], SECOND),
      minutes: values(parts[1], MINUTE),
      hours: values(parts[2], HOUR),
      months: new Set(values(parts[4], MONTH)),
      dayOfMonth: dayOfMonthMatcher(parts[3]),
      dayOfWeek: dayOfWeekMatcher(parts[5], new Set(weekdays)),
    });
  } catch (error) {
    if (error instanceof CronError) return err(`${error.message} in cron expression '${text}'`);
    throw error;
  }
}

/** The first execution strictly after `fromMs` (whole seconds, UTC), or undefined if none. */
export function nextCronExecution(cron: CronSchedule, fromMs: number): number | undefined {
  const start = Math.floor(fromMs / 1000) * 1000 + 1000;
  const startDay = Math.floor(start / 86_400_000) * 86_400_000;
  // 28 years hold every combination of weekday and date (e.g. Feb 29 on a Monday)
  for (let dayStart = startDay, n = 0; n < 28 * 366 + 7; dayStart += 86_400_000, n++) {
    const date = new Date(dayStart);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!cron.months.has(month) || !cron.dayOfMonth(year, month, day) || !cron.dayOfWeek(year, month, day)) continue;
    const earliest = dayStart === startDay ? (start - dayStart) / 1000 : 0;
    const time = firstTimeFrom(cron, earliest);
    if (time !== undefined) return dayStart + time * 1000;
  }
  return undefined;
}

function firstTimeFrom(cron: CronSchedule, earliest: number): number | undefined {
  for (const hour of cron.hours) {
    if ((hour + 1) * 3600 <= earliest) continue;
    for (const minute of cron.minutes) {
      if (hour * 3600 + (minute + 1) * 60 <= earliest) continue;
      for (const second of cron.seconds) {
        const time = hour * 3600 + minute * 60 + second;
        if (time >= earliest) return time;
      }
    }
  }
  return undefined;
}

class CronError extends Error {}

/** The sorted values of a plain field (`*`, numbers, names, ranges, steps, lists). */
function values(field: string, spec: FieldSpec, ignoredSuffixes: string[] = []): number[] {
  const result = new Set<number>();
  for (const item of field.split(',')) {
    if (ignoredSuffixes.some((suffix) => item.toUpperCase().includes(suffix))) continue;
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : number(stepText, { ...spec, min: 1, max: spec.max });
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      [from, to] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [number(a, spec), number(b, spec)];
      if (from > to) throw new CronError(`Invalid range '${range}' in ${spec.name} field`);
    } else {
      from = number(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) result.add(value);
  }
  return [...result].sort((a, b) => a - b);
}

function number(text: string, spec: FieldSpec): number {
  const name = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = name >= 0 ? name + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new CronError(`Invalid value '${text}' in ${spec.name} field`);
  if (value < spec.min || value > spec.max) {
    throw new CronError(`Value ${value} not in range [${spec.min}, ${spec.max}] of ${spec.name} field`);
  }
  return value;
}

function dayOfMonthMatcher(field: string): DayMatcher {
  const matchers: DayMatcher[] = [];
  const plain: string[] = [];
  for (const item of field.toUpperCase().split(',')) {
    const before = /^L(?:-(\d+))?$/.exec(item);
    if (before) {
      const offset = Number(before[1] ?? 0);
      matchers.push((y, m, d) => d === lastDay(y, m) - offset);
    } else if (item === 'LW') {
      matchers.push((y, m, d) => d === nearestWeekday(y, m, lastDay(y, m)));
    } else if (/^\d+W$/.test(item)) {
      const target = number(item.slice(0, -1), DAY_OF_MONTH);
      matchers.push((y, m, d) => target <= lastDay(y, m) && d === nearestWeekday(y, m, target));
    } else {
      plain.push(item);
    }
  }
  if (plain.length > 0) {
    const days = new Set(values(plain.join(','), DAY_OF_MONTH));
    matchers.push((_y, _m, d) => days.has(d));
  }
  return (y, m, d) => matchers.some((matches) => matches(y, m, d));
}

function dayOfWeekMatcher(field: string, weekdays: Set<number>): DayMatcher {
  const matchers: DayMatcher[] = [];
  if (weekdays.size > 0) matchers.push((y, m, d) => weekdays.has(weekday(y, m, d)));
  for (const item of field.toUpperCase().split(',')) {
    const last = /^(\w+)L$/.exec(item);
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (last) {
      const target = number(last[1], DAY_OF_WEEK) % 7;
      matchers.push((y, m, d) => weekday(y, m, d) === target && d + 7 > lastDay(y, m));
    } else if (nth) {
      const target = number(nth[1], DAY_OF_WEEK) % 7;
      const index = Number(nth[2]);
      if (index < 1 || index > 5) throw new CronError(`Invalid value '${item}' in day of week field`);
      matchers.push((y, m, d) => weekday(y, m, d) === target && Math.ceil(d / 7) === index);
    } else if (item === 'L') {
      matchers.push((y, m, d) => weekday(y, m, d) === 6);
    }
  }
  return (y, m, d) => matchers.some((matches) => matches(y, m, d));
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weekday nearest to the given day, without leaving the month (the `W` rule). */
function nearestWeekday(year: number, month: number, day: number): number {
  const dow = weekday(year, month, day);
  if (dow === 6) return day === 1 ? 3 : day - 1;
  if (dow === 0) return day === lastDay(year, month) ? day - 2 : day + 1;
  return day;
}
