import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // On PGlite, every in-memory database starts from one migrated template (see the file).
    globalSetup: ['tests/support/global-setup.ts'],
    // A full run fails when a gateway branch, timer or boundary event of processes/ is taken by no test.
    reporters: ['default', './tests/support/process-paths-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Engine tests share one PostgreSQL database; each file uses its own schema-free
    // engine instance, so files may run in parallel on the two cores.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
