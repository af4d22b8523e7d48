/**
 * Monitoring reads for supervisors: deployed definitions, the heatmap of one definition (Camunda's
 * element-instance statistics plus this engine's duration statistics), pending timers and
 * incidents, and the incident retry. Everything goes through the engine's REST API: `/v2` is
 * Camunda's own API; `/x-engine/v1` is the engine's documented extension, absent on a Camunda
 * cluster, where the heatmap degrades to counts and the timer list to "not available".
 */
import { EngineError, type EngineClient, type Variable } from '../plugins/engine-client.js';

type EngineRest = Pick<EngineClient, 'request'>;

export interface ElementHeat {
  active: number;
  completed: number;
  canceled: number;
  incidents: number;
  /** completed element instances in the window the durations are over */
  durationCount: number;
  meanMs: number | null;
  p90Ms: number | null;
}

export interface Heatmap {
  processDefinitionKey: string;
  from: string;
  to: string;
  /** false against a Camunda cluster: counts only */
  durationsAvailable: boolean;
  elements: Record<string, ElementHeat>;
}

interface CamundaElementStatistics {
  items: Array<{ elementId: string; active: number; completed: number; canceled: number; incidents: number }>;
}

interface DurationStatistics {
  items: Array<{ elementId: string; elementType: string; count: number; meanMs: number; p90Ms: number }>;
}

interface SearchResult<T> {
  items: T[];
  /** `totalItems` stops at 10,000 with `hasMoreTotalItems`, as Camunda counts */
  page: { totalItems: number; hasMoreTotalItems?: boolean; startCursor?: string; endCursor?: string };
}

export interface ProcessDefinitionSummary {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  resourceName?: string;
  tenantId?: string;
}

const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** a missing extension endpoint: 404 (Camunda answers unknown paths so) or 501 */
const isMissingEndpoint = (err: unknown) => err instanceof EngineError && (err.statusCode === 404 || err.statusCode === 501 || err.statusCode === 405);

/** every page of a Camunda search, following the cursor (searches answer at most `limit` items) */
export async function searchAll<T>(engine: EngineRest, path: string, body: Record<string, unknown> = {}, limit = 1000): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await engine.request<SearchResult<T>>('POST', path, { ...body, page: after ? { after, limit } : { from: 0, limit } });
    items.push(...page.items);
    if (page.items.length < limit || !page.page.endCursor) return items;
    if (!page.page.hasMoreTotalItems && items.length >= page.page.totalItems) return items;
    after = page.page.endCursor;
  }
}

/** variable searches take the instance keys in slices of this size */
const KEY_SLICE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Process instance key → the case id its `caseId` variable names. Every process of a case
 * carries it (the server sets it on the root; call activities propagate it), so this finds the
 * case of an incident, timer or task deep in a called process.
 */
export async function caseIdsOf(engine: EngineRest, instanceKeys: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(instanceKeys)];
  const found = new Map<string, string>();
  for (let i = 0; i < keys.length; i += KEY_SLICE) {
    const variables = await searchAll<Variable>(engine, '/v2/variables/search', { filter: { name: 'caseId', processInstanceKey: { $in: keys.slice(i, i + KEY_SLICE) } } });
    for (const v of variables) {
      try {
        const value = JSON.parse(v.value) as unknown;
        if (typeof value === 'string' && UUID.test(value)) found.set(v.processInstanceKey, value);
      } catch {
        /* a truncated or non-JSON value names no case */
      }
    }
  }
  return found;
}

export function listProcessDefinitions(engine: EngineRest, processDefinitionId?: string): Promise<ProcessDefinitionSummary[]> {
  return searchAll<ProcessDefinitionSummary>(engine, '/v2/process-definitions/search', {
    ...(processDefinitionId ? { filter: { processDefinitionId } } : {}),
    sort: [{ field: 'processDefinitionId', order: 'ASC' }, { field: 'version', order: 'DESC' }],
  });
}

export interface Window {
  from?: Date;
  to?: Date;
}

export function resolveWindow(window: Window, now: Date): { from: Date; to: Date } {
  const to = window.to ?? now;
  const from = window.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  return { from, to };
}

/**
 * The heatmap of one definition. Counts are of the process instances that were alive during the
 * window (started before its end, not ended before its start); durations are of the element
 * instances that completed in it.
 */
export async function heatmap(engine: EngineRest, processDefinitionKey: string, window: Window, now: Date): Promise<Heatmap> {
  const { from, to } = resolveWindow(window, now);
  const filter =
    window.from || window.to
      ? { startDate: { $lt: to.toISOString() }, $or: [{ endDate: { $exists: false } }, { endDate: { $gte: from.toISOString() } }] }
      : undefined;
  const counts = await engine.request<CamundaElementStatistics>(
    'POST',
    `/v2/process-definitions/${encodeURIComponent(processDefinitionKey)}/statistics/element-instances`,
    filter ? { filter } : {},
  );
  let durations: DurationStatistics | undefined;
  try {
    const query = new URLSearchParams({ processDefinitionKey, from: from.toISOString(), to: to.toISOString() });
    durations = await engine.request<DurationStatistics>('GET', `/x-engine/v1/statistics/element-durations?${query}`);
  } catch (err) {
    if (!isMissingEndpoint(err)) throw err;
  }
  return {
    processDefinitionKey,
    from: from.toISOString(),
    to: to.toISOString(),
    durationsAvailable: durations !== undefined,
    elements: mergeHeat(counts.items, durations?.items ?? []),
  };
}

