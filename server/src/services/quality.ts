/**
 * 执行质效 (enforcement quality and efficiency) figures, as the command centre reports them by
 * team and by month (operating plan §七: 收结案情况、执行到位情况、流程节点工作完成情况):
 *
 * - 新收 `received`: cases filed (立案) in the window;
 * - 旧存 `pendingAtStart`: cases filed before the window and not closed when it starts;
 * - 已结 `closed`: cases closed in the window;
 * - 结案率 `closureRate` = 已结 / (旧存 + 新收);
 * - 执行到位金额 `amountRecovered`: what the cases closed in the window recovered (元);
 * - 平均结案天数 `averageDaysToClose`: mean days from 立案 to 结案 of the cases closed in the window;
 * - 终本率 `finalityRate` = cases closed by 终结本次执行程序 / 已结;
 * - 超期任务 `overdueTasks`: open user tasks past their due date now, counted by the engine: by
 *   candidate group (the unit or team that must act) when grouped by team, by the month the task
 *   fell due when grouped by month.
 *
 * Months are calendar months in China (UTC+8). Rates are fractions (0.5 = 50 %), null when the
 * denominator is 0.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** how a case was closed by 终结本次执行程序; other closure kinds count as closed only */
export const FINALITY_CLOSURE = '终本';

export interface QualityCase {
  team: string | null;
  filedAt: Date;
  closedAt: Date | null;
  /** 结案方式: `终本`, `执行完毕`, `终结`, `不予执行`, `驳回申请`, … */
  closureKind: string | null;
  amountRecovered: number;
  /** how many cases this entry stands for (default 1): the loader passes cases grouped by team and month */
  count?: number;
  /** the summed days from 立案 to 结案 of a group of cases (default: from the dates) */
  daysToClose?: number;
}

/** overdue open tasks, counted: the total, and per group (a team/unit, or a month YYYY-MM) */
export interface OverdueCounts {
  total: number;
  byGroup: Record<string, number>;
  /** the total is a lower bound (see quality-loader's countOpenTasks: almost never) */
  totalAtLeast?: boolean;
  /** the groups whose count is a lower bound */
  atLeast?: string[];
}

export type QualityGroupBy = 'team' | 'month';

export interface QualityFigures {
  /** the team, or the month as YYYY-MM; `合计` for the total row */
  group: string;
  received: number;
  pendingAtStart: number;
  closed: number;
  closureRate: number | null;
  amountRecovered: number;
  averageDaysToClose: number | null;
  finalityClosed: number;
  finalityRate: number | null;
  overdueTasks: number;
  /** `overdueTasks` is a lower bound ("at least"): the engine could not count it exactly */
  overdueTasksAtLeast: boolean;
}

export interface QualityReport {
  from: string;
  to: string;
  groupBy: QualityGroupBy;
  groups: QualityFigures[];
  total: QualityFigures;
}

export const TOTAL_GROUP = '合计';
export const NO_TEAM = '未分配';

