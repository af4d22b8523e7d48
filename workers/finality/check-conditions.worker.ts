/**
 * finality.check-conditions — 核对终本条件 (ZB 1): all five conditions, from the 承办人's
 * checklist and the case — ① 执行通知 and 报告财产令, ② 限制消费 (and 失信 where due), ③ asset
 * search exhausted, ④ more than `finalityMinMonths` (default 3) months since 立案 (`filedAt`, by
 * the engine's clock), ⑤ missing debtor searched for / obstruction sanctioned — and an outstanding
 * amount above zero (a satisfied case closes as 执行完毕, not 终本).
 *
 * Result: `conditionsMet`, `unmetConditions` (Chinese, one line per unmet condition),
 * `finalityEligibleFrom` (ISO: when condition ④ is or was met).
 */
import { defineWorker } from '../core/define-worker.js';
import { shown } from '../core/failure-text.js';
import { FINALITY_CHECK_CONDITIONS } from './job-types.js';

const CHECKLIST: [string, string][] = [
  ['noticeAndReportOrderIssued', '① 未发出执行通知、责令报告财产'],
  ['consumptionRestricted', '② 未发出限制消费令或未依法纳入失信名单'],
  ['assetSearchExhausted', '③ 财产调查措施尚未穷尽'],
  ['debtorLocatedOrSanctioned', '⑤ 未依法查找下落不明的被执行人或未处理妨害执行行为'],
];

export function addMonths(from: Date, months: number): Date {
  const end = new Date(from);
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return end;
}

export default defineWorker<Record<string, any>>({
  type: FINALITY_CHECK_CONDITIONS,
  description: '终本五项条件审查 (ZB 1)',
  handler(job, ctx) {
    const v = job.variables;
    const filedAt = new Date(v.filedAt);
    if (typeof v.filedAt !== 'string' || Number.isNaN(filedAt.getTime())) {
      throw new Error(`流程变量 filedAt 应为立案的 ISO 日期时间（核对条件④所需），实际为 ${shown(v.filedAt)}`);
    }
    const months = v.finalityMinMonths ?? 3;
    const eligibleFrom = addMonths(filedAt, months);
    const unmet = CHECKLIST.filter(([key]) => v[key] !== true).map(([, text]) => text);
    if (ctx.now() <= eligibleFrom) unmet.push(`④ 自立案之日起未满 ${months} 个月（${eligibleFrom.toISOString().slice(0, 10)} 后方可终本）`);
    const outstanding = v.outstandingAmount ?? (typeof v.claimAmount === 'number' ? v.claimAmount - (v.amountRecovered ?? 0) : undefined);
    if (typeof outstanding === 'number' && outstanding <= 0) unmet.push('案件已全部执行到位，应以执行完毕方式结案');
    return { conditionsMet: unmet.length === 0, unmetConditions: unmet, finalityEligibleFrom: eligibleFrom.toISOString() };
  },
});
