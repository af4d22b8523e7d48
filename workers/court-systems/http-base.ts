/**
 * The HTTP/JSON call every court-system client makes: base URL without a trailing slash, an
 * optional bearer token, a time-out, JSON in and out, and errors that name the system (in Chinese,
 * e.g. `网拍平台`), the call and the status (the worker retries them; the last one becomes the
 * incident's message, which the command centre reads in Chinese).
 */
export interface CourtSystemHttpOptions {
  /** sent as `Authorization: Bearer …` when the gateway requires it */
  token?: string;
  /** per call; default 10 s */
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
}

export class CourtSystemHttp {
  readonly baseUrl: string;

  constructor(
    /** how errors name the system, in Chinese, e.g. `网拍平台` */
    readonly systemName: string,
    baseUrl: string,
    private readonly options: CourtSystemHttpOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** the call's status and body, whatever the status (for clients that read refusals) */
  async send(method: string, pathName: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathName}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const timeoutMs = this.options.timeoutMs ?? 10_000;
      if ((error as Error).name === 'TimeoutError') throw new Error(`${this.systemName} ${method} ${pathName} 超时：${timeoutMs} 毫秒内未应答`);
      throw new Error(`${this.systemName} ${method} ${pathName} 调用失败：${(error as Error).message}`);
    }
    return { status: response.status, ok: response.ok, text: await response.text() };
  }

  /** the parsed JSON answer; a non-2xx status or a body that is not JSON is an error */
  async call<T>(method: string, pathName: string, body?: unknown): Promise<T> {
    const answer = await this.send(method, pathName, body);
    if (!answer.ok) throw new Error(`${this.systemName} ${method} ${pathName} 应答 HTTP ${answer.status}：${answer.text.slice(0, 300)}`);
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new Error(`${this.systemName} ${method} ${pathName} 的应答不是 JSON：${answer.text.slice(0, 200)}`);
    }
  }
}
