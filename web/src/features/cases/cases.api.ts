import { api } from '@/app/api-client';
import type {
  CaseAuction,
  CaseComment,
  CaseFile,
  CaseRecord,
  EndExcludedPeriodRequest,
  ExcludedPeriodRequest,
  NewCase,
  PricingWithdrawalRequest,
  SuspensionRequest,
  TimelineEntry,
} from './types';

type List<T> = T[] | { items: T[]; total?: number };

export interface CaseQuery {
  q?: string;
  stage?: string;
  team?: string;
  status?: string;
  page: number;
  pageSize: number;
}

const base = (id: string) => `/api/cases/${encodeURIComponent(id)}`;

export const casesApi = {
  list: (query: CaseQuery) => api.get<{ items: CaseRecord[]; total: number }>('/api/cases', { ...query }),
  create: (body: NewCase) => api.post<CaseRecord | { case: CaseRecord }>('/api/cases', body),
  get: (id: string) => api.get<CaseRecord | { case: CaseRecord }>(base(id)),
  timeline: (id: string) => api.get<List<TimelineEntry>>(`${base(id)}/timeline`),
  comments: (id: string) => api.get<List<CaseComment>>(`${base(id)}/comments`),
  addComment: (id: string, body: string) => api.post<CaseComment>(`${base(id)}/comments`, { body }),
  attachments: (id: string) => api.get<List<CaseFile>>(`${base(id)}/attachments`),
  upload: (id: string, file: File) => {
    const data = new FormData();
    data.append('file', file, file.name);
    return api.post<CaseFile>(`${base(id)}/attachments`, data);
  },
  /** 中止 / 暂缓 (admin, supervisor, judge); 409 when closed or already suspended */
  suspend: (id: string, body: SuspensionRequest) => api.post<CaseRecord>(`${base(id)}/suspension`, body),
  /** 恢复执行; 409 when not suspended */
  resume: (id: string, reason?: string) => api.post<CaseRecord>(`${base(id)}/resumption`, reason ? { reason } : {}),
  /** 登记不计入期间 (admin, supervisor, judge) */
  addExcludedPeriod: (id: string, body: ExcludedPeriodRequest) => api.post<CaseRecord>(`${base(id)}/excluded-periods`, body),
  /** 结束 an open excluded period; 409 when it has ended */
  endExcludedPeriod: (id: string, periodId: string, body: EndExcludedPeriodRequest) =>
    api.post<CaseRecord>(`${base(id)}/excluded-periods/${encodeURIComponent(periodId)}/end`, body),
  /** the case's 司法网拍, one per asset */
  auctions: (id: string) => api.get<{ items: CaseAuction[] }>(`${base(id)}/auctions`),
  /** 暂缓 / 中止 one auction; 409 with the server's message when its phase cannot be paused */
  suspendAuction: (id: string, assetId: string, body: SuspensionRequest) =>
    api.post<unknown>(`${base(id)}/auctions/${encodeURIComponent(assetId)}/suspension`, body),
  /** 恢复拍卖; 409 when the auction is not paused */
  resumeAuction: (id: string, assetId: string, reason?: string) =>
    api.post<unknown>(`${base(id)}/auctions/${encodeURIComponent(assetId)}/resumption`, reason ? { reason } : {}),
  /** 撤回询价评估 (RP 29); 409 with the server's message when the auction is not in 网络询价 / 委托评估 */
  withdrawAuctionPricing: (id: string, assetId: string, body: PricingWithdrawalRequest) =>
    api.post<CaseAuction>(`${base(id)}/auctions/${encodeURIComponent(assetId)}/pricing-withdrawal`, body),
  documents: (id: string) => api.get<List<CaseFile>>(`${base(id)}/documents`),
  attachmentUrl: (id: string) => `/api/attachments/${encodeURIComponent(id)}`,
  documentUrl: (id: string) => `/api/documents/${encodeURIComponent(id)}`,
};

/** Unwraps `{ case }` or a bare record, as the server may answer either. */
export function caseOf(value: CaseRecord | { case: CaseRecord }): CaseRecord {
  return 'case' in value && value.case && typeof value.case === 'object' ? (value.case as CaseRecord) : (value as CaseRecord);
}
