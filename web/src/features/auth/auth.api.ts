import { api } from '@/app/api-client';
import type { Session, User } from './types';

export const authApi = {
  login: (username: string, password: string) => api.post<Session>('/api/auth/login', { username, password }),
  logout: () => api.post<unknown>('/api/auth/logout'),
  me: () => api.get<Session>('/api/auth/me'),
  users: (group?: string) => api.get<User[] | { items: User[] }>('/api/users', { group }),
};
