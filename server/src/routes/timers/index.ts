/**
 * Pending timers for staff (期限预警): the engine's timers, each with its case's 案号 and parties,
 * limited for judges and clerks to the cases they work on — a case of their team (`cases.team` in
 * their groups), a case they are the officer of, or a case with an open task they may see
 * (assigned to them, or offered to their groups or to them). Supervisors and admins see all, as
 * on /monitoring/timers. `serverTime` is the engine's clock, the countdowns' reference.
 *
 * The engine is asked for the first `limit` timers by due date and the visible ones are kept: a
 * clerk sees the soonest of their cases' timers among those, which is what the page counts down.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { cases } from '../../db/schema.js';
import type { EngineClient } from '../../plugins/engine-client.js';
import type { SessionUser } from '../../plugins/auth.js';
import { CASE_STAFF } from '../../plugins/roles.js';
import { caseIdsOf, pendingTimers } from '../../services/monitoring.js';
import { seesAllTasks } from '../../services/inbox.js';
import { CaseTimersQuery, CaseTimersReply } from './timers-schemas.js';

const TASK_LIMIT = 1000;

interface CaseRow {
  id: string;
  caseNumber: string;
  parties: unknown;
  team: string | null;
  caseOfficer: string | null;
  processInstanceKey: string | null;
}

/** the instances of open tasks the user may see (own, groups', named candidate) */
async function myTaskInstances(engine: EngineClient, user: SessionUser): Promise<string[]> {
  const filters: Record<string, unknown>[] = [
    { state: 'CREATED', assignee: user.username },
    { state: 'CREATED', candidateUser: user.username },
    ...(user.groups.length ? [{ state: 'CREATED', candidateGroup: { $in: user.groups } }] : []),
  ];
  const pages = await Promise.all(filters.map((filter) => engine.searchUserTasks({ filter, page: { limit: TASK_LIMIT } })));
  return [...new Set(pages.flatMap((p) => p.items.map((t) => t.processInstanceKey)))];
}

const partiesOf = (parties: unknown) => {
  const p = (parties ?? {}) as { applicant?: { name?: string }; respondents?: { name?: string }[] };
  return {
    ...(p.applicant?.name ? { applicantName: p.applicant.name } : {}),
    respondentNames: (p.respondents ?? []).map((r) => r.name).filter((n): n is string => Boolean(n)),
  };
};

const timerRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const engine = app.engineClient;

  /** each instance's case: its root instance's case row, else the case named by a called instance's `caseId` */
  const caseOfInstances = async (instanceKeys: string[]): Promise<Map<string, CaseRow>> => {
    const keys = [...new Set(instanceKeys)];
    const result = new Map<string, CaseRow>();
    if (keys.length === 0) return result;
    const select = { id: cases.id, caseNumber: cases.caseNumber, parties: cases.parties, team: cases.team, caseOfficer: cases.caseOfficer, processInstanceKey: cases.processInstanceKey };
    for (const row of await app.db.select(select).from(cases).where(inArray(cases.processInstanceKey, keys))) result.set(row.processInstanceKey!, row);
    const called = await caseIdsOf(engine, keys.filter((k) => !result.has(k)));
    const ids = [...new Set(called.values())];
    if (ids.length) {
      const rows = new Map((await app.db.select(select).from(cases).where(inArray(cases.id, ids))).map((r) => [r.id, r]));
      for (const [key, caseId] of called) if (rows.has(caseId)) result.set(key, rows.get(caseId)!);
    }
    return result;
  };

  app.get(
    '/timers',
    { config: { roles: CASE_STAFF }, schema: { tags: ['timers'], summary: '期限预警：我承办或参与案件的待触发定时器', querystring: CaseTimersQuery, response: { 200: CaseTimersReply } } },
    async (req) => {
      const user = req.user!;
      const all = seesAllTasks(user);
      const timers = await pendingTimers(engine, { limit: req.query.limit ?? 500 });
      if (!timers.available) return { available: false, scope: all ? ('all' as const) : ('mine' as const), items: [], total: 0 };
      const byInstance = await caseOfInstances(timers.items.map((t) => t.processInstanceKey).filter((k): k is string => Boolean(k)));

      let visible: (row: CaseRow | undefined) => boolean = () => true;
      if (!all) {
        const taskCases = await caseOfInstances(await myTaskInstances(engine, user));
        const mine = new Set([...taskCases.values()].map((c) => c.id));
        visible = (row) => Boolean(row && (mine.has(row.id) || (row.team && user.groups.includes(row.team)) || row.caseOfficer === user.username));
      }

      const items = timers.items
        .map((t) => ({ timer: t, row: t.processInstanceKey ? byInstance.get(t.processInstanceKey) : undefined }))
        .filter(({ row }) => visible(row))
        .map(({ timer, row }) => ({
          ...timer,
          ...(row ? { caseId: row.id, caseNumber: row.caseNumber, ...partiesOf(row.parties), ...(row.team ? { team: row.team } : {}) } : {}),
        }));
      return { available: true, scope: all ? ('all' as const) : ('mine' as const), items, total: items.length, serverTime: fastify.platformConfig.now().toISOString() };
    },
  );
};

export default timerRoutes;
