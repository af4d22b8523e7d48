export interface Party {
  name: string;
  kind: 'person' | 'organization';
  idNumber?: string;
  phone?: string;
  address?: string;
}

export interface CaseRecord {
  id: string;
  caseNumber: string;
  caseType?: string;
  courtCode?: string;
  applicant?: Party;
  respondents?: Party[];
  claimAmount?: number;
  amountRecovered?: number;
  basisDocument?: { court?: string; number?: string; kind?: string };
  complexity?: string;
  stage?: string;
  team?: string | null;
  caseOfficer?: string | null;
  status?: string;
  filedAt?: string;
  processInstanceKey?: string;
  publicPassword?: string;
  /** 中止 / 暂缓 in force, or null */
  suspension?: CaseSuspension | null;
  /** 不计入执行期限的期间 recorded by the court (公告, 审计, 评估 …), open ones included */
  excludedPeriods?: ExcludedPeriodRecord[];
  /** the 执行期限 as the case's process computes it (`GET /api/cases/:id` only); null without one */
  executionPeriod?: ExecutionPeriod | null;
  [field: string]: unknown;
}

export const EXCLUDED_PERIOD_KINDS = ['公告', '审计', '评估', '鉴定', '管辖权异议', '其他'] as const;
export type ExcludedPeriodKind = (typeof EXCLUDED_PERIOD_KINDS)[number];

/** `CaseRecord.excludedPeriods[]`: a period the court recorded as not counted toward the 执行期限. */
export interface ExcludedPeriodRecord {
  id: string;
  kind: ExcludedPeriodKind;
  reason: string;
  basis: string | null;
  from: string;
  /** null while the period runs */
  to: string | null;
  recordedBy: string;
  endedBy: string | null;
  open: boolean;
}

/** `executionPeriod`: the six-month 执行期限 and what the process excludes from it (中止, 暂缓, 拍卖 …). */
export interface ExecutionPeriod {
  /** 法定届满日 */
  end: string | null;
  /** 实际届满日, moved on by the excluded periods */
  effectiveEnd: string | null;
  /** the period does not run now (an excluded period is open) */
  stopped: boolean;
  excludedPeriods: { id?: string; kind: string; from: string; to: string | null; reason?: string }[];
}

/** `POST /api/cases/:id/excluded-periods` */
export interface ExcludedPeriodRequest {
  kind: ExcludedPeriodKind;
  reason: string;
  basis?: string;
  from?: string;
  to?: string;
}

/** `POST /api/cases/:id/excluded-periods/:periodId/end` */
export interface EndExcludedPeriodRequest {
  to?: string;
  reason?: string;
}

/** `GET /api/cases/:id/auctions` item: one asset's 司法网拍. */
export interface CaseAuction {
  assetId: string;
  description: string;
  processInstanceKey: string;
  state: string;
  activeElements: { elementId: string; name: string | null }[];
  suspension: { kind: SuspensionKind; reason: string; since: string; until: string | null } | null;
  auctionResult: string | null;
  /** set when RP 29 撤回询价评估 ended the auction (`auctionResult` "withdrawn"); absent from older servers */
  pricingWithdrawal?: { reason: string | null; basis: string | null; withdrawnAt: string | null } | null;
}

/** `POST /api/cases/:id/auctions/:assetId/pricing-withdrawal` (RP 29 撤回网络询价或者委托评估) */
export interface PricingWithdrawalRequest {
  reason: string;
  basis?: string;
}

export type SuspensionKind = '中止' | '暂缓';

/** `CaseRecord.suspension`: a 中止执行裁定 or 暂缓执行决定 in force. */
export interface CaseSuspension {
  kind: SuspensionKind;
  reason: string;
  /** 法律依据 / 文书 */
  basis: string | null;
  since: string;
  /** end of a 暂缓 term; null for 中止 and an open-ended 暂缓 */
  until: string | null;
  by: string;
}

/** `POST /api/cases/:id/suspension` */
export interface SuspensionRequest {
  kind: SuspensionKind;
  reason: string;
  basis?: string;
  until?: string;
}

export interface NewCase {
  caseType: string;
  applicant: Party;
  respondents: Party[];
  claimAmount: number;
  basisDocument: { court: string; number: string; kind: string };
  complexity?: string;
  applicantPassword?: string;
}

export interface TimelineEntry {
  id?: string;
  at: string;
  kind?: string;
  title?: string;
  actor?: string | null;
  detail?: string | null;
  [field: string]: unknown;
}

export interface CaseComment {
  id: string;
  author?: string;
  authorName?: string;
  body?: string;
  text?: string;
  createdAt: string;
}

export interface CaseFile {
  id: string;
  name?: string;
  fileName?: string;
  kind?: string;
  title?: string;
  size?: number;
  createdAt?: string;
  uploadedBy?: string;
}
