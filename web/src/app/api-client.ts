/**
 * The one HTTP client of the console. Every non-GET request carries the session's CSRF token
 * (`x-csrf-token`); errors come back as `{ statusCode, error, message, field? }` with a Chinese
 * `message`, which `ApiError` keeps so a view can show it next to the field it names.
 */
export interface ServerError {
  statusCode: number;
  error?: string;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  readonly statusCode: number;
  readonly field?: string;
  /** the whole error body, for routes that add details (a refused deployment lists its problems) */
  readonly body?: unknown;
  constructor(error: ServerError, body?: unknown) {
    super(error.message);
    this.name = 'ApiError';
    this.statusCode = error.statusCode;
    this.field = error.field;
    this.body = body;
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ statusCode: 0, message: '无法连接服务器，请检查网络后重试' });
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    const server = (data && typeof data === 'object' ? data : {}) as Partial<ServerError>;
    const error = new ApiError({
      statusCode: response.status,
      error: server.error,
      message: server.message || `请求失败（${response.status}）`,
      field: server.field,
    }, data);
    if (response.status === 401 && onUnauthorized && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw error;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The message to show for any thrown value, in the server's words when it sent some. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
