/**
 * 线索 (leads): the 24-hour hotline and case staff register a lead against a case; the server
 * routes it to the case's finality-review process. A lead is kept even when the engine cannot be
 * reached; `POST /leads/:id/route` sends it again (the message id makes that safe).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { cases, leads } from '../../db/schema.js';
import { EngineError } from '../../plugins/engine-client.js';
import { HttpError, notFound } from '../../plugins/http-errors.js';
import type { Role } from '../../plugins/roles.js';
import { LeadCreated, LeadParams, LeadsQuery, LeadsReply, NewLead } from '../../schemas/leads.js';
import { routeLead, type LeadRow } from '../../services/leads.js';

const tags = ['leads'];
/** who takes leads: the hotline on duty, unit staff, judges */
const REGISTER: Role[] = ['hotline', 'clerk', 'judge'];
const READ: Role[] = ['hotline', 'clerk', 'judge', 'supervisor', 'admin'];

const toLead = (lead: LeadRow, caseNumber: string) => ({
  ...lead,
  caseNumber,
  receivedAt: lead.receivedAt.toISOString(),
  messagePublishedAt: lead.messagePublishedAt ? lead.messagePublishedAt.toISOString() : null,
});

const leadRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** routes the lead; an engine that cannot be reached leaves it registered and unrouted */
  const route = async (lead: LeadRow, caseNumber: string) => {
    try {
      return await routeLead(app.db, app.engineClient, lead, caseNumber);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      app.log.warn({ err, leadId: lead.id }, 'lead not routed');
      return { lead, routing: { published: false, finalityInstances: 0 } };
    }
  };

  app.post(
    '/leads',
    { config: { roles: REGISTER }, schema: { tags, summary: '登记线索并送达案件的终本流程', body: NewLead, response: { 201: LeadCreated } } },
    async (req, reply) => {
      const { caseNumber, source = '24小时举报电话', content } = req.body;
      const [found] = await app.db.select({ id: cases.id, caseNumber: cases.caseNumber }).from(cases).where(eq(cases.caseNumber, caseNumber.trim()));
      if (!found) throw new HttpError(404, `未找到案号为「${caseNumber}」的案件`, 'caseNumber');
      const [lead] = await app.db.insert(leads).values({ caseId: found.id, source, content, receivedBy: req.user!.username }).returning();
      const routed = await route(lead!, found.caseNumber);
      await req.audit('lead.register', {
        caseId: found.id,
        target: lead!.id,
        details: { source, published: routed.routing.published, finalityInstances: routed.routing.finalityInstances },
      });
      app.events.publish({ type: 'case', key: found.id, caseId: found.id, action: 'lead' });
      return reply.code(201).send({ lead: toLead(routed.lead, found.caseNumber), routing: routed.routing });
    },
  );

  app.post(
    '/leads/:id/route',
    { config: { roles: REGISTER }, schema: { tags, summary: '重新发送未送达的线索', params: LeadParams, response: { 200: LeadCreated } } },
    async (req) => {
      const [row] = await app.db
        .select({ lead: leads, caseNumber: cases.caseNumber })
        .from(leads)
        .innerJoin(cases, eq(cases.id, leads.caseId))
        .where(eq(leads.id, req.params.id));
      if (!row) throw notFound(`未找到线索 ${req.params.id}`);
      const routed = await routeLead(app.db, app.engineClient, row.lead, row.caseNumber);
      await req.audit('lead.route', { caseId: row.lead.caseId, target: row.lead.id, details: routed.routing as unknown as Record<string, unknown> });
      return { lead: toLead(routed.lead, row.caseNumber), routing: routed.routing };
    },
  );

  app.get('/leads', { config: { roles: READ }, schema: { tags, summary: '线索列表', querystring: LeadsQuery, response: { 200: LeadsReply } } }, async (req) => {
    const { caseId, caseNumber, page = 1, pageSize = 50 } = req.query;
    const conditions: SQL[] = [];
    if (caseId) conditions.push(eq(leads.caseId, caseId));
    if (caseNumber) conditions.push(eq(cases.caseNumber, caseNumber.trim()));
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      app.db
        .select({ lead: leads, caseNumber: cases.caseNumber })
        .from(leads)
        .innerJoin(cases, eq(cases.id, leads.caseId))
        .where(where)
        .orderBy(desc(leads.receivedAt), desc(leads.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      app.db.select({ n: count() }).from(leads).innerJoin(cases, eq(cases.id, leads.caseId)).where(where),
    ]);
    return { items: rows.map((r) => toLead(r.lead, r.caseNumber)), total: Number(total?.n ?? 0) };
  });
};

export default leadRoutes;
