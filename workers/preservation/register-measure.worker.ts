/**
 * preservation.register-measure — 登记保全期限 (and, with header `renewal: "true"`, 续行保全).
 * The term runs from the day the measure is taken: 存款 1 年, 动产 2 年, 不动产 3 年 (SPI 485,
 * `measureTermYears`); a renewal adds one term to the current expiry. The applicant is warned
 * `renewalWarningDays` (default 15) days before expiry, so the renewal can be applied for ≥ 7 days
 * before it (PP 18). 诉前保全 lapses unless a suit follows within 30 days of the measure (CPL 104);
 * 执行前保全 unless execution is applied for within 5 days after `performanceDeadline` (SPI 163):
 * `followUpDeadline` (holiday rule via the calendar).
 *
 * Result: `measure` ({ id, measureType, measureName, target, startedAt, expiresAt, renewals, status }),
 * `measureExpiresAt`, `renewalWarningAt`, `followUpDeadline` (null for 诉讼保全).
 * A pure computation from the variables; a redelivered job recomputes the same measure id.
 */
import { defineWorker } from '../core/define-worker.js';
import { PRESERVATION_REGISTER_MEASURE } from './job-types.js';
import { addYears, MEASURE_NAMES, measureType, preservationKind, termYears, wrongVariable } from './preservation-rules.js';

const DAY = 24 * 60 * 60 * 1000;

export default defineWorker<Record<string, any>, { renewal?: string }>({
  type: PRESERVATION_REGISTER_MEASURE,
  description: '登记保全期限 / 续行保全 (SPI 485; PP 18)',
  handler(job, ctx) {
    const v = job.variables;
    const now = ctx.now();
    const kind = preservationKind(v);
    const renewal = job.customHeaders.renewal === 'true';
    let measure;
    if (renewal) {
      const current = v.measure;
      if (!current?.expiresAt) throw new Error(`缺少流程变量 measure.expiresAt（续行保全需要已登记的保全措施 measure 及其到期日）`);
      const years = termYears(v, current.measureType);
      measure = {
        ...current,
        expiresAt: addYears(new Date(current.expiresAt), years).toISOString(),
        renewals: [...(current.renewals ?? []), { at: now.toISOString(), previousExpiresAt: current.expiresAt, id: job.idempotencyKey }],
        status: 'in-force',
      };
    } else {
      const type = measureType(v);
      if (typeof v.measureTarget !== 'string' || !v.measureTarget) throw new Error(`缺少流程变量 measureTarget（保全财产）`);
      measure = {
        id: job.idempotencyKey,
        measureType: type,
        measureName: MEASURE_NAMES[type],
        target: v.measureTarget,
        reference: v.measureReference ?? null,
        startedAt: now.toISOString(),
        expiresAt: addYears(now, termYears(v, type)).toISOString(),
        renewals: [],
        status: 'in-force',
      };
    }
    const expiresAt = new Date(measure.expiresAt);
    const renewalWarningAt = new Date(Math.max(now.getTime(), expiresAt.getTime() - (v.renewalWarningDays ?? 15) * DAY));
    let followUpDeadline: string | null = v.followUpDeadline ?? null;
    if (!renewal) {
      if (kind === 'pre-suit') followUpDeadline = ctx.calendar.addCalendarDays(now, v.suitFilingDays ?? 30).toISOString();
      else if (kind === 'pre-enforcement') {
        if (!v.performanceDeadline || Number.isNaN(Date.parse(v.performanceDeadline))) {
          throw new Error(wrongVariable('performanceDeadline', '履行期限届满日（ISO 日期），执行前保全需要据此计算申请执行的期限', v.performanceDeadline));
        }
        followUpDeadline = ctx.calendar.addCalendarDays(v.performanceDeadline, v.enforcementApplicationDays ?? 5).toISOString();
      } else followUpDeadline = null;
    }
    return { measure, measureExpiresAt: measure.expiresAt, renewalWarningAt: renewalWarningAt.toISOString(), followUpDeadline };
  },
});
