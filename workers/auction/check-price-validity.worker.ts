/**
 * auction.check-price-validity — 核对参考价有效期 (RP 27), before every listing.
 *
 * - The validity ends at the earlier of `priceValidUntil` (1 year after the price was fixed, from
 *   the model's deadlines.compute) and the appraisal report's own `appraisalValidUntil` (a date:
 *   valid through that day in Beijing time), when there is one.
 * - The first notice since the price was fixed (`listingNumber` = `pricingBaseline`, both default
 *   0) must be published within the validity.
 * - Later listings (二拍, 变卖, re-auction after 悔拍, a resumed auction) need no new price while
 *   the sale — bidding opens (变卖: the sale period ends) at `listingPeriodEnd` — is no more than
 *   6 months past the validity (the 6 months counted as statutory months).
 *
 * Result: `priceValidity` { validUntil, saleLimit, firstNotice, expired, checkedAt }. Bad input is
 * an incident naming the variable (not retried: the answer would not change).
 */
import { computeDeadline } from '../deadlines/compute.worker.js';
import { defineWorker } from '../core/define-worker.js';
import { AUCTION_CHECK_PRICE_VALIDITY } from './job-types.js';
import { shown } from '../core/failure-text.js';

interface Variables {
  priceValidUntil?: string;
  appraisalValidUntil?: string | null;
  listingNumber?: number | null;
  pricingBaseline?: number | null;
  listingPeriodEnd?: string;
}

const DAY_MS = 24 * 60 * 60_000;

const isoTime = (value: unknown, name: string): number => {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (value == null) throw new Error(`缺少流程变量 ${name}（应为 ISO 日期时间）`);
  if (Number.isNaN(time)) throw new Error(`流程变量 ${name} 应为 ISO 日期时间，实际为 ${shown(value)}`);
  return time;
};

/** the end of a validity given as a date (valid through that day, Beijing time) or a date-time */
export function validityEnd(value: string, name: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isoTime(`${value}T00:00:00+08:00`, name) + DAY_MS;
  return isoTime(value, name);
}

export default defineWorker<Variables>({
  type: AUCTION_CHECK_PRICE_VALIDITY,
  description: '核对参考价有效期 (RP 27: one year, and six months past it for later sales)',
  maxRetries: 0,
  fetchVariables: ['priceValidUntil', 'appraisalValidUntil', 'listingNumber', 'pricingBaseline', 'listingPeriodEnd'],
  handler(job, ctx) {
    const v = job.variables;
    if (!v.priceValidUntil) throw new Error(`缺少流程变量 priceValidUntil（参考价有效期未计算）`);
    let validUntil = isoTime(v.priceValidUntil, 'priceValidUntil');
    if (v.appraisalValidUntil) validUntil = Math.min(validUntil, validityEnd(v.appraisalValidUntil, 'appraisalValidUntil'));
    const saleLimit = computeDeadline(ctx.calendar, new Date(validUntil), { months: 6 }, 'saleLimit').getTime();
    const firstNotice = (v.listingNumber ?? 0) === (v.pricingBaseline ?? 0);
    const now = ctx.now().getTime();
    const expired = firstNotice ? now > validUntil : isoTime(v.listingPeriodEnd, 'listingPeriodEnd') > saleLimit;
    if (expired) ctx.log.warn(`参考价已过有效期 (${job.processInstanceKey})`, { validUntil: new Date(validUntil).toISOString(), firstNotice });
    return {
      priceValidity: {
        validUntil: new Date(validUntil).toISOString(),
        saleLimit: new Date(saleLimit).toISOString(),
        firstNotice,
        expired,
        checkedAt: new Date(now).toISOString(),
      },
    };
  },
});
