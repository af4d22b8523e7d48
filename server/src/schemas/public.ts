/**
 * The applicant's status page (当事人查询): case number and password in, read-only progress out —
 * stage, 查控 and 处置 progress, documents issued; nothing internal (no staff, no account numbers,
 * no identity numbers, no comments).
 */
import { Type, type Static } from '@sinclair/typebox';

export const StatusBody = Type.Object(
  {
    caseNumber: Type.String({ minLength: 1, maxLength: 60, description: '案号' }),
    password: Type.String({ minLength: 1, maxLength: 128, description: '查询密码（立案时告知申请执行人）' }),
  },
  { additionalProperties: false },
);
export type StatusBody = Static<typeof StatusBody>;

const Money = Type.Number({ description: '元' });
const DateTime = Type.String({ format: 'date-time' });

export const PublicStatus = Type.Object({
  caseNumber: Type.String(),
  caseType: Type.String(),
  /** 立案 / 财产查控 / 司法网拍 / 终结本次执行程序 / 已结案 … */
  stage: Type.String(),
  closed: Type.Boolean(),
  filedAt: DateTime,
  closedAt: Type.Union([DateTime, Type.Null()]),
  claimAmount: Money,
  amountRecovered: Money,
  inquiry: Type.Object({
    /** 网络查控 queries completed (总对总, 点对点) */
    queriesDone: Type.Integer(),
    lastQueryAt: Type.Union([DateTime, Type.Null()]),
    /** assets found, counted by kind (存款, 车辆, 不动产, 股权, …) */
    assetsFound: Type.Record(Type.String(), Type.Integer()),
  }),
  disposal: Type.Object({
    frozenAmount: Money,
    /** 已扣划 / 执行到位 */
    deductedAmount: Money,
    sealedAssets: Type.Integer({ description: '查封的财产数' }),
    auctions: Type.Array(
      Type.Object({
        round: Type.Union([Type.Integer(), Type.Null()], { description: '1 一拍、2 二拍、3 变卖' }),
        status: Type.String({ description: '进行中 / 拍卖成交 / 以物抵债 / 变卖成交 / 未能处置' }),
        startsAt: Type.Union([DateTime, Type.Null()]),
        endsAt: Type.Union([DateTime, Type.Null()]),
        startingPrice: Type.Union([Money, Type.Null()]),
        proceeds: Type.Union([Money, Type.Null()]),
      }),
    ),
  }),
  documents: Type.Array(Type.Object({ kind: Type.String(), issuedAt: DateTime })),
});
export type PublicStatus = Static<typeof PublicStatus>;
