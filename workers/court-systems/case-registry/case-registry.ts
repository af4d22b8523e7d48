/**
 * 案件登记系统 (the court's case-filing system): it allocates the sequence numbers of new cases,
 * e.g. a 执恢 number when an enforcement case is restored. The adapter interface, used by
 * `restoration.allocate-case-number`; `CaseRegistrySimulator` and `CaseRegistryHttpClient`
 * implement it, and `getCaseRegistry(ctx)` picks one (`CASE_REGISTRY_URL` set → HTTP).
 */
import type { EnforcementCaseType } from '../../../common/case-number.js';

export interface AllocateCaseNumberRequest {
  /** 法院代字, e.g. 豫1330 */
  courtCode: string;
  /** the year of filing (立案年度) */
  year: number;
  caseType: EnforcementCaseType;
  /** the case this one continues (原案号), recorded with the new number */
  originalCaseNumber?: string;
  /** stable per request: a repeated request with the same key returns the same number */
  requestId: string;
}

export interface AllocatedCaseNumber {
  caseNumber: string;
  sequence: number;
  /** true when this request id had been answered before (nothing new was allocated) */
  repeated: boolean;
}

/** the registry refused the request (a business outcome, not a technical failure) */
export class CaseRegistryRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseRegistryRejection';
  }
}

export interface CaseRegistry {
  allocate(request: AllocateCaseNumberRequest): Promise<AllocatedCaseNumber>;
}
