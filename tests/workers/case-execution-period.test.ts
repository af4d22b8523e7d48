/** The 执行期限 clock (workers/case/execution-period.ts) and its job worker, without an engine. */
import { describe, expect, it } from 'vitest';
import { runHandler } from '../../workers/core/define-worker.js';
import { createWorkerContext } from '../../workers/core/context.js';
import { applyEvent, computeClock, parseInstant, settle, unionLength, warningState, type ExcludedPeriod } from '../../workers/case/execution-period.js';
import worker from '../../workers/case/execution-period.worker.js';
import publishWorker from '../../workers/case/publish-message.worker.js';
import { completed, jobsOf } from './worker-jobs.js';

const DAY = 86_400_000;
const BASE = '2026-09-02T01:00:00.000Z';
const T0 = Date.parse('2026-04-01T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const period = (id: string, kind: string, from: number, to: number | null, until?: number): ExcludedPeriod => ({
  id, kind, from: at(from), to: to === null ? null : at(to), ...(until !== undefined ? { until: at(until) } : {}),
});
const moved = (end: string) => (Date.parse(end) - Date.parse(BASE)) / DAY;

describe('the execution period clock', () => {
  it('the union of intervals counts overlaps once', () => {
    expect(unionLength([[0, 10], [5, 15], [20, 25]])).toBe(20);
    expect(unionLength([[20, 25], [0, 30]])).toBe(30);
    expect(unionLength([])).toBe(0);
  });

  it('closed periods move the end by their union; a 中止 inside a 公告 counts once', () => {
    const c = computeClock(BASE, [period('a', '公告', 0, 30), period('b', '中止', 10, 20), period('c', '评估', 40, 45)], T0 + 100 * DAY);
    expect(moved(c.effectiveEnd)).toBe(35);
    expect(c).toMatchObject({ stopped: false, resumesAt: null });
  });

  it('an open period counts up to now and stops the clock', () => {
    const c = computeClock(BASE, [period('a', '中止', 5, null)], T0 + 12 * DAY);
    expect(moved(c.effectiveEnd)).toBe(7);
    expect(c.stopped).toBe(true);
    expect(c.resumesAt).toBeNull();
  });

  it('a scheduled until: counts to now while ahead (resumesAt = until), to until once it has passed', () => {
    const periods = [period('a', '暂缓', 0, null, 20)];
    const before = computeClock(BASE, periods, T0 + 5 * DAY);
    expect(moved(before.effectiveEnd)).toBe(5);
    expect(before).toMatchObject({ stopped: true, resumesAt: at(20) });
    const after = computeClock(BASE, periods, T0 + 50 * DAY);
    expect(moved(after.effectiveEnd)).toBe(20);
    expect(after).toMatchObject({ stopped: false, resumesAt: null });
    expect(settle(periods, T0 + 50 * DAY)[0]!.to).toBe(at(20));
    expect(settle(periods, T0 + 5 * DAY)[0]!.to).toBeNull();
  });

  it('resumesAt is the earliest future until of the open periods', () => {
    const c = computeClock(BASE, [period('a', '暂缓', 0, null, 30), period('b', '公告', 2, null, 10), period('c', '评估', 0, 1)], T0 + 5 * DAY);
    expect(c.resumesAt).toBe(at(10));
    expect(moved(c.effectiveEnd)).toBe(5);
  });

  it('a period recorded ahead of time does not count before it begins', () => {
    const c = computeClock(BASE, [period('a', '公告', 10, null)], T0 + 5 * DAY);
    expect(c).toMatchObject({ stopped: false, startsAt: at(10), excludedMs: 0 });
  });

  it('parses ISO, FEEL and Beijing wall-clock times, and names what is wrong', () => {
    expect(parseInstant('2026-04-01 08:00', 'x')).toBe(T0);
    expect(parseInstant('2026-04-01T00:00:00Z', 'x')).toBe(T0);
    expect(parseInstant('2026-04-01T08:00+08:00', 'x')).toBe(T0);
    expect(() => parseInstant('tomorrow', 'exclusion.from')).toThrow(/exclusion\.from 应为 ISO 日期时间，实际为 "tomorrow"/);
  });
});

