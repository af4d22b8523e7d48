/**
 * Control measures (冻结, 查封, 扣押) and their terms (SPI 485): deposits 1 year, movables 2 years,
 * real estate and other property rights 3 years. The terms are configurable through the variable
 * `measureTermYears` ({ deposit, movable, realEstate }); the model supplies the defaults.
 */
import { CalendarRangeError, type Calendar } from '../../common/calendar.js';
import { computeDeadline } from '../deadlines/compute.worker.js';
import type { AssetKind, FoundAsset } from '../court-systems/inquiry/inquiry-adapter.js';
import { shown } from '../core/failure-text.js';

export interface Measure {
  /** stable id: kind and asset */
  id: string;
  kind: 'freeze' | 'seal';
  assetId: string;
  assetKind: AssetKind;
  description: string;
  institution: string;
  reference: string;
  holderIdNumber: string;
  /** the bank's freeze id (freezes) */
  freezeId?: string;
  /** 元 frozen (freezes) or estimated value (seals) */
  amount?: number;
  startedAt: string;
  expiresAt: string;
  termYears: number;
  renewals: number;
  state: 'active' | 'deducted' | 'released' | 'lapsed';
}

export interface MeasureTermYears {
  deposit: number;
  movable: number;
  realEstate: number;
}

export const DEFAULT_TERMS: MeasureTermYears = { deposit: 1, movable: 2, realEstate: 3 };

export function termsFrom(value: unknown): MeasureTermYears {
  const terms = { ...DEFAULT_TERMS, ...((value ?? {}) as Partial<MeasureTermYears>) };
  for (const [key, years] of Object.entries(terms)) {
    if (!Number.isInteger(years) || years < 1 || years > 3) throw new Error(`流程变量 measureTermYears.${key} 应为 1、2 或 3（年），实际为 ${shown(years)}`);
  }
  return terms;
}

export const termYearsOf = (kind: AssetKind, terms: MeasureTermYears) =>
  kind === 'deposit' || kind === 'securities' || kind === 'housing-fund' ? terms.deposit : kind === 'vehicle' ? terms.movable : terms.realEstate;

/**
 * The end of a term of `years` from `from`, moved off a holiday. Terms of one to three years
 * usually end beyond the published holiday table; there the plain date is used (the holiday
 * shift can only move it later, so a warning computed from it is never late).
 */
export function expiryAfter(calendar: Calendar, from: Date, years: number): string {
  try {
    return computeDeadline(calendar, from, { months: years * 12 }, 'measure term').toISOString();
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    const end = new Date(from);
    end.setUTCFullYear(end.getUTCFullYear() + years);
    return end.toISOString();
  }
}

/** the list variable `name`, checked to be a list of objects */
export function listOf<T>(variables: Record<string, unknown>, name: string): T[] {
  const value = variables[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`流程变量 ${name} 应为列表，实际为 ${typeof value} 类型的值`);
  return value as T[];
}

export const outstanding = (variables: Record<string, any>) => {
  const claim = Number(variables.claimAmount ?? variables.amount);
  if (!Number.isFinite(claim) || claim < 0) throw new Error(`流程变量 claimAmount 应为以元计的标的额，实际为 ${shown(variables.claimAmount)}`);
  return Math.max(0, claim - Number(variables.amountRecovered ?? 0));
};

export type { FoundAsset };
