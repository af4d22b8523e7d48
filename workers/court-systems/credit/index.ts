/** The 失信/限高 publication system for a worker: HTTP when `CREDIT_URL` is set, else the simulator. */
import type { WorkerContext } from '../../core/context.js';
import type { CreditPublication } from './credit-publication.js';
import { CreditPublicationHttpClient } from './credit-publication-http-client.js';
import { CreditPublicationSimulator } from './credit-publication-simulator.js';

export * from './credit-publication.js';
export { CreditPublicationHttpClient } from './credit-publication-http-client.js';
export { CreditPublicationSimulator } from './credit-publication-simulator.js';

export const CREDIT_PUBLICATION = 'credit';

export const getCreditPublication = (ctx: WorkerContext): CreditPublication =>
  ctx.courtSystems.get<CreditPublication>(CREDIT_PUBLICATION, (config) =>
    config.env.CREDIT_URL ? new CreditPublicationHttpClient(config.env.CREDIT_URL, { token: config.env.CREDIT_TOKEN }) : new CreditPublicationSimulator(),
  );
