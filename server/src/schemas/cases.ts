import { Type } from '@sinclair/typebox';

export const PartySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
  idNumber: Type.Optional(Type.String({ maxLength: 64 })),
  phone: Type.Optional(Type.String({ maxLength: 32 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
});

export const BasisDocument = Type.Object({
  court: Type.String({ minLength: 1, maxLength: 100 }),
  number: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.String({ minLength: 1, maxLength: 50 }),
});

/** 执保: what the `preservation` model needs (processes/preservation.bpmn's documented inputs) */
export const PreservationDetails = Type.Object(
  {
    kind: Type.Union([Type.Literal('pre-suit'), Type.Literal('in-suit'), Type.Literal('pre-enforcement')], {
      description: '保全类型：pre-suit 诉前保全 | in-suit 诉讼保全 | pre-enforcement 执行前保全（流程变量 preservationKind）',
    }),
    urgent: Type.Optional(Type.Boolean({ description: '情况紧急（48 小时内裁定）' })),
    securityAmount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e13, description: '担保金额（元）；诉前保全必填（CPL 104）' })),
    performanceDeadline: Type.Optional(
      Type.String({ format: 'date', description: '履行期限届满日（YYYY-MM-DD）；执行前保全必填，其他类型不可填（SPI 163）' }),
    ),
  },
  { additionalProperties: false },
);

/** 执恢: what the `restoration` model needs (processes/restoration.bpmn's documented inputs) */
export const RestorationDetails = Type.Object(
  {
    originalCaseNumber: Type.String({ minLength: 1, maxLength: 50, description: '原案号（执 或 执恢 案号，如（2025）豫1330执123号）' }),
    trigger: Type.Union(
      [Type.Literal('application'), Type.Literal('lead'), Type.Literal('property-found'), Type.Literal('entrustment-returned'), Type.Literal('stay-ended')],
      { description: '恢复事由：application 当事人申请 | lead 线索属实 | property-found 发现财产 | entrustment-returned 委托退回 | stay-ended 中止事由消失（流程变量 restorationTrigger）' },
    ),
    amountRecovered: Type.Optional(Type.Number({ minimum: 0, maximum: 1e13, description: '原案已执行到位金额（元），默认 0' })),
    settlementPaid: Type.Optional(Type.Number({ minimum: 0, maximum: 1e13, description: '和解协议已履行金额（元），默认 0' })),
  },
  { additionalProperties: false },
);

export const NewCaseBody = Type.Object({
  caseType: Type.Union([Type.Literal('执'), Type.Literal('执恢'), Type.Literal('执保')]),
  applicant: PartySchema,
  respondents: Type.Array(PartySchema, { minItems: 1, maxItems: 100 }),
  claimAmount: Type.Number({ minimum: 0, maximum: 1e13 }),
  basisDocument: BasisDocument,
  complexity: Type.Optional(Type.Union([Type.Literal('simple'), Type.Literal('complex')])),
  team: Type.Optional(Type.String({ minLength: 1 })),
  caseOfficer: Type.Optional(Type.String({ minLength: 1 })),
  applicantPassword: Type.Optional(Type.String({ minLength: 6, maxLength: 64 })),
  preservation: Type.Optional(PreservationDetails),
  restoration: Type.Optional(RestorationDetails),
});

const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CaseRecord = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  caseType: Type.String(),
  courtCode: Type.String(),
  applicant: PartySchema,
  respondents: Type.Array(PartySchema),
  basisDocument: BasisDocument,
  claimAmount: Type.Number(),
  amountRecovered: Type.Number(),
  complexity: Nullable(Type.String()),
  team: Nullable(Type.String()),
  caseOfficer: Nullable(Type.String()),
  stage: Type.String(),
  status: Type.String(),
  processInstanceKey: Nullable(Type.String()),
  registeredBy: Type.String(),
  filedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  suspension: Nullable(
    Type.Object(
      {
        kind: Type.Union([Type.Literal('中止'), Type.Literal('暂缓')]),
        reason: Type.String(),
        basis: Nullable(Type.String()),
        since: Type.String(),
        until: Nullable(Type.String()),
        by: Type.String(),
      },
      { description: '正在执行的中止 / 暂缓；未中止、暂缓期满或已结案时为 null' },
    ),
  ),
  excludedPeriods: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String({ description: '公告 | 审计 | 评估 | 鉴定 | 管辖权异议 | 其他' }),
      reason: Type.String(),
      basis: Nullable(Type.String()),
      from: Type.String(),
      to: Nullable(Type.String({ description: '结束时间；null 为尚未结束，晚于当前时间为预定结束时间' })),
      recordedBy: Type.String(),
      endedBy: Nullable(Type.String()),
      open: Type.Boolean({ description: '当前是否仍在期间内' }),
    }),
    { description: '平台登记的不计入执行期限的期间（不含中止 / 暂缓），最新的在前' },
  ),
});

/** the case page: the record and the model's view of the six-month execution period */
export const CaseDetail = Type.Composite([
  CaseRecord,
  Type.Object({
    executionPeriod: Nullable(
      Type.Object(
        {
          end: Nullable(Type.String({ description: '执行期限届满日（流程变量 executionPeriodEnd）' })),
          effectiveEnd: Nullable(Type.String({ description: '扣除不计入期间后的届满日（executionPeriodEffectiveEnd）' })),
          stopped: Type.Boolean({ description: '期限是否停止计算（executionPeriodStopped）' }),
          excludedPeriods: Type.Array(
            Type.Object({
              id: Type.Optional(Type.String()),
              kind: Type.String(),
              from: Type.String(),
              to: Nullable(Type.String()),
              reason: Type.Optional(Type.String()),
            }),
            { description: '流程计算的不计入期间（含中止、暂缓、拍卖暂停）' },
          ),
        },
        { description: '案件主流程实例的执行期限变量；无流程、无变量或引擎未及时应答时为 null' },
      ),
    ),
  }),
]);

