/**
 * 暂缓网络询价或者委托评估 (RP 28): what the pause and resume workers share. A pause is recorded
 * as { phase, kind, reason, basis?, until?, pausedAt, dueAtPause, notified } and, once pricing goes
 * on, also { resumedAt, pausedMs, dueAfterResume }.
 *
 * Rule for the report deadline (DOMAIN.md does not fix it): the deadline stops while paused and
 * moves by the time the pause lasted, counted in real elapsed time (暂缓或中止之时起至恢复之时止):
 * new deadline = deadline at the pause + (resumedAt − pausedAt). The platform or appraiser thus
 * keeps exactly the time it had left; the statutory calendar is not applied again.
 */
import { shown } from '../core/failure-text.js';

export const PRICING_PHASES = ['online', 'appraisal'] as const;
export type PricingPhase = (typeof PRICING_PHASES)[number];
export const PHASE_NAMES: Record<PricingPhase, string> = { online: '网络询价', appraisal: '委托评估' };
export const PAUSE_KINDS = ['暂缓', '中止'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

export interface PricingPause {
  phase: PricingPhase;
  kind: PauseKind;
  reason: string;
  basis?: string;
  until?: string;
  pausedAt: string;
  /** the report deadline when the pause began (onlineReportDue or appraisalDue) */
  dueAtPause: string;
  /** who was told: the enquiry platforms, or the appraiser (in writing) */
  notified: string[];
  /** how they were told: 'platform' (through the platform adapter) or 'written' (a written notice the clerk sends) */
  noticeBy: 'platform' | 'written';
  resumedAt?: string;
  pausedMs?: number;
  dueAfterResume?: string;
  resumeReason?: string;
}

/** the report deadline variable of a pricing phase */
export const dueVariable = (phase: PricingPhase) => (phase === 'online' ? 'onlineReportDue' : 'appraisalDue');

export function checkPhase(value: unknown): PricingPhase {
  if (!PRICING_PHASES.includes(value as PricingPhase)) {
    throw new Error(`流程变量 pricingPausedPhase 应为 "online"（网络询价）或 "appraisal"（委托评估），实际为 ${shown(value)}`);
  }
  return value as PricingPhase;
}

export function checkInstant(name: string, value: unknown): string {
  if (value == null) throw new Error(`缺少流程变量 ${name}（应为 ISO 日期时间）`);
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Error(`流程变量 ${name} 应为 ISO 日期时间，实际为 ${shown(value)}`);
  return value;
}

/** the report deadline moved by the time paused */
export function movedDue(dueAtPause: string, pausedAt: string, resumedAt: string): { due: string; pausedMs: number } {
  const pausedMs = Math.max(0, Date.parse(resumedAt) - Date.parse(pausedAt));
  return { due: new Date(Date.parse(dueAtPause) + pausedMs).toISOString(), pausedMs };
}
