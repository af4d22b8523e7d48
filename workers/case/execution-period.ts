/**
 * The six-month 执行期限 clock (D06 1; T00 5) with its excluded periods (不计入执行期限的期间,
 * T00 9; EPI 13): 公告、评估、审计、鉴定、中止、暂缓、拍卖/变卖、管辖权异议.
 *
 * One rule, pure (no engine, no clock of its own):
 *   effective end = base end + the length of the UNION of the excluded periods,
 * where the base end is `executionPeriodEnd` (立案 + 6 months) plus the approved extensions, and
 * each period counts from `from` to `to`; an open period (`to` null) counts up to now, or up to
 * its scheduled `until` once that has passed. Overlapping periods (a 中止 during a 公告 or during
 * the auction) therefore count once.
 *
 * The clock is `stopped` while some period is open now; `resumesAt` is the earliest future
 * `until` of the open periods (when the state may change by itself).
 *
 * `applyEvent` folds one message of the 期限监控 into the list of periods: a 中止/暂缓 opens a
 * period, a 恢复执行 closes the open 中止/暂缓 ones, an exclusion adds (or, by the same id,
 * replaces) a period, and the end of an exclusion closes it (an unknown id changes nothing).
 *
 * `warningState` says what the running clock's loop waits for next: the 届满前预警 (the effective end
 * less the lead, `extensionRequestDays`) or, once the warning for this end has been given and the
 * extension was not requested or not approved, the end itself (then the 超期预警). See there for the
 * rule of `executionPeriodWarnedEnd`.
 */

import { shown } from '../core/failure-text.js';

export const SUSPENSION_KINDS = ['中止', '暂缓'] as const;
export const EXCLUSION_KINDS = ['公告', '审计', '评估', '鉴定', '管辖权异议', '拍卖', '其他'] as const;

export interface ExcludedPeriod {
  id: string;
  kind: string;
  /** ISO date-time the period began */
  from: string;
  /** ISO date-time it ended; null while open */
  to: string | null;
  /** the scheduled end of an open period (a 暂缓 with a term, a 公告 of a known length) */
  until?: string | null;
  reason?: string | null;
  basis?: string | null;
}

export interface ClockState {
  /** base end + the union of the excluded periods (ISO) */
  effectiveEnd: string;
  /** some period is open now */
  stopped: boolean;
  /** the earliest future `until` of the open periods, or null */
  resumesAt: string | null;
  /** the earliest `from` still in the future (a period recorded ahead of time), or null */
  startsAt: string | null;
  /** the union's length in milliseconds */
  excludedMs: number;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?(@.*)?$/;

/**
 * An instant from an ISO date-time (a FEEL `string(now())` too). A date-time without a zone, or
 * `YYYY-MM-DD HH:mm` as the server writes for people, is Beijing time; a bare date is midnight
 * in Beijing. Throws naming `where` when it is not a date-time.
 */
export function parseInstant(value: unknown, where: string): number {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where} 应为 ISO 日期时间，实际为 ${shown(value)}`);
  let text = value.trim().replace(/@.*$/, '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00';
  if (!DATE_TIME.test(text)) throw new Error(`${where} 应为 ISO 日期时间，实际为 ${shown(value)}`);
  text = text.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += '+08:00';
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${where} 不是有效的日期时间：${shown(value)}`);
  return ms;
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY_MS = 86_400_000;

/** checks the list's shape; errors name the entry and field (`excludedPeriods[2].from`) */
export function validatePeriods(value: unknown, name = 'excludedPeriods'): ExcludedPeriod[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`流程变量 ${name} 应为不计入期间的列表，实际为 ${typeof value} 类型的值`);
  return value.map((p, i) => {
    const at = `${name}[${i}]`;
    if (!p || typeof p !== 'object') throw new Error(`流程变量 ${at} 应为对象，实际为 ${shown(p)}`);
    const period = p as Record<string, unknown>;
    if (typeof period.kind !== 'string' || !period.kind) throw new Error(`缺少流程变量 ${at}.kind（期间种类）`);
    const from = parseInstant(period.from, `流程变量 ${at}.from`);
    if (period.to !== null && period.to !== undefined) {
      const to = parseInstant(period.to, `流程变量 ${at}.to`);
      if (to < from) throw new Error(`流程变量 ${at}.to（${period.to}）早于其 from（${period.from}）`);
    }
    if (period.until !== null && period.until !== undefined) parseInstant(period.until, `流程变量 ${at}.until`);
    // periods recorded before ids existed get one from their position
    const id = typeof period.id === 'string' && period.id ? period.id : `${period.kind}:${i}`;
    return { ...(period as unknown as ExcludedPeriod), id, to: (period.to as string | null | undefined) ?? null };
  });
}

/** [start, end) of the part of a period that has elapsed by `now` (empty when it has not begun) */
function elapsed(p: ExcludedPeriod, now: number): [number, number] | null {
  const from = parseInstant(p.from, `不计入期间 ${p.id} 的 from`);
  let end = now;
  if (p.to) end = Math.min(parseInstant(p.to, `不计入期间 ${p.id} 的 to`), now);
  else if (p.until) end = Math.min(parseInstant(p.until, `不计入期间 ${p.id} 的 until`), now);
  return end > from ? [from, end] : null;
}

