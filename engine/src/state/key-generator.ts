/**
 * Zeebe-style 64-bit keys: the partition id in the top bits (partition 1 → keys start at
 * 2251799813685249), then a counter. Counters come in blocks from a database sequence, so
 * keys stay unique across restarts and across engine processes sharing one database.
 */
import type { Queryable } from './db.js';

const PARTITION_BITS = 51n;
const BLOCK_SIZE = 10_000n;

export class KeyGenerator {
  private nextValue = 0n;
  private end = 0n;
  private readonly base: bigint;

  constructor(partitionId = 1) {
    this.base = BigInt(partitionId) << PARTITION_BITS;
  }

  /** makes sure at least `count` keys can be handed out without waiting */
  async reserve(db: Queryable, count: number): Promise<void> {
    if (this.end - this.nextValue >= BigInt(count)) return;
    const [row] = await db.query<{ block: string }>(`SELECT nextval('engine.key_block_seq')::text AS block`);
    const start = BigInt(row!.block) * BLOCK_SIZE + 1n;
    this.nextValue = start;
    this.end = start + BLOCK_SIZE;
  }

  next(): string {
    if (this.nextValue >= this.end) throw new Error('key block exhausted: reserve() keys before processing');
    return String(this.base + this.nextValue++);
  }
}