export const ExclusionKind = Type.Union(
  [Type.Literal('公告'), Type.Literal('审计'), Type.Literal('评估'), Type.Literal('鉴定'), Type.Literal('管辖权异议'), Type.Literal('其他')],
  { description: '不计入执行期限的事由类别' },
);

export const ExcludedPeriodBody = Type.Object(
  {
    kind: ExclusionKind,
    reason: Type.String({ minLength: 1, maxLength: 500, description: '事由' }),
    basis: Type.Optional(Type.String({ maxLength: 200, description: '依据 / 文书（如公告文号）' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: '起点，默认当前时间；不早于立案、不晚于当前时间' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: '终点，须晚于起点；已过去为事后登记的已结束期间，未来为预定结束时间' })),
  },
  { additionalProperties: false },
);

export const EndExcludedPeriodBody = Type.Object(
  {
    to: Type.Optional(Type.String({ format: 'date-time', description: '终点，默认当前时间；不早于起点、不晚于当前时间' })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: '结束的事由' })),
  },
  { additionalProperties: false },
);

export const PeriodParams = Type.Object({ id: Type.String({ format: 'uuid' }), periodId: Type.String({ format: 'uuid' }) });
export const AssetParams = Type.Object({ id: Type.String({ format: 'uuid' }), assetId: Type.String({ minLength: 1, maxLength: 200 }) });

export const CaseAuction = Type.Object({
  assetId: Type.String(),
  description: Nullable(Type.String()),
  processInstanceKey: Type.String(),
  state: Type.Union([Type.Literal('ACTIVE'), Type.Literal('COMPLETED'), Type.Literal('TERMINATED')]),
  activeElements: Type.Array(Type.Object({ elementId: Type.String(), name: Nullable(Type.String()) })),
  suspension: Nullable(
    Type.Object(
      { kind: Type.String(), reason: Type.String(), since: Type.String(), until: Nullable(Type.String()) },
      { description: '拍卖当前所处的暂缓 / 中止（按流程当前位置判断）；未暂停时为 null' },
    ),
  ),
  auctionResult: Nullable(Type.String()),
  pricingWithdrawal: Nullable(
    Type.Object(
      { reason: Nullable(Type.String()), basis: Nullable(Type.String()), withdrawnAt: Nullable(Type.String()) },
      { description: '撤回询价评估（RP 29）的记录（流程变量 pricingWithdrawal）；未撤回时为 null' },
    ),
  ),
});

export const AuctionSuspensionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('中止'), Type.Literal('暂缓')]),
    reason: Type.String({ minLength: 1, maxLength: 500, description: '暂缓 / 中止拍卖的事由' }),
    basis: Type.Optional(Type.String({ maxLength: 200, description: '依据 / 文书' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: '暂缓期限（仅暂缓；须晚于当前时间）' })),
  },
  { additionalProperties: false },
);

export const PricingWithdrawalBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500, description: '撤回网络询价或委托评估的事由（RP 29）' }),
    basis: Type.Optional(Type.String({ maxLength: 200, description: '依据 / 文书' })),
  },
  { additionalProperties: false },
);

export const SuspensionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('中止'), Type.Literal('暂缓')]),
    reason: Type.String({ minLength: 1, maxLength: 500, description: '中止 / 暂缓的事由' }),
    basis: Type.Optional(Type.String({ maxLength: 200, description: '法律依据 / 文书（如中止裁定书文号）' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: '暂缓期限（仅暂缓；须晚于引擎当前时间）' })),
  },
  { additionalProperties: false },
);

export const ResumptionBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500, description: '恢复执行的事由' })) }, { additionalProperties: false });

export const CreatedCase = Type.Composite([CaseRecord, Type.Object({ publicPassword: Type.String({ description: '申请人查询密码，仅在立案时返回一次' }) })]);

export const CaseQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  stage: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  caseType: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

export const CasePage = Type.Object({ items: Type.Array(CaseRecord), total: Type.Integer() });

export const TimelineEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  actor: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  elementId: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
});

export const Comment = Type.Object({ id: Type.String(), author: Type.String(), authorName: Type.String(), body: Type.String(), createdAt: Type.String() });
export const NewComment = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) });

export const CaseFile = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Type.String(),
  uploadedBy: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});

export const CaseInstance = Type.Object({
  processInstanceKey: Type.String(),
  bpmnProcessId: Type.String(),
  name: Nullable(Type.String()),
  state: Type.Union([Type.Literal('ACTIVE'), Type.Literal('COMPLETED'), Type.Literal('TERMINATED')]),
  parentProcessInstanceKey: Nullable(Type.String()),
  startDate: Type.String(),
});

export const Diagram = Type.Object({
  processDefinitionKey: Type.String(),
  processInstanceKey: Type.String({ description: '图中所示的流程实例' }),
  xml: Type.String(),
  active: Type.Array(Type.String()),
  completed: Type.Array(Type.String()),
  incidents: Type.Array(Type.String()),
  instances: Type.Array(CaseInstance, { description: '本案的流程实例树：根实例及其直接或间接调用的实例（广度优先）' }),
});

export const DocumentParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
