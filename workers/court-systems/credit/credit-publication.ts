/**
 * 失信被执行人名单 / 限制消费 publication system (the SPC's 失信被执行人名单库, reached through the
 * court's 执行指挥中心 platform): the adapter interface used by the `credit.*` workers.
 * `CreditPublicationSimulator` and `CreditPublicationHttpClient` implement it; `getCreditPublication(ctx)`
 * picks one (`CREDIT_URL` set → HTTP).
 *
 * Every write is idempotent on its entry id, which is derived from the case and the respondent, so a
 * redelivered job never publishes, corrects or deletes twice.
 */

export type CreditEntryKind = 'blacklist' | 'restriction';
export type CreditEntryStatus = 'published' | 'deleted' | 'lifted';

export interface CreditRespondent {
  name: string;
  kind?: 'person' | 'organization';
  idNumber?: string;
}

export interface PublishCreditEntry {
  /** stable id of the entry: see `creditEntryId` */
  entryId: string;
  kind: CreditEntryKind;
  caseNumber: string;
  courtCode: string;
  respondent: CreditRespondent;
  /** 失信情形 1–6 (SX 1), for 失信 entries */
  ground?: string;
  /** ISO date-time the listing ends (SX 2), absent when it has no fixed term */
  expiresAt?: string;
  publishedAt: string;
}

export interface CreditEntry extends PublishCreditEntry {
  status: CreditEntryStatus;
  corrections: { at: string; changes: Record<string, unknown>; requestId: string }[];
  deletedAt?: string;
  deletionReason?: string;
  liftedAt?: string;
  liftReason?: string;
}

export interface CreditPublication {
  /** publishes the entry; publishing an id again returns the entry as it is (`repeated`) */
  publish(entry: PublishCreditEntry): Promise<{ entry: CreditEntry; repeated: boolean }>;
  /** applies a correction once per request id */
  correct(entryId: string, changes: Record<string, unknown>, requestId: string, at: string): Promise<CreditEntry>;
  /** removes the entry from the published list (删除); a deleted entry stays deleted */
  remove(entryId: string, reason: string, at: string): Promise<CreditEntry>;
  /** lifts a 限制消费 (解除限制消费) */
  lift(entryId: string, reason: string, at: string): Promise<CreditEntry>;
  get(entryId: string): Promise<CreditEntry | undefined>;
}

/** the entry id of a case, respondent and kind: the same inputs always give the same id */
export function creditEntryId(caseNumber: string, respondent: CreditRespondent, kind: CreditEntryKind): string {
  return `${kind === 'blacklist' ? 'SX' : 'XG'}:${caseNumber}:${respondent.idNumber || respondent.name}`;
}

/** the system refused the request (unknown entry, wrong state): a business outcome */
export class CreditPublicationRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CreditPublicationRejection';
  }
}
