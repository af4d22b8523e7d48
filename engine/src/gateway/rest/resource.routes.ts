/**
 * `POST /resources/{resourceKey}/deletion`: Zeebe's DeleteResource for a process definition, a
 * decision requirements graph or a form; 200 without a body, as Camunda answers.
 */
import type { FastifyInstance } from 'fastify';
import type { RestContext } from './context.js';
import { unwrap } from './problem.js';
import { keyParams, operationReferenceBody } from './schemas.js';

export function resourceRoutes(app: FastifyInstance, { engine }: RestContext): void {
  app.post<{ Params: { resourceKey: string } }>(
    '/resources/:resourceKey/deletion',
    { schema: { params: keyParams('resourceKey'), body: operationReferenceBody } },
    async (req, reply) => {
      unwrap(await engine.deleteResource(req.params.resourceKey));
      return reply.code(200).send();
    },
  );
}
