/**
 * 案号 (case numbers) in the format of 最高人民法院《关于人民法院案件案号的若干规定》:
 * `（2026）豫1330执123号` — year in full-width parentheses, court code (province abbreviation and
 * digits), case-type code, sequence number, 号. Half-width parentheses are accepted on input and
 * normalised to full-width.
 */

/** case-type codes of enforcement (执行) cases, longest first so 执恢 is not read as 执 */
export const ENFORCEMENT_CASE_TYPES = ['执恢', '执保', '执异', '执复', '执监', '执协', '执他', '执'] as const;
export type EnforcementCaseType = (typeof ENFORCEMENT_CASE_TYPES)[number];

export const CASE_TYPE_NAMES: Record<EnforcementCaseType, string> = {
  执: '首次执行',
  执恢: '恢复执行',
  执保: '财产保全执行',
  执异: '执行异议',
  执复: '执行复议',
  执监: '执行监督',
  执协: '执行协调',
  执他: '其他执行',
};

export interface CaseNumber {
  year: number;
  /** 法院代字, e.g. 豫1330 */
  courtCode: string;
  caseType: EnforcementCaseType;
  sequence: number;
}

const PATTERN = new RegExp(
  `^[（(](\\d{4})[）)]([\\u4e00-\\u9fff]\\d{2,6})(${ENFORCEMENT_CASE_TYPES.join('|')})(\\d+)号$`,
);

export function formatCaseNumber(n: CaseNumber): string {
  if (!Number.isInteger(n.year) || n.year < 1990 || n.year > 2200) throw new Error(`案号年份 caseNumber.year 应为 1990 至 2200 之间的年份，实际为 '${n.year}'`);
  if (!/^[\u4e00-\u9fff]\d{2,6}$/.test(n.courtCode)) throw new Error(`法院代字 caseNumber.courtCode 应形如 豫1330，实际为 '${n.courtCode}'`);
  if (!(ENFORCEMENT_CASE_TYPES as readonly string[]).includes(n.caseType)) {
    throw new Error(`案件类型代字 caseNumber.caseType 应为 ${ENFORCEMENT_CASE_TYPES.join('、')} 之一，实际为 '${n.caseType}'`);
  }
  if (!Number.isInteger(n.sequence) || n.sequence < 1) throw new Error(`案件序号 caseNumber.sequence 应为正整数，实际为 '${n.sequence}'`);
  return `（${n.year}）${n.courtCode}${n.caseType}${n.sequence}号`;
}

/** parses a 案号; throws naming what is wrong */
export function parseCaseNumber(text: string): CaseNumber {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new Error(`caseNumber：'${text}' 不是案号，案号应形如 （2026）豫1330执123号`);
  return { year: Number(m[1]), courtCode: m[2]!, caseType: m[3] as EnforcementCaseType, sequence: Number(m[4]) };
}

export function isCaseNumber(text: string): boolean {
  return PATTERN.test(text.trim());
}

/** the full-width form of a case number written with half-width parentheses */
export const normaliseCaseNumber = (text: string) => formatCaseNumber(parseCaseNumber(text));
