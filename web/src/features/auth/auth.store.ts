import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, setCsrfToken } from '@/app/api-client';
import { authApi } from './auth.api';
import type { Role, User } from './types';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  const checked = ref(false);

  function accept(session: { user: User; csrfToken: string }): void {
    user.value = session.user;
    setCsrfToken(session.csrfToken);
  }

  /** Asks the server once per page load whether the session cookie is still valid. */
  async function restore(): Promise<void> {
    if (checked.value) return;
    try {
      accept(await authApi.me());
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode !== 401) console.warn(error);
      user.value = null;
    } finally {
      checked.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    accept(await authApi.login(username, password));
    checked.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      user.value = null;
      setCsrfToken('');
    }
  }

  function hasRole(...roles: Role[]): boolean {
    return !!user.value && roles.some((role) => user.value!.roles.includes(role));
  }

  const unit = computed(() => user.value?.unit ?? user.value?.groups.join('、') ?? '');

  return { user, checked, unit, restore, login, logout, hasRole, forget: () => (user.value = null) };
});
