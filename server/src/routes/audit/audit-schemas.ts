/** The audit route's query and page: schemas/audit.ts plus the case number (案号) a clerk searches by. */
import { Type } from '@sinclair/typebox';
import { AuditEntry, AuditQuery } from '../../schemas/audit.js';

export const AuditListQuery = Type.Composite([
  AuditQuery,
  Type.Object({
    caseNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '案号（可输入部分，如 执12）' })),
  }),
]);

export const AuditListEntry = Type.Composite([AuditEntry, Type.Object({ caseNumber: Type.Union([Type.String(), Type.Null()]) })]);

export const AuditListPage = Type.Object({ items: Type.Array(AuditListEntry), total: Type.Integer() });

export const AuditActionsReply = Type.Object({ actions: Type.Array(Type.String()) });
