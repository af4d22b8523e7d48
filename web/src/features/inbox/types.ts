export type InboxView = 'mine' | 'groups' | 'unassigned' | 'completed';
export type InboxSort = 'dueDate' | 'priority' | 'created';

/** One row of `GET /api/tasks`. */
export interface TaskItem {
  key: string;
  name: string;
  elementId?: string;
  processId?: string;
  processName?: string;
  /** the process instance the task lives in (a called one, e.g. `intake`, for 初次接待) */
  processInstanceKey?: string;
  caseId?: string;
  caseNumber?: string;
  candidateGroups?: string[];
  assignee?: string | null;
  createdAt?: string;
  completedAt?: string | null;
  dueDate?: string | null;
  priority?: number;
  state?: string;
  overdue?: boolean;
  dueSoon?: boolean;
}

export interface TaskPage {
  items: TaskItem[];
  total: number;
  /** the server's (engine's) time when answering: countdowns count from it */
  serverTime?: string;
}

export type TaskCounts = Partial<Record<InboxView, number>>;

/** A saved inbox filter; with a `team` it is shared with that unit. */
export interface SavedFilter {
  id: string;
  name: string;
  owner?: string;
  team: string | null;
  shared?: boolean;
  query: Record<string, unknown>;
}

export interface TaskQuery {
  view: InboxView;
  sort: InboxSort;
  order: 'asc' | 'desc';
  q: string;
  filterId: string;
  page: number;
  pageSize: number;
}

/** `GET /api/tasks/:key`: the task, its form, its variables, the saved draft and the case. */
export interface TaskDetail {
  task: TaskItem;
  form?: { id?: string; schema?: unknown } | null;
  formSchema?: unknown;
  variables?: Record<string, unknown>;
  draft?: Record<string, unknown> | null;
  case?: CaseSummary | null;
}

export interface NewFilter {
  name: string;
  team: string | null;
  query: Record<string, unknown>;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  [field: string]: unknown;
}
