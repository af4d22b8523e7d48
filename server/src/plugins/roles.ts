/** The platform's roles and the command centre's units (candidate groups), as in docs/platform-contracts.md. */
export const ROLES = ['admin', 'supervisor', 'judge', 'clerk', 'hotline'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '指挥中心负责人 / 执行局长',
  judge: '承办法官 / 执行员',
  clerk: '部门工作人员',
  hotline: '24 小时值班',
};

/** candidate groups, written in Chinese exactly so */
export const GROUPS = ['内勤', '立案庭', '查控组', '网拍组', '保全组', '终本管理组', '速执团队', '执行团队', '合议庭', '院领导'] as const;

/** every signed-in role */
export const ANY_ROLE: Role[] = [...ROLES];
/** staff who work cases and tasks */
export const CASE_STAFF: Role[] = ['admin', 'supervisor', 'judge', 'clerk'];
export const SUPERVISORS: Role[] = ['admin', 'supervisor'];
export const ADMINS: Role[] = ['admin'];

/**
 * Every route declares who may call it, in its `config`: `roles` (a signed-in user with one
 * of them) or `public: true` (no session). A route under /api that declares neither is
 * refused when it is registered.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly Role[];
    public?: boolean;
  }
}
