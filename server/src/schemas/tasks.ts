import { Type } from '@sinclair/typebox';

const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const InboxView = Type.Union([Type.Literal('mine'), Type.Literal('groups'), Type.Literal('unassigned'), Type.Literal('completed')]);
export const InboxSort = Type.Union([Type.Literal('dueDate'), Type.Literal('priority'), Type.Literal('created')]);

export const TaskQuery = Type.Object({
  view: Type.Optional(InboxView),
  sort: Type.Optional(InboxSort),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  filterId: Type.Optional(Type.String({ format: 'uuid' })),
  processId: Type.Optional(Type.String({ maxLength: 100 })),
  elementId: Type.Optional(Type.String({ maxLength: 100 })),
  candidateGroup: Type.Optional(Type.String({ maxLength: 50 })),
  dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

export const TaskItem = Type.Object({
  key: Type.String(),
  name: Type.String(),
  elementId: Type.String(),
  processId: Type.String(),
  processName: Nullable(Type.String()),
  processInstanceKey: Type.String(),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  candidateGroups: Type.Array(Type.String()),
  candidateUsers: Type.Array(Type.String()),
  assignee: Nullable(Type.String()),
  createdAt: Type.String(),
  completedAt: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  followUpDate: Nullable(Type.String()),
  priority: Type.Integer(),
  state: Type.String(),
  formKey: Nullable(Type.String()),
  overdue: Type.Boolean(),
  dueSoon: Type.Boolean(),
});

export const TaskPage = Type.Object({
  items: Type.Array(TaskItem),
  total: Type.Integer(),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: 至少 total 条（引擎计数上限 10,000）' })),
  serverTime: Type.String({ format: 'date-time', description: '服务器时间（引擎时钟），倒计时以此为准' }),
});

export const TaskCounts = Type.Object({
  mine: Type.Integer(),
  groups: Type.Integer(),
  unassigned: Type.Integer(),
  completed: Type.Integer(),
  overdue: Type.Integer({ description: '我的逾期任务' }),
  capped: Type.Optional(Type.Array(Type.String(), { description: '计数达到引擎上限（10,000）的视图：至少这么多' })),
});

export const TaskKeyParams = Type.Object({ key: Type.String({ pattern: '^[0-9]{1,20}$' }) });

export const TaskDetail = Type.Object({
  task: TaskItem,
  form: Nullable(Type.Object({ id: Type.String(), key: Type.String(), version: Type.Integer(), schema: Type.Unknown() })),
  variables: Type.Record(Type.String(), Type.Unknown()),
  draft: Nullable(Type.Record(Type.String(), Type.Unknown())),
  case: Nullable(Type.Object({ id: Type.String(), caseNumber: Type.String(), stage: Type.String(), status: Type.String(), team: Nullable(Type.String()), caseOfficer: Nullable(Type.String()) })),
});

export const AssignBody = Type.Object({ assignee: Type.String({ minLength: 1, maxLength: 64 }) });
export const VariablesBody = Type.Object({ variables: Type.Record(Type.String(), Type.Unknown(), { default: {} }) });

export const FilterQuery = Type.Object({
  view: Type.Optional(InboxView),
  sort: Type.Optional(InboxSort),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  processId: Type.Optional(Type.String({ maxLength: 100 })),
  elementId: Type.Optional(Type.String({ maxLength: 100 })),
  candidateGroup: Type.Optional(Type.String({ maxLength: 50 })),
  dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
});

export const SavedFilter = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  team: Nullable(Type.String()),
  shared: Type.Boolean(),
  query: FilterQuery,
  createdAt: Type.String(),
});

export const NewFilter = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  team: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50, description: '共享给该部门（须为本人所在部门）' }))),
  query: FilterQuery,
});
