import { api } from '@/app/api-client';

/** A lead phoned in to the 24-hour hotline: assets found, a respondent's whereabouts, obstruction. */
export interface Lead {
  id?: string;
  caseNumber?: string;
  reporterName: string;
  reporterPhone: string;
  kind: string;
  content: string;
  createdAt?: string;
  status?: string;
}

export const leadsApi = {
  create: (lead: Lead) => api.post<Lead>('/api/leads', lead),
  list: () => api.get<Lead[] | { items: Lead[] }>('/api/leads'),
};
