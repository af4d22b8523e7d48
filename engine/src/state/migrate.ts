/**
 * Applies the committed drizzle-kit migrations (engine/drizzle) at start-up.
 * Runs under a transaction-scoped advisory lock, so two engine processes starting at once
 * against one database apply each migration exactly once (the second waits, then finds
 * nothing left to do).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.js';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/** an arbitrary constant shared by every engine process: "engine migrations" */
const MIGRATION_LOCK_ID = 7_406_201_900;

interface JournalEntry {
  idx: number;
  tag: string;
}

export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query('CREATE SCHEMA IF NOT EXISTS engine');
    await tx.query('CREATE TABLE IF NOT EXISTS engine.__migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ tag: string }>('SELECT tag FROM engine.__migrations')).map((r) => r.tag));
    const applied: string[] = [];
    for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
      if (done.has(entry.tag)) continue;
      const text = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        // The schema itself is created above, before the bookkeeping table can live in it.
        const sqlText = statement.trim().replace(/^CREATE SCHEMA "(\w+)";$/, 'CREATE SCHEMA IF NOT EXISTS "$1";');
        if (sqlText) await tx.query(sqlText);
      }
      await tx.query('INSERT INTO engine.__migrations (tag) VALUES ($1)', [entry.tag]);
      applied.push(entry.tag);
    }
    return applied;
  });
}
