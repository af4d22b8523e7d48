/**
 * case.notify-auctions — 中止 / 暂缓 of the whole case reach its auctions (NA 28: an auction in
 * its notice or bidding is stopped when enforcement is stayed or postponed, and resumed after).
 *
 * The case's message (`enforcement-case.suspended` / `.resumed`, key 案号) is correlated to the
 * case instance only; each asset's auction listens on its own key (`auctionKey` = caseId:asset.id,
 * Zeebe hands a message to one subscription per process definition). This job publishes the
 * header `messageName` (`auction.suspended` or `auction.resumed`) once per asset in
 * `auctionAssets`, keyed `${caseId}:${asset.id}`, with only `suspension` as its variables, and
 * without a time to live: an auction that is not in its notice or bidding is not stopped, and a
 * message left buffered would stop a later listing.
 *
 * Result: `auctionNotices` (the keys published to, this job). A case without auctions publishes
 * nothing.
 *
 * Redelivery: the engine refuses a repeated message id only while the first message is buffered,
 * and these are not buffered, so a redelivered job publishes the same messages again (same ids).
 * That converges instead of repeating an effect: a redelivery comes while the case's 期限监控 still
 * waits on this task (it handles no other message meanwhile), so the repeat says what the first
 * said and reaches only auctions that listen now — those the first delivery paused no longer listen
 * for `auction.suspended`, and one that entered a pausable phase since must be paused too
 * (tests/workers/idempotency.test.ts checks the repeat is exact and unbuffered).
 */
import { defineWorker } from '../core/define-worker.js';
import { CASE_NOTIFY_AUCTIONS } from './job-types.js';

const MESSAGES = ['auction.suspended', 'auction.resumed'];

interface Variables {
  caseId?: string;
  auctionAssets?: { id?: unknown }[] | null;
  suspension?: unknown;
}

export default defineWorker<Variables, { messageName?: string }>({
  type: CASE_NOTIFY_AUCTIONS,
  description: '中止/暂缓执行时通知本案的司法网拍暂缓或恢复 (forward the case\'s stay to its auctions)',
  fetchVariables: ['caseId', 'auctionAssets', 'suspension'],
  async handler(job, ctx) {
    const name = job.customHeaders.messageName?.trim() ?? '';
    if (!MESSAGES.includes(name)) throw new Error(`元素 ${job.elementId} 的任务头 messageName 应为 ${MESSAGES.join(' 或 ')}，实际为 ${JSON.stringify(name)}`);
    const assets = job.variables.auctionAssets ?? [];
    if (!Array.isArray(assets)) throw new Error('流程变量 auctionAssets 应为财产列表');
    if (assets.length === 0) return { auctionNotices: [] };
    const caseId = job.variables.caseId;
    if (typeof caseId !== 'string' || !caseId) throw new Error('缺少流程变量 caseId（本案各项网拍以它为关联键）');
    const keys: string[] = [];
    for (const [i, asset] of assets.entries()) {
      if (typeof asset?.id !== 'string' || !asset.id) throw new Error(`缺少流程变量 auctionAssets[${i}].id（网拍财产的编号）`);
      const correlationKey = `${caseId}:${asset.id}`;
      await ctx.messages.publish({
        name,
        correlationKey,
        variables: name === 'auction.suspended' ? { suspension: job.variables.suspension ?? null } : {},
        timeToLiveMs: 0,
        messageId: `${name}:${job.elementInstanceKey}:${asset.id}`,
      });
      keys.push(correlationKey);
    }
    ctx.log.info(`${name} published to ${keys.length} auction(s)`, { processInstanceKey: job.processInstanceKey });
    return { auctionNotices: keys };
  },
});
