/**
 * Applies the committed drizzle-kit migrations (server/drizzle) at start-up, as the engine does
 * for its own (engine/src/state/migrate.ts): in one transaction under an advisory lock, so two
 * server processes starting at once against one database apply each migration exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { ServerDb } from './database.js';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/** an arbitrary constant shared by every server process: "platform migrations" (the engine uses another) */
const MIGRATION_LOCK_ID = 7_406_201_901;

export async function migrate(db: ServerDb, dir = MIGRATIONS_DIR): Promise<string[]> {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS platform`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS platform.__migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = (await tx.execute(sql`SELECT tag FROM platform.__migrations`)) as unknown as { rows: { tag: string }[] };
    const done = new Set(rows.rows.map((r) => r.tag));
    const applied: string[] = [];
    for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
      if (done.has(entry.tag)) continue;
      const text = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        const sqlText = statement.trim().replace(/^CREATE SCHEMA "(\w+)";$/, 'CREATE SCHEMA IF NOT EXISTS "$1";');
        if (sqlText) await tx.execute(sql.raw(sqlText));
      }
      await tx.execute(sql`INSERT INTO platform.__migrations (tag) VALUES (${entry.tag})`);
      applied.push(entry.tag);
    }
    return applied;
  });
}
