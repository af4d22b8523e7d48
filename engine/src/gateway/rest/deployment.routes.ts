/**
 * `POST /deployments`: `multipart/form-data` with one or more `resources` files (BPMN now) and
 * an optional `tenantId`; all resources deploy together or none does.
 */
import type { FastifyInstance } from 'fastify';
import type { RestContext } from './context.js';
import { MultipartBody } from './multipart.js';
import { invalidArgument, RestError, unwrap } from './problem.js';
import { tenantOf } from './request-mapper.js';
import { toDeployment } from './response-mapper.js';

/** Zeebe's default maximum message size */
export const MAX_DEPLOYMENT_BYTES = 4 * 1024 * 1024;

export function deploymentRoutes(app: FastifyInstance, { engine }: RestContext): void {
  app.post('/deployments', { bodyLimit: MAX_DEPLOYMENT_BYTES }, async (req) => {
    if (!(req.body instanceof MultipartBody)) {
      throw new RestError(415, 'UNSUPPORTED_MEDIA_TYPE', `Expected a multipart/form-data request, but its content type is '${req.headers['content-type'] ?? ''}'`);
    }
    const resources = req.body.files('resources').map((part) => ({ name: part.filename || part.name, content: part.data }));
    if (resources.length === 0) throw invalidArgument('No resources provided.');
    const tenantId = tenantOf(req.body.text('tenantId'), 'Deploy Resources');
    return toDeployment(unwrap(await engine.deploy(resources, tenantId)));
  });
}
