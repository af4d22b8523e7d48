/**
 * assets.inquire — 网络查控 through 总对总 or 点对点 (header `system`), for every respondent.
 * Input: `respondents` [{ name, idNumber }]. Result: `assets` (FoundAsset list; the model maps
 * it to `nationalAssets` / `provincialAssets`) and `inquiredAt`.
 */
import { defineWorker } from '../core/define-worker.js';
import { getInquirySystem, INQUIRY_SYSTEMS, type InquirySystem, type Respondent } from '../court-systems/inquiry/inquiry-adapter.js';
import { ASSETS_INQUIRE } from './job-types.js';
import { listOf } from './measures.js';

export default defineWorker<Record<string, any>, { system?: string }>({
  type: ASSETS_INQUIRE,
  description: '网络查控：总对总 / 点对点查询',
  timeoutMs: 120_000,
  async handler(job, ctx) {
    const system = job.customHeaders.system as InquirySystem;
    if (!INQUIRY_SYSTEMS.includes(system)) throw new Error(`element ${job.elementId}: header 'system' must be 总对总 or 点对点, got '${system}'`);
    const respondents = listOf<Respondent>(job.variables, 'respondents');
    if (respondents.length === 0) throw new Error(`variable 'respondents': no 被执行人 to inquire about`);
    respondents.forEach((r, i) => {
      if (!r?.name || !r?.idNumber) throw new Error(`variable 'respondents[${i}]': name and idNumber are required for 网络查控`);
    });
    const inquiry = getInquirySystem(ctx);
    const assets = [];
    for (const respondent of respondents) assets.push(...(await inquiry.inquire(system, respondent, String(job.variables.caseNumber ?? ''))));
    ctx.log.info(`${system} inquiry for ${job.variables.caseNumber}: ${assets.length} assets`);
    return { assets, inquiredAt: ctx.now().toISOString() };
  },
});
