/**
 * The register dialog's 执保 / 执恢 rules (web `case-type-details.ts`) name the same field as the
 * server's (`caseDetailsProblem`) for the same input, and the body the dialog sends passes the
 * server's rules when the dialog's pass.
 */
import { describe, expect, it } from 'vitest';
import { caseDetailsProblem, type NewCase } from '../../server/src/services/cases.js';
import { caseTypeDetailsBody, caseTypeDetailsProblem, emptyCaseTypeDetails, type CaseTypeDetailsForm } from '../../web/src/features/cases/components/case-type-details.js';

const base = {
  applicant: { name: '张三', kind: 'person' as const },
  respondents: [{ name: '李四', kind: 'person' as const }],
  basisDocument: { court: '本院', number: '（2025）豫1330民初1号', kind: '民事判决书' },
};

function form(change: (d: CaseTypeDetailsForm) => void): CaseTypeDetailsForm {
  const d = emptyCaseTypeDetails();
  change(d);
  return d;
}

const cases: [string, string, number, CaseTypeDetailsForm, string | undefined][] = [
  ['执 without a block', '执', 100, emptyCaseTypeDetails(), undefined],
  ['诉前 without security', '执保', 100, form((d) => (d.preservation.kind = 'pre-suit')), 'preservation.securityAmount'],
  ['诉前 with security 0', '执保', 100, form((d) => Object.assign(d.preservation, { kind: 'pre-suit', securityAmount: 0 })), 'preservation.securityAmount'],
  ['诉前 with security', '执保', 100, form((d) => Object.assign(d.preservation, { kind: 'pre-suit', securityAmount: 100 })), undefined],
  ['诉讼 with nothing else', '执保', 100, form((d) => (d.preservation.kind = 'in-suit')), undefined],
  ['诉讼 with no amount', '执保', 0, form((d) => (d.preservation.kind = 'in-suit')), 'claimAmount'],
  ['执行前 without its deadline', '执保', 100, form((d) => (d.preservation.kind = 'pre-enforcement')), 'preservation.performanceDeadline'],
  ['执行前 with its deadline', '执保', 100, form((d) => Object.assign(d.preservation, { kind: 'pre-enforcement', performanceDeadline: '2026-12-31' })), undefined],
  ['执恢 with a 执 原案号', '执恢', 100, form((d) => Object.assign(d.restoration, { originalCaseNumber: '(2025)豫1330执9号', trigger: 'lead' })), undefined],
  ['执恢 with a 执恢 原案号', '执恢', 100, form((d) => Object.assign(d.restoration, { originalCaseNumber: '（2025）豫1330执恢2号', trigger: 'application' })), undefined],
  ['执恢 with a 执保 原案号', '执恢', 100, form((d) => Object.assign(d.restoration, { originalCaseNumber: '（2025）豫1330执保2号', trigger: 'lead' })), 'restoration.originalCaseNumber'],
  ['执恢 with no case number', '执恢', 100, form((d) => Object.assign(d.restoration, { originalCaseNumber: '原来那个案子', trigger: 'lead' })), 'restoration.originalCaseNumber'],
];

describe('the dialog’s 执保 / 执恢 rules match the server’s', () => {
  it.each(cases)('%s', (_what, caseType, claimAmount, details, field) => {
    expect(caseTypeDetailsProblem(caseType, claimAmount, details)?.field).toBe(field);
    const body = { ...base, caseType, claimAmount, ...caseTypeDetailsBody(caseType, details) } as NewCase;
    expect(caseDetailsProblem(body)?.field).toBe(field);
  });

  it('asks for the 执保 kind and the 执恢 trigger, which the server’s schema requires', () => {
    expect(caseTypeDetailsProblem('执保', 100, emptyCaseTypeDetails())?.field).toBe('preservation.kind');
    const noTrigger = form((d) => (d.restoration.originalCaseNumber = '（2025）豫1330执9号'));
    expect(caseTypeDetailsProblem('执恢', 100, noTrigger)?.field).toBe('restoration.trigger');
  });

  it('sends only the chosen type’s block, without empty optional fields', () => {
    const d = form((x) => {
      Object.assign(x.preservation, { kind: 'in-suit', performanceDeadline: '2026-12-31' });
      Object.assign(x.restoration, { originalCaseNumber: '（2025）豫1330执9号', trigger: 'lead' });
    });
    // a deadline left over from choosing 执行前 first is not sent for 诉讼保全
    expect(caseTypeDetailsBody('执保', d)).toEqual({ preservation: { kind: 'in-suit', urgent: false } });
    expect(caseTypeDetailsBody('执恢', d)).toEqual({ restoration: { originalCaseNumber: '（2025）豫1330执9号', trigger: 'lead' } });
    expect(caseTypeDetailsBody('执', d)).toEqual({});
  });
});
