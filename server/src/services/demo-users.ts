/**
 * Demo users for every role and unit, created on the first start of the embedded setup (when
 * the users table is empty), and a few demo cases. Listed in server/README.md; all share DEMO_PASSWORD.
 */
import { hash } from '@node-rs/argon2';
import { count } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { cases, users } from '../db/schema.js';
import type { EngineClient } from '../plugins/engine-client.js';
import type { Role } from '../plugins/roles.js';
import { UNITS } from '../../../common/units.js';
import { registerCase, type NewCase } from './cases.js';

export const DEMO_PASSWORD = 'court2026';

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; groups: string[] }[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], groups: [] },
  { username: 'zhuren', displayName: '赵主任（指挥中心负责人）', roles: ['supervisor'], groups: [UNITS.leadership] },
  { username: 'juzhang', displayName: '钱局长（执行局长）', roles: ['supervisor'], groups: [UNITS.leadership, UNITS.panel] },
  { username: 'faguan', displayName: '孙法官（承办法官）', roles: ['judge'], groups: [UNITS.enforcement, UNITS.panel] },
  { username: 'zhixingyuan', displayName: '李执行员', roles: ['judge'], groups: [UNITS.enforcement] },
  { username: 'suzhi', displayName: '周法官（速执团队）', roles: ['judge'], groups: [UNITS.fastTrack] },
  { username: 'neiqin', displayName: '吴内勤', roles: ['clerk'], groups: [UNITS.clerks] },
  { username: 'lian', displayName: '郑立案', roles: ['clerk'], groups: [UNITS.filing] },
  { username: 'chakong', displayName: '王查控', roles: ['clerk'], groups: [UNITS.assetSearch] },
  { username: 'wangpai', displayName: '冯网拍', roles: ['clerk'], groups: [UNITS.auction] },
  { username: 'baoquan', displayName: '陈保全', roles: ['clerk'], groups: [UNITS.preservation] },
  { username: 'zhongben', displayName: '褚终本', roles: ['clerk'], groups: [UNITS.finality] },
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

/** a few demo cases, registered by 立案庭's demo clerk when the demo users are first created */
export const DEMO_CASES: NewCase[] = [
  {
    caseType: '执',
    applicant: { name: '桐柏县某某建材有限公司', kind: 'organization', idNumber: '91411330MA40000001', phone: '0377-68000001' },
    respondents: [{ name: '王某某', kind: 'person', idNumber: '411330198003150011', address: '河南省南阳市桐柏县城关镇' }],
    claimAmount: 86500,
    basisDocument: { court: '桐柏县人民法院', number: '（2026）豫1330民初1021号', kind: '民事判决书' },
    complexity: 'simple',
    applicantPassword: 'demo1234',
  },
  {
    caseType: '执',
    applicant: { name: '李某', kind: 'person', idNumber: '411330199005200022', phone: '13800000002' },
    respondents: [
      { name: '南阳某某置业有限公司', kind: 'organization', idNumber: '91411300MA40000003' },
      { name: '赵某', kind: 'person', idNumber: '411330197511110033' },
    ],
    claimAmount: 1280000,
    basisDocument: { court: '南阳市中级人民法院', number: '（2026）豫13民终388号', kind: '民事判决书' },
    complexity: 'complex',
    applicantPassword: 'demo1234',
  },
];

/** registers the demo cases (each starts its process); returns how many were registered */
export async function seedDemoCases(
  db: ServerDb,
  engine: EngineClient,
  options: { courtCode: string; processIds: Record<string, string>; log?: Pick<Console, 'warn'> },
): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases);
  if ((row?.n ?? 0) > 0) return 0;
  let registered = 0;
  for (const demo of DEMO_CASES) {
    try {
      await registerCase(demo, { db, engine, courtCode: options.courtCode, processIds: options.processIds, registeredBy: 'lian', now: new Date() });
      registered++;
    } catch (e) {
      options.log?.warn(`demo case not registered: ${(e as Error).message}`);
    }
  }
  return registered;
}
