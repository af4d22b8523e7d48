/** Statutory day counting against the published 2025 and 2026 holiday arrangements. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CalendarRangeError, chinaDate, chinaDateTime, createCalendar, provisionalYear, readHolidaysFile, saveHolidayYear } from '../../common/calendar.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const calendar = createCalendar({ holidaysFile: path.join(tmp, 'none.json') });
const day = (d: Date) => chinaDate(d);

describe('isWorkingDay', () => {
  it('国庆 2025 (10-01..10-08) is off; the 调休 Sundays 09-28 and Saturday 10-11 are working days', () => {
    for (const d of ['2025-10-01', '2025-10-05', '2025-10-08']) expect(calendar.isWorkingDay(d), d).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('春节 2026 (02-15..02-23) is off; 02-14 and 02-28 (Saturdays) are working days; an ordinary Saturday is not', () => {
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('reads a date-time in China time: 2025-09-30T20:00Z is already 10-01 in Beijing', () => {
    expect(calendar.isWorkingDay('2025-09-30T15:00:00Z')).toBe(true);
    expect(calendar.isWorkingDay('2025-09-30T20:00:00Z')).toBe(false);
  });
});

describe('chinaDateTime', () => {
  it('shows an instant in Beijing time to the minute: 2025-09-30T20:05Z is 10-01 04:05', () => {
    expect(chinaDateTime('2025-09-30T20:05:59.999Z')).toBe('2025-10-01 04:05');
  });
});

describe('addCalendarDays (民诉法 §85: a last day on a holiday moves to the next working day)', () => {
  it('7 days from 2025-09-24 end on 国庆 10-01, so the period ends 10-09, keeping the time of day', () => {
    const end = calendar.addCalendarDays('2025-09-24T10:00:00+08:00', 7);
    expect(end.toISOString()).toBe('2025-10-09T02:00:00.000Z');
  });

  it('a period ending on a plain weekday is not moved, one ending on a Sunday moves to Monday', () => {
    expect(day(calendar.addCalendarDays('2026-03-02T09:00:00+08:00', 10))).toBe('2026-03-12');
    expect(day(calendar.addCalendarDays('2026-03-01T09:00:00+08:00', 7))).toBe('2026-03-09');
  });

  it('a period ending on a 调休 Saturday (2026-02-28) ends that day', () => {
    expect(day(calendar.addCalendarDays('2026-02-21T09:00:00+08:00', 7))).toBe('2026-02-28');
  });

  it('15 days from 2026-02-01 end on 春节 02-16 and move to 02-24', () => {
    expect(day(calendar.addCalendarDays('2026-02-01T09:00:00+08:00', 15))).toBe('2026-02-24');
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('7 working days from Friday 2025-09-26 count 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13', () => {
    expect(calendar.addWorkingDays('2025-09-26T10:00:00+08:00', 7).toISOString()).toBe('2025-10-13T02:00:00.000Z');
    expect(calendar.workingDaysBetween('2025-09-26T10:00:00+08:00', '2025-10-13T10:00:00+08:00')).toBe(7);
  });

  it('across 春节 2026: 5 working days from 02-12 are 02-13, 02-14 (调休), 02-24, 02-25, 02-26', () => {
    expect(day(calendar.addWorkingDays('2026-02-12T09:00:00+08:00', 5))).toBe('2026-02-26');
    expect(calendar.workingDaysBetween('2026-02-12', '2026-02-12')).toBe(0);
    expect(calendar.workingDaysBetween('2026-02-12', '2026-02-23')).toBe(2);
  });

  it('rejects negative or fractional periods, naming the function', () => {
    expect(() => calendar.addWorkingDays('2026-01-05', -1)).toThrow(/按工作日计算期限：天数应为不小于 0 的整数，实际为 -1/);
    expect(() => calendar.addCalendarDays('2026-01-05', 1.5)).toThrow(/按日历日计算期限：天数应为不小于 0 的整数/);
    expect(() => calendar.addCalendarDays('not a date', 1)).toThrow(/“not a date”不是有效的日期/);
  });
});

describe('beyond the table and the overrides file', () => {
  it('a period reaching into 2027 is counted provisionally until an administrator adds 2027', () => {
    expect(calendar.years().at(-1)).toBe(2026);
    // 2026-12-25 + 10 = 2027-01-04, a Monday: 元旦 (1 January) is the only statutory day near it
    expect(day(calendar.addCalendarDays('2026-12-25T09:00:00+08:00', 10))).toBe('2027-01-04');
    expect(calendar.year(2027).source).toBe('provisional');
    // 除夕 to 初三 of 2027 (6 February is 春节): 5–8 February, then the weekend is a weekend
    expect(['2027-02-05', '2027-02-08', '2027-02-09'].map((d) => calendar.isWorkingDay(d))).toEqual([false, false, true]);
    expect(calendar.years()).not.toContain(2027);
  });

  it('the provisional rule gives only real days off in the years the table has (2025 and 2026)', () => {
    for (const year of [2025, 2026]) {
      const provisional = provisionalYear(year)!;
      expect(Object.keys(provisional.holidays)).toHaveLength(13);
      expect(Object.keys(provisional.holidays).filter((d) => !(d in calendar.year(year).holidays)), String(year)).toEqual([]);
    }
  });

  it('only years beyond the lunar tables cannot be counted', () => {
    expect(() => calendar.isWorkingDay('2150-03-03')).toThrow(CalendarRangeError);
  });

  it('a year written to the overrides file is used at once, and replaces a seeded year', () => {
    const file = path.join(tmp, 'holidays.json');
    const cal = createCalendar({ holidaysFile: file });
    saveHolidayYear(file, 2027, {
      holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦（示例）' },
      workdays: { '2027-01-09': '元旦调休' },
    });
    expect(readHolidaysFile(file).years['2027']!.holidays['2027-01-01']).toBe('元旦');
    expect(cal.years().at(-1)).toBe(2027);
    // 2026-12-25 + 10 = 2027-01-04 (a holiday in the file) → 2027-01-05
    expect(day(cal.addCalendarDays('2026-12-25T09:00:00+08:00', 10))).toBe('2027-01-05');
    expect(cal.isWorkingDay('2027-01-09')).toBe(true);
    expect(cal.year(2027).source).toBe('override');

    // replacing 2026: 2026-10-01 becomes a working day in this (made-up) table
    saveHolidayYear(file, 2026, { holidays: {}, workdays: {} });
    expect(cal.isWorkingDay('2026-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
  });

  it('a broken overrides file is refused with the offending field', () => {
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ years: { 2027: { holidays: { '2027-13-01': '元旦' }, workdays: {} } } }));
    expect(() => createCalendar({ holidaysFile: file }).isWorkingDay('2027-01-01')).toThrow(/years\.2027\.holidays：“2027-13-01”不是 2027 年的有效日期/);
    expect(() => saveHolidayYear(file, 2028, { holidays: { '2027-01-01': 'x' }, workdays: {} })).toThrow(/不是 2028 年的有效日期（YYYY-MM-DD）/);
  });
});
