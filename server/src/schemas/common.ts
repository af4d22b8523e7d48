import { Type, type Static } from '@sinclair/typebox';

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), label: Type.Optional(Type.String()), message: Type.String() }))),
  },
  { $id: undefined, description: '错误：message 为中文说明，field 为出错的字段' },
);

/** the usual error answers of a signed-in route */
export const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  502: ErrorResponse,
  503: ErrorResponse,
};

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const KeyParams = Type.Object({ key: Type.String({ pattern: '^[0-9]{1,20}$' }) });

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Ok = Type.Object({ ok: Type.Literal(true) });
export type OkType = Static<typeof Ok>;
