import { api } from '@/app/api-client';
import type { NewFilter, SavedFilter, TaskCounts, TaskDetail, TaskPage, TaskQuery } from './types';

export const inboxApi = {
  list: (query: TaskQuery) => api.get<TaskPage>('/api/tasks', { ...query }),
  counts: () => api.get<TaskCounts>('/api/tasks/counts'),
  get: (key: string) => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(key)}`),
  claim: (key: string) => api.post<unknown>(`/api/tasks/${encodeURIComponent(key)}/claim`),
  unclaim: (key: string) => api.post<unknown>(`/api/tasks/${encodeURIComponent(key)}/unclaim`),
  assign: (key: string, assignee: string) => api.post<unknown>(`/api/tasks/${encodeURIComponent(key)}/assign`, { assignee }),
  complete: (key: string, variables: Record<string, unknown>) =>
    api.post<unknown>(`/api/tasks/${encodeURIComponent(key)}/complete`, { variables }),
  saveDraft: (key: string, variables: Record<string, unknown>) =>
    api.put<unknown>(`/api/tasks/${encodeURIComponent(key)}/draft`, { variables }),
  filters: () => api.get<SavedFilter[] | { items: SavedFilter[] }>('/api/filters'),
  createFilter: (filter: NewFilter) => api.post<SavedFilter>('/api/filters', filter),
  deleteFilter: (id: string) => api.delete<unknown>(`/api/filters/${encodeURIComponent(id)}`),
};

export function itemsOf<T>(value: T[] | { items: T[] } | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.items ?? [];
}
