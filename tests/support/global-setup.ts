/**
 * Vitest global set-up. On embedded PGlite (no DATABASE_URL) every test file starts its own
 * engine and often a server, each on a fresh in-memory database: PGlite's initdb and the
 * migrations were most of the suite's time. This writes, once per set of migrations, an
 * in-memory database with the engine's and the platform's migrations applied, dumped as a
 * tarball in the temp folder, and points PGLITE_MEMORY_TEMPLATE at it (common/pglite.ts), so
 * every `memory://` database in the test processes starts from it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGLITE_TEMPLATE_ENV } from '../../common/pglite.js';

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

export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL || process.env[PGLITE_TEMPLATE_ENV]) return;
  const file = path.join(os.tmpdir(), `court-pglite-template-${migrationsDigest()}.tar`);
  if (!fs.existsSync(file)) await writeTemplate(file);
  process.env[PGLITE_TEMPLATE_ENV] = file;
}
