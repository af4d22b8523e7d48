/** Saved inbox filters: a user's own, and those shared with one of the user's groups. */
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { savedFilters } from '../db/schema.js';
import type { SessionUser } from '../plugins/auth.js';

export type SavedFilterRow = typeof savedFilters.$inferSelect;

export const visibleTo = (user: SessionUser): SQL =>
  user.groups.length ? or(eq(savedFilters.owner, user.username), inArray(savedFilters.team, user.groups))! : eq(savedFilters.owner, user.username);

export async function findVisibleFilter(db: ServerDb, user: SessionUser, id: string): Promise<SavedFilterRow | undefined> {
  const [row] = await db.select().from(savedFilters).where(and(eq(savedFilters.id, id), visibleTo(user))).limit(1);
  return row;
}

export const toSavedFilter = (r: SavedFilterRow) => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  team: r.team,
  shared: r.team !== null,
  query: r.query as Record<string, unknown>,
  createdAt: r.createdAt.toISOString(),
});
