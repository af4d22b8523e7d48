import { api } from '@/app/api-client';
import type { DecisionRequirementsModel, DeployReply, Draft, FormModel, LintProblem, ModelsReply, ModelVersion } from './types';

export const modelerApi = {
  models: () => api.get<ModelsReply>('/api/models'),
  versions: (processId: string) =>
    api.get<{ processDefinitionId: string; items: ModelVersion[] }>(`/api/models/processes/${encodeURIComponent(processId)}/versions`),
  xml: async (key: string) => (await api.get<{ xml: string }>(`/api/models/definitions/${encodeURIComponent(key)}/xml`)).xml,
  lint: (xml: string, name?: string) => api.post<{ problems: LintProblem[] }>('/api/models/lint', name ? { xml, name } : { xml }),
  deploy: (resources: { name: string; content: string }[]) => api.post<DeployReply>('/api/models/deploy', { resources }),
  /** deployed forms with their versions (the platform's record of its deployments) */
  forms: () => api.get<{ items: FormModel[] }>('/api/models/forms'),
  form: (formKey: string) =>
    api.get<{ formKey: string; formId: string; version: number; resourceName: string; content: string }>(`/api/models/forms/${encodeURIComponent(formKey)}`),
  /** deployed DRDs (.dmn resources) with their versions */
  decisionRequirements: () => api.get<{ items: DecisionRequirementsModel[] }>('/api/models/decision-requirements'),
  decisionRequirementsXml: (key: string) =>
    api.get<{ decisionRequirementsKey: string; decisionRequirementsId: string; version: number; resourceName?: string; xml: string }>(
      `/api/models/decision-requirements/${encodeURIComponent(key)}/xml`,
    ),
  draft: (name: string) => api.get<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`),
  saveDraft: (name: string, content: string) => api.put<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`, { content }),
};
