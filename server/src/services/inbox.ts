/**
 * The task inbox over the engine's `/v2/user-tasks`: the four views as engine filters, the
 * overdue / about-to-expire flags by statutory day counting (common/calendar.ts), and who may
 * see or act on a task. Case numbers come from the tasks' process-instance variables (one
 * variable search per page).
 */
import { createCalendar, defaultHolidaysFile, type Calendar } from '../../../common/calendar.js';
import type { EngineClient, SearchQuery, UserTask } from '../plugins/engine-client.js';
import type { SessionUser } from '../plugins/auth.js';

export type InboxView = 'mine' | 'groups' | 'unassigned' | 'completed';
export type InboxSort = 'dueDate' | 'priority' | 'created';

export interface InboxQuery {
  view: InboxView;
  sort?: InboxSort;
  order?: 'asc' | 'desc';
  q?: string;
  processId?: string;
  elementId?: string;
  candidateGroup?: string;
  dueBefore?: string;
  page?: number;
  pageSize?: number;
}

export interface TaskItem {
  key: string;
  name: string;
  elementId: string;
  processId: string;
  processName: string | null;
  processInstanceKey: string;
  caseId: string | null;
  caseNumber: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  createdAt: string;
  completedAt: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  state: string;
  formKey: string | null;
  overdue: boolean;
  dueSoon: boolean;
}

/** supervisors and admins see every task; others their own, their groups' and where named a candidate */
export const seesAllTasks = (user: SessionUser) => user.roles.includes('admin') || user.roles.includes('supervisor');

export function canSeeTask(user: SessionUser, task: Pick<UserTask, 'assignee' | 'candidateGroups' | 'candidateUsers'>): boolean {
  return (
    seesAllTasks(user) ||
    task.assignee === user.username ||
    task.candidateGroups.some((g) => user.groups.includes(g)) ||
    task.candidateUsers.includes(user.username)
  );
}

/**
 * The views as engine filters. `groups` and `unassigned` are "my groups' tasks or tasks naming me
 * as candidate user": Camunda 8.8's user-task search has no `$or`, so such a view is two searches
 * (streams) whose pages `searchInbox` merges. Supervisors and admins see every unit's tasks (one
 * stream); a user without groups has only the candidate-user stream.
 */
export function viewStreams(user: SessionUser, view: InboxView): Record<string, unknown>[] {
  switch (view) {
    case 'mine':
      return [{ state: 'CREATED', assignee: user.username }];
    case 'completed':
      return [{ state: 'COMPLETED', assignee: user.username }];
    case 'groups':
    case 'unassigned': {
      const base: Record<string, unknown> = view === 'groups' ? { state: 'CREATED' } : { state: 'CREATED', assignee: { $exists: false } };
      if (seesAllTasks(user)) return [base];
      const streams: Record<string, unknown>[] = [{ ...base, candidateUser: user.username }];
      if (user.groups.length) streams.unshift({ ...base, candidateGroup: { $in: user.groups } });
      return streams;
    }
  }
}

/** the first stream's filter (for callers that need one filter, e.g. `mine` with a due date) */
export function viewFilter(user: SessionUser, view: InboxView): Record<string, unknown> {
  return viewStreams(user, view)[0]!;
}

const SORT_FIELDS: Record<InboxSort, string> = { dueDate: 'dueDate', priority: 'priority', created: 'creationDate' };

type Sort = { field: string; order: 'ASC' | 'DESC' };

/** the view's streams with the query's filters, the sort and the page */
export function buildTaskSearches(user: SessionUser, q: InboxQuery): { filters: Record<string, unknown>[]; sort: Sort[]; from: number; limit: number } {
  const extra: Record<string, unknown> = {};
  if (q.processId) extra.processDefinitionId = q.processId;
  if (q.elementId) extra.elementId = q.elementId;
  if (q.dueBefore) extra.dueDate = { $lt: q.dueBefore };
  const text = q.q?.trim().replace(/[*?]/g, '');
  if (text) {
    // a 案号 (or part of one: digits, 执, brackets) is looked up among the process instance's
    // variables (JSON text); other text in the task's name
    if (/[0-9执号（）()]/.test(text)) extra.processInstanceVariables = [{ name: 'caseNumber', value: { $like: `*${text}*` } }];
    else extra.name = { $like: `*${text}*` };
  }
  let filters = viewStreams(user, q.view).map((f) => ({ ...f, ...extra }));
  if (q.candidateGroup) {
    // one unit's tasks: never a unit the user may not see (the group stream narrows to it when it is one of theirs)
    filters = filters.flatMap((f) => {
      const mine = f.candidateGroup as { $in: string[] } | undefined;
      if (mine && !mine.$in.includes(q.candidateGroup!)) return [];
      return [{ ...f, candidateGroup: q.candidateGroup }];
    });
  }
  const sortBy = q.sort ?? (q.view === 'completed' ? 'created' : 'dueDate');
  const order = (q.order ?? (sortBy === 'priority' || q.view === 'completed' ? 'desc' : 'asc')).toUpperCase() as 'ASC' | 'DESC';
  const sort: Sort[] = [{ field: q.view === 'completed' && sortBy === 'created' ? 'completionDate' : SORT_FIELDS[sortBy], order }];
  if (sortBy === 'dueDate') sort.push({ field: 'priority', order: 'DESC' });
  else if (sortBy === 'priority') sort.push({ field: 'dueDate', order: 'ASC' });
  const limit = q.pageSize ?? 20;
  return { filters, sort, from: ((q.page ?? 1) - 1) * limit, limit };
}

