/**
 * 执行案件's 期限监控 after the 届满前预警 when the extension is not requested or not approved: the
 * loop goes back to its watch with the end it warned about (`executionPeriodWarnedEnd`), so a
 * 中止, 暂缓 or 公告 recorded in the last days still stops the clock and moves the end, and the
 * 超期预警 to 院领导 fires at the moved end, not at the old one (T00 9; EPI 13). An end moved by more
 * than the warning lead (extensionRequestDays, 5 days) brings a new warning and extension request.
 * On the real engine with the real workers and the controlled clock.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, ProcessHarness } from '../support/process-harness.js';

describe('enforcement-case: the watch after a warning without extension (已预警未延长)', { timeout: 120_000 }, () => {
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
    const caseNumber = `（2026）豫1330执${900 + seq}号`;
    const pi = await h.createInstance('enforcement-case', {
      caseId: `we-${seq}`,
      caseNumber,
      caseType: '执',
      courtCode: '豫1330',
      applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230', phone: '13800000000', address: '桐柏县城关镇' },
      respondents: [{ name: '李四', kind: 'person', idNumber: `41133019850606${String(seq).padStart(3, '0')}1`, phone: '', address: '' }],
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
  const TTL = 30 * DAY; // as the server publishes them
  const suspend = (caseNumber: string) =>
    h.publishMessage('enforcement-case.suspended', caseNumber, { suspension: { kind: '中止', reason: '被执行人破产申请已受理', basis: 'CPL 267' } }, TTL);
  const resume = (caseNumber: string) =>
    h.publishMessage('enforcement-case.resumed', caseNumber, { resumption: { reason: '破产申请被驳回', at: iso(h.now()), by: 'zhaofg' } }, TTL);
  /** the loop has applied the messages and waits again in `state` */
  const settled = async (pi: string, state: 'periodWatchGateway' | 'clockStoppedGateway', check: (v: Record<string, any>) => boolean = () => true) =>
    h.until(`the watch in ${state}`, 20_000, async () => {
      if (!(await h.active(pi)).includes(state)) return undefined;
      const v = await h.variables(pi);
      return v.clockEvent == null && check(v) ? v : undefined;
    });
  const count = async (pi: string, elementId: string) => (await h.visited(pi)).filter((e) => e === elementId).length;
  /** the 届满前预警 for `end`: the request task is due at `end` */
  const warningFor = async (pi: string, end: number) => {
    await h.advanceTo(end - 5 * DAY + 1000);
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(Date.parse(request.dueDate!)).toBe(end);
    return request;
  };
  /** nothing overdue at `at` (a minute past it), and the loop still in `state` */
  const quietAt = async (pi: string, at: number, state: string) => {
    await h.advanceTo(at + 60_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(await h.visited(pi)).not.toContain('periodOverdue');
    expect(await h.active(pi)).toContain(state);
  };
  /** the 超期预警 to 院领导 comes at `end` and not a minute before */
  const overdueAt = async (pi: string, end: number) => {
    await h.advanceTo(end - 2 * 60_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(await h.visited(pi)).not.toContain('periodOverdue');
    await h.advanceTo(end + 1000);
    await h.until('the period overdue warning', 20_000, async () => (await h.visited(pi)).includes('periodOverdueWarned'));
    const v = await h.variables(pi);
    expect(v.lastAlert).toMatchObject({ stage: '执行期限届满', notify: '院领导' });
    return v;
  };

  it('refused: a 中止 in the last days stops the clock, the old end passes quietly, and after 恢复执行 the 超期预警 comes at the moved end', async () => {
    const { pi, caseNumber, end } = await openCase();
    await warningFor(pi, end);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'yes', extensionReason: '拍卖准备中' });
    await h.completeTask(pi, 'approveExtension', { extensionApproved: 'rejected', approvalComment: '理由不充分' });
    // back in the watch, warned about this end: the loop waits for the end itself
    let v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodWarned === true);
    expect(v).toMatchObject({ executionPeriodWarnedEnd: iso(end), executionPeriodEffectiveEnd: iso(end), executionPeriodWakeAt: iso(end) });

    // 中止 three days before the end
    await h.advanceTo(end - 3 * DAY);
    await suspend(caseNumber);
    v = await settled(pi, 'clockStoppedGateway', (x) => x.executionPeriodStopped === true);
    expect(v.excludedPeriods).toEqual([expect.objectContaining({ kind: '中止', to: null })]);
    await quietAt(pi, end, 'clockStoppedGateway');

    // 恢复执行 a day after the old end: four days excluded, within the warning lead — no new warning
    await h.advanceTo(end + DAY);
    await resume(caseNumber);
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    const moved = end + 4 * DAY;
    expect(v).toMatchObject({ executionPeriodEffectiveEnd: iso(moved), executionPeriodWarned: true, executionPeriodWakeAt: iso(moved) });
    v = await overdueAt(pi, moved);
    expect(v.executionPeriodEffectiveEnd).toBe(iso(moved));
    expect(await count(pi, 'periodWarning')).toBe(1);
    expect(await count(pi, 'requestExtension')).toBe(1);
    expect(await h.visited(pi)).not.toContain('extendPeriod');
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });

  it('not requested: a period published while the request was open is applied on return, a later 中止 stops the clock, the 超期预警 comes at the moved end', async () => {
    const { pi, caseNumber, end } = await openCase();
    await warningFor(pi, end);
    // a 评估 recorded afterwards while the officer decides: buffered, applied when the loop returns
    const appraisal = randomUUID();
    await h.publishMessage('enforcement-case.period-excluded', caseNumber, { exclusion: { id: appraisal, kind: '评估', reason: '房产评估', from: iso(end - 40 * DAY), to: iso(end - 38 * DAY) } }, TTL);
    await new Promise((r) => setTimeout(r, 300));
    let v = await h.variables(pi);
    expect(v.excludedPeriods ?? []).toEqual([]); // not applied while the request is open
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'no' });
    v = await settled(pi, 'periodWatchGateway', (x) => x.excludedPeriods?.length === 1);
    expect(v).toMatchObject({ executionPeriodWarnedEnd: iso(end), executionPeriodEffectiveEnd: iso(end + 2 * DAY), executionPeriodWarned: true, executionPeriodWakeAt: iso(end + 2 * DAY) });
    expect(await h.visited(pi)).not.toContain('approveExtension');

    // 中止 the day before the old end, lifted two days later: the end moves two more days
    await h.advanceTo(end - DAY);
    await suspend(caseNumber);
    await settled(pi, 'clockStoppedGateway', (x) => x.executionPeriodStopped === true);
    await quietAt(pi, end, 'clockStoppedGateway');
    await h.advanceTo(end + DAY);
    await resume(caseNumber);
    const moved = end + 4 * DAY;
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodStopped === false);
    expect(v).toMatchObject({ executionPeriodEffectiveEnd: iso(moved), executionPeriodWarned: true });
    await overdueAt(pi, moved);
    expect(await count(pi, 'requestExtension')).toBe(1);
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });

  it('a 公告 recorded after a refused extension moves the end by more than the lead: no 超期预警 at the old end, a second warning and extension request before the new end, then an approved extension counts from the extended end', async () => {
    const { pi, caseNumber, end } = await openCase();
    await warningFor(pi, end);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'yes', extensionReason: '拍卖准备中' });
    await h.completeTask(pi, 'approveExtension', { extensionApproved: 'rejected' });
    await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodWarned === true);

    // three days before the end, a 公告 of twenty days (an earlier one, recorded afterwards)
    await h.advanceTo(end - 3 * DAY);
    await h.publishMessage('enforcement-case.period-excluded', caseNumber, { exclusion: { id: randomUUID(), kind: '公告', reason: '公告送达', from: iso(end - 60 * DAY), to: iso(end - 40 * DAY) } }, TTL);
    const moved = end + 20 * DAY;
    // moved 20 days > 5: the warning for the old end no longer stands; the next one is due at the new end less 5 days
    let v = await settled(pi, 'periodWatchGateway', (x) => x.excludedPeriods?.length === 1);
    expect(v).toMatchObject({ executionPeriodEffectiveEnd: iso(moved), executionPeriodWarned: false, executionPeriodWarningAt: iso(moved - 5 * DAY), executionPeriodWakeAt: iso(moved - 5 * DAY) });
    await quietAt(pi, end, 'periodWatchGateway');
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);

    // the second warning, 5 days before the moved end; this time the extension is approved
    await h.advanceTo(moved - 5 * DAY - 2 * 60_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(await h.openTasks(pi, 'requestExtension')).toEqual([]);
    await warningFor(pi, moved);
    expect(await count(pi, 'periodWarning')).toBe(2);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'yes', extensionReason: '公告期间较长' });
    await h.completeTask(pi, 'approveExtension', { extensionApproved: 'approved' });
    v = await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodExtendedEnd != null && x.executionPeriodEffectiveEnd !== iso(moved));
    const extended = new Date(end);
    extended.setUTCMonth(extended.getUTCMonth() + 3);
    expect(Date.parse(v.executionPeriodExtendedEnd)).toBe(extended.getTime());
    expect(v).toMatchObject({ executionPeriodEffectiveEnd: iso(extended.getTime() + 20 * DAY), executionPeriodWarned: false });
    expect(await h.visited(pi)).not.toContain('periodOverdue');
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });

  it('a 公告 open over the old end and closed 20 days later: no 超期预警 at the old end; the new warning time has passed when the clock runs again, so the warning and request come at once', async () => {
    const { pi, caseNumber, end } = await openCase();
    await warningFor(pi, end);
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'no' });
    await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodWarned === true);
    await h.advanceTo(end - 2 * DAY);
    const notice = randomUUID();
    await h.publishMessage('enforcement-case.period-excluded', caseNumber, { exclusion: { id: notice, kind: '公告', reason: '公告送达', from: iso(h.now()) } }, TTL);
    await settled(pi, 'clockStoppedGateway', (x) => x.executionPeriodStopped === true);
    await quietAt(pi, end, 'clockStoppedGateway');
    await h.advanceTo(end + 18 * DAY);
    await h.publishMessage('enforcement-case.period-exclusion-ended', caseNumber, { exclusion: { id: notice, to: iso(h.now()) } }, TTL);
    const moved = end + 20 * DAY;
    const request = await h.waitForTask(pi, 'requestExtension');
    expect(Date.parse(request.dueDate!)).toBe(moved);
    const v = await h.variables(pi);
    expect(v).toMatchObject({ executionPeriodEffectiveEnd: iso(moved), executionPeriodWarned: false });
    expect(await count(pi, 'periodWarning')).toBe(2);
    // not asked again: the 超期预警 at the moved end
    await h.completeTask(pi, 'requestExtension', { extensionRequested: 'no' });
    await settled(pi, 'periodWatchGateway', (x) => x.executionPeriodWarned === true && x.executionPeriodWarnedEnd === iso(moved));
    await overdueAt(pi, moved);
    expect(await h.incidents(pi)).toEqual([]);
    await h.cancel(pi);
  });
});
