/**
 * Vitest global set-up: every test file starts its own engine and often a server, each on a
 * fresh database, and PGlite's initdb and the migrations were most of the suite's time. So,
 * once per set of migrations, a database with the engine's and the platform's migrations
 * applied is made, and the tests' databases start from it:
 * - on embedded PGlite (no DATABASE_URL), a dump in the temp folder that PGLITE_MEMORY_TEMPLATE
 *   points at (common/pglite.ts), for every `memory://` database in the test processes;
 * - on PostgreSQL, a template database named in TEST_PG_TEMPLATE, which
 *   tests/support/database.ts copies with `CREATE DATABASE … TEMPLATE`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGLITE_TEMPLATE_ENV } from '../../common/pglite.js';
import { withAdmin } from './database.js';

export const PG_TEMPLATE_ENV = 'TEST_PG_TEMPLATE';
const PG_TEMPLATE_PREFIX = 'court_test_template_';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATION_DIRS = ['engine/drizzle', 'server/drizzle'];

/** a digest of every migration file, so a changed or added migration makes a new template */
function migrationsDigest(): string {
  const hash = crypto.createHash('sha256');
  for (const dir of MIGRATION_DIRS) {
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else hash.update(path.relative(root, full)).update(fs.readFileSync(full));
      }
    };
    walk(path.join(root, dir));
  }
  hash.update(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function writeTemplate(file: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate: migrateEngine } = await import('../../engine/src/state/migrate.js');
  const { migrate: migrateServer } = await import('../../server/src/db/migrate.js');
  const { schema } = await import('../../server/src/db/schema.js');
  const pglite = await PGlite.create('memory://');
  try {
    await migrateEngine({
      kind: 'pglite',
      query: async (text, params) => (await pglite.query(text, params)).rows as never,
      transaction: (fn) => pglite.transaction((tx) => fn({ query: async (text, params) => (await tx.query(text, params)).rows as never })),
      close: () => pglite.close(),
    });
    await migrateServer(drizzle(pglite, { schema }) as never);
    const dump = await pglite.dumpDataDir('none');
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temp, file);
  } finally {
    await pglite.close();
  }
}

const databaseUrl = (base: string, name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

/** the migrated template database on PostgreSQL, made when missing; older ones are dropped */
async function postgresTemplate(base: string): Promise<string> {
  const name = `${PG_TEMPLATE_PREFIX}${migrationsDigest()}`;
  const existing = await withAdmin(base, async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PG_TEMPLATE_PREFIX}%`])).rows.map((r) => r.datname));
  for (const old of existing.filter((d) => d !== name && !d.includes('_building_'))) {
    await withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${old} WITH (FORCE)`)).catch(() => undefined);
  }
  if (existing.includes(name)) return name;
  const building = `${name}_building_${process.pid}`;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE ${building}`));
  try {
    const { openDatabase } = await import('../../engine/src/state/db.js');
    const { migrate: migrateEngine } = await import('../../engine/src/state/migrate.js');
    const { openServerDatabase } = await import('../../server/src/db/database.js');
    const { migrate: migrateServer } = await import('../../server/src/db/migrate.js');
    const engineDb = await openDatabase({ url: databaseUrl(base, building), poolSize: 1 });
    await migrateEngine(engineDb).finally(() => engineDb.close());
    const serverDb = await openServerDatabase({ url: databaseUrl(base, building), poolSize: 1 });
    await migrateServer(serverDb.db).finally(() => serverDb.close());
    await withAdmin(base, (c) => c.query(`ALTER DATABASE ${building} RENAME TO ${name}`));
  } catch (e) {
    await withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`)).catch(() => undefined);
    // another run made the same template at the same time
    if (!(await withAdmin(base, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount))) throw e;
  }
  return name;
}

/**
 * Every run records the paths its process harnesses take (tests/support/process-harness.ts) into a
 * fresh `.cache/process-paths/run-<time>` (PROCESS_PATHS=0 turns it off; PROCESS_PATHS_DIR names a
 * directory to gather several runs into); tests/support/process-paths-reporter.ts fails a full run
 * that leaves a path untaken, and scripts/process-paths.ts reports on any directory. Only the
 * newest few runs are kept.
 */
function processPathsDir(): void {
  if (process.env.PROCESS_PATHS === '0' || process.env.PROCESS_PATHS_DIR) return;
  const base = path.join(root, '.cache/process-paths');
  const dir = path.join(base, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(dir, { recursive: true });
  const runs = fs.readdirSync(base).filter((d) => d.startsWith('run-')).sort();
  for (const old of runs.slice(0, -KEPT_PATH_RUNS)) fs.rmSync(path.join(base, old), { recursive: true, force: true });
  process.env.PROCESS_PATHS_DIR = dir;
}

const KEPT_PATH_RUNS = 5;

export default async function setup(): Promise<void> {
  processPathsDir();
  const base = process.env.DATABASE_URL;
  if (base) {
    if (!process.env[PG_TEMPLATE_ENV]) process.env[PG_TEMPLATE_ENV] = await postgresTemplate(base);
    return;
  }
  if (process.env[PGLITE_TEMPLATE_ENV]) return;
  const file = path.join(os.tmpdir(), `court-pglite-template-${migrationsDigest()}.tar`);
  if (!fs.existsSync(file)) await writeTemplate(file);
  process.env[PGLITE_TEMPLATE_ENV] = file;
}
