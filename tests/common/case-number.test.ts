import { describe, expect, it } from 'vitest';
import { formatCaseNumber, isCaseNumber, normaliseCaseNumber, parseCaseNumber } from '../../common/case-number.js';

describe('案号', () => {
  it('formats with full-width parentheses', () => {
    expect(formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '执', sequence: 123 })).toBe('（2026）豫1330执123号');
    expect(formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '执恢', sequence: 7 })).toBe('（2026）豫1330执恢7号');
  });

  it('parses every enforcement case type, 执恢 not read as 执', () => {
    for (const caseType of ['执', '执恢', '执保', '执异', '执复', '执监'] as const) {
      expect(parseCaseNumber(`（2025）豫1330${caseType}45号`)).toEqual({ year: 2025, courtCode: '豫1330', caseType, sequence: 45 });
    }
  });

  it('accepts half-width parentheses and normalises them', () => {
    expect(normaliseCaseNumber('(2026)豫1330执保3号')).toBe('（2026）豫1330执保3号');
  });

  it('refuses what is not a case number, naming the field', () => {
    expect(isCaseNumber('（2026）豫1330民初123号')).toBe(false);
    expect(() => parseCaseNumber('2026豫1330执123号')).toThrow(/caseNumber: '2026豫1330执123号' is not a case number/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '1330', caseType: '执', sequence: 1 })).toThrow(/caseNumber.courtCode/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '执', sequence: 0 })).toThrow(/caseNumber.sequence/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '民初' as never, sequence: 1 })).toThrow(/caseNumber.caseType/);
  });
});
