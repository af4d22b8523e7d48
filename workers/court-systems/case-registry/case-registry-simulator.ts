/**
 * Deterministic local simulator of the case-filing system, for development, demos and tests.
 * It keeps one counter per (court, year, case type), starting at `startAt` (default 1), and
 * remembers each request id, so a redelivered job gets the number it got before. It only files
 * cases of its own court (a request for another court's code is refused, as the real system
 * refuses it), which is how tests reach the manual-registration path.
 */
import { formatCaseNumber } from '../../../common/case-number.js';
import { CaseRegistryRejection, type AllocateCaseNumberRequest, type AllocatedCaseNumber, type CaseRegistry } from './case-registry.js';

export class CaseRegistrySimulator implements CaseRegistry {
  private readonly counters = new Map<string, number>();
  private readonly answered = new Map<string, AllocatedCaseNumber>();

  constructor(private readonly options: { courtCode: string; startAt?: number }) {}

  async allocate(request: AllocateCaseNumberRequest): Promise<AllocatedCaseNumber> {
    const before = this.answered.get(request.requestId);
    if (before) return { ...before, repeated: true };
    if (request.courtCode !== this.options.courtCode) {
      throw new CaseRegistryRejection(`案件登记系统只登记本院（${this.options.courtCode}）案件，不能为 ${request.courtCode} 分配案号`);
    }
    const counter = `${request.courtCode}|${request.year}|${request.caseType}`;
    const sequence = (this.counters.get(counter) ?? (this.options.startAt ?? 1) - 1) + 1;
    const caseNumber = formatCaseNumber({ year: request.year, courtCode: request.courtCode, caseType: request.caseType, sequence });
    this.counters.set(counter, sequence);
    const allocated = { caseNumber, sequence, repeated: false };
    this.answered.set(request.requestId, allocated);
    return allocated;
  }

  /** the last sequence number given for a court, year and type (0 when none) */
  lastSequence(courtCode: string, year: number, caseType: string): number {
    return this.counters.get(`${courtCode}|${year}|${caseType}`) ?? 0;
  }
}
