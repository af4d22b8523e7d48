import { defineConfig } from 'drizzle-kit';

// Engine tables only; the platform server keeps its own schema and migrations.
export default defineConfig({
  dialect: 'postgresql',
  schema: './engine/src/state/schema.ts',
  out: './engine/drizzle',
  schemaFilter: ['engine'],
});
