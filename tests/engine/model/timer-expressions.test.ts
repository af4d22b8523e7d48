import { describe, expect, it } from 'vitest';
import { evaluateFeel } from '../../../engine/src/feel/feel.js';
import {
  addDuration,
  nextDueDate,
  parseCron,
  parseCycle,
  parseDate,
  parseDuration,
  rescheduleCycle,
  type Duration,
} from '../../../engine/src/model/timer-expressions.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const duration = (text: string): Duration => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const plus = (from: string, text: string) => iso(addDuration(at(from), duration(text)));

describe('parseDuration', () => {
  it.each([
    ['P6M', { years: 0, months: 6, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['PT48H', { years: 0, months: 0, days: 0, hours: 48, minutes: 0, seconds: 0 }],
    ['P1Y2M3DT4H', { years: 1, months: 2, days: 3, hours: 4, minutes: 0, seconds: 0 }],
    ['P2W', { years: 0, months: 0, days: 14, hours: 0, minutes: 0, seconds: 0 }],
    ['P1Y2M3W4D', { years: 1, months: 2, days: 25, hours: 0, minutes: 0, seconds: 0 }],
    ['PT1.5S', { years: 0, months: 0, days: 0, hours: 0, minutes: 0, seconds: 1.5 }],
    ['PT10M30S', { years: 0, months: 0, days: 0, hours: 0, minutes: 10, seconds: 30 }],
    ['-P1DT2H', { years: 0, months: 0, days: -1, hours: -2, minutes: 0, seconds: 0 }],
    ['p10d', { years: 0, months: 0, days: 10, hours: 0, minutes: 0, seconds: 0 }],
  ])('reads %s as java.time does', (text, expected) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['P', 'Text cannot be parsed to a Period'],
    ['PT', 'Text cannot be parsed to a Duration'],
    ['P1DT', 'Text cannot be parsed to a Duration'],
    ['P6X', 'Text cannot be parsed to a Period'],
    ['PT1.5H', 'Text cannot be parsed to a Duration'],
    ['P1.5D', 'Text cannot be parsed to a Period'],
    ['6 months', 'Text cannot be parsed to a Period'],
    ['', 'Text cannot be parsed to a Period'],
  ])('rejects %j', (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, error: message });
  });
});

