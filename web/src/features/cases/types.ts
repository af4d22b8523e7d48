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
  [field: string]: unknown;
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
