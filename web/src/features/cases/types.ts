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
  [field: string]: unknown;
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
