/**
 * The server's database: drizzle over `pg` when a URL is given, over embedded PGlite in its own
 * data folder otherwise (the engine keeps a separate folder: PGlite serves one process per folder).
 */
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { openPglite } from '../../../common/pglite.js';
import { schema } from './schema.js';

export type ServerDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface ServerDatabase {
  readonly kind: 'postgres' | 'pglite';
  readonly db: ServerDb;
  close(): Promise<void>;
}

export interface ServerDatabaseOptions {
  /** postgres://… ; when absent, PGlite in `dataDir` */
  url?: string;
  /** PGlite data folder (default `.data/server`); `memory://` for an in-memory database */
  dataDir?: string;
  poolSize?: number;
}

export async function openServerDatabase(options: ServerDatabaseOptions): Promise<ServerDatabase> {
  if (options.url) {
    const pg = (await import('pg')).default;
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 8 });
    pool.on('error', () => {
      /* idle client errors surface on the next query */
    });
    return { kind: 'postgres', db: drizzle(pool, { schema }) as unknown as ServerDb, close: () => pool.end() };
  }
  const dataDir = options.dataDir ?? '.data/server';
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = await openPglite(dataDir);
  return { kind: 'pglite', db: drizzle(client, { schema }) as unknown as ServerDb, close: () => client.close() };
}
