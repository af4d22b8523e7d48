/** An attachment's bytes. */
import { eq } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { attachments } from '../../db/schema.js';
import { notFound } from '../../plugins/http-errors.js';
import { CASE_STAFF } from '../../plugins/roles.js';
import { errors, IdParams } from '../../schemas/common.js';

export const contentDisposition = (fileName: string) => `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export default async function attachmentRoutes(app: TypedApp) {
  app.get(
    '/attachments/:id',
    { config: { roles: CASE_STAFF }, schema: { tags: ['cases'], summary: '下载附件', params: IdParams, produces: ['application/octet-stream'], response: { 404: errors[404], 401: errors[401], 403: errors[403] } } },
    async (request, reply) => {
      const [a] = await app.db.select().from(attachments).where(eq(attachments.id, request.params.id)).limit(1);
      if (!a) throw notFound('附件不存在');
      return reply.header('content-type', a.contentType).header('content-disposition', contentDisposition(a.fileName)).send(a.content as never);
    },
  );
}
