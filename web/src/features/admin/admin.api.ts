import { api } from '@/app/api-client';
import type { AdminUser, AuditEntry, AuditQuery, HolidayYear, HolidayYearSummary, UserOptions } from './types';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  groups: string[];
}

export const adminApi = {
  users: () => api.get<{ items: AdminUser[] }>('/api/users'),
  options: () => api.get<UserOptions>('/api/users/options'),
  createUser: (user: NewUser) => api.post<AdminUser>('/api/users', user),
  updateUser: (username: string, changes: Partial<Pick<AdminUser, 'displayName' | 'roles' | 'groups' | 'active'>>) =>
    api.patch<AdminUser>(`/api/users/${encodeURIComponent(username)}`, changes),
  resetPassword: (username: string, password: string) =>
    api.post<{ username: string; sessionsEnded: number }>(`/api/users/${encodeURIComponent(username)}/password`, { password }),
  audit: (query: AuditQuery) => api.get<{ items: AuditEntry[]; total: number }>('/api/audit', { ...query }),
  auditActions: () => api.get<{ actions: string[] }>('/api/audit/actions'),
  holidayYears: () => api.get<{ currentYear: number; items: HolidayYearSummary[] }>('/api/calendar/years'),
  holidayYear: (year: number) => api.get<HolidayYear>('/api/calendar/holidays', { year }),
  saveHolidayYear: (year: number, table: { holidays: Record<string, string>; workdays: Record<string, string> }) =>
    api.put<HolidayYear>(`/api/calendar/holidays/${year}`, table),
};