/** the total length of the union of intervals */
export function unionLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const [s, e] of sorted) {
    if (!current || s > current[1]) {
      if (current) total += current[1] - current[0];
      current = [s, e];
    } else if (e > current[1]) current[1] = e;
  }
  if (current) total += current[1] - current[0];
  return total;
}

/** is the period open at `now` (begun, not closed, its scheduled end not reached) */
export function isOpen(p: ExcludedPeriod, now: number): boolean {
  if (p.to) return false;
  if (parseInstant(p.from, `不计入期间 ${p.id} 的 from`) > now) return false;
  return !p.until || parseInstant(p.until, `不计入期间 ${p.id} 的 until`) > now;
}

export function computeClock(baseEnd: string, periods: ExcludedPeriod[], now: Date | number): ClockState {
  const t = typeof now === 'number' ? now : now.getTime();
  const base = parseInstant(baseEnd, '执行期限的基础届满日');
  const intervals = periods.map((p) => elapsed(p, t)).filter((x): x is [number, number] => x !== null);
  const excludedMs = unionLength(intervals);
  const open = periods.filter((p) => isOpen(p, t));
  const untils = open.filter((p) => p.until).map((p) => parseInstant(p.until, `不计入期间 ${p.id} 的 until`));
  const starts = periods.filter((p) => !p.to && parseInstant(p.from, `不计入期间 ${p.id} 的 from`) > t).map((p) => parseInstant(p.from, `不计入期间 ${p.id} 的 from`));
  return {
    effectiveEnd: iso(base + excludedMs),
    stopped: open.length > 0,
    resumesAt: untils.length ? iso(Math.min(...untils)) : null,
    startsAt: starts.length ? iso(Math.min(...starts)) : null,
    excludedMs,
  };
}

/** one message caught by the 期限监控, as its catch event maps it (`clockEvent`) */
export type ClockEvent =
  | { type: 'suspended'; at: string; suspension: { kind?: unknown; reason?: unknown; basis?: unknown; until?: unknown } }
  | { type: 'resumed'; at: string; resumption?: { reason?: unknown; at?: unknown; by?: unknown } | null }
  | { type: 'excluded'; at: string; exclusion: { id?: unknown; kind?: unknown; reason?: unknown; basis?: unknown; from?: unknown; to?: unknown } }
  | { type: 'exclusion-ended'; at: string; exclusion: { id?: unknown; to?: unknown } };

