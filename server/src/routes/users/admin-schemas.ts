/** Schemas of the user administration routes (系统管理 → 用户管理) beyond those in schemas/users.ts. */
import { Type } from '@sinclair/typebox';

/** the password rule, stated once: the server enforces it and the console shows it */
export const PASSWORD_RULE = {
  minLength: 8,
  maxLength: 256,
  description: '至少 8 位，须同时包含字母和数字 / at least 8 characters, with letters and digits',
};

/** the reason a password breaks the rule, or undefined */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_RULE.minLength) return `密码至少 ${PASSWORD_RULE.minLength} 位`;
  if (password.length > PASSWORD_RULE.maxLength) return `密码不能超过 ${PASSWORD_RULE.maxLength} 位`;
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '密码须同时包含字母和数字';
  return undefined;
}

export const UserOptionsReply = Type.Object({
  roles: Type.Array(Type.Object({ value: Type.String(), name: Type.String() })),
  groups: Type.Array(Type.String()),
  passwordRule: Type.Object({ minLength: Type.Integer(), maxLength: Type.Integer(), description: Type.String() }),
});

export const ResetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: PASSWORD_RULE.maxLength }) },
  { additionalProperties: false },
);

export const ResetPasswordReply = Type.Object({ username: Type.String(), sessionsEnded: Type.Integer() });
