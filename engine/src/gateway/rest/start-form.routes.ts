/**
 * `GET /process-definitions/{processDefinitionKey}/form`: the start form of a process, as
 * Camunda 8.8 answers it: the latest version of the form the none start event links
 * (`zeebe:formDefinition formId`); 204 when the definition links none (or the form is not
 * deployed); 404 for an unknown or deleted definition.
 */
import type { FastifyInstance } from 'fastify';
import { getProcessDefinition } from '../../query/process-definition.queries.js';
import { getStartForm } from '../../query/start-form.queries.js';
import type { RestContext } from './context.js';
import { notFound } from './problem.js';
import { toForm } from './response-mapper.js';
import { keyParams } from './schemas.js';

export function startFormRoutes(app: FastifyInstance, { db }: RestContext): void {
  app.get<{ Params: { processDefinitionKey: string } }>(
    '/process-definitions/:processDefinitionKey/form',
    { schema: { params: keyParams('processDefinitionKey') } },
    async (req, reply) => {
      const key = req.params.processDefinitionKey;
      const definition = await getProcessDefinition(db, key);
      if (!definition) throw notFound(`Process definition with key '${key}' not found`);
      const form = await getStartForm(db, key, definition.tenantId);
      if (!form) return reply.code(204).send();
      return toForm(form);
    },
  );
}
