/**
 * Marks a plugin as non-encapsulated (its decorators and hooks reach the whole app) and names it,
 * as `fastify-plugin` does, with fastify's own symbols: `dependencies` are checked at registration.
 */
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

export function definePlugin<Options extends FastifyPluginOptions = Record<never, never>>(
  name: string,
  fn: FastifyPluginAsync<Options>,
  meta: { dependencies?: string[] } = {},
): FastifyPluginAsync<Options> {
  const plugin = fn as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  plugin[Symbol.for('skip-override')] = true;
  plugin[Symbol.for('fastify.display-name')] = name;
  plugin[Symbol.for('plugin-meta')] = { name, fastify: '5.x', dependencies: meta.dependencies ?? [] };
  return plugin;
}
