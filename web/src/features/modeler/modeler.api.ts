import { api } from '@/app/api-client';
import type { DeployReply, Draft, LintProblem, ModelsReply, ModelVersion } from './types';

export const modelerApi = {
  models: () => api.get<ModelsReply>('/api/models'),
  versions: (processId: string) =>
    api.get<{ processDefinitionId: string; items: ModelVersion[] }>(`/api/models/processes/${encodeURIComponent(processId)}/versions`),
  xml: async (key: string) => (await api.get<{ xml: string }>(`/api/models/definitions/${encodeURIComponent(key)}/xml`)).xml,
  lint: (xml: string, name?: string) => api.post<{ problems: LintProblem[] }>('/api/models/lint', name ? { xml, name } : { xml }),
  deploy: (resources: { name: string; content: string }[]) => api.post<DeployReply>('/api/models/deploy', { resources }),
  draft: (name: string) => api.get<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`),
  saveDraft: (name: string, content: string) => api.put<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`, { content }),
};
