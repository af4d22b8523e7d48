/**
 * Opens embedded PGlite for the engine and the server (each in its own data folder, or in memory).
 *
 * An in-memory database (`memory://…`) can start from a template instead of an empty cluster:
 * when `PGLITE_MEMORY_TEMPLATE` names a tarball written by PGlite's `dumpDataDir`, the database
 * is loaded from it, which skips initdb (most of PGlite's start-up) and, when the template is
 * already migrated, the migrations. Only the unnamed `memory://` does; `memory://blank` or any
 * other named in-memory database starts empty. The test suite writes one such template per run
 * (`tests/support/global-setup.ts`), because every test file starts its own engine and server.
 * A folder on disk never uses the template: it holds a court's data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

export const PGLITE_TEMPLATE_ENV = 'PGLITE_MEMORY_TEMPLATE';

let template: { file: string; blob: Blob } | undefined;

function memoryTemplate(): Blob | undefined {
  const file = process.env[PGLITE_TEMPLATE_ENV];
  if (!file) return undefined;
  if (template?.file !== file) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new Error(`${PGLITE_TEMPLATE_ENV}=${file}: cannot read the database template (${(e as Error).message})`);
    }
    template = { file, blob: new Blob([new Uint8Array(bytes)]) };
  }
  return template.blob;
}

/** `memory://` starts from the template when there is one; a named one (`memory://blank`) never does */
const usesTemplate = (dataDir: string) => dataDir === 'memory://';

export async function openPglite(dataDir: string, options: Omit<PGliteOptions, 'dataDir' | 'loadDataDir'> = {}): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const loadDataDir = usesTemplate(dataDir) ? memoryTemplate() : undefined;
  const db = new PGlite(dataDir, { ...options, ...(loadDataDir ? { loadDataDir } : {}) });
  await db.waitReady;
  return db;
}
