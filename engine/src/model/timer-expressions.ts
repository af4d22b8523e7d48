/**
 * Timer texts as Zeebe reads them (its `Interval`, `RepeatingInterval`, `TimeDateTimer` and
 * `CronTimer`), computed in UTC where Zeebe uses the JVM's default zone:
 *
 * - durations: ISO 8601 `PnYnMnWnDTnHnMnS` (a java.time Period plus a Duration), optionally
 *   with a start date (`<date-time>/<duration>`), whose due date is then the start itself;
 * - dates: a zoned date-time with offset (`2026-12-01T10:00:00Z`, `…+08:00`, `…+08:00[Asia/Shanghai]`);
 * - cycles: `R[n]/[start/]duration` (n absent = infinite, repetitions -1) or a Spring cron
 *   expression (six fields, seconds first).
 *
 * Values that come out of FEEL (already turned into ISO strings by the FEEL wrapper) may also be
 * a local date-time (taken as UTC) or carry a FEEL zone (`…@Asia/Shanghai`).
 */
import { err, ok, type Result } from '../util/result.js';
import type { ExecutableElement, Expression } from './executable-model.js';
import { nextCronExecution, parseCron, type CronSchedule } from './cron-expression.js';
import { daysInMonth, parseDate, utc } from './date-time.js';

export { nextCronExecution, parseCron, type CronSchedule } from './cron-expression.js';
export { parseDate } from './date-time.js';

/** A java.time Period (years, months, days incl. weeks) plus a Duration (hours, minutes, seconds). */
export interface Duration {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  /** may have a fraction (milliseconds are kept, finer digits dropped) */
  seconds: number;
}

export type Cycle =
  | { kind: 'repeating'; repetitions: number; start?: number; interval: Duration }
  | { kind: 'cron'; cron: CronSchedule };

export interface TimerSchedule {
  dueDate: number;
  /** -1 repeats forever; 1 fires once */
  repetitions: number;
}

/** What `nextDueDate` schedules: the timer's kind and its text, static or the FEEL result. */
export interface EvaluatedTimer {
  kind: NonNullable<ExecutableElement['timer']>['kind'];
  value: unknown;
  /** the expression text, for failure messages (defaults to the value) */
  expression?: string;
  /**
   * read a date leniently, as a FEEL result (a local date-time is UTC, `@zone` is resolved);
   * default true. A static text must carry its offset, as ZonedDateTime.parse requires.
   */
  lenient?: boolean;
}

export const INFINITE = -1;

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// durations

const PERIOD = /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?$/i;
const TIME = /^([-+]?)PT(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?$/i;

/**
 * An ISO 8601 duration the way Zeebe's `Interval.parse` reads it: the part before `T` is a
 * java.time Period (`P1Y2M3W4D`), the part after it a Duration (`T4H5M6.5S`); a leading sign
 * negates both. A `<start>/` prefix is not a duration: use `parseInterval`.
 */
export function parseDuration(text: string): Result<Duration, string> {
  const sign = text.startsWith('-') ? '-' : '';
  const unsigned = /^[-+]/.test(text) ? text.slice(1) : text;
  // Zeebe looks for an upper-case `T` only; java.time then reads each part case-insensitively
  const t = unsigned.indexOf('T');
  if (t === 1) return parseTime(text);
  if (t === -1) return parsePeriod(text);
  const period = parsePeriod(text.slice(0, text.length - unsigned.length + t));
  if (!period.ok) return period;
  const time = parseTime(`${sign}P${unsigned.slice(t)}`);
  if (!time.ok) return time;
  return ok({ ...time.value, years: period.value.years, months: period.value.months, days: period.value.days });
}

function parsePeriod(text: string): Result<Duration, string> {
  const match = PERIOD.exec(text);
  if (!match || match.slice(2).every((part) => part === undefined)) {
    return err('Text cannot be parsed to a Period');
  }
  const factor = match[1] === '-' ? -1 : 1;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part) * factor) + 0;
  return ok({
    years: n(match[2]),
    months: n(match[3]),
    days: n(match[4]) * 7 + n(match[5]),
    hours: 0,
    minutes: 0,
    seconds: 0,
  });
}

