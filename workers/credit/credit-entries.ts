/** Shared by the credit workers: the respondents of a case and the entries the case has in the publication system. */
import { creditEntryId, CreditPublicationSimulator, type CreditEntryKind, type CreditPublication, type CreditRespondent } from '../court-systems/credit/index.js';

export interface CaseEntryRef {
  entryId: string;
  kind: CreditEntryKind;
  respondent: CreditRespondent;
}

/** the case's respondents (被执行人) as the publication system names them; throws naming the variable */
export function respondentsOf(variables: { respondents?: unknown }): CreditRespondent[] {
  const list = variables.respondents;
  if (!Array.isArray(list) || list.length === 0) throw new Error(wrongVariable('respondents', '非空的被执行人列表（{ name, idNumber }）', list));
  return list.map((r, i) => {
    const respondent = typeof r === 'string' ? { name: r } : (r as CreditRespondent);
    if (!respondent || typeof respondent.name !== 'string' || !respondent.name) throw new Error(`缺少流程变量 respondents[${i}].name（被执行人姓名或名称）`);
    return { name: respondent.name, kind: respondent.kind, idNumber: respondent.idNumber };
  });
}

export function caseNumberOf(variables: { caseNumber?: unknown }): string {
  if (typeof variables.caseNumber !== 'string' || !variables.caseNumber) throw new Error(wrongVariable('caseNumber', '案号（非空字符串）', variables.caseNumber === '' ? undefined : variables.caseNumber));
  return variables.caseNumber;
}

/**
 * The failure message for a variable with a wrong value: `流程变量 <path> 应为 <expected>，实际为 <value>`,
 * or `缺少流程变量 <path>：应为 <expected>` when it is not set.
 */
export const wrongVariable = (path: string, expected: string, value: unknown): string =>
  value === undefined || value === null ? `缺少流程变量 ${path}：应为 ${expected}` : `流程变量 ${path} 应为 ${expected}，实际为 ${JSON.stringify(value)}`;

/** the publication system as the supervisors know it, saying when it is the local simulator */
export const creditSystemName = (system: CreditPublication): string =>
  system instanceof CreditPublicationSimulator ? '失信/限高信息发布系统（本地模拟器）' : '失信/限高信息发布系统';

/** the entries of a kind for every respondent of the case (ids are derived, so any process can find them) */
export const caseEntries = (caseNumber: string, respondents: CreditRespondent[], kind: CreditEntryKind): CaseEntryRef[] =>
  respondents.map((respondent) => ({ entryId: creditEntryId(caseNumber, respondent, kind), kind, respondent }));

/** `years` calendar years after `from` (the listing term; not a procedural period, so no holiday rule) */
export function addYears(from: Date, years: number): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}
