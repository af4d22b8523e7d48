import { api } from '@/app/api-client';
import type { DefinitionSummary, Heatmap, Incident, PendingTimer, QualityReport } from './types';

type List<T> = T[] | { items: T[]; now?: string; available?: boolean };

export const monitoringApi = {
  definitions: () => api.get<List<DefinitionSummary>>('/api/monitoring/definitions'),
  heatmap: (key: string, from?: string, to?: string) => api.get<Heatmap>(`/api/monitoring/definitions/${encodeURIComponent(key)}/heatmap`, { from, to }),
  definitionXml: (key: string) => api.get<{ xml: string } | string>(`/api/models/definitions/${encodeURIComponent(key)}/xml`),
  timers: () => api.get<List<PendingTimer>>('/api/monitoring/timers'),
  incidents: () => api.get<List<Incident>>('/api/monitoring/incidents'),
  retry: (key: string) => api.post<unknown>(`/api/monitoring/incidents/${encodeURIComponent(key)}/retry`),
  quality: (from: string | undefined, to: string | undefined, groupBy: 'team' | 'month') =>
    api.get<QualityReport>('/api/monitoring/quality', { from, to, groupBy }),
};

export function xmlOf(value: { xml: string } | string): string {
  return typeof value === 'string' ? value : value.xml;
}
