import { Type, type Static } from '@sinclair/typebox';
import { GROUPS, ROLES } from '../plugins/roles.js';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const GroupSchema = Type.Union(GROUPS.map((g) => Type.Literal(g)));

export const User = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
});
export type UserType = Static<typeof User>;

export const UserWithStatus = Type.Composite([User, Type.Object({ active: Type.Boolean() })]);

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SessionResponse = Type.Object({ user: User, csrfToken: Type.String() });

export const UserQuery = Type.Object({ group: Type.Optional(Type.String()), role: Type.Optional(Type.String()) });

export const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-zA-Z0-9_.-]+$' }),
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  roles: Type.Array(RoleSchema, { minItems: 1 }),
  groups: Type.Array(GroupSchema, { default: [] }),
});

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1 })),
  groups: Type.Optional(Type.Array(GroupSchema)),
  active: Type.Optional(Type.Boolean()),
});

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
