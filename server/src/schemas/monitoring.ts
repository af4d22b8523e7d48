/**
 * Monitoring (supervisors): definitions, heatmaps, timers, incidents, 执行质效.
 */
import { Type, type Static } from '@sinclair/typebox';

const Key = Type.String({ pattern: '^\\d{1,19}$' });
const DateTime = Type.String({ format: 'date-time' });

export const DefinitionSummary = Type.Object({
  processDefinitionKey: Type.String(),
  processDefinitionId: Type.String(),
  name: Type.Optional(Type.String()),
  version: Type.Integer(),
  latest: Type.Boolean(),
});
export const DefinitionsQuery = Type.Object({ processDefinitionId: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false });
export const DefinitionsReply = Type.Object({ items: Type.Array(DefinitionSummary) });

export const HeatmapParams = Type.Object({ key: Key });
export const WindowQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: '窗口起点（含），ISO 8601' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: '窗口终点（不含），ISO 8601' })),
  },
  { additionalProperties: false },
);
export type WindowQuery = Static<typeof WindowQuery>;

export const ElementHeat = Type.Object({
  active: Type.Integer(),
  completed: Type.Integer(),
  canceled: Type.Integer(),
  incidents: Type.Integer(),
  durationCount: Type.Integer(),
  meanMs: Type.Union([Type.Number(), Type.Null()]),
  p90Ms: Type.Union([Type.Number(), Type.Null()]),
});
export const HeatmapReply = Type.Object({
  processDefinitionKey: Type.String(),
  from: DateTime,
  to: DateTime,
  durationsAvailable: Type.Boolean({ description: 'false：连接的是 Camunda 集群，只有计数，没有耗时' }),
  elements: Type.Record(Type.String(), ElementHeat),
  asOf: Type.String({ format: 'date-time', description: '数据截至：统计的计算时间（选定窗口的热力图为快照，最多约 30 秒前；无窗口时为本次请求）' }),
});

export const TimersQuery = Type.Object(
  {
    processDefinitionKey: Type.Optional(Key),
    processInstanceKey: Type.Optional(Key),
    dueBefore: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export const Timer = Type.Object({
  timerKey: Type.String(),
  processDefinitionKey: Type.String(),
  processDefinitionId: Type.String(),
  processInstanceKey: Type.Optional(Type.String()),
  elementInstanceKey: Type.Optional(Type.String()),
  elementId: Type.String(),
  elementName: Type.Optional(Type.String()),
  dueDate: DateTime,
  repetitions: Type.Integer(),
  caseId: Type.Optional(Type.String()),
  caseNumber: Type.Optional(Type.String()),
});
export const TimersReply = Type.Object({
  available: Type.Boolean({ description: 'false：引擎不提供定时器查询（Camunda 集群）' }),
  items: Type.Array(Timer),
  total: Type.Integer(),
  serverTime: Type.Optional(Type.String({ format: 'date-time', description: '服务器时间（引擎时钟），倒计时以此为准；无定时器查询时省略' })),
});

export const IncidentsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('RESOLVED')], { default: 'ACTIVE' })),
    processDefinitionKey: Type.Optional(Key),
    processInstanceKey: Type.Optional(Key),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const Incident = Type.Object({
  incidentKey: Type.String(),
  processDefinitionKey: Type.String(),
  processDefinitionId: Type.String(),
  processInstanceKey: Type.String(),
  errorType: Type.String(),
  errorMessage: Type.String(),
  elementId: Type.String(),
  elementInstanceKey: Type.String(),
  creationTime: DateTime,
  state: Type.String(),
  jobKey: Type.Optional(Type.String()),
  caseId: Type.Optional(Type.String()),
  caseNumber: Type.Optional(Type.String()),
});
export const IncidentsReply = Type.Object({ items: Type.Array(Incident), total: Type.Integer() });

export const IncidentParams = Type.Object({ key: Key });
export const RetryBody = Type.Object(
  { retries: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1, description: '作业的重试次数' })) },
  { additionalProperties: false },
);
export const RetryReply = Type.Object({ incidentKey: Type.String(), jobKey: Type.Optional(Type.String()), resolved: Type.Literal(true) });

export const QualityQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    groupBy: Type.Optional(Type.Union([Type.Literal('team'), Type.Literal('month')], { default: 'team' })),
  },
  { additionalProperties: false },
);
const Rate = Type.Union([Type.Number(), Type.Null()]);
export const QualityFigures = Type.Object({
  group: Type.String({ description: '团队，或月份 YYYY-MM；合计' }),
  received: Type.Integer({ description: '新收' }),
  pendingAtStart: Type.Integer({ description: '旧存' }),
  closed: Type.Integer({ description: '已结' }),
  closureRate: Type.Union([Rate], { description: '结案率 = 已结 / (旧存 + 新收)' }),
  amountRecovered: Type.Number({ description: '执行到位金额（元），按窗口内结案的案件' }),
  averageDaysToClose: Type.Union([Type.Number(), Type.Null()], { description: '平均结案天数' }),
  finalityClosed: Type.Integer({ description: '终本结案数' }),
  finalityRate: Type.Union([Rate], { description: '终本率 = 终本结案 / 已结' }),
  overdueTasks: Type.Integer({ description: '超期未办任务（按到期时间分段计数，超过引擎 10,000 的计数上限时仍准确）' }),
  overdueTasksAtLeast: Type.Boolean({ description: 'true：overdueTasks 为下限（“至少”），引擎无法精确计数时' }),
});
export const QualityReply = Type.Object({
  from: DateTime,
  to: DateTime,
  groupBy: Type.Union([Type.Literal('team'), Type.Literal('month')]),
  groups: Type.Array(QualityFigures),
  total: QualityFigures,
  asOf: Type.String({ format: 'date-time', description: '数据截至：执行质效为后台快照，每分钟及案件、任务变化后刷新；未指定 to 时窗口止于此时' }),
});