describe('addDuration (UTC, calendar-aware like java.time)', () => {
  it('clamps to the end of the month', () => {
    expect(plus('2026-01-31T10:00:00Z', 'P1M')).toBe('2026-02-28T10:00:00.000Z');
    expect(plus('2024-01-31T10:00:00Z', 'P1M')).toBe('2024-02-29T10:00:00.000Z');
    expect(plus('2026-03-31T00:00:00Z', 'P1M')).toBe('2026-04-30T00:00:00.000Z');
    expect(plus('2026-08-31T00:00:00Z', 'P6M')).toBe('2027-02-28T00:00:00.000Z');
  });

  it('handles leap days', () => {
    expect(plus('2024-02-29T00:00:00Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
    expect(plus('2024-02-29T00:00:00Z', 'P4Y')).toBe('2028-02-29T00:00:00.000Z');
    expect(plus('2024-02-28T12:00:00Z', 'P1D')).toBe('2024-02-29T12:00:00.000Z');
    expect(plus('2024-02-28T12:00:00Z', 'PT24H')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('adds months before days, then the time part', () => {
    expect(plus('2026-01-31T10:00:00Z', 'P1M1D')).toBe('2026-03-01T10:00:00.000Z');
    expect(plus('2026-01-01T00:00:00Z', 'P1Y2M3DT4H')).toBe('2027-03-04T04:00:00.000Z');
    expect(plus('2026-12-31T23:30:00Z', 'PT45M')).toBe('2027-01-01T00:15:00.000Z');
    expect(plus('2026-03-01T00:00:00Z', 'PT48H')).toBe('2026-03-03T00:00:00.000Z');
    expect(plus('2026-03-01T00:00:00Z', 'PT0.25S')).toBe('2026-03-01T00:00:00.250Z');
  });

  it('goes backwards for negative durations', () => {
    expect(plus('2026-03-31T00:00:00Z', '-P1M')).toBe('2026-02-28T00:00:00.000Z');
    expect(plus('2026-01-01T01:00:00Z', '-PT2H')).toBe('2025-12-31T23:00:00.000Z');
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T10:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T10:00:00+08:00', '2026-12-01T02:00:00.000Z'],
    ['2026-12-01T10:00:00.123-05:30', '2026-12-01T15:30:00.123Z'],
    ['2026-12-01T10:00:00+08:00[Asia/Shanghai]', '2026-12-01T02:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    const parsed = parseDate(text);
    expect(parsed.ok && iso(parsed.value)).toBe(expected);
  });

  it.each([
    '2026-12-01T10:00:00', // no offset: ZonedDateTime.parse needs one
    '2026-12-01',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01T10:00:00+19:00',
    '2026-12-01T10:00:00+08:00[Mars/Olympus]',
    'tomorrow',
  ])('rejects %s', (text) => {
    expect(parseDate(text).ok).toBe(false);
  });

  it('reads FEEL date-times leniently: local as UTC, FEEL zones resolved', () => {
    const lenient = (text: string) => {
      const parsed = parseDate(text, { lenient: true });
      return parsed.ok ? iso(parsed.value) : parsed.error;
    };
    expect(lenient('2026-12-01T10:00:00')).toBe('2026-12-01T10:00:00.000Z');
    expect(lenient('2026-12-01T10:00:00@Asia/Shanghai')).toBe('2026-12-01T02:00:00.000Z');
    expect(lenient('2026-07-01T10:00:00@Europe/Berlin')).toBe('2026-07-01T08:00:00.000Z');
    expect(lenient('2026-01-01T10:00:00@Europe/Berlin')).toBe('2026-01-01T09:00:00.000Z');
  });
});

describe('parseCycle', () => {
  it('reads repeating intervals', () => {
    expect(parseCycle('R/PT1H')).toEqual({ ok: true, value: { kind: 'repeating', repetitions: -1, interval: duration('PT1H') } });
    expect(parseCycle('R5/PT10S')).toEqual({ ok: true, value: { kind: 'repeating', repetitions: 5, interval: duration('PT10S') } });
    expect(parseCycle('R0/P1D')).toMatchObject({ ok: true, value: { repetitions: 0 } });
    expect(parseCycle('R/2026-01-01T00:00:00Z/P6M')).toEqual({
      ok: true,
      value: { kind: 'repeating', repetitions: -1, start: at('2026-01-01T00:00:00Z'), interval: duration('P6M') },
    });
  });

  it('reads cron expressions', () => {
    expect(parseCycle('0 0 9 * * MON-FRI')).toMatchObject({ ok: true, value: { kind: 'cron' } });
    expect(parseCycle('@daily')).toMatchObject({ ok: true, value: { kind: 'cron' } });
  });

  it.each([
    ['R5PT10S', 'No interval given'],
    ['Rx/PT1H', 'Cannot parse repetitions count'],
    ['R/PT', 'Text cannot be parsed to a Duration'],
    ['R/2026-13-01T00:00:00Z/P1D', "Text '2026-13-01T00:00:00Z' could not be parsed"],
    ['PT1H', "Cron expression contains 1 parts but we expect one of [6]"],
    ['0 0 9 * *', 'Cron expression contains 5 parts but we expect one of [6]'],
    ['0 0 25 * * *', "Value 25 not in range [0, 23] of hour field in cron expression '0 0 25 * * *'"],
    ['0 0 9 * * FUNDAY', "Invalid value 'FUNDAY' in day of week field"],
  ])('rejects %j', (text, message) => {
    const parsed = parseCycle(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe('cron schedules (Spring format, UTC)', () => {
  const next = (expression: string, from: string) => {
    const schedule = nextDueDate({ kind: 'cycle', value: expression }, at(from));
    return schedule.ok ? iso(schedule.value.dueDate) : schedule.error;
  };

  it('finds the next execution strictly after now', () => {
    expect(next('0 0 9 * * MON-FRI', '2026-11-28T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('0 0 9 * * MON-FRI', '2026-11-30T09:00:00Z')).toBe('2026-12-01T09:00:00.000Z');
    expect(next('0 */15 * * * *', '2026-11-30T10:07:30Z')).toBe('2026-11-30T10:15:00.000Z');
    expect(next('30 * * * * *', '2026-11-30T10:07:30.500Z')).toBe('2026-11-30T10:08:30.000Z');
    expect(next('@monthly', '2026-12-15T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 0 1 JAN,JUL *', '2026-02-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z');
  });

  it('knows the last day, nearest weekday and n-th weekday of a month', () => {
    expect(next('0 0 0 L * *', '2026-02-10T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(next('0 0 0 L * *', '2024-02-10T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(next('0 0 0 LW * *', '2026-02-10T00:00:00Z')).toBe('2026-02-27T00:00:00.000Z');
    expect(next('0 0 0 15W * *', '2026-11-01T00:00:00Z')).toBe('2026-11-16T00:00:00.000Z');
    expect(next('0 0 12 ? * FRI#3', '2026-11-01T00:00:00Z')).toBe('2026-11-20T12:00:00.000Z');
    expect(next('0 0 12 ? * 5L', '2026-11-01T00:00:00Z')).toBe('2026-11-27T12:00:00.000Z');
    expect(next('0 0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('repeats forever', () => {
    expect(nextDueDate({ kind: 'cycle', value: '@hourly' }, at('2026-11-30T10:07:00Z'))).toEqual({
      ok: true,
      value: { dueDate: at('2026-11-30T11:00:00Z'), repetitions: -1 },
    });
  });

  it('rejects cron texts with too few fields', () => {
    expect(parseCron('0 0 9 * *').ok).toBe(false);
  });
});

describe('nextDueDate', () => {
  const now = at('2026-01-31T10:00:00Z');

  it('schedules a duration once, from now', () => {
    expect(nextDueDate({ kind: 'duration', expression: { kind: 'static', value: 'P1M' } }, now)).toEqual({
      ok: true,
      value: { dueDate: at('2026-02-28T10:00:00Z'), repetitions: 1 },
    });
    expect(nextDueDate({ kind: 'duration', value: 'PT48H' }, now)).toEqual({
      ok: true,
      value: { dueDate: at('2026-02-02T10:00:00Z'), repetitions: 1 },
    });
  });

  it('schedules a date once, even when it is past (the timer then fires at once)', () => {
    expect(nextDueDate({ kind: 'date', value: '2026-12-01T10:00:00+08:00' }, now)).toEqual({
      ok: true,
      value: { dueDate: at('2026-12-01T02:00:00Z'), repetitions: 1 },
    });
    expect(nextDueDate({ kind: 'date', value: '2020-01-01T00:00:00Z' }, now)).toMatchObject({
      ok: true,
      value: { dueDate: at('2020-01-01T00:00:00Z') },
    });
  });

  it('schedules a cycle with its repetitions, from its start when it has one', () => {
    expect(nextDueDate({ kind: 'cycle', value: 'R5/PT10S' }, now)).toEqual({
      ok: true,
      value: { dueDate: now + 10_000, repetitions: 5 },
    });
    expect(nextDueDate({ kind: 'cycle', value: 'R/2026-07-01T00:00:00Z/P6M' }, now)).toEqual({
      ok: true,
      value: { dueDate: at('2026-07-01T00:00:00Z'), repetitions: -1 },
    });
    // a start in the past is due now
    expect(nextDueDate({ kind: 'cycle', value: 'R/2026-01-01T00:00:00Z/P6M' }, now)).toEqual({
      ok: true,
      value: { dueDate: now, repetitions: -1 },
    });
  });

  it('fails as Zeebe words it', () => {
    expect(nextDueDate({ kind: 'duration', value: 'soon', expression: 'deadline' }, now)).toEqual({
      ok: false,
      error: "Invalid duration format 'soon' for expression 'deadline'.",
    });
    expect(nextDueDate({ kind: 'date', value: '2026-12-01', expression: 'hearingDate' }, now)).toEqual({
      ok: false,
      error: "Invalid date-time format '2026-12-01' for expression 'hearingDate'.",
    });
    expect(nextDueDate({ kind: 'duration', value: null, expression: 'x' }, now)).toEqual({
      ok: false,
      error: "Expected result of the expression 'x' to be one of '[DURATION, PERIOD, STRING]', but was 'NULL'.",
    });
    expect(nextDueDate({ kind: 'cycle', value: 3, expression: 'x' }, now)).toEqual({
      ok: false,
      error: "Expected result of the expression 'x' to be 'STRING', but was 'NUMBER'.",
    });
    expect(nextDueDate({ kind: 'duration', expression: { kind: 'feel', expression: 'x' } }, now).ok).toBe(false);
  });
});

describe('nextDueDate with FEEL results', () => {
  const now = at('2026-01-31T10:00:00Z');
  const fromFeel = (kind: 'duration' | 'date' | 'cycle', expression: string, variables: Record<string, unknown> = {}) => {
    const value = evaluateFeel(expression, variables);
    if (!value.ok) throw new Error(value.message);
    const schedule = nextDueDate({ kind, value: value.value, expression }, now);
    return schedule.ok ? iso(schedule.value.dueDate) : schedule.error;
  };

  it('takes FEEL durations, date-times and cycle texts as the FEEL wrapper gives them', () => {
    expect(fromFeel('duration', 'duration("P1M")')).toBe('2026-02-28T10:00:00.000Z');
    expect(fromFeel('duration', 'duration("PT12H") + duration("PT12H")')).toBe('2026-02-01T10:00:00.000Z');
    expect(fromFeel('duration', 'deadline', { deadline: 'P10D' })).toBe('2026-02-10T10:00:00.000Z');
    expect(fromFeel('date', 'date and time("2026-12-01T10:00:00@Asia/Shanghai")')).toBe('2026-12-01T02:00:00.000Z');
    expect(fromFeel('date', 'date and time("2026-12-01T10:00:00+08:00")')).toBe('2026-12-01T02:00:00.000Z');
    expect(fromFeel('date', 'date and time(hearing) - duration("P1D")', { hearing: '2026-12-01T10:00:00Z' })).toBe(
      '2026-11-30T10:00:00.000Z',
    );
    expect(fromFeel('cycle', '"R3/" + string(duration("PT1H"))')).toBe('2026-01-31T11:00:00.000Z');
  });

  it('rejects a FEEL date where a date-time is needed', () => {
    expect(fromFeel('date', 'date("2026-12-01")')).toBe(
      `Invalid date-time format '2026-12-01' for expression 'date("2026-12-01")'.`,
    );
  });
});

describe('rescheduleCycle', () => {
  const start = at('2026-01-01T00:00:00Z');

  it('counts from the last due date and down to the last repetition', () => {
    expect(rescheduleCycle('R3/PT1H', start, 3, start + 1000)).toEqual({
      ok: true,
      value: { dueDate: start + 3_600_000, repetitions: 2 },
    });
    expect(rescheduleCycle('R3/PT1H', start, 2, start)).toMatchObject({ ok: true, value: { repetitions: 1 } });
    expect(rescheduleCycle('R3/PT1H', start, 1, start)).toEqual({ ok: true, value: undefined });
    expect(rescheduleCycle('R0/PT1H', start, 0, start)).toEqual({ ok: true, value: undefined });
  });

  it('repeats an infinite cycle calendar-aware from its start', () => {
    expect(rescheduleCycle('R/2026-01-31T00:00:00Z/P1M', at('2026-01-31T00:00:00Z'), -1, at('2026-01-31T00:00:01Z'))).toEqual({
      ok: true,
      value: { dueDate: at('2026-02-28T00:00:00Z'), repetitions: -1 },
    });
  });

  it('re-anchors on now when the next occurrence is already past', () => {
    const now = start + 5 * 3_600_000 + 60_000;
    expect(rescheduleCycle('R/PT1H', start, -1, now)).toEqual({
      ok: true,
      value: { dueDate: now + 3_600_000, repetitions: -1 },
    });
  });

  it('takes the next cron execution after now', () => {
    expect(rescheduleCycle('0 0 9 * * *', at('2026-11-30T09:00:00Z'), -1, at('2026-11-30T09:00:00.020Z'))).toEqual({
      ok: true,
      value: { dueDate: at('2026-12-01T09:00:00Z'), repetitions: -1 },
    });
  });
});
