/**
 * auction.pause-pricing and auction.resume-pricing (RP 28) one job at a time without the engine:
 * the platforms are told through the simulator's enquiry-pause call once per job, the appraiser
 * in writing, the report deadline moves by exactly the time paused, and bad input fails naming
 * the variable.
 */
import { describe, expect, it } from 'vitest';
import pausePricing from '../../workers/auction/pause-pricing.worker.js';
import resumePricing from '../../workers/auction/resume-pricing.worker.js';
import { movedDue } from '../../workers/auction/pricing-pause.js';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type JobOutcome } from '../../workers/core/define-worker.js';
import { checkAsset, getAuctionPlatform } from '../../workers/court-systems/auction-platform/auction-platform.js';
import type { AuctionPlatformSimulator } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { completed, jobsOf } from './worker-jobs.js';

const DAY = 24 * 60 * 60_000;
let clock = Date.parse('2026-03-02T01:00:00Z');
const context = () => createWorkerContext({ log: silentLog, now: () => new Date(clock), config: { env: {} } });
const job = jobsOf('auction');
const failure = (outcome: JobOutcome) => {
  if (outcome.kind !== 'fail') throw new Error(`expected a failed job, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('auction.pause-pricing / auction.resume-pricing (RP 28)', () => {
  it('网络询价: pauses once per job through the platform, resumes with the deadline moved by the paused time', async () => {
    const ctx = context();
    const sim = getAuctionPlatform(ctx) as AuctionPlatformSimulator;
    const asset = checkAsset({ id: 'FC-W1', kind: 'realEstate', description: '住宅', location: '桐柏县', estimatedValue: 300000 });
    const onlineEnquiry = await sim.requestOnlineEnquiry({ requestId: 'r1', asset });
    const onlineReportDue = new Date(clock + 3 * DAY).toISOString();
    clock += DAY;
    const pausedAt = new Date(clock).toISOString();
    const delivered = job(pausePricing, { pricingPausedPhase: 'online', suspension: { kind: '中止', reason: '案件中止执行' }, onlineReportDue, onlineEnquiry });
    const paused = completed(await runHandler(pausePricing, delivered, ctx));
    completed(await runHandler(pausePricing, delivered, ctx));
    expect(paused.pricingPause).toEqual({ phase: 'online', kind: '中止', reason: '案件中止执行', pausedAt, dueAtPause: onlineReportDue, notified: onlineEnquiry.platforms, noticeBy: 'platform' });
    expect(paused.pricingPauses).toEqual([paused.pricingPause]);
    expect(sim.calls.filter((c) => c.operation === 'pause-enquiry')).toHaveLength(1);

    clock += 7 * DAY + 3_600_000;
    const resumed = completed(await runHandler(resumePricing, job(resumePricing, { ...paused, onlineEnquiry }), ctx));
    expect(resumed.onlineReportDue).toBe(new Date(Date.parse(onlineReportDue) + 7 * DAY + 3_600_000).toISOString());
    expect(resumed.pricingPause).toMatchObject({ resumedAt: new Date(clock).toISOString(), pausedMs: 7 * DAY + 3_600_000, dueAfterResume: resumed.onlineReportDue });
    expect(resumed.pricingPauses).toEqual([resumed.pricingPause]);
    expect(resumed).not.toHaveProperty('appraisalDue');
    expect(sim.calls.filter((c) => c.operation === 'resume-enquiry')).toHaveLength(1);
  });

  it('委托评估: the appraiser is told in writing; resuming moves appraisalDue', async () => {
    const ctx = context();
    const appraisalDue = new Date(clock + 30 * DAY).toISOString();
    const paused = completed(await runHandler(pausePricing, job(pausePricing, {
      pricingPausedPhase: 'appraisal', appraiser: '河南某某房地产估价有限公司', appraisalDue,
      suspension: { kind: '暂缓', reason: '评估材料与事实严重不符', basis: 'RP 28（二）', until: new Date(clock + 10 * DAY).toISOString() },
      pricingPauses: [{ phase: 'online', kind: '中止', reason: '更早的暂停', pausedAt: '2026-01-01T00:00:00.000Z', dueAtPause: '2026-01-03T00:00:00.000Z', notified: [], noticeBy: 'platform' }],
    }), ctx));
    expect(paused.pricingPause).toMatchObject({ phase: 'appraisal', noticeBy: 'written', notified: ['河南某某房地产估价有限公司'], basis: 'RP 28（二）' });
    expect(paused.pricingPauses).toHaveLength(2);
    clock += 10 * DAY;
    const resumed = completed(await runHandler(resumePricing, job(resumePricing, paused), ctx));
    expect(resumed.appraisalDue).toBe(new Date(Date.parse(appraisalDue) + 10 * DAY).toISOString());
    expect(resumed.pricingPauses[0].reason).toBe('更早的暂停');
    expect(resumed.pricingPauses[1]).toMatchObject({ phase: 'appraisal', pausedMs: 10 * DAY });
  });

  it('keeps the reason the server sent with this resumption, not an older one, and none when the term ran out', async () => {
    const ctx = context();
    const pausedAt = new Date(clock).toISOString();
    const pause = { phase: 'appraisal', kind: '暂缓', reason: '被执行人提供担保', pausedAt, dueAtPause: new Date(clock + 20 * DAY).toISOString(), notified: [], noticeBy: 'written' };
    clock += 2 * DAY;
    const now = new Date(clock).toISOString();
    const withReason = completed(await runHandler(resumePricing, job(resumePricing, { pricingPause: pause, pricingPauses: [pause], resumption: { reason: '担保人撤回担保', at: now, by: 'faguan' } }), ctx));
    expect(withReason.pricingPause.resumeReason).toBe('担保人撤回担保');
    expect(withReason.pricingPauses[0].resumeReason).toBe('担保人撤回担保');
    // the variables of an earlier resumption, still in the instance, when this pause's term ran out
    const stale = completed(await runHandler(resumePricing, job(resumePricing, { pricingPause: pause, pricingPauses: [pause], resumption: { reason: '上一次恢复的事由', at: '2026-01-05T00:00:00.000Z', by: 'faguan' } }), ctx));
    expect(stale.pricingPause).not.toHaveProperty('resumeReason');
  });

  it('refuses bad input naming the variable', async () => {
    const ctx = context();
    const run = (variables: Record<string, unknown>) => runHandler(pausePricing, job(pausePricing, variables), ctx);
    const due = new Date(clock + DAY).toISOString();
    expect(failure(await run({ pricingPausedPhase: 'appraisal', appraisalDue: due })).message).toContain(
      '流程变量 suspension 应为 { kind: "暂缓" | "中止", reason, basis?, until? }（来自消息 auction.suspended），实际为 （未设置）',
    );
    expect(failure(await run({ pricingPausedPhase: 'bidding', suspension: { kind: '暂缓', reason: 'x' }, appraisalDue: due })).message).toContain('流程变量 pricingPausedPhase 应为 "online"（网络询价）或 "appraisal"（委托评估），实际为 "bidding"');
    expect(failure(await run({ pricingPausedPhase: 'appraisal', suspension: { kind: '撤回', reason: 'x' }, appraisalDue: due })).message).toContain('流程变量 suspension.kind 应为 "暂缓" 或 "中止"，实际为 "撤回"');
    expect(failure(await run({ pricingPausedPhase: 'appraisal', suspension: { kind: '暂缓', reason: ' ' }, appraisalDue: due })).message).toContain('缺少流程变量 suspension.reason（暂缓或中止询价评估的原因，RP 28）');
    expect(failure(await run({ pricingPausedPhase: 'appraisal', suspension: { kind: '暂缓', reason: 'x', until: '下周' }, appraisalDue: due })).message).toContain('流程变量 suspension.until 应为 ISO 日期时间，实际为 "下周"');
    expect(failure(await run({ pricingPausedPhase: 'appraisal', suspension: { kind: '暂缓', reason: 'x' } })).message).toContain('缺少流程变量 appraisalDue（应为 ISO 日期时间）');
    expect(failure(await run({ pricingPausedPhase: 'online', suspension: { kind: '暂缓', reason: 'x' }, onlineReportDue: due })).message).toContain('缺少流程变量 onlineEnquiry.enquiryId（没有进行中的网络询价可暂缓）');
    expect(failure(await runHandler(resumePricing, job(resumePricing, {}), ctx)).message).toContain('缺少流程变量 pricingPause（询价评估未暂缓，见 auction.pause-pricing）');
  });

  it('movedDue never moves a deadline backwards', () => {
    expect(movedDue('2026-03-05T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-01T00:00:00.000Z')).toEqual({ due: '2026-03-05T00:00:00.000Z', pausedMs: 0 });
    expect(movedDue('2026-03-05T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-04T12:00:00.000Z')).toEqual({ due: '2026-03-06T12:00:00.000Z', pausedMs: 1.5 * DAY });
  });
});
