import { api } from '@/app/api-client';

/** Where a lead came from, as the server lists them (`LEAD_SOURCES`). */
export const LEAD_SOURCES = ['24小时举报电话', '申请执行人', '来信来访', '悬赏举报', '其他'] as const;

export interface NewLead {
  caseNumber: string;
  source: string;
  content: string;
}

/** A lead: assets found, a respondent's whereabouts; sent on to the case's 终本 process. */
export interface Lead extends NewLead {
  id: string;
  caseId: string;
  receivedBy: string;
  receivedAt: string;
  messagePublishedAt: string | null;
}

export interface LeadCreated {
  lead: Lead;
  routing: { published: boolean; finalityInstances: number };
}

export const leadsApi = {
  create: (lead: NewLead) => api.post<LeadCreated>('/api/leads', lead),
  list: () => api.get<{ items: Lead[]; total: number }>('/api/leads'),
};
