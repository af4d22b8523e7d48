/**
 * Monitoring for supervisors: heatmaps per definition and version, pending timers, incidents and
 * their retry, and the 执行质效 figures by team or month.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { cases } from '../../db/schema.js';
import { badRequest, conflict } from '../../plugins/http-errors.js';
import { SUPERVISORS } from '../../plugins/roles.js';
import { caseIdsOf, heatmap, IncidentNotActiveError, listIncidents, listProcessDefinitions, pendingTimers, retryIncident } from '../../services/monitoring.js';
import { loadQuality } from '../../services/quality-loader.js';
import type { QualityReport } from '../../services/quality.js';
import { SnapshotCache } from '../../services/snapshot-cache.js';
import type { Heatmap } from '../../services/monitoring.js';
import {
  DefinitionsQuery,
  DefinitionsReply,
  HeatmapParams,
  HeatmapReply,
  IncidentParams,
  IncidentsQuery,
  IncidentsReply,
  QualityQuery,
  QualityReply,
  RetryBody,
  RetryReply,
  TimersQuery,
  TimersReply,
  WindowQuery,
} from '../../schemas/monitoring.js';

const tags = ['monitoring'];
const config = { roles: SUPERVISORS };

/** `from`/`to` of a query as dates, refusing a window that ends before it starts */
function windowOf(query: WindowQuery): { from?: Date; to?: Date } {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw badRequest('窗口起点 from 不能晚于终点 to', 'from');
  return { from, to };
}

/** the first of January of this year in China */
const startOfYear = (now: Date) => new Date(`${new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear()}-01-01T00:00:00+08:00`);

const monitoringRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const engine = app.engineClient;
  const { snapshots, onCompute } = fastify.platformConfig.monitoring;
  const now = () => fastify.platformConfig.now();
  const onError = (err: unknown, key: string) => app.log.warn({ err, key }, 'monitoring snapshot refresh failed');
  // 执行质效 and the heatmap over a chosen window: snapshots (services/snapshot-cache.ts), refreshed
  // on a schedule and soon after every case, task or incident event the server sees
  const quality = new SnapshotCache<QualityReport>(snapshots, { now, onError, onCompute: (key) => onCompute?.('quality', key) });
  const heat = new SnapshotCache<Heatmap>({ maxAgeMs: 30_000, ...snapshots }, { now, onError, onCompute: (key) => onCompute?.('heatmap', key) });
  // observed, not subscribed to: a subscriber counts as a console listening (`listenerCount`),
  // which turns on the engine watcher's costly search for completed tasks
  const stopObserving = app.events.observe(() => {
    quality.invalidate();
    heat.invalidate();
  });
  fastify.addHook('onClose', async () => {
    stopObserving();
    quality.close();
    heat.close();
  });

  /** the case of each process instance: by the case's root instance, else by the `caseId` variable a called process carries */
  const casesOf = async (instanceKeys: (string | undefined)[]) => {
    const keys = [...new Set(instanceKeys.filter((k): k is string => Boolean(k)))];
    const byInstance = new Map<string, { caseId: string; caseNumber: string }>();
    if (keys.length === 0) return byInstance;
    const roots = await app.db
      .select({ id: cases.id, caseNumber: cases.caseNumber, pik: cases.processInstanceKey })
      .from(cases)
      .where(inArray(cases.processInstanceKey, keys));
    for (const r of roots) byInstance.set(r.pik!, { caseId: r.id, caseNumber: r.caseNumber });
    const called = await caseIdsOf(engine, keys.filter((k) => !byInstance.has(k)));
    const ids = [...new Set(called.values())];
    if (ids.length > 0) {
      const rows = await app.db.select({ id: cases.id, caseNumber: cases.caseNumber }).from(cases).where(inArray(cases.id, ids));
      const numbers = new Map(rows.map((r) => [r.id, r.caseNumber]));
      for (const [pik, caseId] of called) if (numbers.has(caseId)) byInstance.set(pik, { caseId, caseNumber: numbers.get(caseId)! });
    }
    return byInstance;
  };

  app.get('/monitoring/definitions', { config, schema: { tags, summary: '流程定义及版本', querystring: DefinitionsQuery, response: { 200: DefinitionsReply } } }, async (req) => {
    const definitions = await listProcessDefinitions(engine, req.query.processDefinitionId);
    const latest = new Map<string, number>();
    for (const d of definitions) latest.set(d.processDefinitionId, Math.max(latest.get(d.processDefinitionId) ?? 0, d.version));
    return {
      items: definitions.map((d) => ({
        processDefinitionKey: d.processDefinitionKey,
        processDefinitionId: d.processDefinitionId,
        ...(d.name ? { name: d.name } : {}),
        version: d.version,
        latest: latest.get(d.processDefinitionId) === d.version,
      })),
    };
  });

  app.get(
    '/monitoring/definitions/:key/heatmap',
    { config, schema: { tags, summary: '热力图：各节点的实例数与耗时', params: HeatmapParams, querystring: WindowQuery, response: { 200: HeatmapReply } } },
    async (req) => {
      const window = windowOf(req.query);
      // no window: the live heatmap the console follows event by event, one cheap statistics call
      if (!window.from && !window.to) {
        const asOf = new Date();
        return { ...(await heatmap(engine, req.params.key, window, asOf)), asOf: asOf.toISOString() };
      }
      const key = [req.params.key, req.query.from ?? '', req.query.to ?? ''].join('|');
      const { value, asOf } = await heat.get(key, (at) => heatmap(engine, req.params.key, window, at));
      return { ...value, asOf: asOf.toISOString() };
    },
  );

  app.get('/monitoring/timers', { config, schema: { tags, summary: '待触发的定时器', querystring: TimersQuery, response: { 200: TimersReply } } }, async (req) => {
    const { processDefinitionKey, processInstanceKey, dueBefore, limit } = req.query;
    const timers = await pendingTimers(engine, { processDefinitionKey, processInstanceKey, dueBefore: dueBefore ? new Date(dueBefore) : undefined, limit: limit ?? 200 });
    const byInstance = await casesOf(timers.items.map((t) => t.processInstanceKey));
    const items = timers.items.map((t) => ({ ...t, ...(t.processInstanceKey ? byInstance.get(t.processInstanceKey) : {}) }));
    // the countdowns' reference (the engine's clock); nothing to count down when timers are not available
    return { ...timers, items, ...(timers.available ? { serverTime: fastify.platformConfig.now().toISOString() } : {}) };
  });

  app.get('/monitoring/incidents', { config, schema: { tags, summary: '事件（incident）列表', querystring: IncidentsQuery, response: { 200: IncidentsReply } } }, async (req) => {
    const { state, processDefinitionKey, processInstanceKey, page = 1, pageSize = 50 } = req.query;
    const result = await listIncidents(engine, { state, processDefinitionKey, processInstanceKey, from: (page - 1) * pageSize, limit: pageSize });
    const byInstance = await casesOf(result.items.map((i) => i.processInstanceKey));
    return { ...result, items: result.items.map((i) => ({ ...i, ...(i.jobKey == null ? { jobKey: undefined } : {}), ...byInstance.get(i.processInstanceKey) })) };
  });

  app.post(
    '/monitoring/incidents/:key/retry',
    { config, schema: { tags, summary: '重试：恢复作业重试次数并解决事件', params: IncidentParams, body: RetryBody, response: { 200: RetryReply } } },
    async (req) => {
      let incident;
      try {
        incident = await retryIncident(engine, req.params.key, req.body?.retries ?? 1);
      } catch (err) {
        if (err instanceof IncidentNotActiveError) throw conflict(err.message);
        throw err;
      }
      const caseRef = (await casesOf([incident.processInstanceKey])).get(incident.processInstanceKey);
      await req.audit('incident.retry', {
        caseId: caseRef?.caseId ?? null,
        target: incident.incidentKey,
        details: {
          processInstanceKey: incident.processInstanceKey,
          processDefinitionId: incident.processDefinitionId,
          elementId: incident.elementId,
          errorType: incident.errorType,
          jobKey: incident.jobKey ?? null,
          retries: req.body?.retries ?? 1,
        },
      });
      app.events.publish({ type: 'incident', key: incident.incidentKey, action: 'resolved', ...(caseRef ? { caseId: caseRef.caseId } : {}) });
      return { incidentKey: incident.incidentKey, ...(incident.jobKey ? { jobKey: incident.jobKey } : {}), resolved: true as const };
    },
  );

  app.get('/monitoring/quality', { config, schema: { tags, summary: '执行质效', querystring: QualityQuery, response: { 200: QualityReply } } }, async (req) => {
    const window = windowOf(req.query);
    if (window.from && !window.to && window.from > now()) throw badRequest('窗口起点 from 不能晚于终点 to', 'from');
    const groupBy = req.query.groupBy ?? 'team';
    // the window as asked: with no `to` it ends at each computation's `asOf`
    const key = [groupBy, req.query.from ?? '', req.query.to ?? ''].join('|');
    const { value, asOf } = await quality.get(key, (at) => {
      const to = window.to ?? at;
      const from = window.from ?? startOfYear(to);
      if (from > to) return Promise.reject(badRequest('窗口起点 from 不能晚于终点 to', 'from'));
      return loadQuality(app.db, engine, { from, to, groupBy, now: at });
    });
    return { ...value, asOf: asOf.toISOString() };
  });
};

export default monitoringRoutes;
