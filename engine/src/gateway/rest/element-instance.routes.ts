/**
 * Element instances: set variables in a scope, search, get.
 */
import type { FastifyInstance } from 'fastify';
import { getElementInstance, searchElementInstances } from '../../query/element-instance.queries.js';
import type { SearchQuery } from '../../query/search.js';
import type { RestContext } from './context.js';
import { notFound, unwrap } from './problem.js';
import { toElementInstance, toSearchResult } from './response-mapper.js';
import { keyParams, searchBody, setVariablesBody } from './schemas.js';

type KeyParams = { Params: { elementInstanceKey: string } };

export function elementInstanceRoutes(app: FastifyInstance, { engine, db, names }: RestContext): void {
  app.put<KeyParams & { Body: { variables: Record<string, unknown>; local?: boolean } }>(
    '/element-instances/:elementInstanceKey/variables',
    { schema: { params: keyParams('elementInstanceKey'), body: setVariablesBody } },
    async (req, reply) => {
      const { variables, local } = req.body;
      unwrap(await engine.setVariables({ elementInstanceKey: req.params.elementInstanceKey, variables, local: local ?? false }));
      return reply.code(204).send();
    },
  );

  app.post<{ Body: SearchQuery | null }>('/element-instances/search', { schema: { body: searchBody } }, async (req) => {
    const page = await searchElementInstances(db, req.body ?? {});
    const items = await Promise.all(page.items.map((e) => toElementInstance(e, names)));
    return toSearchResult({ ...page, items }, (item) => item);
  });

  app.get<KeyParams>('/element-instances/:elementInstanceKey', { schema: { params: keyParams('elementInstanceKey') } }, async (req) => {
    const element = await getElementInstance(db, req.params.elementInstanceKey);
    if (!element) throw notFound(`Element instance with key '${req.params.elementInstanceKey}' not found`);
    return toElementInstance(element, names);
  });
}
