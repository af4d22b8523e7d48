import { api } from '@/app/api-client';

/** What an applicant may see of their case: no internal notes, no other parties' details. */
export interface PublicStatus {
  caseNumber: string;
  caseType?: string;
  stage?: string;
  status?: string;
  filedAt?: string;
  team?: string;
  amountRecovered?: number;
  steps?: { name: string; at?: string; done?: boolean }[];
  [field: string]: unknown;
}

export const statusApi = {
  query: (caseNumber: string, password: string) => api.post<PublicStatus>('/api/public/status', { caseNumber, password }),
};