/** the first stream as one engine search (tests and callers with one stream) */
export function buildTaskSearch(user: SessionUser, q: InboxQuery): SearchQuery {
  const { filters, sort, from, limit } = buildTaskSearches(user, q);
  return { filter: filters[0] ?? { state: 'NONE' }, sort, page: { from, limit } };
}

export interface InboxPage {
  items: UserTask[];
  /** exact up to the engine's count limit (10,000), then that limit with `totalCapped` */
  total: number;
  totalCapped: boolean;
}

const SORT_VALUE: Record<string, (t: UserTask) => number | null> = {
  dueDate: (t) => (t.dueDate ? Date.parse(t.dueDate) : null),
  followUpDate: (t) => (t.followUpDate ? Date.parse(t.followUpDate) : null),
  priority: (t) => t.priority ?? null,
  creationDate: (t) => Date.parse(t.creationDate),
  completionDate: (t) => (t.completionDate ? Date.parse(t.completionDate) : null),
};

/** the engine's order: the sort fields with missing values last in either direction, then the key */
export function compareTasks(sort: Sort[]): (a: UserTask, b: UserTask) => number {
  return (a, b) => {
    for (const { field, order } of sort) {
      const value = SORT_VALUE[field] ?? (() => null);
      const x = value(a);
      const y = value(b);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return order === 'DESC' ? y - x : x - y;
    }
    const ka = BigInt(a.userTaskKey);
    const kb = BigInt(b.userTaskKey);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/** does a task pass a stream's candidate part (the only part in which the streams differ) */
const inStream = (t: UserTask, filter: Record<string, unknown>) => {
  const group = filter.candidateGroup;
  if (typeof group === 'string' && !t.candidateGroups.includes(group)) return false;
  if (group && typeof group === 'object' && !(group as { $in: string[] }).$in.some((g) => t.candidateGroups.includes(g))) return false;
  if (typeof filter.candidateUser === 'string' && !t.candidateUsers.includes(filter.candidateUser)) return false;
  return true;
};

/**
 * One page of a view. One stream is one search. Two streams, A (my groups' tasks) and B (tasks
 * naming me as candidate user), are merged in the view's order without the tasks both hold.
 * B is small as a rule (few tasks name one user) and is read whole; B′ = B's tasks outside A.
 * A task at position p of the merged order is either in B′ or at position p − |B′| … p of A, so
 * A is read from `from − |B′|` (or earlier) up to `from + limit`: the rows read are bounded by
 * the page and B′, never by the page number, and the total |A| + |B′| is exact. A is asked in
 * parallel with B from `from − SPECULATIVE_LEAD`; only when B′ is larger than that lead is A
 * asked again. Positions are exact: the B′ tasks ordered before the first task read from A are
 * counted, not read again.
 * When B is larger than WHOLE_STREAM, the early pages (`from + limit` ≤ WINDOW_READ) merge the
 * first `from + limit` tasks of each stream (`mergeWindows`); a deeper page is refused (400 on
 * `page`): the view's filters narrow it.
 */
export async function searchInbox(engine: EngineClient, user: SessionUser, q: InboxQuery): Promise<InboxPage> {
  const { filters, sort, from, limit } = buildTaskSearches(user, q);
  if (filters.length === 0) return { items: [], total: 0, totalCapped: false };
  if (filters.length === 1) {
    const r = await engine.searchUserTasks({ filter: filters[0], sort, page: { from, limit } });
    return { items: r.items, total: r.page.totalItems, totalCapped: Boolean(r.page.hasMoreTotalItems) };
  }
  const [groupFilter, userFilter] = filters as [Record<string, unknown>, Record<string, unknown>];
  const groupPage = (start: number) => engine.searchUserTasks({ filter: groupFilter, sort, page: { from: start, limit: from + limit - start } });
  let startA = from - Math.min(from, SPECULATIVE_LEAD);
  let [a, b] = await Promise.all([groupPage(startA), engine.searchUserTasks({ filter: userFilter, sort, page: { from: 0, limit: WHOLE_STREAM } })]);
  if (b.page.hasMoreTotalItems || b.items.length < b.page.totalItems) {
    if (from + limit <= WINDOW_READ) return mergeWindows(engine, groupFilter, userFilter, sort, from, limit);
    throw new InboxPageTooDeep(`该视图的任务过多，无法直接跳到第 ${Math.floor(from / limit) + 1} 页：请按部门、流程或期限筛选`);
  }
  const onlyB = b.items.filter((t) => !inStream(t, groupFilter));
  if (startA > from - onlyB.length && startA > 0) {
    startA = Math.max(0, from - onlyB.length);
    a = await groupPage(startA);
  }
  const compare = compareTasks(sort);
  const firstA = a.items[0];
  const beforeFirst = (t: UserTask) => startA > 0 && firstA !== undefined && compare(t, firstA) < 0;
  // B′ tasks before A's first task read sit before this page: counted for the positions, not merged
  const before = onlyB.filter(beforeFirst).length;
  const merged = [...a.items, ...onlyB.filter((t) => !beforeFirst(t))].sort(compare);
  const offset = from - (startA + before);
  const capped = Boolean(a.page.hasMoreTotalItems);
  const total = a.page.totalItems + onlyB.length;
  return { items: merged.slice(offset, offset + limit), total: capped ? Math.max(total, MAX_ENGINE_TOTAL) : total, totalCapped: capped };
}

/** the early pages of a two-stream view: the first `from + limit` tasks of each stream, merged */
async function mergeWindows(
  engine: EngineClient,
  groupFilter: Record<string, unknown>,
  userFilter: Record<string, unknown>,
  sort: Sort[],
  from: number,
  limit: number,
): Promise<InboxPage> {
  const window = from + limit;
  const [a, b] = await Promise.all([
    engine.searchUserTasks({ filter: groupFilter, sort, page: { from: 0, limit: window } }),
    engine.searchUserTasks({ filter: userFilter, sort, page: { from: 0, limit: window } }),
  ]);
  let overlap: number;
  let capped = Boolean(a.page.hasMoreTotalItems || b.page.hasMoreTotalItems);
  if (b.page.totalItems === 0 || a.page.totalItems === 0) overlap = 0;
  else if (!b.page.hasMoreTotalItems && b.items.length >= b.page.totalItems) overlap = b.items.filter((t) => inStream(t, groupFilter)).length;
  else {
    const both = await engine.searchUserTasks({ filter: { ...userFilter, candidateGroup: groupFilter.candidateGroup }, page: { limit: 1 } });
    overlap = both.page.totalItems;
    capped ||= Boolean(both.page.hasMoreTotalItems);
  }
  const seen = new Set<string>();
  const merged = [...a.items, ...b.items].filter((t) => !seen.has(t.userTaskKey) && seen.add(t.userTaskKey)).sort(compareTasks(sort));
  const total = a.page.totalItems + b.page.totalItems - overlap;
  return { items: merged.slice(from, from + limit), total: capped ? Math.max(total, MAX_ENGINE_TOTAL) : total, totalCapped: capped };
}

/** a two-stream page too deep to merge within the bounds (the route answers 400 on `page`) */
export class InboxPageTooDeep extends Error {}

/** how far the early pages of a two-stream view read both streams when B is too large to read whole */
export const WINDOW_READ = 1_000;
/** the most tasks of the candidate-user stream read whole */
export const WHOLE_STREAM = 500;
/** how far before the page A is read at first, in parallel with B (B′ up to this size costs one round trip) */
export const SPECULATIVE_LEAD = 100;
/** the count past which the engine reports `hasMoreTotalItems` (Camunda's 10,000) */
const MAX_ENGINE_TOTAL = 10_000;

/** how many tasks a view holds (`filter` adds to every stream) */
export async function countInbox(engine: EngineClient, user: SessionUser, view: InboxView, extra: Record<string, unknown> = {}): Promise<{ total: number; capped: boolean }> {
  const streams = viewStreams(user, view).map((f) => ({ ...f, ...extra }));
  const count = async (filter: Record<string, unknown>) => {
    const r = await engine.searchUserTasks({ filter, page: { limit: 1 } });
    return { n: r.page.totalItems, capped: Boolean(r.page.hasMoreTotalItems) };
  };
  if (streams.length === 1) {
    const { n, capped } = await count(streams[0]!);
    return { total: n, capped };
  }
  const [groupFilter, userFilter] = streams as [Record<string, unknown>, Record<string, unknown>];
  const [a, b, both] = await Promise.all([count(groupFilter), count(userFilter), count({ ...userFilter, candidateGroup: groupFilter.candidateGroup })]);
  const capped = a.capped || b.capped || both.capped;
  const total = a.n + b.n - both.n;
  return { total: capped ? Math.max(total, MAX_ENGINE_TOTAL) : total, capped };
}

export interface DueFlags {
  overdue: boolean;
  dueSoon: boolean;
}

export class DeadlineFlags {
  private calendar?: Calendar;
  constructor(
    private readonly now: () => Date,
    /** working days before the due date from which a task is about to expire */
    private readonly dueSoonWorkingDays = 3,
  ) {}

  of(dueDate: string | null, state = 'CREATED'): DueFlags {
    if (!dueDate || state === 'COMPLETED' || state === 'CANCELED') return { overdue: false, dueSoon: false };
    const now = this.now();
    const due = new Date(dueDate);
    if (due.getTime() < now.getTime()) return { overdue: true, dueSoon: false };
    this.calendar ??= createCalendar({ holidaysFile: defaultHolidaysFile() });
    let days: number;
    try {
      days = this.calendar.workingDaysBetween(now, due);
    } catch {
      // beyond the holiday table: count calendar days
      days = Math.floor((due.getTime() - now.getTime()) / 86_400_000);
    }
    return { overdue: false, dueSoon: days <= this.dueSoonWorkingDays };
  }
}

type CaseRef = { caseId?: string; caseNumber?: string };

/**
 * A process instance's case never changes: remembered per engine (bounded, oldest dropped), so
 * an inbox page asks the engine only about instances it has not seen before.
 */
const CASE_CACHE_LIMIT = 200_000;
const caseCache = new Map<string, CaseRef>();
const remember = (id: string, ref: CaseRef) => {
  if (caseCache.size >= CASE_CACHE_LIMIT) caseCache.delete(caseCache.keys().next().value!);
  caseCache.set(id, ref);
};

/** caseId and caseNumber of each process instance, from its variables (one search for the unseen ones) */
export async function caseVariables(engine: EngineClient, processInstanceKeys: string[]): Promise<Map<string, CaseRef>> {
  const result = new Map<string, CaseRef>();
  const scope = engine.options.restUrl;
  const unseen: string[] = [];
  for (const key of new Set(processInstanceKeys)) {
    const known = caseCache.get(`${scope}|${key}`);
    if (known) result.set(key, known);
    else unseen.push(key);
  }
  if (unseen.length === 0) return result;
  const found = await engine.searchVariables({
    filter: { processInstanceKey: { $in: unseen }, name: { $in: ['caseId', 'caseNumber'] } },
    page: { limit: unseen.length * 4 },
  });
  for (const v of found.items) {
    // only the instance's own scope (a variable of the same name may sit in an inner scope)
    if (v.scopeKey !== v.processInstanceKey) continue;
    const entry = result.get(v.processInstanceKey) ?? {};
    try {
      const value = JSON.parse(v.value) as unknown;
      if (typeof value === 'string') entry[v.name as 'caseId' | 'caseNumber'] = value;
    } catch {
      /* not JSON: ignore */
    }
    result.set(v.processInstanceKey, entry);
  }
  for (const key of unseen) {
    const ref = result.get(key);
    if (ref?.caseId && ref.caseNumber) remember(`${scope}|${key}`, ref);
  }
  return result;
}

export function toTaskItem(t: UserTask, cases: Map<string, CaseRef>, flags: DeadlineFlags): TaskItem {
  const c = cases.get(t.processInstanceKey) ?? {};
  return {
    key: t.userTaskKey,
    name: t.name ?? t.elementId,
    elementId: t.elementId,
    processId: t.processDefinitionId,
    processName: t.processName ?? null,
    processInstanceKey: t.processInstanceKey,
    caseId: c.caseId ?? null,
    caseNumber: c.caseNumber ?? null,
    candidateGroups: t.candidateGroups ?? [],
    candidateUsers: t.candidateUsers ?? [],
    assignee: t.assignee ?? null,
    createdAt: t.creationDate,
    completedAt: t.completionDate ?? null,
    dueDate: t.dueDate ?? null,
    followUpDate: t.followUpDate ?? null,
    priority: t.priority ?? 50,
    state: t.state,
    formKey: t.formKey ?? null,
    ...flags.of(t.dueDate ?? null, t.state),
  };
}
