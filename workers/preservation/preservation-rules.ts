/**
 * The preservation rules the workers share (DOMAIN.md §3), each a configurable default read from
 * the case's variables: security (PP 5, 9; CPL 104), ruling and execution periods (CPL 103, 104;
 * PP 4), terms of measures (SPI 485).
 */
import type { Calendar } from '../../common/calendar.js';

export type PreservationKind = 'pre-suit' | 'in-suit' | 'pre-enforcement';
export type MeasureType = 'deposit' | 'movables' | 'real-estate';

export const KIND_NAMES: Record<PreservationKind, string> = { 'pre-suit': '诉前保全', 'in-suit': '诉讼保全', 'pre-enforcement': '执行前保全' };
export const MEASURE_NAMES: Record<MeasureType, string> = { deposit: '冻结银行存款', movables: '查封、扣押动产', 'real-estate': '查封不动产及其他财产权' };
/** SPI 485: 存款 1 年, 动产 2 年, 不动产及其他财产权 3 年 */
export const DEFAULT_TERM_YEARS: Record<MeasureType, number> = { deposit: 1, movables: 2, 'real-estate': 3 };

const HOUR = 60 * 60 * 1000;

/**
 * The failure message for a variable with a wrong value: `流程变量 <path> 应为 <expected>，实际为 <value>`,
 * or `缺少流程变量 <path>：应为 <expected>` when it is not set.
 */
export const wrongVariable = (path: string, expected: string, value: unknown): string =>
  value === undefined || value === null ? `缺少流程变量 ${path}：应为 ${expected}` : `流程变量 ${path} 应为 ${expected}，实际为 ${JSON.stringify(value)}`;

export function preservationKind(v: Record<string, any>): PreservationKind {
  const kind = v.preservationKind;
  if (kind !== 'pre-suit' && kind !== 'in-suit' && kind !== 'pre-enforcement') {
    throw new Error(wrongVariable('preservationKind', 'pre-suit（诉前保全）、in-suit（诉讼保全）、pre-enforcement（执行前保全）之一', kind));
  }
  return kind;
}

export function measureType(v: Record<string, any>): MeasureType {
  const type = v.measureType;
  if (type !== 'deposit' && type !== 'movables' && type !== 'real-estate') {
    throw new Error(wrongVariable('measureType', 'deposit（冻结银行存款）、movables（查封、扣押动产）、real-estate（查封不动产及其他财产权）之一', type));
  }
  return type;
}

export function claimAmount(v: Record<string, any>): number {
  if (typeof v.claimAmount !== 'number' || !(v.claimAmount > 0)) throw new Error(wrongVariable('claimAmount', '申请保全的金额（元，大于 0）', v.claimAmount));
  return v.claimAmount;
}

/** whether security is required and its minimum: 诉前 always, ≥ preSuitSecurityRatio (1.0) of the claim; otherwise when the court orders it (`requireSecurity`), inSuitSecurityRatio (0.3) */
export function securityRequirement(v: Record<string, any>): { securityRequired: boolean; securityMinimum: number } {
  const kind = preservationKind(v);
  const amount = claimAmount(v);
  if (kind === 'pre-suit') return { securityRequired: true, securityMinimum: round(amount * (v.preSuitSecurityRatio ?? 1)) };
  if (v.requireSecurity === true) return { securityRequired: true, securityMinimum: round(amount * (v.inSuitSecurityRatio ?? 0.3)) };
  return { securityRequired: false, securityMinimum: 0 };
}

/** 诉前 or urgent: 48 hours (CPL 104; PP 4); otherwise 5 days, with the holiday rule (CPL 103) */
export function rulingDue(v: Record<string, any>, now: Date, calendar: Calendar): Date {
  const urgent = preservationKind(v) === 'pre-suit' || v.urgent === true;
  return urgent ? new Date(now.getTime() + (v.urgentRulingHours ?? 48) * HOUR) : calendar.addCalendarDays(now, v.rulingDays ?? 5);
}

/** 诉前 or urgent: at once (immediateExecutionHours, default 24 h); otherwise within 5 days of the ruling (PP 4) */
export function executionDue(v: Record<string, any>, rulingAt: Date, calendar: Calendar): Date {
  const urgent = preservationKind(v) === 'pre-suit' || v.urgent === true;
  return urgent ? new Date(rulingAt.getTime() + (v.immediateExecutionHours ?? 24) * HOUR) : calendar.addCalendarDays(rulingAt, v.executionDays ?? 5);
}

export function termYears(v: Record<string, any>, type: MeasureType): number {
  const years = (v.measureTermYears as Partial<Record<MeasureType, number>> | undefined)?.[type] ?? DEFAULT_TERM_YEARS[type];
  if (!Number.isInteger(years) || years < 1 || years > DEFAULT_TERM_YEARS[type]) {
    throw new Error(wrongVariable(`measureTermYears.${type}`, `1 至 ${DEFAULT_TERM_YEARS[type]} 年的整数（SPI 485）`, years));
  }
  return years;
}

export function addYears(from: Date, years: number): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

const round = (n: number) => Math.round(n * 100) / 100;