describe('applying the watch loop’s messages', () => {
  const now = at(10);
  it('a 中止 opens a period and the auctions are told; 恢复执行 closes it', () => {
    const opened = applyEvent([], { type: 'suspended', at: now, suspension: { kind: '中止', reason: '破产' } }, '42');
    expect(opened.periods).toEqual([expect.objectContaining({ id: 'suspension:42', kind: '中止', from: now, to: null, until: null, reason: '破产' })]);
    expect(opened.auctionNotice).toBe('auction.suspended');
    const closed = applyEvent(opened.periods, { type: 'resumed', at: at(15), resumption: { reason: '撤回', at: at(15), by: 'x' } }, '43');
    expect(closed.periods[0]!.to).toBe(at(15));
    expect(closed.auctionNotice).toBe('auction.resumed');
    // nothing open: nothing changes, no notice
    expect(applyEvent(closed.periods, { type: 'resumed', at: at(16) }, '44')).toMatchObject({ periods: closed.periods, auctionNotice: null });
  });

  it('a termed 暂缓 ended early by 恢复执行 is closed now and the auctions are told', () => {
    const opened = applyEvent([], { type: 'suspended', at: now, suspension: { kind: '暂缓', reason: '担保', until: at(30) } }, '1');
    expect(opened.periods[0]).toMatchObject({ until: at(30), to: null });
    const closed = applyEvent(opened.periods, { type: 'resumed', at: at(12) }, '2');
    expect(closed).toMatchObject({ auctionNotice: 'auction.resumed' });
    expect(closed.periods[0]!.to).toBe(at(12));
  });

  it('an exclusion: open, closed afterwards, scheduled; the same id replaces', () => {
    let p = applyEvent([], { type: 'excluded', at: now, exclusion: { id: 'u1', kind: '公告', reason: '公告', from: at(2) } }, '1').periods;
    expect(p).toEqual([expect.objectContaining({ id: 'u1', to: null, until: null })]);
    p = applyEvent(p, { type: 'excluded', at: now, exclusion: { id: 'u1', kind: '公告', reason: '公告', from: at(2), to: at(40) } }, '2').periods;
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ to: null, until: at(40) });
    p = applyEvent(p, { type: 'excluded', at: now, exclusion: { id: 'u2', kind: '评估', reason: '评估', from: at(0), to: at(3) } }, '3').periods;
    expect(p[1]).toMatchObject({ id: 'u2', to: at(3), until: null });
  });

  it('the end of an exclusion closes it; an unknown id changes nothing', () => {
    const p = applyEvent([], { type: 'excluded', at: now, exclusion: { id: 'u1', kind: '审计', reason: 'r', from: at(1) } }, '1').periods;
    const ended = applyEvent(p, { type: 'exclusion-ended', at: now, exclusion: { id: 'u1', to: at(8) } }, '2');
    expect(ended.periods[0]).toMatchObject({ to: at(8), until: null });
    const unknown = applyEvent(ended.periods, { type: 'exclusion-ended', at: now, exclusion: { id: 'nope', to: at(9) } }, '3');
    expect(unknown.periods).toEqual(ended.periods);
  });

  it('bad messages are refused naming the field', () => {
    expect(() => applyEvent([], { type: 'excluded', at: now, exclusion: { id: 'u', kind: '旅游', from: at(1) } }, '1')).toThrow(/流程变量 exclusion\.kind 应为 公告、审计、.* 之一，实际为 "旅游"/);
    expect(() => applyEvent([], { type: 'excluded', at: now, exclusion: { kind: '公告', from: at(1) } }, '1')).toThrow(/缺少流程变量 exclusion\.id/);
    expect(() => applyEvent([], { type: 'suspended', at: now, suspension: null as never }, '1')).toThrow(/缺少流程变量 suspension（消息 enforcement-case\.suspended 应带有）/);
    expect(() => applyEvent([], { type: 'suspended', at: now, suspension: { kind: '中止', until: at(20) } }, '1')).toThrow(/流程变量 suspension\.until 只适用于暂缓/);
  });
});

describe('the warning rule (executionPeriodWarnedEnd)', () => {
  const END = Date.parse(BASE);
  const iso = (ms: number) => new Date(ms).toISOString();
  it('without a standing warning the loop wakes at the end less the lead, or at an earlier start', () => {
    expect(warningState(BASE, null, 5, null)).toEqual({ warned: false, warningAt: iso(END - 5 * DAY), wakeAt: iso(END - 5 * DAY) });
    expect(warningState(BASE, null, 5, iso(END - 9 * DAY)).wakeAt).toBe(iso(END - 9 * DAY));
  });
  it('warned about this end (moved by at most the lead, or earlier): the loop waits for the end itself', () => {
    expect(warningState(BASE, BASE, 5, null)).toEqual({ warned: true, warningAt: iso(END - 5 * DAY), wakeAt: BASE });
    expect(warningState(iso(END + 5 * DAY), BASE, 5, null)).toMatchObject({ warned: true, wakeAt: iso(END + 5 * DAY) });
    expect(warningState(iso(END - 2 * DAY), BASE, 5, null)).toMatchObject({ warned: true, wakeAt: iso(END - 2 * DAY) });
    expect(warningState(BASE, BASE, 5, iso(END - DAY)).wakeAt).toBe(iso(END - DAY));
  });
  it('moved later by more than the lead: the warning is due again before the new end', () => {
    expect(warningState(iso(END + 5 * DAY + 1), BASE, 5, null)).toMatchObject({ warned: false, wakeAt: iso(END + 1) });
    expect(warningState(iso(END + DAY), BASE, 0, null)).toMatchObject({ warned: false, wakeAt: iso(END + DAY) });
  });
});

