/**
 * The statutory holiday table (节假日表) behind every deadline: admins read a year and replace a
 * year's table when the State Council publishes it. Writes go through `common/calendar.ts`'s
 * overrides file (`HOLIDAYS_FILE`), which the workers' deadline computation re-reads on change.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CalendarRangeError, chinaDate, createCalendar, defaultHolidaysFile, saveHolidayYear } from '../../../../common/calendar.js';
import { badRequest, notFound } from '../../plugins/http-errors.js';
import { ADMINS } from '../../plugins/roles.js';
import { HolidayYearBody, HolidayYearParams, HolidayYearQuery, HolidayYearReply } from '../../schemas/calendar.js';
import { HolidayYearsReply } from './years-schema.js';

const tags = ['calendar'];

const calendarRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // the file is resolved per request, so HOLIDAYS_FILE set after start-up (tests) applies
  const calendar = () => createCalendar({ holidaysFile: defaultHolidaysFile() });

  const yearReply = (year: number): HolidayYearReply => {
    const cal = calendar();
    try {
      const { holidays, workdays, source } = cal.year(year);
      return { year, source, holidays, workdays, years: cal.years() };
    } catch (err) {
      if (err instanceof CalendarRangeError) throw notFound(`节假日表没有 ${year} 年的数据，请管理员录入`);
      throw err;
    }
  };

  app.get(
    '/calendar/holidays',
    { config: { roles: ADMINS }, schema: { tags, summary: '读取一年的节假日表', querystring: HolidayYearQuery, response: { 200: HolidayYearReply } } },
    async (req) => yearReply(req.query.year),
  );

  // which years the table has, and which are counted provisionally (no table entered yet): from
  // the first seeded year to two years after this one (the State Council publishes in the autumn)
  app.get(
    '/calendar/years',
    { config: { roles: ADMINS }, schema: { tags, summary: '节假日表覆盖的年份及来源（含暂按法定日期计算的年份）', response: { 200: HolidayYearsReply } } },
    async () => {
      const cal = calendar();
      const currentYear = Number(chinaDate(fastify.platformConfig.now()).slice(0, 4));
      const known = cal.years();
      const first = Math.min(known[0] ?? currentYear, currentYear);
      const last = Math.max(known[known.length - 1] ?? currentYear, currentYear + 2);
      const items: HolidayYearsReply['items'] = [];
      for (let year = first; year <= last; year++) {
        try {
          const { source, holidays, workdays } = cal.year(year);
          items.push({ year, source, holidays: Object.keys(holidays).length, workdays: Object.keys(workdays).length });
        } catch (err) {
          if (!(err instanceof CalendarRangeError)) throw err;
        }
      }
      return { currentYear, items };
    },
  );

  app.put(
    '/calendar/holidays/:year',
    { config: { roles: ADMINS }, schema: { tags, summary: '替换一年的节假日表', params: HolidayYearParams, body: HolidayYearBody, response: { 200: HolidayYearReply } } },
    async (req) => {
      const { year } = req.params;
      const { holidays, workdays } = req.body;
      for (const [field, dates] of [['holidays', holidays], ['workdays', workdays]] as const) {
        for (const date of Object.keys(dates)) {
          if (!date.startsWith(`${year}-`) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
            throw badRequest(`字段 ${field}.${date} 不是 ${year} 年的有效日期`, `${field}.${date}`);
          }
        }
      }
      const both = Object.keys(holidays).find((d) => d in workdays);
      if (both) throw badRequest(`${both} 不能同时是节假日和调休上班日`, `workdays.${both}`);
      saveHolidayYear(defaultHolidaysFile(), year, { holidays, workdays });
      await req.audit('calendar.update', {
        target: String(year),
        details: { year, holidays: Object.keys(holidays).length, workdays: Object.keys(workdays).length },
      });
      return yearReply(year);
    },
  );
};

export default calendarRoutes;
