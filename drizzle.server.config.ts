import { defineConfig } from 'drizzle-kit';

// Platform server tables only (schema `platform`); the engine has its own config and migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.ts',
  out: './server/drizzle',
  schemaFilter: ['platform'],
});
