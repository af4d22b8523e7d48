/**
 * One small interface over the two drivers: `pg` when DATABASE_URL is set, embedded PGlite
 * otherwise. Both return int8 as decimal strings (Zeebe keys do not fit a JS number) and
 * jsonb as parsed values.
 */
import pg from 'pg';
import { openPglite as openEmbedded } from '../../../common/pglite.js';

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
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[], name?: string) =>
    (await client.query({ name, text, values: params, types } as pg.QueryConfig)).rows as T[];
  const statements = new StatementNames();
  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query(BEGIN_PROCESSING);
        const result = await fn({ query: (text, params) => run(client, text, params, statements.nameOf(text)) });
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

/**
 * Names for the statements the stream processor runs again and again (the batch's reads and
 * bulk writes), so that pg prepares each once per connection and PostgreSQL neither parses
 * nor plans it again: with a bulk write's arrays as parameters, planning alone (which folds the
 * arrays into constants) cost more than a fifth of PostgreSQL's time per instance. A text is
 * named on its third use, and only so many texts are: one-off statements stay unnamed.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= MAX_NAMED_STATEMENTS) return name;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < 3) {
      if (this.uses.size >= 10_000) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const named = `engine_${this.names.size + 1}`;
    this.names.set(text, named);
    return named;
  }
}

const MAX_NAMED_STATEMENTS = 200;

/**
 * A transaction's statements look rows up by key or by an index; they are planned once (named
 * statements, generic plans), often while the tables are still small, where a sequential scan
 * looks cheapest, and such a plan would stay while the tables grow. So inside transactions the
 * planner takes an index wherever there is one, and plans generically from the first run.
 * Searches (the read side) do not run in transactions and keep the defaults.
 */
const BEGIN_PROCESSING = 'BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_generic_plan';

async function openPglite(dataDir: string): Promise<Database> {
  const db = await openEmbedded(dataDir, { parsers: { [INT8_OID]: (v: string) => v } });
  return {
    kind: 'pglite',
    query: async (text, params) => (await db.query(text, params)).rows as never,
    transaction: (fn) => db.transaction((tx) => fn({ query: async (text, params) => (await tx.query(text, params)).rows as never })),
    close: () => db.close(),
  };
}