export interface Applied {
  periods: ExcludedPeriod[];
  /** what the case's auctions must be told (NA 28), if anything */
  auctionNotice: 'auction.suspended' | 'auction.resumed' | null;
  /** a short account of what changed, for the log and the tests */
  change: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Applies one event. `eventId` makes the id of a period opened by a 中止/暂缓 (the element
 * instance that applied it: the same on a redelivered job, so applying twice is one period).
 */
export function applyEvent(periods: ExcludedPeriod[], event: ClockEvent, eventId: string): Applied {
  if (!event || typeof event !== 'object') throw new Error(`流程变量 clockEvent 应为对象，实际为 ${shown(event)}`);
  const at = parseInstant(event.at, '流程变量 clockEvent.at');
  switch (event.type) {
    case 'suspended': {
      const s = event.suspension;
      if (!s || typeof s !== 'object') throw new Error('缺少流程变量 suspension（消息 enforcement-case.suspended 应带有）');
      if (!SUSPENSION_KINDS.includes(s.kind as never)) throw new Error(`流程变量 suspension.kind 应为 中止 或 暂缓，实际为 ${shown(s.kind)}`);
      const until = s.until === undefined || s.until === null || s.until === '' ? null : iso(parseInstant(s.until, '流程变量 suspension.until'));
      if (until && s.kind !== '暂缓') throw new Error('流程变量 suspension.until 只适用于暂缓（中止持续到恢复执行为止）');
      const id = `suspension:${eventId}`;
      const period: ExcludedPeriod = { id, kind: s.kind as string, from: iso(at), to: null, until, reason: text(s.reason), basis: text(s.basis) };
      return { periods: upsert(periods, period), auctionNotice: 'auction.suspended', change: `${s.kind} opened` };
    }
    case 'resumed': {
      const closing = periods.filter((p) => SUSPENSION_KINDS.includes(p.kind as never) && isOpen(p, at));
      if (closing.length === 0) return { periods, auctionNotice: null, change: 'nothing to resume' };
      const reason = text(event.resumption?.reason);
      const next = periods.map((p) => (closing.includes(p) ? { ...p, to: iso(at), ...(reason ? { resumedReason: reason } : {}) } : p));
      return { periods: next, auctionNotice: 'auction.resumed', change: `${closing.map((p) => p.kind).join('、')} closed` };
    }
    case 'excluded': {
      const x = event.exclusion;
      if (!x || typeof x !== 'object') throw new Error('缺少流程变量 exclusion（消息 enforcement-case.period-excluded 应带有）');
      const id = text(x.id);
      if (!id) throw new Error('缺少流程变量 exclusion.id（不计入期间的编号）');
      if (!EXCLUSION_KINDS.includes(x.kind as never)) throw new Error(`流程变量 exclusion.kind 应为 ${EXCLUSION_KINDS.join('、')} 之一，实际为 ${shown(x.kind)}`);
      const from = parseInstant(x.from, '流程变量 exclusion.from');
      let to: string | null = null;
      let until: string | null = null;
      if (x.to !== undefined && x.to !== null && x.to !== '') {
        const end = parseInstant(x.to, '流程变量 exclusion.to');
        if (end < from) throw new Error(`流程变量 exclusion.to（${x.to}）早于 exclusion.from（${x.from}）`);
        if (end <= at) to = iso(end);
        else until = iso(end); // a scheduled end: the period stays open until then
      }
      const period: ExcludedPeriod = { id, kind: x.kind as string, from: iso(from), to, until, reason: text(x.reason), basis: text(x.basis) };
      const replaced = periods.some((p) => p.id === id);
      return { periods: upsert(periods, period), auctionNotice: null, change: `${x.kind} ${replaced ? 'replaced' : 'added'}` };
    }
    case 'exclusion-ended': {
      const x = event.exclusion;
      if (!x || typeof x !== 'object') throw new Error('缺少流程变量 exclusion（消息 enforcement-case.period-exclusion-ended 应带有）');
      const id = text(x.id);
      if (!id) throw new Error('缺少流程变量 exclusion.id（不计入期间的编号）');
      const to = x.to === undefined || x.to === null || x.to === '' ? at : parseInstant(x.to, '流程变量 exclusion.to');
      const index = periods.findIndex((p) => p.id === id);
      if (index < 0) return { periods, auctionNotice: null, change: `unknown period ${id}: nothing changed` };
      const period = periods[index]!;
      const from = parseInstant(period.from, `不计入期间 ${id} 的 from`);
      const next = [...periods];
      next[index] = { ...period, to: iso(Math.max(from, to)), until: null };
      return { periods: next, auctionNotice: null, change: `${period.kind} closed` };
    }
    default:
      throw new Error(`流程变量 clockEvent.type 应为 suspended、resumed、excluded、exclusion-ended 之一，实际为 ${shown((event as { type?: unknown }).type)}`);
  }
}

function upsert(periods: ExcludedPeriod[], period: ExcludedPeriod): ExcludedPeriod[] {
  const index = periods.findIndex((p) => p.id === period.id);
  if (index < 0) return [...periods, period];
  const next = [...periods];
  next[index] = period;
  return next;
}

/** open periods whose scheduled `until` has passed are closed at `until` (a 暂缓 term ran out) */
export function settle(periods: ExcludedPeriod[], now: Date | number): ExcludedPeriod[] {
  const t = typeof now === 'number' ? now : now.getTime();
  return periods.map((p) => (!p.to && p.until && parseInstant(p.until, `不计入期间 ${p.id} 的 until`) <= t ? { ...p, to: p.until } : p));
}

export interface WarningState {
  /** the warning for the current end has been given: the loop waits for the end itself */
  warned: boolean;
  /** the effective end less the lead (ISO) */
  warningAt: string;
  /** when the running clock's loop must look again (ISO): the warning time, or the end once warned,
   * or an earlier start of a period recorded ahead of time */
  wakeAt: string;
}

/**
 * The warning rule. `warnedEnd` is `executionPeriodWarnedEnd`: the effective end the last 届满前预警
 * was given for, recorded when the extension was then not requested or not approved (null when no
 * warning is standing). The warning for the current end counts as given while
 *   effectiveEnd − warnedEnd ≤ leadDays
 * i.e. the excluded periods recorded since have moved the end later by at most the warning lead
 * (or not at all, or earlier): the loop then waits for the end itself and raises the 超期预警
 * there. When they move it later by more than the lead, a new warning is due at the new end less
 * the lead (after the old end) and the extension may be requested again (D06 1; T00 5, 9; EPI 13).
 * An approved extension adds months to the base end, so the warning is due again before the
 * extended end as before.
 */
export function warningState(effectiveEnd: string, warnedEnd: string | null, leadDays: number, startsAt: string | null): WarningState {
  const end = parseInstant(effectiveEnd, '执行期限的实际届满日');
  const warned = warnedEnd !== null && end - parseInstant(warnedEnd, '流程变量 executionPeriodWarnedEnd') <= leadDays * DAY_MS;
  const warningAt = end - leadDays * DAY_MS;
  const due = warned ? end : warningAt;
  const wakeAt = startsAt ? Math.min(due, parseInstant(startsAt, '预先登记的不计入期间的开始时间')) : due;
  return { warned, warningAt: iso(warningAt), wakeAt: iso(wakeAt) };
}
