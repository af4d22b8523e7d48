/**
 * 线索 (leads) registered by the hotline and case staff.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LEAD_SOURCES } from '../services/leads.js';

export const NewLead = Type.Object(
  {
    caseNumber: Type.String({ minLength: 1, maxLength: 60, description: '案号，如（2026）豫1330执123号' }),
    source: Type.Optional(Type.Union(LEAD_SOURCES.map((s) => Type.Literal(s)), { default: '24小时举报电话', description: '线索来源' })),
    content: Type.String({ minLength: 2, maxLength: 4000, description: '线索内容：财产的种类、位置、持有人、联系方式等' }),
  },
  { additionalProperties: false },
);
export type NewLead = Static<typeof NewLead>;

export const Lead = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  source: Type.String(),
  content: Type.String(),
  receivedBy: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  /** when the lead was sent to the case's finality-review process; null while not routed */
  messagePublishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const LeadCreated = Type.Object({
  lead: Lead,
  routing: Type.Object({
    published: Type.Boolean({ description: '已发送到案件的终本流程' }),
    finalityInstances: Type.Integer({ description: '正在进行终本管理的流程实例数；0 表示该案尚未终本，线索将在 30 日内等待流程接收' }),
  }),
});

export const LeadsQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    caseNumber: Type.Optional(Type.String({ minLength: 1 })),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const LeadsReply = Type.Object({ items: Type.Array(Lead), total: Type.Integer() });

export const LeadParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
