/**
 * finality.inquire — 终本后网络查控复查 (ZB 9: every 6 months for 5 years), through the inquiry
 * systems (总对总 and 点对点, `workers/court-systems/inquiry/`) for every respondent. Assets already
 * known when the case was closed and found not disposable (`knownAssetIds`) do not count as found.
 *
 * Result: `lastCheck` ({ id, checkNumber, checkedAt, propertyFound, assets }), `checksDone`,
 * `emptyChecks` (checks that found nothing), `checkHistory` (one entry per check; a redelivered
 * job replaces its own entry, keyed by the task's idempotency key, and counts once).
 */
import { getInquirySystem, INQUIRY_SYSTEMS, type FoundAsset } from '../court-systems/inquiry/inquiry-adapter.js';
import { defineWorker } from '../core/define-worker.js';
import { FINALITY_INQUIRE } from './job-types.js';

interface CheckRecord {
  id: string;
  checkNumber: number;
  checkedAt: string;
  propertyFound: boolean;
  assets: FoundAsset[];
}

export default defineWorker<Record<string, any>>({
  type: FINALITY_INQUIRE,
  description: '终本后定期网络查控复查 (ZB 9)',
  async handler(job, ctx) {
    const v = job.variables;
    if (typeof v.caseNumber !== 'string' || !v.caseNumber) throw new Error('缺少流程变量 caseNumber（案号）');
    const respondents = Array.isArray(v.respondents) ? v.respondents : [];
    if (respondents.length === 0) throw new Error('流程变量 respondents 应列出要查询的被执行人（{ name, idNumber }）');
    respondents.forEach((r: { name?: string; idNumber?: string }, i: number) => {
      if (!r?.name || !r.idNumber) throw new Error(`流程变量 respondents[${i}] 缺少 name 或 idNumber（网络查控需要被执行人的姓名和证件号码）`);
    });
    const known = new Set<string>(Array.isArray(v.knownAssetIds) ? v.knownAssetIds : []);
    const system = getInquirySystem(ctx);
    const found: FoundAsset[] = [];
    for (const respondent of respondents) {
      for (const kind of INQUIRY_SYSTEMS) found.push(...(await system.inquire(kind, respondent, v.caseNumber)));
    }
    const fresh = found.filter((a) => !known.has(a.id));

    const history: CheckRecord[] = (Array.isArray(v.checkHistory) ? v.checkHistory : []).filter((c: CheckRecord) => c.id !== job.idempotencyKey);
    const previous = history.length;
    const check: CheckRecord = {
      id: job.idempotencyKey,
      checkNumber: previous + 1,
      checkedAt: ctx.now().toISOString(),
      propertyFound: fresh.length > 0,
      assets: fresh,
    };
    const checkHistory = [...history, check];
    ctx.log.info(`${v.caseNumber}: 终本后第 ${check.checkNumber} 次查询, ${fresh.length ? `发现 ${fresh.length} 项财产` : '未发现财产'}`);
    return {
      lastCheck: check,
      checksDone: checkHistory.length,
      emptyChecks: checkHistory.filter((c) => !c.propertyFound).length,
      checkHistory,
    };
  },
});
