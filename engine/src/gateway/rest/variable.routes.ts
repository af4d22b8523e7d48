/**
 * Variables: search (values truncated unless `truncateValues=false`), get (full value).
 */
import type { FastifyInstance } from 'fastify';
import type { SearchQuery } from '../../query/search.js';
import { getVariable, searchVariables } from '../../query/variable.queries.js';
import type { RestContext } from './context.js';
import { notFound } from './problem.js';
import { toFullVariable, toSearchResult, toVariable } from './response-mapper.js';
import { keyParams, searchBody } from './schemas.js';

export function variableRoutes(app: FastifyInstance, { db }: RestContext): void {
  app.post<{ Body: SearchQuery | null; Querystring: { truncateValues?: boolean } }>(
    '/variables/search',
    { schema: { body: searchBody, querystring: { type: 'object', properties: { truncateValues: { type: 'boolean' } } } } },
    async (req) => {
      const truncate = req.query.truncateValues !== false;
      return toSearchResult(await searchVariables(db, req.body ?? {}), (v) => toVariable(v, truncate));
    },
  );

  app.get<{ Params: { variableKey: string } }>('/variables/:variableKey', { schema: { params: keyParams('variableKey') } }, async (req) => {
    const variable = await getVariable(db, req.params.variableKey);
    if (!variable) throw notFound(`Variable with key '${req.params.variableKey}' not found`);
    return toFullVariable(variable);
  });
}
