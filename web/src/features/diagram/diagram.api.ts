import { api } from '@/app/api-client';
import type { CaseProcessInstance } from './process-tree';

export type { CaseProcessInstance };

/** `GET /api/cases/:id/diagram`: the running definition's XML and where the case stands in it. */
export interface CaseDiagram {
  processDefinitionKey: string;
  xml: string;
  active: string[];
  completed: string[];
  incidents: string[];
  /** the instance shown (the root unless one was asked for) */
  processInstanceKey?: string;
  /** the case's process tree: the root instance and everything it called */
  instances?: CaseProcessInstance[];
}

export const diagramApi = {
  /** the case's top-level process, or one of its called instances (`processInstanceKey`) */
  ofCase: (caseId: string, processInstanceKey?: string) =>
    api.get<CaseDiagram>(`/api/cases/${encodeURIComponent(caseId)}/diagram`, processInstanceKey ? { processInstanceKey } : undefined),
};
