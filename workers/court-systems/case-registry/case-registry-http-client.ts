/**
 * The case-filing system over HTTP (`CASE_REGISTRY_URL`): `POST {url}/case-numbers` with the
 * request as JSON answers `{ caseNumber, sequence, repeated? }`; 409 or 422 is a refusal (its
 * `message` is shown to the clerk), anything else non-2xx a technical failure (retried).
 */
import { CaseRegistryRejection, type AllocateCaseNumberRequest, type AllocatedCaseNumber, type CaseRegistry } from './case-registry.js';

export class CaseRegistryHttpClient implements CaseRegistry {
  constructor(
    private readonly baseUrl: string,
    private readonly options: { token?: string; timeoutMs?: number } = {},
  ) {}

  async allocate(request: AllocateCaseNumberRequest): Promise<AllocatedCaseNumber> {
    const response = await fetch(`${this.baseUrl.replace(/\/$/, '')}/case-numbers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': request.requestId,
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (response.status === 409 || response.status === 422) {
      throw new CaseRegistryRejection(parseMessage(text) ?? `案件登记系统拒绝分配案号（HTTP ${response.status}）`);
    }
    if (!response.ok) throw new Error(`case registry ${this.baseUrl}: HTTP ${response.status} ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as Partial<AllocatedCaseNumber>;
    if (typeof body.caseNumber !== 'string' || typeof body.sequence !== 'number') {
      throw new Error(`case registry ${this.baseUrl}: answer without caseNumber and sequence: ${text.slice(0, 200)}`);
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
