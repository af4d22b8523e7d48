/**
 * Cluster and clock: `GET /topology`, `GET /status`, `PUT /clock` (pin) and `POST /clock/reset`.
 * The clock answers 403 unless the engine runs with ZEEBE_CLOCK_CONTROLLED=true.
 */
import type { FastifyInstance } from 'fastify';
import type { RestContext } from './context.js';
import { RestError } from './problem.js';
import { toTopology } from './response-mapper.js';
import { clockPinBody } from './schemas.js';

const notControllable = () => new RestError(403, 'FORBIDDEN', 'The clock is not controllable: start the engine with ZEEBE_CLOCK_CONTROLLED=true');

export function clusterRoutes(app: FastifyInstance, { engine, grpcAddress }: RestContext): void {
  app.get('/topology', async () => toTopology(grpcAddress.host, grpcAddress.port, engine.partitionId));

  app.get('/status', async (_req, reply) => reply.code(204).send());

  app.put<{ Body: { timestamp: number } }>('/clock', { schema: { body: clockPinBody } }, async (req, reply) => {
    if (!engine.clock.controlled) throw notControllable();
    engine.clock.pin(req.body.timestamp);
    return reply.code(204).send();
  });

  app.post('/clock/reset', async (_req, reply) => {
    if (!engine.clock.controlled) throw notControllable();
    engine.clock.reset();
    return reply.code(204).send();
  });
}
