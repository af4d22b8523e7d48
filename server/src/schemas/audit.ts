import { Type } from '@sinclair/typebox';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
});

export const AuditQuery = Type.Object({
  caseId: Type.Optional(Type.String({ format: 'uuid' })),
  actor: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer() });
