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
 * the candidate part of a filter: my groups (everything for supervisors). The engine's user-task
 * search (as Camunda 8.8's) has no `$or`, so a user without groups sees the tasks naming them as
 * candidate user instead.
 */
function candidateFilter(user: SessionUser): Record<string, unknown> {
  if (seesAllTasks(user)) return {};
  if (user.groups.length) return { candidateGroup: { $in: user.groups } };
  return { candidateUser: user.username };
}

export function viewFilter(user: SessionUser, view: InboxView): Record<string, unknown> {
  switch (view) {
    case 'mine':
      return { state: 'CREATED', assignee: user.username };
    case 'groups':
      return { state: 'CREATED', ...candidateFilter(user) };
    case 'unassigned':
      return { state: 'CREATED', assignee: { $exists: false }, ...candidateFilter(user) };
    case 'completed':
      return { state: 'COMPLETED', assignee: user.username };
  }
}

const SORT_FIELDS: Record<InboxSort, string> = { dueDate: 'dueDate', priority: 'priority', created: 'creationDate' };

export function buildTaskSearch(user: SessionUser, q: InboxQuery): SearchQuery {
  const filter: Record<string, unknown> = viewFilter(user, q.view);
  if (q.processId) filter.processDefinitionId = q.processId;
  if (q.elementId) filter.elementId = q.elementId;
  if (q.candidateGroup) filter.candidateGroup = q.candidateGroup;
  if (q.dueBefore) filter.dueDate = { $lt: q.dueBefore };
  const text = q.q?.trim().replace(/[*?]/g, '');
  if (text) {
    // a 案号 (or part of one: digits, 执, brackets) is looked up among the process instance's
    // variables (JSON text); other text in the task's name
    if (/[0-9执号（）()]/.test(text)) filter.processInstanceVariables = [{ name: 'caseNumber', value: { $like: `*${text}*` } }];
    else filter.name = { $like: `*${text}*` };
  }
  const sort = q.sort ?? (q.view === 'completed' ? 'created' : 'dueDate');
  const order = (q.order ?? (sort === 'priority' || q.view === 'completed' ? 'desc' : 'asc')).toUpperCase() as 'ASC' | 'DESC';
  const sorts = [{ field: q.view === 'completed' && sort === 'created' ? 'completionDate' : SORT_FIELDS[sort], order }];
  if (sort === 'dueDate') sorts.push({ field: 'priority', order: 'DESC' });
  else if (sort === 'priority') sorts.push({ field: 'dueDate', order: 'ASC' });
  const pageSize = q.pageSize ?? 20;
  return { filter, sort: sorts, page: { from: ((q.page ?? 1) - 1) * pageSize, limit: pageSize } };
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
