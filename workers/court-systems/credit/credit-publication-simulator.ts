/**
 * Deterministic local simulator of the 失信/限高 publication system, for development, demos and
 * tests: entries in memory, keyed by entry id. It counts the writes that changed something
 * (`writes`), so tests can see that a redelivered job published nothing twice.
 */
import {
  CreditPublicationRejection,
  type CreditEntry,
  type CreditPublication,
  type PublishCreditEntry,
} from './credit-publication.js';

export class CreditPublicationSimulator implements CreditPublication {
  private readonly entries = new Map<string, CreditEntry>();
  /** every write that changed an entry, in order: `publish SX:…`, `correct …`, `remove …`, `lift …` */
  readonly writes: string[] = [];

  async publish(entry: PublishCreditEntry): Promise<{ entry: CreditEntry; repeated: boolean }> {
    const existing = this.entries.get(entry.entryId);
    if (existing && existing.status === 'published') return { entry: structuredClone(existing), repeated: true };
    const created: CreditEntry = { ...structuredClone(entry), status: 'published', corrections: [] };
    this.entries.set(entry.entryId, created);
    this.writes.push(`publish ${entry.entryId}`);
    return { entry: structuredClone(created), repeated: false };
  }

  async correct(entryId: string, changes: Record<string, unknown>, requestId: string, at: string): Promise<CreditEntry> {
    const entry = this.required(entryId);
    if (entry.status !== 'published') throw new CreditPublicationRejection(`失信信息 ${entryId} 已${entry.status === 'deleted' ? '删除' : '解除'}，不能更正`);
    if (!entry.corrections.some((c) => c.requestId === requestId)) {
      const { respondent, ground, expiresAt } = changes as Partial<PublishCreditEntry>;
      if (respondent) entry.respondent = { ...entry.respondent, ...respondent };
      if (ground) entry.ground = ground;
      if (expiresAt) entry.expiresAt = expiresAt;
      entry.corrections.push({ at, changes: structuredClone(changes), requestId });
      this.writes.push(`correct ${entryId}`);
    }
    return structuredClone(entry);
  }

  async remove(entryId: string, reason: string, at: string): Promise<CreditEntry> {
    const entry = this.required(entryId);
    if (entry.status !== 'deleted') {
      entry.status = 'deleted';
      entry.deletedAt = at;
      entry.deletionReason = reason;
      this.writes.push(`remove ${entryId}`);
    }
    return structuredClone(entry);
  }

  async lift(entryId: string, reason: string, at: string): Promise<CreditEntry> {
    const entry = this.required(entryId);
    if (entry.kind !== 'restriction') throw new CreditPublicationRejection(`${entryId} 不是限制消费信息，不能解除限制消费`);
    if (entry.status !== 'lifted') {
      entry.status = 'lifted';
      entry.liftedAt = at;
      entry.liftReason = reason;
      this.writes.push(`lift ${entryId}`);
    }
    return structuredClone(entry);
  }

  async get(entryId: string): Promise<CreditEntry | undefined> {
    const entry = this.entries.get(entryId);
    return entry && structuredClone(entry);
  }

  private required(entryId: string): CreditEntry {
    const entry = this.entries.get(entryId);
    if (!entry) throw new CreditPublicationRejection(`失信/限高信息 ${entryId} 不存在`);
    return entry;
  }
}