/** the counts and the durations per element, one entry per element either knows */
export function mergeHeat(counts: CamundaElementStatistics['items'], durations: DurationStatistics['items']): Record<string, ElementHeat> {
  const elements: Record<string, ElementHeat> = {};
  const entry = (id: string) =>
    (elements[id] ??= { active: 0, completed: 0, canceled: 0, incidents: 0, durationCount: 0, meanMs: null, p90Ms: null });
  for (const c of counts) Object.assign(entry(c.elementId), { active: c.active, completed: c.completed, canceled: c.canceled, incidents: c.incidents });
  for (const d of durations) Object.assign(entry(d.elementId), { durationCount: d.count, meanMs: d.meanMs, p90Ms: d.p90Ms });
  return elements;
}

export interface PendingTimer {
  timerKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceKey?: string;
  elementInstanceKey?: string;
  elementId: string;
  elementName?: string;
  dueDate: string;
  repetitions: number;
}

export interface TimerQuery {
  processDefinitionKey?: string;
  processInstanceKey?: string;
  dueBefore?: Date;
  limit: number;
}

/** pending timers by due date; `available: false` against a Camunda cluster (no such API there) */
export async function pendingTimers(engine: EngineRest, query: TimerQuery): Promise<{ available: boolean; items: PendingTimer[]; total: number }> {
  const filter: Record<string, unknown> = {};
  if (query.processDefinitionKey) filter.processDefinitionKey = query.processDefinitionKey;
  if (query.processInstanceKey) filter.processInstanceKey = query.processInstanceKey;
  if (query.dueBefore) filter.dueDate = { $lt: query.dueBefore.toISOString() };
  try {
    const page = await engine.request<SearchResult<PendingTimer & { tenantId?: string }>>('POST', '/x-engine/v1/timers/search', {
      filter,
      sort: [{ field: 'dueDate', order: 'ASC' }],
      page: { from: 0, limit: query.limit },
    });
    return { available: true, items: page.items.map(({ tenantId: _t, ...t }) => t), total: page.page.totalItems };
  } catch (err) {
    if (isMissingEndpoint(err)) return { available: false, items: [], total: 0 };
    throw err;
  }
}

export interface IncidentSummary {
  incidentKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceKey: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  creationTime: string;
  state: string;
  jobKey?: string;
}

export interface IncidentQuery {
  state?: 'ACTIVE' | 'RESOLVED';
  processDefinitionKey?: string;
  processInstanceKey?: string;
  from: number;
  limit: number;
}

export async function listIncidents(engine: EngineRest, query: IncidentQuery): Promise<{ items: IncidentSummary[]; total: number }> {
  const filter: Record<string, unknown> = { state: query.state ?? 'ACTIVE' };
  if (query.processDefinitionKey) filter.processDefinitionKey = query.processDefinitionKey;
  if (query.processInstanceKey) filter.processInstanceKey = query.processInstanceKey;
  const page = await engine.request<SearchResult<IncidentSummary & { tenantId?: string }>>('POST', '/v2/incidents/search', {
    filter,
    sort: [{ field: 'creationTime', order: 'DESC' }],
    page: { from: query.from, limit: query.limit },
  });
  return { items: page.items.map(({ tenantId: _t, ...i }) => i), total: page.page.totalItems };
}

/**
 * Retry an incident as Operate does: a job incident (retries exhausted) first gets its job's
 * retries back, then the incident is resolved, so the job is activated again; any other incident
 * (a FEEL error, a missing variable) is resolved and the element re-evaluated.
 */
export async function retryIncident(engine: EngineRest, incidentKey: string, retries = 1): Promise<IncidentSummary> {
  const incident = await engine.request<IncidentSummary>('GET', `/v2/incidents/${encodeURIComponent(incidentKey)}`);
  if (incident.state !== 'ACTIVE') throw new IncidentNotActiveError(incidentKey, incident.state);
  if (incident.jobKey) {
    await engine.request('PATCH', `/v2/jobs/${encodeURIComponent(incident.jobKey)}`, { changeset: { retries } });
  }
  await engine.request('POST', `/v2/incidents/${encodeURIComponent(incidentKey)}/resolution`, {});
  return incident;
}

export class IncidentNotActiveError extends Error {
  constructor(readonly incidentKey: string, readonly state: string) {
    super(`事件 ${incidentKey} 已处理（状态 ${state}），无需重试`);
  }
}
