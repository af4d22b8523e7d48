/**
 * The register body's type-specific blocks (执保 `preservation`, 执恢 `restoration`) and the
 * client-side rules that match the server's (server/src/services/cases.ts `caseDetailsProblem`):
 * the first problem as the field the server would name and an i18n key for its message.
 */
export type PreservationKind = 'pre-suit' | 'in-suit' | 'pre-enforcement';
export type RestorationTrigger = 'application' | 'lead' | 'property-found' | 'entrustment-returned' | 'stay-ended';

export const PRESERVATION_KINDS: PreservationKind[] = ['pre-suit', 'in-suit', 'pre-enforcement'];
export const RESTORATION_TRIGGERS: RestorationTrigger[] = ['application', 'lead', 'property-found', 'entrustment-returned', 'stay-ended'];

/** the form's state of both blocks; only the chosen type's block is sent */
export interface CaseTypeDetailsForm {
  preservation: { kind: PreservationKind | ''; urgent: boolean; securityAmount: number | undefined; performanceDeadline: string };
  restoration: { originalCaseNumber: string; trigger: RestorationTrigger | ''; amountRecovered: number | undefined; settlementPaid: number | undefined };
}

export const emptyCaseTypeDetails = (): CaseTypeDetailsForm => ({
  preservation: { kind: '', urgent: false, securityAmount: undefined, performanceDeadline: '' },
  restoration: { originalCaseNumber: '', trigger: '', amountRecovered: undefined, settlementPaid: undefined },
});

/** a 执 or 执恢 案号, half- or full-width parentheses (what the server accepts as 原案号) */
const RESTORABLE_CASE_NUMBER = /^\s*[（(]\d{4}[）)][\u4e00-\u9fff]\d{2,6}(执恢|执)\d+号\s*$/;

export interface DetailsProblem {
  field: string;
  /** key under `registerDetails` */
  message: string;
}

export function caseTypeDetailsProblem(caseType: string, claimAmount: number, d: CaseTypeDetailsForm): DetailsProblem | undefined {
  if (caseType === '执保') {
    const p = d.preservation;
    if (!p.kind) return { field: 'preservation.kind', message: 'kindRequired' };
    if (!(claimAmount > 0)) return { field: 'claimAmount', message: 'claimRequired' };
    if (p.kind === 'pre-suit' && !(typeof p.securityAmount === 'number' && p.securityAmount > 0)) return { field: 'preservation.securityAmount', message: 'securityRequired' };
    if (p.kind === 'pre-enforcement' && !p.performanceDeadline) return { field: 'preservation.performanceDeadline', message: 'deadlineRequired' };
  }
  if (caseType === '执恢') {
    const r = d.restoration;
    if (!r.originalCaseNumber.trim()) return { field: 'restoration.originalCaseNumber', message: 'originalRequired' };
    if (!RESTORABLE_CASE_NUMBER.test(r.originalCaseNumber)) return { field: 'restoration.originalCaseNumber', message: 'originalInvalid' };
    if (!r.trigger) return { field: 'restoration.trigger', message: 'triggerRequired' };
  }
  return undefined;
}

/** the block to send for the case type, without empty optional fields */
export function caseTypeDetailsBody(caseType: string, d: CaseTypeDetailsForm): Record<string, unknown> {
  if (caseType === '执保') {
    const p = d.preservation;
    return {
      preservation: {
        kind: p.kind,
        urgent: p.urgent,
        ...(typeof p.securityAmount === 'number' ? { securityAmount: p.securityAmount } : {}),
        ...(p.kind === 'pre-enforcement' && p.performanceDeadline ? { performanceDeadline: p.performanceDeadline } : {}),
      },
    };
  }
  if (caseType === '执恢') {
    const r = d.restoration;
    return {
      restoration: {
        originalCaseNumber: r.originalCaseNumber.trim(),
        trigger: r.trigger,
        ...(typeof r.amountRecovered === 'number' ? { amountRecovered: r.amountRecovered } : {}),
        ...(typeof r.settlementPaid === 'number' ? { settlementPaid: r.settlementPaid } : {}),
      },
    };
  }
  return {};
}
