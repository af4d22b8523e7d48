/** Decorates the app with the drizzle database (`app.db`); migrations are applied before routes load. */
import type { FastifyInstance } from 'fastify';
import { openServerDatabase, type ServerDatabase, type ServerDatabaseOptions, type ServerDb } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { definePlugin } from './plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: ServerDb;
    dbKind: 'postgres' | 'pglite';
  }
}

export const databasePlugin = definePlugin<{ database: ServerDatabase | ServerDatabaseOptions }>('database', async (app: FastifyInstance, opts) => {
  const given = 'db' in opts.database ? (opts.database as ServerDatabase) : undefined;
  const database = given ?? (await openServerDatabase(opts.database as ServerDatabaseOptions));
  await migrate(database.db);
  app.decorate('db', database.db);
  app.decorate('dbKind', database.kind);
  // a database handed in belongs to the caller; one opened here closes with the app
  if (!given) app.addHook('onClose', () => database.close());
});
