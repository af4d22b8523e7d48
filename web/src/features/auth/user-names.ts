import { reactive } from 'vue';
import { itemsOf } from '@/features/inbox/inbox.api';
import { authApi } from './auth.api';

/**
 * Display names of the court's users, for records that name a user by username (who recorded a
 * 中止, …). Loaded once per page load; a name not (yet) known shows as the username.
 */
const names = reactive(new Map<string, string>());
let loading: Promise<void> | null = null;

export function loadUserNames(): Promise<void> {
  loading ??= authApi
    .users()
    .then((list) => {
      for (const user of itemsOf(list)) names.set(user.username, user.displayName);
    })
    .catch(() => {
      loading = null; // try again next time; meanwhile usernames are shown
    });
  return loading;
}

/** `孙法官（faguan）`, or the username alone when its name is unknown */
export function userLabel(username: string | null | undefined): string {
  if (!username) return '—';
  const name = names.get(username);
  return name && name !== username ? `${name}（${username}）` : username;
}