/** YYYY-MM of an instant in China */
export function chinaMonth(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** the instant a China month (YYYY-MM) starts */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+08:00`);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** the months a window [from, to) touches, in China */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  const last = chinaMonth(new Date(to.getTime() - 1));
  for (let m = chinaMonth(from); m <= last; m = nextMonth(m)) months.push(m);
  return months;
}

const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** the figures of a set of cases over [from, to); overdue tasks are passed in already counted */
function figures(group: string, cases: QualityCase[], from: Date, to: Date, overdueTasks: number, overdueTasksAtLeast = false): QualityFigures {
  const inWindow = (d: Date | null) => d !== null && d >= from && d < to;
  const countOf = (list: QualityCase[]) => list.reduce((n, c) => n + (c.count ?? 1), 0);
  const received = countOf(cases.filter((c) => inWindow(c.filedAt)));
  const pendingAtStart = countOf(cases.filter((c) => c.filedAt < from && (c.closedAt === null || c.closedAt >= from)));
  const closedCases = cases.filter((c) => inWindow(c.closedAt));
  const closed = countOf(closedCases);
  const finalityClosed = countOf(closedCases.filter((c) => c.closureKind === FINALITY_CLOSURE));
  const days = closedCases.reduce((sum, c) => sum + (c.daysToClose ?? (c.closedAt!.getTime() - c.filedAt.getTime()) / DAY_MS), 0);
  return {
    group,
    received,
    pendingAtStart,
    closed,
    closureRate: rate(closed, pendingAtStart + received),
    amountRecovered: round2(closedCases.reduce((sum, c) => sum + (Number(c.amountRecovered) || 0), 0)),
    averageDaysToClose: closed === 0 ? null : Math.round((days / closed) * 10) / 10,
    finalityClosed,
    finalityRate: rate(finalityClosed, closed),
    overdueTasks,
    overdueTasksAtLeast,
  };
}

export interface QualityOptions {
  from: Date;
  to: Date;
  groupBy: QualityGroupBy;
}

export function computeQuality(cases: QualityCase[], overdue: OverdueCounts, options: QualityOptions): QualityReport {
  const { from, to, groupBy } = options;
  const overdueIn = (group: string) => overdue.byGroup[group] ?? 0;
  const atLeast = (group: string) => overdue.atLeast?.includes(group) ?? false;
  let groups: QualityFigures[];
  if (groupBy === 'team') {
    const teamOf = (t: string | null) => t || NO_TEAM;
    const teams = [...new Set([...cases.map((c) => teamOf(c.team)), ...Object.keys(overdue.byGroup)])].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    groups = teams
      .map((team) => figures(team, cases.filter((c) => teamOf(c.team) === team), from, to, overdueIn(team), atLeast(team)))
      .filter((g) => g.received + g.pendingAtStart + g.closed + g.overdueTasks > 0);
  } else {
    // each month is its own window, clipped to [from, to)
    groups = monthsOf(from, to).map((month) => {
      const start = new Date(Math.max(monthStart(month).getTime(), from.getTime()));
      const end = new Date(Math.min(monthStart(nextMonth(month)).getTime(), to.getTime()));
      return figures(month, cases, start, end, overdueIn(month), atLeast(month));
    });
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    groupBy,
    groups,
    total: figures(TOTAL_GROUP, cases, from, to, overdue.total, overdue.totalAtLeast ?? false),
  };
}

/** the instants a China month (YYYY-MM) starts and ends */
export function monthBounds(month: string): { start: Date; end: Date } {
  return { start: monthStart(month), end: monthStart(nextMonth(month)) };
}

export interface QualityLoadOptions extends QualityOptions {
  /** the time overdue is judged at */
  now: Date;
}

/** the case row fields the figures read; `stage` and `status` tell how a closed case was closed */
export interface CaseRow {
  id: string;
  team: string | null;
  filedAt: Date;
  closedAt: Date | null;
  stage: string;
  status: string;
  amountRecovered: number | string;
}

/** 终本 when the case was closed at the finality stage (the `cases` table has no separate closure kind) */
export function closureKindOf(row: Pick<CaseRow, 'closedAt' | 'stage' | 'status'>): string | null {
  if (!row.closedAt) return null;
  if (row.stage.includes(FINALITY_CLOSURE) || row.status.includes(FINALITY_CLOSURE)) return FINALITY_CLOSURE;
  return row.stage;
}

/**
 * Where 终本 closes a case: the 终本裁定书 is made in finality-review's `generateRuling`. The case
 * is closed (结案) then, although its process keeps running for the 5 years of checks after 终本,
 * so the case row stays open; the figures take the closing from the engine.
 */
export const FINALITY_RULING = { processDefinitionId: 'finality-review', elementId: 'generateRuling' } as const;

/** a case row as the figures count it; `finalityRuledAt` is when its 终本裁定 was made, if it was */
export function toQualityCase(row: CaseRow, finalityRuledAt?: Date): QualityCase {
  if (finalityRuledAt && (!row.closedAt || finalityRuledAt <= row.closedAt)) {
    return { team: row.team, filedAt: row.filedAt, closedAt: finalityRuledAt, closureKind: FINALITY_CLOSURE, amountRecovered: Number(row.amountRecovered) || 0 };
  }
  return { team: row.team, filedAt: row.filedAt, closedAt: row.closedAt, closureKind: closureKindOf(row), amountRecovered: Number(row.amountRecovered) || 0 };
}
