/** Shared by the credit workers: the respondents of a case and the entries the case has in the publication system. */
import { creditEntryId, type CreditEntryKind, type CreditRespondent } from '../court-systems/credit/index.js';

export interface CaseEntryRef {
  entryId: string;
  kind: CreditEntryKind;
  respondent: CreditRespondent;
}

/** the case's respondents (被执行人) as the publication system names them; throws naming the variable */
export function respondentsOf(variables: { respondents?: unknown }): CreditRespondent[] {
  const list = variables.respondents;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`variable 'respondents': expected a non-empty list of 被执行人 ({ name, idNumber })`);
  return list.map((r, i) => {
    const respondent = typeof r === 'string' ? { name: r } : (r as CreditRespondent);
    if (!respondent || typeof respondent.name !== 'string' || !respondent.name) throw new Error(`variable 'respondents[${i}].name': required`);
    return { name: respondent.name, kind: respondent.kind, idNumber: respondent.idNumber };
  });
}

export function caseNumberOf(variables: { caseNumber?: unknown }): string {
  if (typeof variables.caseNumber !== 'string' || !variables.caseNumber) throw new Error(`variable 'caseNumber': required`);
  return variables.caseNumber;
}

/** the entries of a kind for every respondent of the case (ids are derived, so any process can find them) */
export const caseEntries = (caseNumber: string, respondents: CreditRespondent[], kind: CreditEntryKind): CaseEntryRef[] =>
  respondents.map((respondent) => ({ entryId: creditEntryId(caseNumber, respondent, kind), kind, respondent }));

/** `years` calendar years after `from` (the listing term; not a procedural period, so no holiday rule) */
export function addYears(from: Date, years: number): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}
