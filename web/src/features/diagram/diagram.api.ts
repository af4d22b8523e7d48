import { api } from '@/app/api-client';

/** `GET /api/cases/:id/diagram`: the running definition's XML and where the case stands in it. */
export interface CaseDiagram {
  processDefinitionKey: string;
  xml: string;
  active: string[];
  completed: string[];
  incidents: string[];
}

export const diagramApi = {
  ofCase: (caseId: string) => api.get<CaseDiagram>(`/api/cases/${encodeURIComponent(caseId)}/diagram`),
};
