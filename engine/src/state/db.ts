/**
 * One small interface over the two drivers: `pg` when DATABASE_URL is set, embedded PGlite
 * otherwise. Both return int8 as decimal strings (Zeebe keys do not fit a JS number) and
 * jsonb as parsed values.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** runs `fn` in one transaction; rolls back if it throws */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent, PGlite in `dataDir` */
  url?: string;
  /** PGlite data folder; `memory://` for an in-memory database */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 8);
  return openPglite(options.dataDir ?? '.data/engine');
}

const INT8_OID = 20;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // int8 stays a string (pg's default); make it explicit so nobody "fixes" it globally.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (v: string) => v : pg.types.getTypeParser(oid, format)) };
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) =>
    (await client.query({ text, values: params, types } as pg.QueryConfig)).rows as T[];
  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const db = new PGlite(dataDir, { parsers: { [INT8_OID]: (v: string) => v } });
  await db.waitReady;
  return {
    kind: 'pglite',
    query: async (text, params) => (await db.query(text, params)).rows as never,
    transaction: (fn) => db.transaction((tx) => fn({ query: async (text, params) => (await tx.query(text, params)).rows as never })),
    close: () => db.close(),
  };
}
