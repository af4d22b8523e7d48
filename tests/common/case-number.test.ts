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
    expect(() => parseCaseNumber('2026豫1330执123号')).toThrow(/caseNumber：'2026豫1330执123号' 不是案号，案号应形如 （2026）豫1330执123号/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '1330', caseType: '执', sequence: 1 })).toThrow(/法院代字 caseNumber\.courtCode 应形如 豫1330，实际为 '1330'/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '执', sequence: 0 })).toThrow(/案件序号 caseNumber\.sequence 应为正整数，实际为 '0'/);
    expect(() => formatCaseNumber({ year: 2026, courtCode: '豫1330', caseType: '民初' as never, sequence: 1 })).toThrow(/案件类型代字 caseNumber\.caseType 应为 执恢、执保、.*之一，实际为 '民初'/);
  });
});
