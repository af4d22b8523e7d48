/** The case-filing system for a worker: HTTP when `CASE_REGISTRY_URL` is set, else the simulator. */
import type { WorkerContext } from '../../core/context.js';
import type { CaseRegistry } from './case-registry.js';
import { CaseRegistryHttpClient } from './case-registry-http-client.js';
import { CaseRegistrySimulator } from './case-registry-simulator.js';

export * from './case-registry.js';
export { CaseRegistryHttpClient } from './case-registry-http-client.js';
export { CaseRegistrySimulator } from './case-registry-simulator.js';

export const CASE_REGISTRY = 'case-registry';

export const getCaseRegistry = (ctx: WorkerContext): CaseRegistry =>
  ctx.courtSystems.get<CaseRegistry>(CASE_REGISTRY, (config) =>
    config.env.CASE_REGISTRY_URL
      ? new CaseRegistryHttpClient(config.env.CASE_REGISTRY_URL, { token: config.env.CASE_REGISTRY_TOKEN })
      : new CaseRegistrySimulator({ courtCode: config.courtCode }),
  );
