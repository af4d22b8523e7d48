/**
 * Statutory day counting (期间计算) for the whole platform: the one place that knows the Chinese
 * holiday table. Models never add `P7D` for a statutory period that must skip holidays; they ask
 * the `deadlines.compute` worker, which calls this module.
 *
 * The table is seeded from the `chinese-days` package (its data ends with 2026) and overlaid with
 * an admin-updatable file (`HOLIDAYS_FILE`, default `.data/holidays.json`), because the State
 * Council publishes each year's holidays late in the preceding year. A year present in the file
 * replaces the seeded year entirely. The file's shape (written by the server, read here):
 *
 * ```json
 * { "years": { "2027": { "holidays": { "2027-01-01": "元旦" }, "workdays": { "2027-02-07": "春节调休" } } } }
 * ```
 *
 * `holidays` are days off (法定节假日 and the weekend days moved into them); `workdays` are the
 * weekend days that are working days (调休上班). Any other day is a working day Monday to Friday.
 *
 * A year in neither (the next year, before the State Council has published it and an
 * administrator has entered it) is counted provisionally, so that deadlines keep working: the
 * holidays that 《全国年节及纪念日放假办法》 fixes by date — 元旦, 春节 (除夕 to 初三), 清明, 劳动节
 * (2 days), 端午, 中秋, 国庆 (3 days), lunar dates converted with `chinese-days` — with no 调休.
 * Such a year reports `source: 'provisional'`; only years beyond the lunar tables throw.
 *
 * Dates are local to China (UTC+8, no daylight saving). Date-times keep their time of day.
 * Rules (民事诉讼法 第八十五条): the day a period starts is not counted; a period whose last day is
 * a 法定休假日 ends on the first working day after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDaysApi from 'chinese-days';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HolidayYear {
  /** date (YYYY-MM-DD) → name of the holiday, e.g. 国庆节 */
  holidays: Record<string, string>;
  /** weekend dates (YYYY-MM-DD) that are working days → reason, e.g. 国庆节调休 */
  workdays: Record<string, string>;
}

export interface HolidaysFile {
  years: Record<string, HolidayYear>;
}

/** a date beyond even the provisional table (outside the lunar tables): periods cannot be counted there */
export class CalendarRangeError extends Error {
  constructor(readonly year: number, readonly coveredYears: number[]) {
    super(
      // an administrator must enter the year (PUT /api/calendar/holidays/:year) before periods reaching into it can be computed
      `节假日表没有 ${year} 年的数据（现有 ${coveredYears[0]}–${coveredYears.at(-1)} 年）：请管理员先录入 ${year} 年的节假日安排，才能计算延伸到该年的期限`,
    );
    this.name = 'CalendarRangeError';
  }
}

export const defaultHolidaysFile = () => process.env.HOLIDAYS_FILE ?? path.join('.data', 'holidays.json');

/** the package's table, split by year; its values read "English,中文,days" */
function seedYears(): Map<number, HolidayYear> {
  const years = new Map<number, HolidayYear>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) years.set(year, { holidays: {}, workdays: {} });
    return years.get(year)!;
  };
  const data = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
  for (const [date, label] of Object.entries(data.holidays)) yearOf(date).holidays[date] = label.split(',')[1] ?? label;
  for (const [date, label] of Object.entries(data.workdays)) yearOf(date).workdays[date] = `${label.split(',')[1] ?? label}调休`;
  return years;
}
const SEED = seedYears();

/**
 * The statutory holidays of a year that neither the seed nor the file covers: the days the law
 * fixes, without the 调休 the State Council adds each year. Undefined beyond the lunar tables.
 */
