/**
 * The auction workers one job at a time, without the engine: a job delivered twice lists,
 * enquires and forfeits once; business outcomes are BPMN errors, bad input a failure without
 * retries naming the field; and the HTTP client speaks to a platform gateway the same way the
 * simulator answers (here the simulator behind a small HTTP server standing in for the gateway).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import collectOnlineReports from '../../workers/auction/collect-online-reports.worker.js';
import directedEnquiry from '../../workers/auction/directed-enquiry.worker.js';
import fetchResult from '../../workers/auction/fetch-result.worker.js';
import forfeitDeposit from '../../workers/auction/forfeit-deposit.worker.js';
import refundDeposits from '../../workers/auction/refund-deposits.worker.js';
import publishListing from '../../workers/auction/publish-listing.worker.js';
import register from '../../workers/auction/register.worker.js';
import requestOnlineEnquiry from '../../workers/auction/request-online-enquiry.worker.js';
import { createWorkerContext, silentLog, type WorkerContext } from '../../workers/core/context.js';
import { runHandler } from '../../workers/core/define-worker.js';
import { getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import { AuctionPlatformHttpClient } from '../../workers/court-systems/auction-platform/auction-platform.http-client.js';
import { AuctionPlatformSimulator } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { completed, jobsOf } from './worker-jobs.js';

const NOW = Date.parse('2026-03-02T01:00:00Z');
const ASSET = { id: 'FC-W1', kind: 'realEstate', description: '桐柏县城关镇住宅', location: '桐柏县', estimatedValue: 300000 };

let clock = NOW;
const context = (env: Record<string, string | undefined> = {}): WorkerContext =>
  createWorkerContext({ log: silentLog, now: () => new Date(clock), config: { env } });

const job = jobsOf('auction');

const LISTING_VARIABLES = {
  asset: ASSET,
  auctionKey: 'case-1:FC-W1',
  auctionRound: 1,
  listingNumber: 0,
  caseNumber: '（2026）豫1330执1号',
  startingPrice: 210000,
  deposit: 21000,
  increment: 2000,
  listingPeriodEnd: '2026-04-01T01:00:00.000Z',
};

describe('auction workers', () => {
  it('a publish-listing job delivered twice lists once, with the bidding 24 hours after the notice period', async () => {
    const ctx = context();
    const sim = getAuctionPlatform(ctx) as AuctionPlatformSimulator;
    const delivery = job(publishListing, LISTING_VARIABLES);
    const first = await runHandler(publishListing, delivery, ctx);
    const again = await runHandler(publishListing, { ...delivery, key: '999' }, ctx);
    expect(first).toEqual(again);
    expect(first).toMatchObject({
      kind: 'complete',
      variables: { listingNumber: 1, firstStartingPrice: 210000, listing: { round: 1, startsAt: '2026-04-01T01:00:00.000Z', endsAt: '2026-04-02T01:00:00.000Z' } },
    });
    expect(sim.calls.filter((c) => c.operation === 'publish-listing')).toEqual([{ operation: 'publish-listing', key: 'case-1:FC-W1#1' }]);

    // the result is not there before the bidding ends: a retried failure, not an outcome
    const listing = completed(first).listing;
    const early = await runHandler(fetchResult, job(fetchResult, { listing }), ctx);
    expect(early).toMatchObject({ kind: 'fail', retries: 2, message: expect.stringContaining('仍在竞价中，至 2026-04-02T01:00:00.000Z 结束') });
    clock = Date.parse('2026-04-02T01:00:00Z');
    const sold = await runHandler(fetchResult, job(fetchResult, { listing }), ctx);
    expect(sold).toMatchObject({ kind: 'complete', variables: { roundResult: 'sold', winningBid: 214000, proceeds: 214000, bidCount: 3 } });

    // 悔拍 twice delivered: one forfeiture, the same total
    const buyer = completed(sold).buyer;
    const forfeit = job(forfeitDeposit, { listing, buyer, forfeitedDeposits: 0, excludedBidders: [] });
    const f1 = await runHandler(forfeitDeposit, forfeit, ctx);
    const f2 = await runHandler(forfeitDeposit, forfeit, ctx);
    expect(f1).toEqual(f2);
    expect(f1).toMatchObject({ kind: 'complete', variables: { forfeitedDeposits: 21000, excludedBidders: ['SIM-JM-001'], buyer: null } });
    expect(sim.calls.filter((c) => c.operation === 'forfeit-deposit')).toHaveLength(1);
    clock = NOW;
  });

  it('after a sale the other bidders’ deposits are refunded once, even when the job comes twice; the buyer’s is kept', async () => {
    const ctx = context();
    const sim = getAuctionPlatform(ctx) as AuctionPlatformSimulator;
    const listing = completed(await runHandler(publishListing, job(publishListing, { ...LISTING_VARIABLES, auctionKey: 'case-1:FC-W2', asset: { ...ASSET, id: 'FC-W2' } }), ctx)).listing;
    clock = Date.parse(listing.endsAt) + 3_600_000;
    const { buyer } = completed(await runHandler(fetchResult, job(fetchResult, { listing }), ctx));
    const delivery = job(refundDeposits, { listing, buyer, depositRefunds: [] });
    const first = completed(await runHandler(refundDeposits, delivery, ctx));
    const again = completed(await runHandler(refundDeposits, { ...delivery, key: '998' }, ctx));
    expect(again).toEqual(first);
    expect(first.depositRefunds).toEqual([{ listingId: listing.listingId, bidderNo: 'SIM-JM-002', amount: 21000, refundedAt: new Date(clock).toISOString() }]);
    expect(first.depositRefundDue).toBe(new Date(Date.parse(listing.endsAt) + 24 * 3_600_000).toISOString());
    expect(sim.calls.filter((c) => c.operation === 'refund-deposits')).toHaveLength(1);
    // no buyer: nothing to refund after, a failure naming the variable
    expect(await runHandler(refundDeposits, job(refundDeposits, { listing }), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 buyer.bidderNo（成交后才退还保证金）') });
    clock = NOW;
  });

  it('a 变卖 listing opens now and runs to the end of the sale period at the full price as deposit', async () => {
    const ctx = context();
    const outcome = await runHandler(publishListing, job(publishListing, { ...LISTING_VARIABLES, auctionRound: 3, listingNumber: 4, deposit: undefined, listingPeriodEnd: '2026-05-01T01:00:00.000Z' }), ctx);
    expect(outcome).toMatchObject({
      kind: 'complete',
      variables: { listingNumber: 5, listing: { round: 3, deposit: 210000, startsAt: new Date(NOW).toISOString(), endsAt: '2026-05-01T01:00:00.000Z' } },
    });
  });

  it('enquiries: failures and late reports are BPMN errors the model catches; complete reports are averaged', async () => {
    const ctx = context();
    const sim = getAuctionPlatform(ctx) as AuctionPlatformSimulator;
    sim.script('FC-late', { directedEnquiry: 'failed', onlineEnquiry: ['pending', 'failed'] });
    const late = { ...ASSET, id: 'FC-late' };
    expect(await runHandler(directedEnquiry, job(directedEnquiry, { asset: late }), ctx)).toMatchObject({ kind: 'error', code: 'ENQUIRY_FAILED' });
    const requested = await runHandler(requestOnlineEnquiry, job(requestOnlineEnquiry, { asset: late }, 'online-1'), ctx);
    const again = await runHandler(requestOnlineEnquiry, job(requestOnlineEnquiry, { asset: late }, 'online-1'), ctx);
    expect(again).toEqual(requested);
    expect(sim.calls.filter((c) => c.operation === 'online-enquiry')).toHaveLength(1);
    const { onlineEnquiry } = completed(requested);
    expect(await runHandler(collectOnlineReports, job(collectOnlineReports, { onlineEnquiry, onlineExtensionUsed: false }), ctx)).toMatchObject({
      kind: 'error', code: 'REPORTS_PENDING', message: '询价报告未齐（已收到 1 份）',
    });
    expect(await runHandler(collectOnlineReports, job(collectOnlineReports, { onlineEnquiry, onlineExtensionUsed: true }), ctx)).toMatchObject({
      kind: 'error', code: 'ENQUIRY_FAILED',
    });

    const fine = await runHandler(requestOnlineEnquiry, job(requestOnlineEnquiry, { asset: { ...ASSET, estimatedValue: 123456.78 } }), ctx);
    const reports = await runHandler(collectOnlineReports, job(collectOnlineReports, { ...completed(fine) }), ctx);
    expect(reports).toMatchObject({ kind: 'complete', variables: { pricingMethod: 'online', referencePrice: 123456.78 } });
  });

  it('bad input fails at once, naming the field', async () => {
    const ctx = context();
    const bad = async (asset: unknown) => runHandler(register, job(register, { asset, caseId: 'c' }), ctx);
    expect(await bad({ ...ASSET, kind: 'house' })).toMatchObject({ kind: 'fail', retries: 0, message: expect.stringContaining('流程变量 asset.kind 应为 movable、vehicle、realEstate、landUseRight、equity、other 之一，实际为 "house"') });
    expect(await bad({ ...ASSET, description: '' })).toMatchObject({ kind: 'fail', retries: 0, message: expect.stringContaining('流程变量 asset.description 应为非空字符串（财产描述），实际为 ""') });
    expect(await bad({ ...ASSET, estimatedValue: -1 })).toMatchObject({ kind: 'fail', retries: 0, message: expect.stringContaining('流程变量 asset.estimatedValue 填写时应为正数（元），实际为 -1') });
    expect(await bad('FC-1')).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 asset 应为对象 { id, kind, description, location, estimatedValue? }，实际为 "FC-1"') });
    expect(await runHandler(publishListing, job(publishListing, { ...LISTING_VARIABLES, startingPrice: 0 }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 startingPrice 应为正数，实际为 0'),
    });
    expect(await runHandler(register, job(register, { asset: ASSET, caseId: 'c-9' }), ctx)).toMatchObject({
      kind: 'complete', variables: { auctionKey: 'c-9:FC-W1', auctionRound: 1, listingNumber: 0, proceeds: 0 },
    });
  });

  describe('over HTTP (AUCTION_PLATFORM_URL)', () => {
    const gateway = new AuctionPlatformSimulator({ now: () => new Date(clock) });
    const requests: string[] = [];
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      // a stand-in for the court's platform gateway: the simulator behind the documented paths
      server = http.createServer(async (req, res) => {
        const body = await new Promise<any>((resolve) => {
          let data = '';
          req.on('data', (c) => (data += c));
          req.on('end', () => resolve(data ? JSON.parse(data) : undefined));
        });
        requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
        const u = new URL(req.url!, 'http://x');
        const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        let answer: unknown;
        try {
          if (req.method === 'POST' && u.pathname === '/directed-enquiries') answer = await gateway.requestDirectedEnquiry(body);
          else if (req.method === 'POST' && u.pathname === '/online-enquiries') answer = await gateway.requestOnlineEnquiry(body);
          else if (req.method === 'GET' && parts[0] === 'online-enquiries') answer = await gateway.collectOnlineReports(parts[1]!, Number(u.searchParams.get('attempt')));
          else if (req.method === 'PUT' && parts[0] === 'listings' && parts.length === 2) answer = await gateway.publishListing(body);
          else if (req.method === 'GET' && parts[2] === 'result') answer = await gateway.fetchResult(parts[1]!);
          else if (req.method === 'PUT' && parts[2] === 'forfeitures') answer = await gateway.forfeitDeposit(parts[1]!, parts[3]!);
        } catch (error) {
          res.writeHead(500).end(JSON.stringify({ error: (error as Error).message }));
          return;
        }
        if (answer === undefined) {
          res.writeHead(404).end('{"error":"no such path"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('the context picks the HTTP client when AUCTION_PLATFORM_URL is set, and the workers work through it', async () => {
      const ctx = context({ AUCTION_PLATFORM_URL: url, AUCTION_PLATFORM_TOKEN: 'secret' });
      expect(getAuctionPlatform(ctx)).toBeInstanceOf(AuctionPlatformHttpClient);
      const delivery = job(publishListing, { ...LISTING_VARIABLES, auctionKey: 'case-2:FC-W1' });
      const first = await runHandler(publishListing, delivery, ctx);
      expect(await runHandler(publishListing, delivery, ctx)).toEqual(first);
      expect(gateway.calls.filter((c) => c.operation === 'publish-listing')).toEqual([{ operation: 'publish-listing', key: 'case-2:FC-W1#1' }]);
      expect(requests[0]).toBe(`PUT /listings/${encodeURIComponent('case-2:FC-W1#1')} Bearer secret`);
      expect(await runHandler(directedEnquiry, job(directedEnquiry, { asset: ASSET }), ctx)).toMatchObject({ kind: 'complete', variables: { referencePrice: 300000 } });

      const listing = completed(first).listing;
      clock = Date.parse('2026-04-03T00:00:00Z');
      expect(await runHandler(fetchResult, job(fetchResult, { listing }), ctx)).toMatchObject({ kind: 'complete', variables: { roundResult: 'sold' } });
      clock = NOW;
      const missing = await runHandler(fetchResult, job(fetchResult, { listing: { listingId: 'NOPE' } }), ctx);
      expect(missing).toMatchObject({ kind: 'fail', message: expect.stringContaining('网拍平台 GET /listings/NOPE/result 应答 HTTP 500：{"error":"网拍平台（本地模拟器）：找不到拍卖 NOPE"}') });
    });

    it('a platform that does not answer in time, or cannot be reached, is a failure in Chinese naming the call', async () => {
      const silent = http.createServer(() => undefined); // takes the request, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      try {
        await expect(new AuctionPlatformHttpClient(silentUrl, undefined, 50).fetchResult('PM-7')).rejects.toThrow('网拍平台 GET /listings/PM-7/result 超时：50 毫秒内未应答');
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
      // the port is free again: nothing listens there
      await expect(new AuctionPlatformHttpClient(silentUrl).fetchResult('PM-7')).rejects.toThrow(/^网拍平台 GET \/listings\/PM-7\/result 调用失败：/);
    });
  });
});
