/**
 * Management endpoints in Zeebe's shape: `/actuator/clock` (controlled clock; pin, add,
 * reset) and health. The clock answers 403 unless the engine runs with
 * ZEEBE_CLOCK_CONTROLLED=true, so a production engine's time cannot be moved.
 */
import type { FastifyInstance } from 'fastify';
import type { EngineClock } from '../../engine-api.js';

const clockResponse = (clock: EngineClock) => {
  const epochMilli = clock.now();
  return { epochMilli, instant: new Date(epochMilli).toISOString() };
};

const problem = (status: number, title: string, detail: string) => ({ type: 'about:blank', status, title, detail });

export function managementRoutes(app: FastifyInstance, clock: EngineClock, isReady: () => Promise<boolean>): void {
  app.get('/actuator/clock', async () => clockResponse(clock));

  app.post<{ Body: { epochMilli?: unknown } }>('/actuator/clock/pin', async (req, reply) => {
    if (!clock.controlled) return reply.code(403).send(problem(403, 'FORBIDDEN', 'The clock is not controllable: start the engine with ZEEBE_CLOCK_CONTROLLED=true'));
    const epochMilli = req.body?.epochMilli;
    if (typeof epochMilli !== 'number' || !Number.isInteger(epochMilli) || epochMilli < 0) {
      return reply.code(400).send(problem(400, 'INVALID_ARGUMENT', `Expected 'epochMilli' to be a non-negative integer, but was '${JSON.stringify(epochMilli)}'`));
    }
    clock.pin(epochMilli);
    return clockResponse(clock);
  });

  app.post<{ Body: { offsetMilli?: unknown } }>('/actuator/clock/add', async (req, reply) => {
    if (!clock.controlled) return reply.code(403).send(problem(403, 'FORBIDDEN', 'The clock is not controllable: start the engine with ZEEBE_CLOCK_CONTROLLED=true'));
    const offsetMilli = req.body?.offsetMilli;
    if (typeof offsetMilli !== 'number' || !Number.isInteger(offsetMilli)) {
      return reply.code(400).send(problem(400, 'INVALID_ARGUMENT', `Expected 'offsetMilli' to be an integer, but was '${JSON.stringify(offsetMilli)}'`));
    }
    clock.add(offsetMilli);
    return clockResponse(clock);
  });

  app.delete('/actuator/clock', async (_req, reply) => {
    if (!clock.controlled) return reply.code(403).send(problem(403, 'FORBIDDEN', 'The clock is not controllable: start the engine with ZEEBE_CLOCK_CONTROLLED=true'));
    clock.reset();
    return clockResponse(clock);
  });

  app.get('/actuator/health', async (_req, reply) => {
    const up = await isReady();
    return reply.code(up ? 200 : 503).send({ status: up ? 'UP' : 'DOWN' });
  });
}
