/**
 * Demo users for every role and unit, created on the first start of the embedded setup (when
 * the users table is empty). Listed in server/README.md; all share DEMO_PASSWORD.
 */
import { hash } from '@node-rs/argon2';
import { count } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { users } from '../db/schema.js';
import type { Role } from '../plugins/roles.js';

export const DEMO_PASSWORD = 'court2026';

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; groups: string[] }[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], groups: [] },
  { username: 'zhuren', displayName: '赵主任（指挥中心负责人）', roles: ['supervisor'], groups: ['院领导'] },
  { username: 'juzhang', displayName: '钱局长（执行局长）', roles: ['supervisor'], groups: ['院领导', '合议庭'] },
  { username: 'faguan', displayName: '孙法官（承办法官）', roles: ['judge'], groups: ['执行团队', '合议庭'] },
  { username: 'zhixingyuan', displayName: '李执行员', roles: ['judge'], groups: ['执行团队'] },
  { username: 'suzhi', displayName: '周法官（速执团队）', roles: ['judge'], groups: ['速执团队'] },
  { username: 'neiqin', displayName: '吴内勤', roles: ['clerk'], groups: ['内勤'] },
  { username: 'lian', displayName: '郑立案', roles: ['clerk'], groups: ['立案庭'] },
  { username: 'chakong', displayName: '王查控', roles: ['clerk'], groups: ['查控组'] },
  { username: 'wangpai', displayName: '冯网拍', roles: ['clerk'], groups: ['网拍组'] },
  { username: 'baoquan', displayName: '陈保全', roles: ['clerk'], groups: ['保全组'] },
  { username: 'zhongben', displayName: '褚终本', roles: ['clerk'], groups: ['终本管理组'] },
  { username: 'zhiban', displayName: '卫值班（24 小时热线）', roles: ['hotline'], groups: [] },
];

/** creates the demo users when there are no users at all; returns how many were created */
export async function seedDemoUsers(db: ServerDb): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return 0;
  const passwordHash = await hash(DEMO_PASSWORD);
  await db.insert(users).values(DEMO_USERS.map((u) => ({ ...u, passwordHash }))).onConflictDoNothing();
  return DEMO_USERS.length;
}
