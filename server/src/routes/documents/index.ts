/** A generated document (文书) from the document store. */
import { createDocumentStore } from '../../../../common/document-store.js';
import type { TypedApp } from '../../app.js';
import { notFound } from '../../plugins/http-errors.js';
import { CASE_STAFF } from '../../plugins/roles.js';
import { DocumentParams } from '../../schemas/cases.js';
import { errors } from '../../schemas/common.js';
import { contentDisposition } from '../attachments/index.js';

export default async function documentRoutes(app: TypedApp) {
  app.get(
    '/documents/:id',
    { config: { roles: CASE_STAFF }, schema: { tags: ['cases'], summary: '下载文书', params: DocumentParams, response: { 404: errors[404], 401: errors[401], 403: errors[403] } } },
    async (request, reply) => {
      const found = createDocumentStore({ dir: app.platformConfig.documentsDir }).read(request.params.id);
      if (!found) throw notFound('文书不存在');
      const name = `${found.document.title}.${found.document.fileName.split('.').pop()}`;
      return reply.header('content-type', found.document.contentType).header('content-disposition', contentDisposition(name)).send(found.content as never);
    },
  );
}
