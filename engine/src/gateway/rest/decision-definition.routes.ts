/**
 * Decision definitions and decision requirements (the deployed DMN): search, get, the DMN XML,
 * as Camunda 8.8's `/v2/decision-definitions` and `/v2/decision-requirements`.
 */
import type { FastifyInstance } from 'fastify';
import {
  getDecisionDefinition,
  getDecisionDefinitionXml,
  getDecisionRequirements,
  getDecisionRequirementsXml,
  searchDecisionDefinitions,
  searchDecisionRequirements,
  type DecisionDefinitionView,
  type DecisionRequirementsView,
} from '../../query/decision-definition.queries.js';
import type { SearchQuery } from '../../query/search.js';
import type { RestContext } from './context.js';
import { notFound } from './problem.js';
import { toSearchResult } from './response-mapper.js';
import { keyParams, searchBody } from './schemas.js';

const optional = <K extends string, V>(name: K, value: V | null | undefined) => (value == null ? {} : ({ [name]: value } as Record<K, V>));

export const toDecisionDefinition = (d: DecisionDefinitionView) => ({
  decisionDefinitionKey: d.key,
  decisionDefinitionId: d.decisionId,
  ...optional('name', d.name),
  version: d.version,
  decisionRequirementsKey: d.decisionRequirementsKey,
  decisionRequirementsId: d.decisionRequirementsId,
  tenantId: d.tenantId,
});

export const toDecisionRequirements = (r: DecisionRequirementsView) => ({
  decisionRequirementsKey: r.key,
  decisionRequirementsId: r.decisionRequirementsId,
  ...optional('decisionRequirementsName', r.name),
  version: r.version,
  resourceName: r.resourceName,
  tenantId: r.tenantId,
});

type DefinitionParams = { Params: { decisionDefinitionKey: string } };
type RequirementsParams = { Params: { decisionRequirementsKey: string } };
const definitionParams = { params: keyParams('decisionDefinitionKey') };
const requirementsParams = { params: keyParams('decisionRequirementsKey') };
const missingDefinition = (key: string) => notFound(`Decision definition with key '${key}' not found`);
const missingRequirements = (key: string) => notFound(`Decision requirements with key '${key}' not found`);

export function decisionDefinitionRoutes(app: FastifyInstance, { db }: RestContext): void {
  app.post<{ Body: SearchQuery | null }>('/decision-definitions/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchDecisionDefinitions(db, req.body ?? {}), toDecisionDefinition),
  );

  app.get<DefinitionParams>('/decision-definitions/:decisionDefinitionKey', { schema: definitionParams }, async (req) => {
    const definition = await getDecisionDefinition(db, req.params.decisionDefinitionKey);
    if (!definition) throw missingDefinition(req.params.decisionDefinitionKey);
    return toDecisionDefinition(definition);
  });

  app.get<DefinitionParams>('/decision-definitions/:decisionDefinitionKey/xml', { schema: definitionParams }, async (req, reply) => {
    const xml = await getDecisionDefinitionXml(db, req.params.decisionDefinitionKey);
    if (xml === undefined) throw missingDefinition(req.params.decisionDefinitionKey);
    return reply.type('text/xml').send(xml);
  });

  app.post<{ Body: SearchQuery | null }>('/decision-requirements/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchDecisionRequirements(db, req.body ?? {}), toDecisionRequirements),
  );

  app.get<RequirementsParams>('/decision-requirements/:decisionRequirementsKey', { schema: requirementsParams }, async (req) => {
    const requirements = await getDecisionRequirements(db, req.params.decisionRequirementsKey);
    if (!requirements) throw missingRequirements(req.params.decisionRequirementsKey);
    return toDecisionRequirements(requirements);
  });

  app.get<RequirementsParams>('/decision-requirements/:decisionRequirementsKey/xml', { schema: requirementsParams }, async (req, reply) => {
    const xml = await getDecisionRequirementsXml(db, req.params.decisionRequirementsKey);
    if (xml === undefined) throw missingRequirements(req.params.decisionRequirementsKey);
    return reply.type('text/xml').send(xml);
  });
}
