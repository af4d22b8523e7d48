/**
 * The auction workers behind 公告送达 (RP 21), the reference price's validity (RP 27) and 暂缓 /
 * 中止 (NA 28), one job at a time without the engine: a redelivered job posts and suspends once,
 * periods are counted by the statutory calendar, bad input fails naming the variable, and the
 * HTTP clients speak the documented paths.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import checkPriceValidity from '../../workers/auction/check-price-validity.worker.js';
import postReportNotice from '../../workers/auction/post-report-notice.worker.js';
import publishListing from '../../workers/auction/publish-listing.worker.js';
import suspendListing from '../../workers/auction/suspend-listing.worker.js';
import notifyAuctions from '../../workers/case/notify-auctions.worker.js';
import { createWorkerContext, silentLog, type OutgoingMessage, type WorkerContext } from '../../workers/core/context.js';
import { runHandler, type JobOutcome } from '../../workers/core/define-worker.js';
import { getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import { AuctionPlatformHttpClient } from '../../workers/court-systems/auction-platform/auction-platform.http-client.js';
import type { AuctionPlatformSimulator } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { getDisclosureSite } from '../../workers/court-systems/disclosure/disclosure-site.js';
import { DisclosureSiteHttpClient } from '../../workers/court-systems/disclosure/disclosure-site.http-client.js';
import type { DisclosureSiteSimulator } from '../../workers/court-systems/disclosure/disclosure-site.simulator.js';
import { completed, jobsOf } from './worker-jobs.js';

const DAY = 24 * 60 * 60_000;
let clock = Date.parse('2026-03-02T01:00:00Z');
// no administrator overrides: the seeded holiday table
const holidaysFile = path.join(os.tmpdir(), `auction-pauses-${process.pid}-none.json`);
const context = (env: Record<string, string | undefined> = {}): WorkerContext =>
  createWorkerContext({ log: silentLog, now: () => new Date(clock), config: { env, holidaysFile } });

const job = jobsOf('auction');
const failure = (outcome: JobOutcome) => {
  if (outcome.kind !== 'fail') throw new Error(`expected a failed job, got ${JSON.stringify(outcome)}`);
  return outcome;
};

const servers: http.Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((r) => server.close(r));
});
/** a stand-in gateway that records each request and answers `answer(method, url, body)` */
const gateway = async (answer: (method: string, url: string, body: any) => unknown) => {
  const seen: { method: string; url: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      seen.push({ method: req.method!, url: req.url!, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(req.method!, req.url!, body)));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
};

describe('auction.check-price-validity (RP 27)', () => {
  const ctx = context();
  const check = (variables: Record<string, unknown>) => runHandler(checkPriceValidity, job(checkPriceValidity, variables), ctx);
  const YEAR_ON = '2027-03-02T01:00:00.000Z';

  it('the first notice since the price must fall within the validity; the report’s own date, through that day in Beijing, wins when earlier', async () => {
    clock = Date.parse('2026-03-02T01:00:00Z');
    expect(completed(await check({ priceValidUntil: YEAR_ON })).priceValidity).toMatchObject({ validUntil: YEAR_ON, firstNotice: true, expired: false });

    // valid through 2026-03-20 in Beijing: until 2026-03-20T16:00Z
    const report = { priceValidUntil: YEAR_ON, appraisalValidUntil: '2026-03-20', listingNumber: 0 };
    clock = Date.parse('2026-03-20T15:59:00Z');
    expect(completed(await check(report)).priceValidity).toMatchObject({ validUntil: '2026-03-20T16:00:00.000Z', expired: false });
    clock = Date.parse('2026-03-20T16:01:00Z');
    expect(completed(await check(report)).priceValidity).toMatchObject({ firstNotice: true, expired: true });
    // after a re-pricing the count of earlier listings is the baseline: the next one is a first notice again
    expect(completed(await check({ ...report, appraisalValidUntil: '2026-12-31', listingNumber: 2, pricingBaseline: 2 })).priceValidity).toMatchObject({ firstNotice: true, expired: false });
  });

  it('a later sale may come up to six months past the validity', async () => {
    clock = Date.parse('2027-06-01T01:00:00Z');
    const later = { priceValidUntil: '2026-12-01T01:00:00.000Z', listingNumber: 1 };
    const within = completed(await check({ ...later, listingPeriodEnd: '2027-05-31T01:00:00.000Z' })).priceValidity;
    expect(within).toMatchObject({ firstNotice: false, expired: false, saleLimit: '2027-06-01T01:00:00.000Z' });
    expect(completed(await check({ ...later, listingPeriodEnd: '2027-06-02T01:00:00.000Z' })).priceValidity).toMatchObject({ firstNotice: false, expired: true });
  });

  it('fails without retries naming the missing or bad variable', async () => {
    const missing = failure(await check({ listingNumber: 0 }));
    expect(missing.message).toContain('缺少流程变量 priceValidUntil（参考价有效期未计算）');
    expect(missing.retries).toBe(0);
    expect(failure(await check({ priceValidUntil: YEAR_ON, listingNumber: 1 })).message).toContain('缺少流程变量 listingPeriodEnd（应为 ISO 日期时间）');
    expect(failure(await check({ priceValidUntil: YEAR_ON, appraisalValidUntil: '下月底' })).message).toContain('流程变量 appraisalValidUntil 应为 ISO 日期时间，实际为 "下月底"');
  });
});

describe('auction.post-report-notice (RP 21 公告送达)', () => {
  const VARIABLES = { caseNumber: '（2026）豫1330执7号', referencePrice: 250000, pricingMethod: 'appraisal', asset: { description: '桐柏县城关镇住宅' }, publicationDays: 15 };

  it('posts once per job; deemed received after 15 days counted by the statutory calendar (国庆 moves the end)', async () => {
    const ctx = context();
    // 15 days from 16 September end on 1 October, 国庆节: the end moves to the next working day
    clock = Date.parse('2026-09-16T02:00:00Z');
    const delivered = job(postReportNotice, VARIABLES);
    const first = completed(await runHandler(postReportNotice, delivered, ctx));
    const again = completed(await runHandler(postReportNotice, delivered, ctx));
    expect(again).toEqual(first);
    const expected = ctx.calendar.addCalendarDays(new Date(clock), 15).toISOString();
    expect(first.referenceDeemedServedAt).toBe(expected);
    expect(Date.parse(expected)).toBeGreaterThan(Date.parse('2026-10-01T02:00:00Z'));
    const site = getDisclosureSite(ctx) as DisclosureSiteSimulator;
    expect(site.notices).toHaveLength(1);
    expect(site.notices[0]).toMatchObject({ noticeId: first.reportPublication.noticeId, title: '（2026）豫1330执7号 评估报告公告送达', startsAt: new Date(clock).toISOString(), endsAt: expected });
    expect(site.notices[0]!.content).toContain('第二十一条');
  });

  it('names the bad variable', async () => {
    const ctx = context();
    expect(failure(await runHandler(postReportNotice, job(postReportNotice, { ...VARIABLES, referencePrice: 0 }), ctx)).message).toContain('流程变量 referencePrice 应为正数（参考价，元），实际为 0');
    expect(failure(await runHandler(postReportNotice, job(postReportNotice, { ...VARIABLES, publicationDays: 1.5 }), ctx)).message).toContain('流程变量 publicationDays 应为不少于 1 的整数天数，实际为 1.5');
  });

  it('speaks PUT /notices/{requestId} to a real site', async () => {
    const { base, seen } = await gateway((_m, url, body) => ({ noticeId: 'GG-9', url: 'https://zxgk.court.gov.cn/notices/GG-9', postedAt: body.startsAt, endsAt: body.endsAt, seenUrl: url }));
    const ctx = context({ DISCLOSURE_URL: base, DISCLOSURE_TOKEN: 't' });
    clock = Date.parse('2026-03-02T01:00:00Z');
    const result = completed(await runHandler(postReportNotice, job(postReportNotice, VARIABLES, '555'), ctx));
    expect(result.reportPublication).toMatchObject({ noticeId: 'GG-9', url: 'https://zxgk.court.gov.cn/notices/GG-9' });
    expect(seen).toEqual([{ method: 'PUT', url: `/notices/${encodeURIComponent('555:auction.post-report-notice')}`, body: expect.objectContaining({ caseNumber: VARIABLES.caseNumber, court: '河南省桐柏县人民法院' }) }]);
    await expect(new DisclosureSiteHttpClient(`${base}/`).postNotice({ requestId: 'x', caseNumber: 'c', court: 'c', title: 't', content: 'c', startsAt: 'a', endsAt: 'b' }))
      .resolves.toMatchObject({ noticeId: 'GG-9' });
  });
});

describe('auction.suspend-listing (NA 28)', () => {
  const listed = async (ctx: WorkerContext) => {
    clock = Date.parse('2026-03-02T01:00:00Z');
    const result = completed(await runHandler(publishListing, job(publishListing, {
      asset: { id: 'FC-P1', kind: 'realEstate', description: '住宅', location: '桐柏县' }, auctionKey: 'case-9:FC-P1', auctionRound: 1, listingNumber: 0,
      caseNumber: '（2026）豫1330执9号', startingPrice: 210000, deposit: 21000, increment: 2000, listingPeriodEnd: '2026-04-01T01:00:00.000Z',
    }), ctx));
    return result.listing;
  };

  it('stops the listing and posts the reason once per job; the stopped listing sells nothing', async () => {
    const ctx = context();
    const listing = await listed(ctx);
    const delivered = job(suspendListing, { listing, suspension: { kind: '暂缓', reason: '被执行人提供担保', until: '2026-03-20T01:00:00.000Z' }, auctionSuspensions: [] });
    const first = completed(await runHandler(suspendListing, delivered, ctx));
    const again = completed(await runHandler(suspendListing, delivered, ctx));
    expect(again).toEqual(first);
    expect(first.auctionSuspensions).toEqual([{ listingId: listing.listingId, kind: '暂缓', reason: '被执行人提供担保', until: '2026-03-20T01:00:00.000Z', suspendedAt: new Date(clock).toISOString(), announcement: expect.stringContaining('暂缓拍卖公告') }]);
    const platform = getAuctionPlatform(ctx) as AuctionPlatformSimulator;
    expect(platform.calls.filter((c) => c.operation === 'suspend-listing')).toHaveLength(1);
    clock = Date.parse('2026-04-03T01:00:00Z');
    expect(await platform.fetchResult(listing.listingId)).toMatchObject({ status: 'unsold' });
  });

  it('names the bad variable', async () => {
    const ctx = context();
    const listing = await listed(ctx);
    const run = (variables: Record<string, unknown>) => runHandler(suspendListing, job(suspendListing, variables), ctx);
    expect(failure(await run({ suspension: { kind: '中止', reason: 'x' } })).message).toContain('缺少流程变量 listing.listingId（网拍平台挂拍后应有');
    expect(failure(await run({ listing, suspension: { kind: '停止', reason: 'x' } })).message).toContain('流程变量 suspension.kind 应为 "暂缓" 或 "中止"，实际为 "停止"');
    expect(failure(await run({ listing, suspension: { kind: '中止' } })).message).toContain('缺少流程变量 suspension.reason（停止拍卖的原因');
    expect(failure(await run({ listing, suspension: { kind: '暂缓', reason: 'x', until: '三十日后' } })).message).toContain('流程变量 suspension.until 应为 ISO 日期时间，实际为 "三十日后"');
  });

  it('speaks PUT /listings/{listingId}/suspensions/{requestId} to a real platform', async () => {
    const { base, seen } = await gateway((_m, _url, body) => ({ listingId: 'PM-1', ...body, suspendedAt: '2026-03-05T01:00:00.000Z', announcement: '中止拍卖公告' }));
    const client = new AuctionPlatformHttpClient(base);
    const stopped = await client.suspendListing({ requestId: 'r/1', listingId: 'PM-1', kind: '中止', reason: '执行异议' });
    expect(stopped).toMatchObject({ listingId: 'PM-1', kind: '中止', reason: '执行异议', suspendedAt: '2026-03-05T01:00:00.000Z' });
    expect(seen).toEqual([{ method: 'PUT', url: '/listings/PM-1/suspensions/r%2F1', body: { kind: '中止', reason: '执行异议' } }]);
  });
});

describe('case.notify-auctions (a stay of the case reaches its auctions)', () => {
  const published: OutgoingMessage[] = [];
  const ctx = createWorkerContext({ log: silentLog, config: { env: {}, holidaysFile }, messages: { publish: async (m) => void published.push(m) } });
  const notify = (messageName: string, variables: Record<string, unknown>) => {
    const delivered = job(notifyAuctions, variables);
    delivered.customHeaders = { messageName };
    return runHandler(notifyAuctions, delivered, ctx);
  };
  const suspension = { kind: '中止', reason: '被执行人破产申请已受理' };

  it('publishes to each asset’s auction on its own key, only the suspension, never buffered', async () => {
    published.length = 0;
    const result = completed(await notify('auction.suspended', { caseId: 'case-5', auctionAssets: [{ id: 'FC-1' }, { id: 'CL-2' }], suspension, claimAmount: 1 }));
    expect(result.auctionNotices).toEqual(['case-5:FC-1', 'case-5:CL-2']);
    expect(published.map((m) => [m.name, m.correlationKey, m.variables, m.timeToLiveMs])).toEqual([
      ['auction.suspended', 'case-5:FC-1', { suspension }, 0],
      ['auction.suspended', 'case-5:CL-2', { suspension }, 0],
    ]);
    completed(await notify('auction.resumed', { caseId: 'case-5', auctionAssets: [{ id: 'FC-1' }], suspension }));
    expect(published.at(-1)).toMatchObject({ name: 'auction.resumed', correlationKey: 'case-5:FC-1', variables: {} });
  });

  it('a case without auctions publishes nothing; bad input names the field', async () => {
    published.length = 0;
    expect(completed(await notify('auction.suspended', { caseId: 'case-6', auctionAssets: null })).auctionNotices).toEqual([]);
    expect(published).toEqual([]);
    expect(failure(await notify('auction.stopped', { caseId: 'case-6', auctionAssets: [] })).message).toContain('的任务头 messageName 应为 auction.suspended 或 auction.resumed，实际为 "auction.stopped"');
    expect(failure(await notify('auction.suspended', { auctionAssets: [{ id: 'FC-1' }] })).message).toContain('缺少流程变量 caseId');
    expect(failure(await notify('auction.suspended', { caseId: 'case-6', auctionAssets: [{}] })).message).toContain('缺少流程变量 auctionAssets[0].id');
  });
});
