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
  /** the case's top-level process, or one of its called instances (`processInstanceKey`) */
  ofCase: (caseId: string, processInstanceKey?: string) =>
    api.get<CaseDiagram>(`/api/cases/${encodeURIComponent(caseId)}/diagram`, processInstanceKey ? { processInstanceKey } : undefined),
};
