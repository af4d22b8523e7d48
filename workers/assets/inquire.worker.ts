/**
 * assets.inquire — 网络查控 through 总对总 or 点对点 (header `system`), for every respondent.
 * Input: `respondents` [{ name, idNumber }]. Result: `assets` (FoundAsset list; the model maps
 * it to `nationalAssets` / `provincialAssets`) and `inquiredAt`.
 */
import { defineWorker } from '../core/define-worker.js';
import { shown } from '../core/failure-text.js';
import { getInquirySystem, INQUIRY_SYSTEMS, type InquirySystem, type Respondent } from '../court-systems/inquiry/inquiry-adapter.js';
import { ASSETS_INQUIRE } from './job-types.js';
import { listOf } from './measures.js';

export default defineWorker<Record<string, any>, { system?: string }>({
  type: ASSETS_INQUIRE,
  description: '网络查控：总对总 / 点对点查询',
  timeoutMs: 120_000,
  async handler(job, ctx) {
    const system = job.customHeaders.system as InquirySystem;
    if (!INQUIRY_SYSTEMS.includes(system)) throw new Error(`元素 ${job.elementId} 的任务头 system 应为 总对总 或 点对点，实际为 ${shown(system)}`);
    const respondents = listOf<Respondent>(job.variables, 'respondents');
    if (respondents.length === 0) throw new Error('流程变量 respondents 中没有要查询的被执行人');
    respondents.forEach((r, i) => {
      if (!r?.name || !r?.idNumber) throw new Error(`流程变量 respondents[${i}] 缺少 name 或 idNumber（网络查控需要被执行人的姓名和证件号码）`);
    });
    const inquiry = getInquirySystem(ctx);
    const assets = [];
    for (const respondent of respondents) assets.push(...(await inquiry.inquire(system, respondent, String(job.variables.caseNumber ?? ''))));
    ctx.log.info(`${system} inquiry for ${job.variables.caseNumber}: ${assets.length} assets`);
    return { assets, inquiredAt: ctx.now().toISOString() };
  },
});
