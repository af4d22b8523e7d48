/**
 * This engine's own read endpoints, under `/x-engine/v1` (a prefix Camunda's API never uses),
 * for the platform's monitoring views. Same conventions as `/v2`: keys as strings, ISO 8601
 * times, Camunda's search shape, problem details.
 * - `POST /timers/search`: pending timers with due dates and the elements they will trigger;
 * - `GET /statistics/element-durations`: per element, the count, mean and 90th percentile of
 *   the durations of element instances that completed in a time window.
 */
import type { FastifyInstance } from 'fastify';
import { elementDurationStatistics } from '../../query/duration.queries.js';
import type { SearchQuery } from '../../query/search.js';
import { searchPendingTimers, type TimerView } from '../../query/timer.queries.js';
import type { RestContext } from './context.js';
import { invalidArgument } from './problem.js';
import { tenantOf } from './request-mapper.js';
import { iso, toSearchResult } from './response-mapper.js';
import { keySchema, searchBody } from './schemas.js';

/** the window when none is given: the 30 days up to now */
const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;

interface DurationQuery {
  processDefinitionKey?: string;
  processDefinitionId?: string;
  tenantId?: string;
  from?: string;
  to?: string;
}

const durationQuerySchema = {
  type: 'object',
  properties: {
    processDefinitionKey: keySchema,
    processDefinitionId: { type: 'string', minLength: 1 },
    tenantId: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
  },
} as const;

export function extensionRoutes(app: FastifyInstance, { engine, db, names }: RestContext): void {
  app.post<{ Body: SearchQuery | null }>('/timers/search', { schema: { body: searchBody } }, async (req) => {
    const page = await searchPendingTimers(db, req.body ?? {});
    const items = await Promise.all(page.items.map(async (t) => toTimer(t, await names.of(t.processDefinitionKey, t.elementId))));
    return toSearchResult({ ...page, items }, (item) => item);
  });

  app.get<{ Querystring: DurationQuery }>('/statistics/element-durations', { schema: { querystring: durationQuerySchema } }, async (req) => {
    const { processDefinitionKey, processDefinitionId } = req.query;
    if ((processDefinitionKey === undefined) === (processDefinitionId === undefined)) {
      throw invalidArgument('Exactly one of [processDefinitionKey, processDefinitionId] is required.');
    }
    const to = req.query.to ? Date.parse(req.query.to) : engine.clock.now();
    const from = req.query.from ? Date.parse(req.query.from) : to - DEFAULT_WINDOW_MS;
    if (from > to) throw invalidArgument(`The value for from is '${req.query.from}' but must not be after to.`);
    const items = await elementDurationStatistics(db, {
      processDefinitionKey,
      bpmnProcessId: processDefinitionId,
      tenantId: tenantOf(req.query.tenantId, 'Element Duration Statistics'),
      from,
      to,
    });
    return { from: iso(from), to: iso(to), items };
  });
}

function toTimer(t: TimerView, elementName: string) {
  return {
    timerKey: t.key,
    processDefinitionKey: t.processDefinitionKey,
    processDefinitionId: t.bpmnProcessId,
    ...(t.processInstanceKey ? { processInstanceKey: t.processInstanceKey } : {}),
    ...(t.elementInstanceKey ? { elementInstanceKey: t.elementInstanceKey } : {}),
    elementId: t.elementId,
    elementName,
    dueDate: iso(t.dueDate),
    repetitions: t.repetitions,
    tenantId: t.tenantId,
  };
}
