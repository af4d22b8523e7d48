/**
 * 执行案件's 期限监控 with the excluded periods of T00 9 / EPI 13 (公告、评估、审计、鉴定、中止、暂缓、
 * 管辖权异议): the messages `enforcement-case.period-excluded` / `.period-exclusion-ended` /
 * `.suspended` / `.resumed` on the real engine with the real workers and the controlled clock.
 * The auction's own period is tested in enforcement-case.test.ts (it needs the auction's path).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ProcessHarness } from '../support/process-harness.js';

describe('enforcement-case: excluded periods (不计入执行期限的期间)', { timeout: 120_000 }, () => {
  let h: ProcessHarness;
  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: '2026-03-02T09:00:00+08:00' });
    h.addHolidayFixtures(2027);
  }, 180_000);
  afterAll(() => h?.close());

  let seq = 0;
  /** a case that stays in 传统查控 (nothing found by 网络查控), its watch loop running */
  const openCase = async () => {
    seq += 1;
    const caseNumber = `（2026）豫1330执${800 + seq}号`;
    const pi = await h.createInstance('enforcement-case', {
      caseId: `ep-${seq}`,
      caseNumber,
      caseType: '执',
      courtCode: '豫1330',
      applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230', phone: '13800000000', address: '桐柏县城关镇' },
      respondents: [{ name: '李四', kind: 'person', idNumber: `41133019850505${String(seq).padStart(3, '0')}1`, phone: '', address: '' }],
      claimAmount: 70000,
      basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
      filedAt: new Date(h.now()).toISOString(),
      complexity: 'complex',
      amountRecovered: 0,
      assetControlPeriod: 'P1Y',
    });
    await h.completeTask(pi, 'reception', { preservation: 'none', riskNotified: true });
    await h.completeTask(pi, 'filingReview', { filingDecision: 'accept' });
    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'zhaofg' });
    await h.waitForTask(pi, 'traditionalSearch');
    await h.waitForActive(pi, 'periodWatchGateway');
    const { executionPeriodEnd } = await h.variables(pi);
    return { pi, caseNumber, end: Date.parse(executionPeriodEnd as string) };
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const exclude = (caseNumber: string, exclusion: Record<string, unknown>) =>
    h.publishMessage('enforcement-case.period-excluded', caseNumber, { exclusion: { reason: '公告送达', ...exclusion } }, 30 * DAY);
  const endExclusion = (caseNumber: string, id: string, to: number) => h.publishMessage('enforcement-case.period-exclusion-ended', caseNumber, { exclusion: { id, to: iso(to) } }, 30 * DAY);
  /** the loop has applied the messages and waits again in `state` */
  const settled = async (pi: string, state: 'periodWatchGateway' | 'clockStoppedGateway' | 'postponementGateway', check: (v: Record<string, any>) => boolean = () => true) =>
    h.until(`the watch in ${state}`, 20_000, async () => {
      if (!(await h.active(pi)).includes(state)) return undefined;
      const v = await h.variables(pi);
      return v.clockEvent == null && check(v) ? v : undefined;
    });
  const movedDays = (v: Record<string, any>, end: number) => (Date.parse(v.executionPeriodEffectiveEnd) - end) / DAY;

  it('a 公告 opened then ended moves the end by its length; while open the clock stands still', async () => {
    const { pi, caseNumber, end } = await openCase();
    const id = randomUUID();
    const from = h.now();
    await exclude(caseNumber, { id, kind: '公告', from: iso(from), basis: '（2026）豫1330执公告1号' });
    let v = await settled(pi, 'clockStoppedGateway', (x) => x.executionPeriodStopped === true);
    expect(v.excludedPeriods).toEqual([expect.objectContaining({ id, kind: '公告', to: null, basis: '（2026）豫1330执公告1号' })]);
    await h.advanceClock(15 * DAY);
    await endExclusion(caseNumber, id, h.now());
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    expect(movedDays(v, end)).toBe(15);
    expect(Date.parse(v.excludedPeriods[0].to) - Date.parse(v.excludedPeriods[0].from)).toBe(15 * DAY);
    await h.cancel(pi);
  });

  it('a closed period recorded afterwards (评估, in the past) moves the end at once; the clock keeps running', async () => {
    const { pi, caseNumber, end } = await openCase();
    await h.advanceClock(20 * DAY);
    await exclude(caseNumber, { id: randomUUID(), kind: '评估', reason: '房产评估', from: iso(h.now() - 12 * DAY), to: iso(h.now() - 4 * DAY) });
    const v = await settled(pi, 'periodWatchGateway', (x) => x.excludedPeriods?.length === 1);
    expect(v.executionPeriodStopped).toBe(false);
    expect(movedDays(v, end)).toBe(8);
    await h.cancel(pi);
  });

  it('a 中止 inside a 公告 counts once; the old warning time passes without a warning while the clock is stopped', async () => {
    const { pi, caseNumber, end } = await openCase();
    const id = randomUUID();
    await exclude(caseNumber, { id, kind: '公告', from: iso(h.now()) });
    await settled(pi, 'clockStoppedGateway');
    await h.advanceClock(5 * DAY);
    await h.publishMessage('enforcement-case.suspended', caseNumber, { suspension: { kind: '中止', reason: '被执行人破产申请已受理' } });
    await settled(pi, 'clockStoppedGateway', (x) => x.excludedPeriods?.length === 2);
    // past the unmoved warning time (5 days before the statutory end): no 预警, no extension asked
    await h.advanceTo(end - 5 * DAY + 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    expect(await h.active(pi)).toContain('clockStoppedGateway');
    await h.publishMessage('enforcement-case.resumed', caseNumber, { resumption: { reason: '破产申请被驳回', at: iso(h.now()), by: 'zhaofg' } });
    let v = await settled(pi, 'clockStoppedGateway', (x) => x.excludedPeriods?.[1]?.to != null);
    expect(v.executionPeriodStopped).toBe(true); // the 公告 is still open
    await h.advanceClock(5 * DAY);
    await endExclusion(caseNumber, id, h.now());
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    const publicNotice = v.excludedPeriods[0];
    const days = (Date.parse(publicNotice.to) - Date.parse(publicNotice.from)) / DAY;
    expect(movedDays(v, end)).toBe(days); // the 中止 lay inside the 公告: not added again
    // the warning comes 5 days before the moved end
    await h.advanceTo(Date.parse(v.executionPeriodEffectiveEnd) - 5 * DAY + 1000);
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(Date.parse(request.dueDate!)).toBe(Date.parse(v.executionPeriodEffectiveEnd));
    await h.cancel(pi);
  });

  it('a 暂缓 with a term stops the clock and resumes it by itself at until', async () => {
    const { pi, caseNumber, end } = await openCase();
    const until = h.now() + 10 * DAY;
    await h.publishMessage('enforcement-case.suspended', caseNumber, { suspension: { kind: '暂缓', reason: '案外人提供担保', until: iso(until) } });
    let v = await settled(pi, 'postponementGateway');
    expect(v).toMatchObject({ executionPeriodStopped: true, executionPeriodResumesAt: iso(until) });
    await h.advanceTo(until);
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    expect(v.excludedPeriods[0]).toMatchObject({ kind: '暂缓', to: iso(until) });
    expect(movedDays(v, end)).toBe(10);
    expect(await h.visited(pi)).toContain('postponementExpired');
    await h.cancel(pi);
  });

  it('the same id published twice is one period (the later replaces it); an unknown id ended changes nothing', async () => {
    const { pi, caseNumber, end } = await openCase();
    const id = randomUUID();
    await exclude(caseNumber, { id, kind: '鉴定', from: iso(h.now() - 3 * DAY), to: iso(h.now() - 1 * DAY) });
    await settled(pi, 'periodWatchGateway', (x) => x.excludedPeriods?.length === 1);
    await exclude(caseNumber, { id, kind: '鉴定', from: iso(h.now() - 6 * DAY), to: iso(h.now() - 1 * DAY) });
    let v = await settled(pi, 'periodWatchGateway', (x) => movedDays(x, end) === 5);
    expect(v.excludedPeriods).toHaveLength(1);
    await endExclusion(caseNumber, randomUUID(), h.now());
    await h.until('the unknown end consumed', 20_000, async () => (await h.visited(pi)).filter((e) => e === 'updateExecutionPeriod').length >= 4);
    v = await settled(pi, 'periodWatchGateway');
    expect(v.excludedPeriods).toHaveLength(1);
    expect(movedDays(v, end)).toBe(5);
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });

  it('every message in every state of the loop: during a termed 暂缓, while stopped, a resumption with nothing open, and a period recorded ahead of time', async () => {
    const { pi, caseNumber, end } = await openCase();
    const t0 = h.now();
    // 暂缓 with a term: the loop waits in postponementGateway, where each message is caught too
    await h.publishMessage('enforcement-case.suspended', caseNumber, { suspension: { kind: '暂缓', reason: '担保', until: iso(t0 + 30 * DAY) } });
    await settled(pi, 'postponementGateway');
    const notice = randomUUID();
    await exclude(caseNumber, { id: notice, kind: '公告', from: iso(t0 + DAY) });
    await settled(pi, 'postponementGateway', (x) => x.excludedPeriods?.length === 2);
    await h.publishMessage('enforcement-case.suspended', caseNumber, { suspension: { kind: '中止', reason: '破产' } });
    await settled(pi, 'postponementGateway', (x) => x.excludedPeriods?.length === 3);
    await h.advanceClock(2 * DAY);
    await endExclusion(caseNumber, notice, h.now());
    await settled(pi, 'postponementGateway', (x) => x.excludedPeriods?.[1]?.to != null);
    // 恢复执行 ends the termed 暂缓 early and the 中止
    await h.publishMessage('enforcement-case.resumed', caseNumber, { resumption: { reason: '恢复', at: iso(h.now()), by: 'zhaofg' } });
    let v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    expect(v.excludedPeriods.every((p: { to: unknown }) => p.to != null)).toBe(true);
    expect(movedDays(v, end)).toBe(2);
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['postponementResumed', 'notifyAuctionsResumed']));
    // a resumption with nothing open changes nothing
    await h.publishMessage('enforcement-case.resumed', caseNumber, {});
    await h.until('the resumption consumed', 20_000, async () => (await h.visited(pi)).includes('resumptionReceived'));
    v = await settled(pi, 'periodWatchGateway');
    expect(movedDays(v, end)).toBe(2);
    // a 鉴定 recorded to begin in 3 days: the loop wakes then (before the warning time) and stops the clock
    const later = randomUUID();
    await exclude(caseNumber, { id: later, kind: '鉴定', from: iso(h.now() + 3 * DAY) });
    v = await settled(pi, 'periodWatchGateway', (x) => x.excludedPeriods?.length === 4);
    expect(v.executionPeriodWakeAt).toBe(iso(h.now() + 3 * DAY));
    await h.advanceClock(3 * DAY);
    await settled(pi, 'clockStoppedGateway', (x) => x.executionPeriodStopped === true);
    expect(await h.visited(pi)).toContain('periodChanged');
    // while stopped, another period is recorded and replaced
    const audit = randomUUID();
    await exclude(caseNumber, { id: audit, kind: '审计', from: iso(h.now()) });
    await settled(pi, 'clockStoppedGateway', (x) => x.excludedPeriods?.length === 5);
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });
});
