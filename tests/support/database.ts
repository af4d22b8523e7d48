/**
 * Test storage: embedded PGlite in memory by default; with DATABASE_URL set, a fresh
 * PostgreSQL database per engine (created from DATABASE_URL's server, dropped afterwards), so
 * test files run in parallel without seeing each other's state.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export interface TestStorage {
  databaseUrl?: string;
  dataDir?: string;
  drop(): Promise<void>;
}

export const usingPostgres = () => Boolean(process.env.DATABASE_URL);

/**
 * `blank`: a database with nothing in it, not even the migrations (on PGlite the suite's
 * in-memory databases otherwise start migrated from a template: tests/support/global-setup.ts)
 */
export async function createTestStorage(options: { blank?: boolean } = {}): Promise<TestStorage> {
  const base = process.env.DATABASE_URL;
  if (!base) return { dataDir: options.blank ? 'memory://blank' : 'memory://', drop: async () => undefined };
  const name = `engine_test_${crypto.randomBytes(6).toString('hex')}`;
  // a copy of the migrated template that the global set-up made (tests/support/global-setup.ts)
  const template = options.blank ? undefined : process.env.TEST_PG_TEMPLATE;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: () => withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** runs `fn` on one connection to `url` (a database on the server, for CREATE / DROP DATABASE) */
export async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