export function provisionalYear(year: number): HolidayYear | undefined {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const plus = (date: string, days: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
  let lunar: (date: string) => string;
  let qingming: string | undefined;
  try {
    lunar = (date) => chineseDaysApi.getSolarDateFromLunar(date).date;
    qingming = chineseDaysApi.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明')?.date;
    // the package's lunar tables end with 2100; beyond them it answers dates of other years
    if (year < 1901 || year > 2100 || !qingming || !lunar(`${year}-01-01`).startsWith(`${year}-`)) return undefined;
  } catch {
    return undefined;
  }
  const springFestival = lunar(`${year}-01-01`);
  const holidays: Record<string, string> = {
    [`${year}-01-01`]: '元旦',
    [plus(springFestival, -1)]: '春节（除夕）',
    [springFestival]: '春节',
    [plus(springFestival, 1)]: '春节',
    [plus(springFestival, 2)]: '春节',
    [qingming]: '清明节',
    [`${year}-05-01`]: '劳动节',
    [`${year}-05-02`]: '劳动节',
    [lunar(`${year}-05-05`)]: '端午节',
    [lunar(`${year}-08-15`)]: '中秋节',
    [`${year}-10-01`]: '国庆节',
    [`${year}-10-02`]: '国庆节',
    [`${year}-10-03`]: '国庆节',
  };
  // 除夕 of a year can fall in the previous one only in theory; keep the year's own dates
  for (const date of Object.keys(holidays)) if (!date.startsWith(`${year}-`)) delete holidays[date];
  return { holidays, workdays: {} };
}

/** reads and checks an overrides file; a missing file is an empty one */
export function readHolidaysFile(file: string): HolidaysFile {
  if (!fs.existsSync(file)) return { years: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`节假日文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
  }
  const years = (parsed as HolidaysFile | null)?.years;
  if (!years || typeof years !== 'object') throw new Error(`节假日文件 ${file} 格式有误：应为 { "years": { "<年份>": { holidays, workdays } } }`);
  for (const [year, entry] of Object.entries(years)) validateHolidayYear(Number(year), entry, `${file}: years.${year}`);
  return { years };
}

/** throws with the offending field when `entry` is not a valid year of the table */
export function validateHolidayYear(year: number, entry: unknown, where = `${year} 年`): asserts entry is HolidayYear {
  if (!Number.isInteger(year) || year < 1990 || year > 2200) throw new Error(`${where}：“${year}”不是有效年份`);
  const e = entry as HolidayYear | null;
  for (const field of ['holidays', 'workdays'] as const) {
    const dates = e?.[field];
    if (!dates || typeof dates !== 'object' || Array.isArray(dates)) throw new Error(`${where}.${field}：应为“日期 → 名称”的对象`);
    for (const [date, name] of Object.entries(dates)) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || !date.startsWith(`${year}-`)) {
        throw new Error(`${where}.${field}：“${date}”不是 ${year} 年的有效日期（YYYY-MM-DD）`);
      }
      if (typeof name !== 'string') throw new Error(`${where}.${field}.${date}：节假日名称应为文字`);
    }
  }
}

/** writes one year into the overrides file (the server's admin endpoint), atomically */
export function saveHolidayYear(file: string, year: number, entry: HolidayYear): void {
  validateHolidayYear(year, entry);
  const current = readHolidaysFile(file);
  current.years[String(year)] = { holidays: entry.holidays, workdays: entry.workdays };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(current, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export type DateInput = Date | string | number;

export interface Calendar {
  /** the years the table covers, ascending */
  years(): number[];
  /** the table of one year: seed, override, or provisional (statutory dates only, see above) */
  year(year: number): HolidayYear & { source: 'chinese-days' | 'override' | 'provisional' };
  isWorkingDay(date: DateInput): boolean;
  /** `days` calendar days after `from`; when the last day is not a working day, the next working day (民诉法 §85) */
  addCalendarDays(from: DateInput, days: number): Date;
  /** the `days`-th working day after `from` (the start day is not counted) */
  addWorkingDays(from: DateInput, days: number): Date;
  /** working days after `from` up to and including `to` (0 when `to` is not after `from`) */
  workingDaysBetween(from: DateInput, to: DateInput): number;
}

/** YYYY-MM-DD of an instant in China */
export function chinaDate(date: DateInput): string {
  return new Date(toDate(date).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** YYYY-MM-DD HH:mm of an instant in China, as a clerk reads a time in a message */
export function chinaDateTime(date: DateInput): string {
  const iso = new Date(toDate(date).getTime() + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function toDate(input: DateInput): Date {
  // a bare date means midnight in China
  const d = typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input) ? new Date(`${input}T00:00:00+08:00`) : new Date(input);
  if (Number.isNaN(d.getTime())) throw new Error(`“${String(input)}”不是有效的日期或 ISO 日期时间`);
  return d;
}

/**
 * A calendar over the seed table and the overrides file. The file is re-read when it changes, so
 * an administrator's update applies to the next computation without a restart.
 */
export function createCalendar(options: { holidaysFile?: string } = {}): Calendar {
  const file = options.holidaysFile ?? defaultHolidaysFile();
  let cache: { mtimeMs: number; overrides: HolidaysFile } | undefined;
  const overrides = (): HolidaysFile => {
    const mtimeMs = fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
    if (!cache || cache.mtimeMs !== mtimeMs) cache = { mtimeMs, overrides: readHolidaysFile(file) };
    return cache.overrides;
  };
  const provisionalYears = new Map<number, HolidayYear>();
  const years = () => [...new Set([...SEED.keys(), ...Object.keys(overrides().years).map(Number)])].sort((a, b) => a - b);
  const year = (y: number) => {
    const override = overrides().years[String(y)];
    if (override) return { ...override, source: 'override' as const };
    const seeded = SEED.get(y);
    if (seeded) return { ...seeded, source: 'chinese-days' as const };
    const provisional = provisionalYears.get(y) ?? provisionalYear(y);
    if (!provisional) throw new CalendarRangeError(y, years());
    provisionalYears.set(y, provisional);
    return { ...provisional, source: 'provisional' as const };
  };
  const isWorkingDate = (date: string) => {
    const table = year(Number(date.slice(0, 4)));
    if (date in table.workdays) return true;
    if (date in table.holidays) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  const check = (days: number, what: string) => {
    if (!Number.isInteger(days) || days < 0) throw new Error(`${what}：天数应为不小于 0 的整数，实际为 ${days}`);
  };
  return {
    years,
    year,
    isWorkingDay: (date) => isWorkingDate(chinaDate(date)),
    addCalendarDays(from, days) {
      check(days, '按日历日计算期限');
      let end = new Date(toDate(from).getTime() + days * DAY_MS);
      while (!isWorkingDate(chinaDate(end))) end = new Date(end.getTime() + DAY_MS);
      return end;
    },
    addWorkingDays(from, days) {
      check(days, '按工作日计算期限');
      let end = toDate(from);
      for (let counted = 0; counted < days; ) {
        end = new Date(end.getTime() + DAY_MS);
        if (isWorkingDate(chinaDate(end))) counted++;
      }
      return end;
    },
    workingDaysBetween(from, to) {
      const last = chinaDate(to);
      let day = toDate(from);
      let count = 0;
      for (;;) {
        day = new Date(day.getTime() + DAY_MS);
        const date = chinaDate(day);
        if (date > last) return count;
        if (isWorkingDate(date)) count++;
      }
    },
  };
}
