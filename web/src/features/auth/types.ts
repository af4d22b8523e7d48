export type Role = 'admin' | 'supervisor' | 'judge' | 'clerk' | 'hotline';

export interface User {
  username: string;
  displayName: string;
  roles: Role[];
  groups: string[];
  unit?: string;
}

export interface Session {
  user: User;
  csrfToken: string;
}
