/**
 * Process definitions: search, get, the BPMN XML, and per-element statistics (heatmaps).
 */
import type { FastifyInstance } from 'fastify';
import { getProcessDefinition, getProcessDefinitionXml, searchProcessDefinitions } from '../../query/process-definition.queries.js';
import type { SearchQuery } from '../../query/search.js';
import { processDefinitionElementStatistics } from '../../query/statistics.queries.js';
import type { RestContext } from './context.js';
import { notFound } from './problem.js';
import { toElementStatistics, toProcessDefinition, toSearchResult } from './response-mapper.js';
import { keyParams, searchBody, statisticsBody } from './schemas.js';

type KeyParams = { Params: { processDefinitionKey: string } };
const params = { params: keyParams('processDefinitionKey') };
const missing = (key: string) => notFound(`Process definition with key '${key}' not found`);

export function processDefinitionRoutes(app: FastifyInstance, { db }: RestContext): void {
  app.post<{ Body: SearchQuery | null }>('/process-definitions/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchProcessDefinitions(db, req.body ?? {}), toProcessDefinition),
  );

  app.get<KeyParams>('/process-definitions/:processDefinitionKey', { schema: params }, async (req) => {
    const definition = await getProcessDefinition(db, req.params.processDefinitionKey);
    if (!definition) throw missing(req.params.processDefinitionKey);
    return toProcessDefinition(definition);
  });

  app.get<KeyParams>('/process-definitions/:processDefinitionKey/xml', { schema: params }, async (req, reply) => {
    const xml = await getProcessDefinitionXml(db, req.params.processDefinitionKey);
    if (xml === undefined) throw missing(req.params.processDefinitionKey);
    return reply.type('text/xml').send(xml);
  });

  /** Camunda's API has this as POST (with an optional process-instance filter); GET answers the same, unfiltered. */
  const statistics = async (key: string, filter: unknown) => {
    if (!(await getProcessDefinition(db, key))) throw missing(key);
    return { items: (await processDefinitionElementStatistics(db, key, filter)).map(toElementStatistics) };
  };
  app.post<KeyParams & { Body: { filter?: unknown } | null }>(
    '/process-definitions/:processDefinitionKey/statistics/element-instances',
    { schema: { ...params, body: statisticsBody } },
    async (req) => statistics(req.params.processDefinitionKey, req.body?.filter),
  );
  app.get<KeyParams>('/process-definitions/:processDefinitionKey/statistics/element-instances', { schema: params }, async (req) =>
    statistics(req.params.processDefinitionKey, undefined),
  );
}
