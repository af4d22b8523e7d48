/** Server-sent events: `event: task|case|incident`, `data: { type, key, caseId?, action? }`. */
import type { TypedApp } from '../../app.js';
import { ANY_ROLE } from '../../plugins/roles.js';
import { errors } from '../../schemas/common.js';

export default async function eventRoutes(app: TypedApp) {
  // open streams end when the app closes (hooks cannot be added once it runs)
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/events',
    {
      config: { roles: ANY_ROLE },
      schema: { tags: ['events'], summary: '实时更新（server-sent events）', produces: ['text/event-stream'], response: { 401: errors[401], 403: errors[403] } },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 3000\n\n');
      const unsubscribe = app.events.subscribe((event) => {
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
      };
      const end = () => {
        stop();
        res.end();
      };
      open.add(end);
      request.raw.on('close', stop);
    },
  );
}
