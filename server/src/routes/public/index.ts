/**
 * The applicant's status page API (no session): `POST /public/status {caseNumber, password}`.
 * A wrong case number and a wrong password get the same answer after the same work (a password
 * check against a stand-in hash), so the page tells nobody which case numbers exist; requests
 * are rate limited per address.
 */
import { hash } from '@node-rs/argon2';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { createDocumentStore } from '../../../../common/document-store.js';
import { cases } from '../../db/schema.js';
import { errorBody } from '../../plugins/http-errors.js';
import { ErrorResponse } from '../../schemas/common.js';
import { PublicStatus, StatusBody } from '../../schemas/public.js';
import { publicStatus } from './status.js';

/** attempts per address per minute */
export const STATUS_RATE_LIMIT = { max: 20, timeWindow: 60_000 };
const DENIED = '案号或查询密码不正确';

const publicRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const standIn = await hash(`no such case ${Math.random()}`);

  app.post(
    '/public/status',
    {
      config: {
        public: true,
        // keyed by address
        rateLimit: {
          ...STATUS_RATE_LIMIT,
          errorResponseBuilder: (_req, ctx) => ({ ...errorBody(429, `查询过于频繁，请 ${ctx.after} 后再试`), statusCode: 429 }),
        },
      },
      schema: {
        tags: ['public'],
        summary: '当事人查询案件进度（案号 + 查询密码）',
        security: [],
        body: StatusBody,
        response: { 200: PublicStatus, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { caseNumber, password } = req.body;
      const [row] = await app.db.select().from(cases).where(eq(cases.caseNumber, caseNumber.trim())).limit(1);
      const ok = await app.auth.verifyPassword(row?.applicantAccessHash ?? standIn, password);
      if (!row || !row.applicantAccessHash || !ok) return reply.code(401).send(errorBody(401, DENIED));
      const status = await publicStatus(app.engineClient, createDocumentStore(), row);
      await req.audit('public.status', { actor: 'applicant', caseId: row.id, target: row.caseNumber });
      return status;
    },
  );
};

export default publicRoutes;
