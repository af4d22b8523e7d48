/**
 * Errors as the console reads them: `{ statusCode, error, message, field? }`, message in Chinese.
 * Route code throws `HttpError` (or the helpers); schema validation failures name the field.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { EngineError } from './engine-client.js';
import { definePlugin } from './plugin.js';

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    /** every field at fault, when there are several (form validation) */
    readonly errors?: { field: string; label?: string; message: string }[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, message, field);
export const notFound = (message: string) => new HttpError(404, message);
export const forbidden = (message = '无权执行此操作') => new HttpError(403, message);
export const conflict = (message: string, field?: string) => new HttpError(409, message, field);

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
  errors?: { field: string; label?: string; message: string }[];
}

export const errorBody = (statusCode: number, message: string, field?: string, errors?: ErrorBody['errors']): ErrorBody => ({
  statusCode,
  error: STATUS_TITLES[statusCode] ?? 'Error',
  message,
  ...(field ? { field } : {}),
  ...(errors?.length ? { errors } : {}),
});

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/parties/applicant/name` → `parties.applicant.name` */
const fieldOf = (e: AjvError) => {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  return [base, extra].filter(Boolean).join('.') || undefined;
};

function validationMessage(e: AjvError, field: string | undefined): string {
  const f = field ?? '请求';
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `缺少必填字段 ${f}`;
    case 'additionalProperties':
      return `不允许的字段 ${f}`;
    case 'type':
      return `字段 ${f} 类型应为 ${String(p.type)}`;
    case 'minLength':
      return `字段 ${f} 长度不能少于 ${String(p.limit)}`;
    case 'maxLength':
      return `字段 ${f} 长度不能超过 ${String(p.limit)}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `字段 ${f} 不能小于 ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `字段 ${f} 不能大于 ${String(p.limit)}`;
    case 'pattern':
    case 'format':
      return `字段 ${f} 格式不正确`;
    case 'enum':
    case 'anyOf':
    case 'const':
      return `字段 ${f} 的取值不在允许范围内${p.allowedValues ? `（${(p.allowedValues as unknown[]).join('、')}）` : ''}`;
    case 'minItems':
      return `字段 ${f} 至少需要 ${String(p.limit)} 项`;
    case 'maxItems':
      return `字段 ${f} 最多 ${String(p.limit)} 项`;
    default:
      return `字段 ${f} 无效：${e.message ?? e.keyword}`;
  }
}

export const httpErrorsPlugin = definePlugin('http-errors', async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | HttpError | EngineError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message, error.field, error.errors));
    if (error instanceof EngineError) {
      const status = error.statusCode >= 500 || error.statusCode === 0 ? (error.statusCode === 0 ? 503 : 502) : error.statusCode;
      return reply.code(status).send(errorBody(status, error.message));
    }
    const fe = error as FastifyError & { validation?: AjvError[] };
    if (fe.validation && fe.validation.length > 0) {
      const first = fe.validation[0]!;
      const field = fieldOf(first);
      return reply.code(400).send(errorBody(400, validationMessage(first, field), field));
    }
    const status = fe.statusCode && fe.statusCode >= 400 ? fe.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message =
      status === 500
        ? '服务器内部错误'
        : status === 413
          ? '上传内容过大'
          : status === 415
            ? '不支持的内容类型'
            : status === 429
              ? fe.message || '请求过于频繁，请稍后再试'
              : fe.message;
    return reply.code(status).send(errorBody(status, message));
  });
});