function parseTime(text: string): Result<Duration, string> {
  const match = TIME.exec(text);
  if (!match || (match[2] === undefined && match[3] === undefined && match[4] === undefined)) {
    return err('Text cannot be parsed to a Duration');
  }
  const factor = match[1] === '-' ? -1 : 1;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part) * factor) + 0;
  const whole = n(match[4]);
  const fraction = match[5] ? Number(`0.${match[5].padEnd(3, '0').slice(0, 3)}`) : 0;
  const negativeSeconds = (match[4] ?? '').startsWith('-') !== (factor === -1);
  return ok({
    years: 0,
    months: 0,
    days: 0,
    hours: n(match[2]),
    minutes: n(match[3]),
    seconds: whole + (negativeSeconds ? -fraction : fraction),
  });
}

/** `<start>/<duration>` or `<duration>` (Zeebe's `Interval.parse`). */
export function parseInterval(text: string): Result<{ start?: number; duration: Duration }, string> {
  const slash = text.lastIndexOf('/');
  let start: number | undefined;
  if (slash > 0) {
    const date = parseDate(text.slice(0, slash));
    if (!date.ok) return date;
    start = date.value;
  }
  const duration = parseDuration(text.slice(slash + 1));
  if (!duration.ok) return duration;
  return ok(start === undefined ? { duration: duration.value } : { start, duration: duration.value });
}

/**
 * Adds a duration as java.time does in UTC: years and months first (clamping the day to the
 * month's end, so 2026-01-31 + P1M is 2026-02-28), then days, then the exact time part.
 */
export function addDuration(epochMs: number, duration: Duration): number {
  const date = new Date(epochMs);
  const timeOfDay = epochMs - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + duration.years * 12 + duration.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const midnight = utc(year, month, day) + duration.days * DAY_MS;
  const time = (duration.hours * 3600 + duration.minutes * 60) * 1000 + Math.round(duration.seconds * 1000);
  return midnight + timeOfDay + time;
}

