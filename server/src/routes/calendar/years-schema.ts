/** The years of the holiday table as the 节假日 page lists them. */
import { Type, type Static } from '@sinclair/typebox';
import { Year } from '../../schemas/calendar.js';

export const HolidayYearsReply = Type.Object({
  /** this year in China, by the server's (engine's) clock */
  currentYear: Year,
  items: Type.Array(
    Type.Object({
      year: Year,
      /** `provisional`: no table entered, counted with the statutory dates only (no 调休) */
      source: Type.Union([Type.Literal('chinese-days'), Type.Literal('override'), Type.Literal('provisional')]),
      holidays: Type.Integer({ description: '节假日天数' }),
      workdays: Type.Integer({ description: '调休上班天数' }),
    }),
  ),
});
export type HolidayYearsReply = Static<typeof HolidayYearsReply>;
