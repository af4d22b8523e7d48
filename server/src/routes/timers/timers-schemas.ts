/** The staff timers page: pending engine timers of the cases a user works on, with 案号 and parties. */
import { Type } from '@sinclair/typebox';
import { Timer } from '../../schemas/monitoring.js';

export const CaseTimersQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })) },
  { additionalProperties: false },
);

export const CaseTimer = Type.Composite([
  Timer,
  Type.Object({
    applicantName: Type.Optional(Type.String({ description: '申请执行人' })),
    respondentNames: Type.Optional(Type.Array(Type.String(), { description: '被执行人' })),
    team: Type.Optional(Type.String({ description: '承办团队' })),
  }),
]);

export const CaseTimersReply = Type.Object({
  available: Type.Boolean({ description: 'false：引擎不提供定时器查询（Camunda 集群）' }),
  /** `all`: supervisors and admins see every case's timers; `mine`: the cases of my tasks, my teams and where I am the officer */
  scope: Type.Union([Type.Literal('all'), Type.Literal('mine')]),
  items: Type.Array(CaseTimer),
  total: Type.Integer({ description: '可见的定时器数（本页）' }),
  serverTime: Type.Optional(Type.String({ format: 'date-time', description: '服务器时间（引擎时钟），倒计时以此为准' })),
});
