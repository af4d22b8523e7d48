import { api } from '@/app/api-client';

/** an engine timer of a case the user works on (GET /api/timers) */
export interface CaseTimer {
  timerKey: string;
  processDefinitionId: string;
  processInstanceKey?: string;
  elementId: string;
  elementName?: string;
  dueDate: string;
  repetitions: number;
  caseId?: string;
  caseNumber?: string;
  applicantName?: string;
  respondentNames?: string[];
  team?: string;
}

export interface CaseTimersReply {
  available: boolean;
  scope: 'all' | 'mine';
  items: CaseTimer[];
  total: number;
  serverTime?: string;
}

export const timersApi = {
  list: () => api.get<CaseTimersReply>('/api/timers'),
};