/** ISO 8601 text of a duration, as java.time prints an Interval (`P1Y2M3DT4H`, `PT0S`). */
export function formatDuration(duration: Duration): string {
  const period =
    (duration.years ? `${duration.years}Y` : '') +
    (duration.months ? `${duration.months}M` : '') +
    (duration.days ? `${duration.days}D` : '');
  const time =
    (duration.hours ? `${duration.hours}H` : '') +
    (duration.minutes ? `${duration.minutes}M` : '') +
    (duration.seconds ? `${duration.seconds}S` : '');
  if (!period && !time) return 'PT0S';
  return `P${period}${time ? `T${time}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// cycles

/** `R[n]/[start/]duration` or a cron expression, as Zeebe's timer cycle. */
export function parseCycle(text: string): Result<Cycle, string> {
  if (!text.startsWith('R')) {
    const cron = parseCron(text);
    return cron.ok ? ok({ kind: 'cron', cron: cron.value }) : cron;
  }
  const slash = text.indexOf('/');
  if (slash === -1) return err('No interval given');
  let repetitions = INFINITE;
  if (slash > 1) {
    const count = text.slice(1, slash);
    if (!/^[-+]?\d{1,10}$/.test(count) || Math.abs(Number(count)) > 2 ** 31 - 1) {
      return err('Cannot parse repetitions count');
    }
    repetitions = Number(count);
  }
  const interval = parseInterval(text.slice(slash + 1));
  if (!interval.ok) return interval;
  const cycle: Cycle = { kind: 'repeating', repetitions, interval: interval.value.duration };
  if (interval.value.start !== undefined) cycle.start = interval.value.start;
  return ok(cycle);
}

// ---------------------------------------------------------------------------------------------
// scheduling

/**
 * The first due date of a timer whose expression is evaluated (a static text, or the FEEL
 * result): what Zeebe's timer factory gives when the timer is created. A duration or date fires
 * once (repetitions 1); a cycle carries its repetitions (`R/…` and cron: -1).
 */
export function nextDueDate(timer: EvaluatedTimer | ExecutableElement['timer'], nowMs: number): Result<TimerSchedule, string> {
  if (!timer) return err('Expected a timer definition, but found none');
  const evaluated = 'value' in timer ? ok(timer) : fromStatic(timer.kind, timer.expression);
  if (!evaluated.ok) return evaluated;
  const { kind, value } = evaluated.value;
  const expression = evaluated.value.expression ?? String(value);
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (kind) {
    case 'duration': {
      if (text === undefined) return typeMismatch(expression, '[DURATION, PERIOD, STRING]', value);
      const interval = parseInterval(text);
      if (!interval.ok) return err(`Invalid duration format '${text}' for expression '${expression}'.`);
      return ok({ dueDate: dueDateOf(interval.value, nowMs), repetitions: 1 });
    }
    case 'date': {
      if (text === undefined) return typeMismatch(expression, '[DATE_TIME, STRING]', value);
      const date = parseDate(text, { lenient: evaluated.value.lenient !== false });
      if (!date.ok) return err(`Invalid date-time format '${text}' for expression '${expression}'.`);
      return ok({ dueDate: date.value, repetitions: 1 });
    }
    case 'cycle': {
      if (text === undefined) return typeMismatch(expression, 'STRING', value);
      const cycle = parseCycle(text);
      if (!cycle.ok) return cycle;
      if (cycle.value.kind === 'cron') {
        const next = nextCronExecution(cycle.value.cron, nowMs);
        // a cron without a further execution fires once, now (Zeebe's CronTimer)
        return ok(next === undefined ? { dueDate: nowMs, repetitions: 0 } : { dueDate: next, repetitions: INFINITE });
      }
      const { start, interval, repetitions } = cycle.value;
      return ok({ dueDate: dueDateOf({ start, duration: interval }, nowMs), repetitions });
    }
    default:
      return err(`Unknown timer kind '${String(kind)}'`);
  }
}

/**
 * The next schedule of a cycle timer that fired at `lastDueDate`, or undefined when it has no
 * repetition left. As Zeebe: the count goes down unless infinite; an interval counts from the
 * last due date, or from now when that occurrence is already past; a cron counts from now.
 */
export function rescheduleCycle(
  cycleText: string,
  lastDueDate: number,
  repetitions: number,
  nowMs: number,
): Result<TimerSchedule | undefined, string> {
  if (repetitions !== INFINITE && repetitions <= 1) return ok(undefined);
  const cycle = parseCycle(cycleText.trim());
  if (!cycle.ok) return cycle;
  if (cycle.value.kind === 'cron') {
    const next = nextCronExecution(cycle.value.cron, nowMs);
    return ok(next === undefined ? undefined : { dueDate: next, repetitions });
  }
  const remaining = repetitions === INFINITE ? INFINITE : repetitions - 1;
  const natural = addDuration(lastDueDate, cycle.value.interval);
  const dueDate = natural > nowMs ? natural : addDuration(nowMs, cycle.value.interval);
  return ok({ dueDate, repetitions: remaining });
}

/** Zeebe's `Interval.toEpochMilli`: the start when there is one (now, if it is past), else now + duration. */
function dueDateOf(interval: { start?: number; duration: Duration }, nowMs: number): number {
  if (interval.start !== undefined) return interval.start < nowMs ? nowMs : interval.start;
  return addDuration(nowMs, interval.duration);
}

function fromStatic(
  kind: EvaluatedTimer['kind'],
  expression: Expression,
): Result<EvaluatedTimer, string> {
  if (expression.kind === 'feel') {
    return err(`Expected the timer expression '${expression.expression}' to be evaluated first`);
  }
  return ok({ kind, value: expression.value, lenient: false });
}

function typeMismatch(expression: string, expected: string, value: unknown): Result<never, string> {
  const type =
    value === null || value === undefined
      ? 'NULL'
      : typeof value === 'number'
        ? 'NUMBER'
        : typeof value === 'boolean'
          ? 'BOOLEAN'
          : Array.isArray(value)
            ? 'ARRAY'
            : 'OBJECT';
  const what = expected.startsWith('[') ? `one of '${expected}'` : `'${expected}'`;
  return err(`Expected result of the expression '${expression}' to be ${what}, but was '${type}'.`);
}
