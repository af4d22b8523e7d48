import type { Role } from '@/features/auth/types';

export interface AdminUser {
  username: string;
  displayName: string;
  roles: Role[];
  groups: string[];
  active: boolean;
}

export interface UserOptions {
  roles: { value: Role; name: string }[];
  groups: string[];
  passwordRule: { minLength: number; maxLength: number; description: string };
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  caseId: string | null;
  caseNumber: string | null;
  target: string | null;
  details: unknown;
  ip: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  caseNumber?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export type HolidaySource = 'chinese-days' | 'override' | 'provisional';

export interface HolidayYearSummary {
  year: number;
  source: HolidaySource;
  holidays: number;
  workdays: number;
}

export interface HolidayYear {
  year: number;
  source: HolidaySource;
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
