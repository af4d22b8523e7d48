/**
 * The case-filing system over HTTP (`CASE_REGISTRY_URL`): `POST {url}/case-numbers` with the
 * request as JSON answers `{ caseNumber, sequence, repeated? }`; 409 or 422 is a refusal (its
 * `message` is shown to the clerk), anything else non-2xx a technical failure (retried).
 */
import { CourtSystemHttp } from '../http-base.js';
import { CaseRegistryRejection, type AllocateCaseNumberRequest, type AllocatedCaseNumber, type CaseRegistry } from './case-registry.js';

export class CaseRegistryHttpClient implements CaseRegistry {
  private readonly http: CourtSystemHttp;

  constructor(
    private readonly baseUrl: string,
    options: { token?: string; timeoutMs?: number } = {},
  ) {
    this.http = new CourtSystemHttp('案件登记系统', baseUrl, options);
  }

  async allocate(request: AllocateCaseNumberRequest): Promise<AllocatedCaseNumber> {
    const { status, ok, text } = await this.http.send('POST', '/case-numbers', request, { 'idempotency-key': request.requestId });
    if (status === 409 || status === 422) {
      throw new CaseRegistryRejection(parseMessage(text) ?? `案件登记系统拒绝分配案号（HTTP ${status}）`);
    }
    if (!ok) throw new Error(`案件登记系统 ${this.baseUrl} 应答 HTTP ${status}：${text.slice(0, 200)}`);
    let body: Partial<AllocatedCaseNumber>;
    try {
      body = JSON.parse(text) as Partial<AllocatedCaseNumber>;
    } catch {
      body = {};
    }
    if (typeof body.caseNumber !== 'string' || typeof body.sequence !== 'number') {
      throw new Error(`案件登记系统 ${this.baseUrl} 的应答缺少 caseNumber 和 sequence：${text.slice(0, 200)}`);
    }
    return { caseNumber: body.caseNumber, sequence: body.sequence, repeated: body.repeated ?? false };
  }
}

function parseMessage(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
