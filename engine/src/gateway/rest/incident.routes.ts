/**
 * Incidents: resolve, search, get.
 */
import type { FastifyInstance } from 'fastify';
import { getIncident, searchIncidents } from '../../query/incident.queries.js';
import type { SearchQuery } from '../../query/search.js';
import type { RestContext } from './context.js';
import { notFound, unwrap } from './problem.js';
import { toIncident, toSearchResult } from './response-mapper.js';
import { keyParams, operationReferenceBody, searchBody } from './schemas.js';

type KeyParams = { Params: { incidentKey: string } };

export function incidentRoutes(app: FastifyInstance, { engine, db }: RestContext): void {
  app.post<KeyParams>(
    '/incidents/:incidentKey/resolution',
    { schema: { params: keyParams('incidentKey'), body: operationReferenceBody } },
    async (req, reply) => {
      unwrap(await engine.resolveIncident(req.params.incidentKey));
      return reply.code(204).send();
    },
  );

  app.post<{ Body: SearchQuery | null }>('/incidents/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchIncidents(db, req.body ?? {}), toIncident),
  );

  app.get<KeyParams>('/incidents/:incidentKey', { schema: { params: keyParams('incidentKey') } }, async (req) => {
    const incident = await getIncident(db, req.params.incidentKey);
    if (!incident) throw notFound(`Incident with key '${req.params.incidentKey}' not found`);
    return toIncident(incident);
  });
}
