import { api } from '@/app/api-client';
import { xmlOf } from '@/features/monitoring/monitoring.api';
import type { Draft, LintProblem, ModelSummary, ModelVersion } from './types';

type List<T> = T[] | { items: T[] };

export const modelerApi = {
  models: () => api.get<List<ModelSummary>>('/api/models'),
  versions: (processId: string) => api.get<List<ModelVersion>>(`/api/models/processes/${encodeURIComponent(processId)}/versions`),
  xml: async (key: string) => xmlOf(await api.get<{ xml: string } | string>(`/api/models/definitions/${encodeURIComponent(key)}/xml`)),
  lint: (xml: string) => api.post<{ problems: LintProblem[] }>('/api/models/lint', { xml }),
  deploy: (resources: { name: string; content: string }[]) => api.post<unknown>('/api/models/deploy', { resources }),
  draft: (name: string) => api.get<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`),
  saveDraft: (name: string, content: string) => api.put<Draft>(`/api/models/drafts/${encodeURIComponent(name)}`, { content }),
};