describe('case.execution-period (job)', () => {
  const job = jobsOf('enforcement-case');
  const ctx = createWorkerContext({ now: () => new Date(T0 + 20 * DAY) });
  it('applies the event, recomputes and resets clockEvent; the same job twice gives the same result', async () => {
    const variables = {
      executionPeriodEnd: BASE,
      excludedPeriods: [period('x', '公告', 0, null)],
      clockEvent: { type: 'suspended', at: at(5), suspension: { kind: '中止', reason: '破产' } },
    };
    const first = completed(await runHandler(worker, job(worker, variables, '9'), ctx));
    const again = completed(await runHandler(worker, job(worker, variables, '9'), ctx));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ executionPeriodStopped: true, executionPeriodResumesAt: null, auctionNotice: 'auction.suspended', clockEvent: null, executionPeriodExcludedDays: 20 });
    expect(first.excludedPeriods).toHaveLength(2);
    expect(moved(first.executionPeriodEffectiveEnd)).toBe(20);
    expect(Date.parse(first.executionPeriodWarningAt)).toBe(Date.parse(first.executionPeriodEffectiveEnd) - 5 * DAY);
  });

  it('counts from the extended end when there is one', async () => {
    const out = completed(await runHandler(worker, job(worker, { executionPeriodEnd: BASE, executionPeriodExtendedEnd: '2026-12-02T01:00:00Z', extensionRequestDays: 3 }), ctx));
    expect(out.executionPeriodEffectiveEnd).toBe('2026-12-02T01:00:00.000Z');
    expect(out.executionPeriodWarningAt).toBe('2026-11-29T01:00:00.000Z');
  });

  it('reports the standing warning from executionPeriodWarnedEnd', async () => {
    const warnedEnd = '2026-09-02T01:00:00.000Z';
    const stillWarned = completed(await runHandler(worker, job(worker, { executionPeriodEnd: BASE, executionPeriodWarnedEnd: warnedEnd, excludedPeriods: [period('x', '评估', 0, 3)] }), ctx));
    expect(stillWarned).toMatchObject({ executionPeriodWarned: true, executionPeriodWakeAt: stillWarned.executionPeriodEffectiveEnd });
    expect(moved(stillWarned.executionPeriodEffectiveEnd)).toBe(3);
    const again = completed(await runHandler(worker, job(worker, { executionPeriodEnd: BASE, executionPeriodWarnedEnd: warnedEnd, excludedPeriods: [period('x', '公告', 0, 12)] }), ctx));
    expect(again).toMatchObject({ executionPeriodWarned: false, executionPeriodWakeAt: again.executionPeriodWarningAt });
    const bad = await runHandler(worker, job(worker, { executionPeriodEnd: BASE, executionPeriodWarnedEnd: 'last week' }), ctx);
    expect(bad).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 executionPeriodWarnedEnd 应为 ISO 日期时间') });
  });

  it('fails naming the variable', async () => {
    const missing = await runHandler(worker, job(worker, {}), ctx);
    expect(missing).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 executionPeriodEnd') });
    const bad = await runHandler(worker, job(worker, { executionPeriodEnd: BASE, excludedPeriods: [{ kind: '公告', from: 'soon' }] }), ctx);
    expect(bad).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 excludedPeriods[0].from 应为 ISO 日期时间') });
  });
});

describe('case.publish-message with only some variables and a time to live', () => {
  it('forwards the named variables with the given time to live', async () => {
    const published: any[] = [];
    const ctx = createWorkerContext({ messages: { publish: async (m: unknown) => void published.push(m) } as never });
    const j = { ...jobsOf('enforcement-case')(publishWorker, { caseNumber: '（2026）豫1330执1号', exclusion: { id: 'a' }, other: 1 }), customHeaders: { messageName: 'enforcement-case.period-excluded', variables: 'exclusion', timeToLive: 'P30D' } };
    completed(await runHandler(publishWorker, j, ctx));
    expect(published).toEqual([expect.objectContaining({ name: 'enforcement-case.period-excluded', correlationKey: '（2026）豫1330执1号', variables: { exclusion: { id: 'a' } }, timeToLiveMs: 30 * DAY })]);
    const badTtl = await runHandler(publishWorker, { ...j, customHeaders: { ...j.customHeaders, timeToLive: 'thirty days' } }, ctx);
    expect(badTtl).toMatchObject({ kind: 'fail', message: expect.stringContaining('的任务头 timeToLive 应为 ISO 时长（如 P30D），实际为 "thirty days"') });
  });
});

describe('case.execution-period counts on the engine’s clock', () => {
  it('uses clockNow (the engine’s now) rather than the worker machine’s clock', async () => {
    const ctx = createWorkerContext({ now: () => new Date(T0 + 300 * DAY) });
    const out = completed(await runHandler(worker, jobsOf('enforcement-case')(worker, { executionPeriodEnd: BASE, excludedPeriods: [period('a', '暂缓', 0, null, 20)], clockNow: at(5) }), ctx));
    expect(out).toMatchObject({ executionPeriodStopped: true, executionPeriodResumesAt: at(20), executionPeriodExcludedDays: 5 });
    expect(out.excludedPeriods[0].to).toBeNull();
  });
});
