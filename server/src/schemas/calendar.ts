/**
 * The statutory holiday table (节假日表) as admins read and replace it, one year at a time.
 * Dates are YYYY-MM-DD in China; each maps to its name (国庆节, 春节调休, …).
 */
import { Type, type Static } from '@sinclair/typebox';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const dayNames = (description: string) =>
  Type.Record(Type.String({ pattern: DATE_PATTERN }), Type.String({ maxLength: 50 }), { description, additionalProperties: false });

export const Year = Type.Integer({ minimum: 1990, maximum: 2200, description: '年份' });

export const HolidayYearQuery = Type.Object({ year: Year }, { additionalProperties: false });
export const HolidayYearParams = Type.Object({ year: Year });

export const HolidayYearBody = Type.Object(
  {
    holidays: dayNames('法定节假日（含调休放假的周末）: date → name'),
    workdays: dayNames('调休上班的周末: date → reason'),
  },
  { additionalProperties: false },
);
export type HolidayYearBody = Static<typeof HolidayYearBody>;

export const HolidayYearReply = Type.Object({
  year: Year,
  /** `chinese-days`: the seeded table; `override`: set by an administrator; `provisional`: only the dates the law fixes, until an administrator enters the year */
  source: Type.Union([Type.Literal('chinese-days'), Type.Literal('override'), Type.Literal('provisional')]),
  holidays: Type.Record(Type.String(), Type.String()),
  workdays: Type.Record(Type.String(), Type.String()),
  /** every year the table covers */
  years: Type.Array(Type.Integer()),
});
export type HolidayYearReply = Static<typeof HolidayYearReply>;
