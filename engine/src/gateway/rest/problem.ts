/**
 * The one place where failures become HTTP problem details (RFC 9457,
 * `application/problem+json`), as Camunda's `GatewayErrorMapper` and `ErrorMapper`:
 * - a command rejection keeps Zeebe's text, `Command '<intent>' rejected with code '<type>': <reason>`,
 *   with the rejection type as title; NOT_FOUND → 404, INVALID_ARGUMENT → 400,
 *   INVALID_STATE and ALREADY_EXISTS → 409, UNAUTHORIZED → 401, FORBIDDEN → 403,
 *   PROCESSING_ERROR and EXCEEDED_BATCH_RECORD_SIZE → 500 titled INTERNAL;
 * - back-pressure is 503 titled RESOURCE_EXHAUSTED, which both SDKs retry;
 * - a request that waits too long (awaitCompletion) is 504 titled DEADLINE_EXCEEDED;
 * - a request the gateway refuses itself is a `RestError` naming its status and title (bad
 *   input is 400 INVALID_ARGUMENT with the field at fault in `detail`);
 * - anything else is a broken invariant: 500, with the message only (never a stack).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BackpressureError, RequestTimeoutError, type Rejection, type RejectionType } from '../../engine-api.js';
import { InvalidQueryError } from '../../query/search.js';
import type { Result } from '../../util/result.js';

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** A request the REST gateway refuses, or gives up on, itself. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'RestError';
  }
}

export const invalidArgument = (detail: string) => new RestError(400, 'INVALID_ARGUMENT', detail);
export const notFound = (detail: string) => new RestError(404, 'NOT_FOUND', detail);
/** A feature of Camunda's API that this engine does not have (yet). */
export const notSupported = (what: string) =>
  new RestError(501, 'NOT_IMPLEMENTED', `Expected to handle the request, but ${what} is not yet supported by this engine`);

/** A rejected command, thrown by `unwrap` so that handlers stay one mapping long. */
export class RejectionError extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
    this.name = 'RejectionError';
  }
}

/** The value of a successful command; a rejection becomes its problem. */
export function unwrap<T>(result: Result<T, Rejection>): T {
  if (!result.ok) throw new RejectionError(result.error);
  return result.value;
}

const REJECTION_STATUS: Record<RejectionType, [number, string]> = {
  INVALID_ARGUMENT: [400, 'INVALID_ARGUMENT'],
  NOT_FOUND: [404, 'NOT_FOUND'],
  ALREADY_EXISTS: [409, 'ALREADY_EXISTS'],
  INVALID_STATE: [409, 'INVALID_STATE'],
  PROCESSING_ERROR: [500, 'INTERNAL'],
  EXCEEDED_BATCH_RECORD_SIZE: [500, 'INTERNAL'],
  UNAUTHORIZED: [401, 'UNAUTHORIZED'],
  FORBIDDEN: [403, 'FORBIDDEN'],
};

export function rejectionToProblem(rejection: Rejection): { status: number; title: string; detail: string } {
  const [status, title] = REJECTION_STATUS[rejection.type] ?? [500, 'UNKNOWN'];
  return { status, title, detail: `Command '${rejection.intent}' rejected with code '${rejection.type}': ${rejection.reason}` };
}

export function errorToProblem(error: unknown, request?: FastifyRequest): { status: number; title: string; detail: string } {
  if (error instanceof RejectionError) return rejectionToProblem(error.rejection);
  if (error instanceof RestError) return { status: error.status, title: error.title, detail: error.message };
  if (error instanceof InvalidQueryError) return { status: 400, title: 'INVALID_ARGUMENT', detail: error.message };
  if (error instanceof BackpressureError) return { status: 503, title: 'RESOURCE_EXHAUSTED', detail: error.message };
  if (error instanceof RequestTimeoutError) return { status: 504, title: 'DEADLINE_EXCEEDED', detail: error.message };
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return { status: 400, title: 'INVALID_ARGUMENT', detail: validationDetail(fastifyError as FastifyError, request) };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // fastify's own refusals: malformed JSON, unsupported media type, body too large, …
    return { status: fastifyError.statusCode, title: fastifyError.statusCode === 400 ? 'INVALID_ARGUMENT' : httpTitle(fastifyError.statusCode), detail: firstLine(error) };
  }
  return { status: 500, title: 'INTERNAL', detail: `Unexpected error occurred during the request processing: ${firstLine(error)}` };
}

/** An error that no mapping explains: a bug worth logging in full where it happened. */
export function isUnexpected(error: unknown): boolean {
  return errorToProblem(error).status === 500 && !(error instanceof RejectionError);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: { status: number; title: string; detail: string }) {
  const body: ProblemDetail = { type: 'about:blank', ...problem, instance: request.url.split('?', 1)[0] ?? request.url };
  return reply.code(problem.status).type('application/problem+json').send(body);
}

/**
 * A schema violation in Camunda's words, naming the field at fault:
 * `No type provided.` for a missing field, else `The value for <field> is '<value>' but must be <rule>.`
 */
function validationDetail(error: FastifyError, request?: FastifyRequest): string {
  const [first] = error.validation ?? [];
  if (!first) return error.message;
  const path = (first.instancePath ?? '').split('/').filter(Boolean);
  const where = path.join('.');
  if (first.keyword === 'required') {
    const missing = (first.params as { missingProperty?: string }).missingProperty ?? '';
    return `No ${where ? `${where}.` : ''}${missing} provided.`;
  }
  const context = error.validationContext ?? 'body';
  const field = where || context;
  const source = context === 'params' ? request?.params : context === 'querystring' ? request?.query : request?.body;
  const value = path.reduce<unknown>((v, step) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined), source);
  const shown = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return `The value for ${field} is '${shown}' but ${first.message ?? 'is invalid'}.`;
}

function httpTitle(status: number): string {
  return { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 406: 'NOT_ACCEPTABLE', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' }[status] ?? 'BAD_REQUEST';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
