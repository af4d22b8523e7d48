/** Cases: register (starts the process), list and search, the case page's parts. */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { createDocumentStore } from '../../../../common/document-store.js';
import type { TypedApp } from '../../app.js';
import { attachments, cases, comments, users } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../plugins/http-errors.js';
import { ANY_ROLE, CASE_STAFF, type Role } from '../../plugins/roles.js';
import {
  AssetParams,
  AuctionSuspensionBody,
  CaseAuction,
  CaseDetail,
  CaseFile,
  CasePage,
  CaseQuery,
  CaseRecord,
  Comment,
  CreatedCase,
  Diagram,
  EndExcludedPeriodBody,
  ExcludedPeriodBody,
  NewCaseBody,
  NewComment,
  PeriodParams,
  PricingWithdrawalBody,
  ResumptionBody,
  SuspensionBody,
  TimelineEntry,
} from '../../schemas/cases.js';
import { errors, IdParams } from '../../schemas/common.js';
import { caseDetailsProblem, caseDiagram, caseTimeline, refreshCase, registerCase, toCaseRecord } from '../../services/cases.js';
import {
  auctionKey,
  auctionSuspensionVariables,
  AUCTION_PRICING_WITHDRAWN_MESSAGE,
  AUCTION_RESUMED_MESSAGE,
  AUCTION_SUSPENDED_MESSAGE,
  caseAuctions,
  correlateToAuction,
  findCaseAuction,
  NOT_IN_PRICING,
  NOT_PAUSABLE,
  NOT_PAUSED,
  pricingWithdrawalVariables,
} from '../../services/auction-pause.js';
import { endExcludedPeriod, excludedPeriodsOf, excludePeriod, executionPeriodOf } from '../../services/excluded-periods.js';
import { resumeCase, suspendCase } from '../../services/suspension.js';

const tags = ['cases'];
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** who records a 中止裁定 / 暂缓决定 and the resumption */
const SUSPENSION_ROLES: Role[] = ['admin', 'supervisor', 'judge'];

export default async function caseRoutes(app: TypedApp) {
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
  const documents = () => createDocumentStore({ dir: app.platformConfig.documentsDir });

  const findCase = async (id: string) => {
    const [row] = await app.db.select().from(cases).where(eq(cases.id, id)).limit(1);
    if (!row) throw notFound(`案件 ${id} 不存在`);
    return row;
  };

  app.post(
    '/cases',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '立案登记（启动执行流程）', body: NewCaseBody, response: { 201: CreatedCase, ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const problem = caseDetailsProblem(body);
      if (problem) throw badRequest(problem.message, problem.field);
      if (body.caseOfficer) {
        const [officer] = await app.db.select({ active: users.active }).from(users).where(eq(users.username, body.caseOfficer));
        if (!officer?.active) throw badRequest(`承办人 ${body.caseOfficer} 不存在或已停用`, 'caseOfficer');
      }
      const { row, applicantPassword } = await registerCase(body, {
        db: app.db,
        engine: app.engineClient,
        courtCode: app.platformConfig.courtCode,
        processIds: app.platformConfig.processIds,
        registeredBy: request.user!.username,
        now: app.platformConfig.now(),
      });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'registered' });
      return reply.code(201).send({ ...toCaseRecord(row, app.platformConfig.now()), publicPassword: applicantPassword });
    },
  );

  app.get(
    '/cases',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '案件列表与检索', querystring: CaseQuery, response: { 200: CasePage, ...errors } } },
    async (request) => {
      const q = request.query;
      const text = q.q?.trim();
      const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
      const where = and(
        ...([
          like ? or(ilike(cases.caseNumber, like), sql`${cases.parties}::text ILIKE ${like}`) : undefined,
          q.stage ? eq(cases.stage, q.stage) : undefined,
          q.team ? eq(cases.team, q.team) : undefined,
          q.status ? eq(cases.status, q.status) : undefined,
          q.caseType ? eq(cases.caseType, q.caseType) : undefined,
        ].filter(Boolean) as SQL[]),
      );
      const pageSize = q.pageSize ?? 20;
      const [rows, [total]] = await Promise.all([
        app.db.select().from(cases).where(where).orderBy(desc(cases.filedAt), desc(cases.caseNumber)).limit(pageSize).offset(((q.page ?? 1) - 1) * pageSize),
        app.db.select({ n: count() }).from(cases).where(where),
      ]);
      const now = app.platformConfig.now();
      const periods = await excludedPeriodsOf(app.db, rows.map((r) => r.id), now);
      return { items: rows.map((r) => toCaseRecord(r, now, periods.get(r.id))), total: total?.n ?? 0 };
    },
  );

  app.get(
    '/cases/:id',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '案件详情（含流程计算的执行期限）', params: IdParams, response: { 200: CaseDetail, ...errors } } },
    async (request) => {
      const row = await findCase(request.params.id);
      // keep the row in step with the process; an unreachable engine must not hide the case
      const [fresh, executionPeriod] = await Promise.all([
        refreshCase(app.db, app.engineClient, row).catch((e: unknown) => {
          request.log.warn({ err: e }, 'case refresh failed');
          return row;
        }),
        executionPeriodOf(app.engineClient, row),
      ]);
      return { ...(await caseRecord(fresh)), executionPeriod };
    },
  );

  /** the API's record of a case row, with its excluded periods */
  const caseRecord = async (row: typeof cases.$inferSelect) => {
    const now = app.platformConfig.now();
    return toCaseRecord(row, now, (await excludedPeriodsOf(app.db, [row.id], now)).get(row.id));
  };

  /** the case brought in step with its process first: a case that has just closed is not suspended */
  const currentCase = async (id: string, log: { warn: (o: object, m: string) => void }) => {
    const row = await findCase(id);
    return refreshCase(app.db, app.engineClient, row).catch((e: unknown) => {
      log.warn({ err: e }, 'case refresh failed');
      return row;
    });
  };

  app.post(
    '/cases/:id/suspension',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: { tags, summary: '中止 / 暂缓执行（发布 enforcement-case.suspended）', params: IdParams, body: SuspensionBody, response: { 200: CaseRecord, ...errors } },
    },
    async (request) => {
      await currentCase(request.params.id, request.log);
      const now = app.platformConfig.now();
      const row = await suspendCase({ db: app.db, engine: app.engineClient, now, by: request.user!.username }, request.params.id, request.body);
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'suspended' });
      return caseRecord(row);
    },
  );

  app.post(
    '/cases/:id/resumption',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: { tags, summary: '恢复执行（发布 enforcement-case.resumed）', params: IdParams, body: ResumptionBody, response: { 200: CaseRecord, ...errors } },
    },
    async (request) => {
      await currentCase(request.params.id, request.log);
      const now = app.platformConfig.now();
      const row = await resumeCase({ db: app.db, engine: app.engineClient, now, by: request.user!.username }, request.params.id, request.body ?? {});
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'resumed' });
      return caseRecord(row);
    },
  );

  app.post(
    '/cases/:id/excluded-periods',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: {
        tags,
        summary: '登记不计入执行期限的期间（公告、审计、评估、鉴定、管辖权异议等；发布 enforcement-case.period-excluded）',
        params: IdParams,
        body: ExcludedPeriodBody,
        response: { 201: CaseRecord, ...errors },
      },
    },
    async (request, reply) => {
      await currentCase(request.params.id, request.log);
      const now = app.platformConfig.now();
      const { row } = await excludePeriod({ db: app.db, engine: app.engineClient, now, by: request.user!.username }, request.params.id, request.body);
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'period-excluded' });
      return reply.code(201).send(await caseRecord(row));
    },
  );

  app.post(
    '/cases/:id/excluded-periods/:periodId/end',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: {
        tags,
        summary: '结束不计入执行期限的期间（发布 enforcement-case.period-exclusion-ended）',
        params: PeriodParams,
        body: EndExcludedPeriodBody,
        response: { 200: CaseRecord, ...errors },
      },
    },
    async (request) => {
      await currentCase(request.params.id, request.log);
      const now = app.platformConfig.now();
      const { row } = await endExcludedPeriod(
        { db: app.db, engine: app.engineClient, now, by: request.user!.username },
        request.params.id,
        request.params.periodId,
        request.body ?? {},
      );
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'period-exclusion-ended' });
      return caseRecord(row);
    },
  );

  app.get(
    '/cases/:id/auctions',
    {
      config: { roles: CASE_STAFF },
      schema: { tags, summary: '本案各项财产的司法网拍（流程状态与暂缓 / 中止情况）', params: IdParams, response: { 200: Type.Object({ items: Type.Array(CaseAuction) }), ...errors } },
    },
    async (request) => {
      const row = await findCase(request.params.id);
      return { items: await caseAuctions(app.engineClient, row.id) };
    },
  );

  app.post(
    '/cases/:id/auctions/:assetId/suspension',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: {
        tags,
        summary: '暂缓 / 中止一项财产的拍卖（关联消息 auction.suspended，NA 28）',
        params: AssetParams,
        body: AuctionSuspensionBody,
        response: { 200: CaseAuction, ...errors },
      },
    },
    async (request) => {
      const row = await findCase(request.params.id);
      const suspension = auctionSuspensionVariables(request.body, app.platformConfig.now());
      const auction = await findCaseAuction(app.engineClient, row.id, row.caseNumber, request.params.assetId);
      if (auction.state !== 'ACTIVE' || auction.suspension) throw conflict(NOT_PAUSABLE);
      await correlateToAuction(app.engineClient, AUCTION_SUSPENDED_MESSAGE, auctionKey(row.id, auction.assetId), { suspension }, NOT_PAUSABLE);
      await request.audit('auction.suspend', {
        caseId: row.id,
        target: `${suspension.kind}拍卖（财产 ${auction.assetId}）：${suspension.reason}`,
        details: { assetId: auction.assetId, processInstanceKey: auction.processInstanceKey, ...suspension, caseNumber: row.caseNumber },
      });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'auction-suspended' });
      return (await findCaseAuction(app.engineClient, row.id, row.caseNumber, auction.assetId).catch(() => undefined)) ?? auction;
    },
  );

  app.post(
    '/cases/:id/auctions/:assetId/resumption',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: {
        tags,
        summary: '恢复一项财产的拍卖（关联消息 auction.resumed）',
        params: AssetParams,
        body: ResumptionBody,
        response: { 200: CaseAuction, ...errors },
      },
    },
    async (request) => {
      const row = await findCase(request.params.id);
      const auction = await findCaseAuction(app.engineClient, row.id, row.caseNumber, request.params.assetId);
      if (auction.state !== 'ACTIVE') throw conflict(NOT_PAUSED);
      const reason = request.body?.reason?.trim() || null;
      const at = app.platformConfig.now().toISOString();
      await correlateToAuction(
        app.engineClient,
        AUCTION_RESUMED_MESSAGE,
        auctionKey(row.id, auction.assetId),
        { resumption: { reason, at, by: request.user!.username } },
        NOT_PAUSED,
      );
      await request.audit('auction.resume', {
        caseId: row.id,
        target: reason ? `恢复拍卖（财产 ${auction.assetId}）：${reason}` : `恢复拍卖（财产 ${auction.assetId}）`,
        details: { assetId: auction.assetId, processInstanceKey: auction.processInstanceKey, reason, at, caseNumber: row.caseNumber },
      });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'auction-resumed' });
      return (await findCaseAuction(app.engineClient, row.id, row.caseNumber, auction.assetId).catch(() => undefined)) ?? auction;
    },
  );

  app.post(
    '/cases/:id/auctions/:assetId/pricing-withdrawal',
    {
      config: { roles: SUSPENSION_ROLES },
      schema: {
        tags,
        summary: '撤回一项财产的网络询价或委托评估（关联消息 auction.pricing-withdrawn，RP 29）',
        params: AssetParams,
        body: PricingWithdrawalBody,
        response: { 200: CaseAuction, ...errors },
      },
    },
    async (request) => {
      const row = await findCase(request.params.id);
      const withdrawal = pricingWithdrawalVariables(request.body);
      const auction = await findCaseAuction(app.engineClient, row.id, row.caseNumber, request.params.assetId);
      if (auction.state !== 'ACTIVE') throw conflict(NOT_IN_PRICING);
      await correlateToAuction(app.engineClient, AUCTION_PRICING_WITHDRAWN_MESSAGE, auctionKey(row.id, auction.assetId), { withdrawal }, NOT_IN_PRICING);
      await request.audit('auction.withdraw-pricing', {
        caseId: row.id,
        target: `撤回询价评估（财产 ${auction.assetId}）：${withdrawal.reason}`,
        details: { assetId: auction.assetId, processInstanceKey: auction.processInstanceKey, ...withdrawal, caseNumber: row.caseNumber },
      });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'auction-pricing-withdrawn' });
      return (await findCaseAuction(app.engineClient, row.id, row.caseNumber, auction.assetId).catch(() => undefined)) ?? auction;
    },
  );

  app.get(
    '/cases/:id/timeline',
    {
      config: { roles: CASE_STAFF },
      schema: { tags, summary: '案件时间线（操作记录与流程节点）', params: IdParams, response: { 200: Type.Object({ items: Type.Array(TimelineEntry) }), ...errors } },
    },
    async (request) => ({ items: await caseTimeline(app.db, app.engineClient, await findCase(request.params.id)) }),
  );

  app.get(
    '/cases/:id/diagram',
    {
      config: { roles: CASE_STAFF },
      schema: {
        tags,
        summary: '流程图与当前位置（可指定该案的子流程实例）',
        params: IdParams,
        querystring: Type.Object({ processInstanceKey: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '该案的一个流程实例（如任务所在的子流程）' })) }),
        response: { 200: Diagram, ...errors },
      },
    },
    async (request) => {
      const diagram = await caseDiagram(app.engineClient, await findCase(request.params.id), request.query.processInstanceKey);
      if (!diagram) throw notFound('该案件尚未启动流程');
      return diagram;
    },
  );

  const commentColumns = { id: comments.id, author: comments.author, authorName: users.displayName, body: comments.body, createdAt: comments.createdAt };
  const toComment = (c: { id: string; author: string; authorName: string | null; body: string; createdAt: Date }) => ({
    ...c,
    authorName: c.authorName ?? c.author,
    createdAt: c.createdAt.toISOString(),
  });

  app.get(
    '/cases/:id/comments',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '案件备注', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Comment) }), ...errors } } },
    async (request) => {
      await findCase(request.params.id);
      const rows = await app.db
        .select(commentColumns)
        .from(comments)
        .leftJoin(users, eq(users.username, comments.author))
        .where(eq(comments.caseId, request.params.id))
        .orderBy(asc(comments.createdAt));
      return { items: rows.map(toComment) };
    },
  );

  app.post(
    '/cases/:id/comments',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '添加备注', params: IdParams, body: NewComment, response: { 201: Comment, ...errors } } },
    async (request, reply) => {
      const row = await findCase(request.params.id);
      const [c] = await app.db.insert(comments).values({ caseId: row.id, author: request.user!.username, body: request.body.body }).returning();
      await request.audit('comment.add', { caseId: row.id, target: c!.id });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'commented' });
      return reply.code(201).send(toComment({ ...c!, authorName: request.user!.displayName }));
    },
  );

  const fileColumns = {
    id: attachments.id,
    fileName: attachments.fileName,
    contentType: attachments.contentType,
    size: attachments.size,
    createdAt: attachments.createdAt,
    uploadedBy: attachments.uploadedBy,
  };

  app.get(
    '/cases/:id/attachments',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '附件材料', params: IdParams, response: { 200: Type.Object({ items: Type.Array(CaseFile) }), ...errors } } },
    async (request) => {
      await findCase(request.params.id);
      const rows = await app.db.select(fileColumns).from(attachments).where(eq(attachments.caseId, request.params.id)).orderBy(asc(attachments.createdAt));
      return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );

  app.post(
    '/cases/:id/attachments',
    {
      config: { roles: CASE_STAFF },
      schema: { tags, summary: '上传附件（multipart/form-data，字段 file）', consumes: ['multipart/form-data'], params: IdParams, response: { 201: CaseFile, ...errors } },
    },
    async (request, reply) => {
      const row = await findCase(request.params.id);
      if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传文件（字段 file）', 'file');
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw badRequest('缺少上传文件（字段 file）', 'file');
      const content = await file.toBuffer();
      if (file.file.truncated) throw badRequest(`文件超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, 'file');
      const [a] = await app.db
        .insert(attachments)
        .values({ caseId: row.id, fileName: file.filename || '未命名', contentType: file.mimetype || 'application/octet-stream', size: content.length, content, uploadedBy: request.user!.username })
        .returning(fileColumns);
      await request.audit('attachment.add', { caseId: row.id, target: a!.id, details: { fileName: a!.fileName, size: a!.size } });
      app.events.publish({ type: 'case', key: row.id, caseId: row.id, action: 'attachment' });
      return reply.code(201).send({ ...a!, createdAt: a!.createdAt.toISOString() });
    },
  );

  app.get(
    '/cases/:id/documents',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '生成的文书', params: IdParams, response: { 200: Type.Object({ items: Type.Array(CaseFile) }), ...errors } } },
    async (request) => {
      await findCase(request.params.id);
      const items = documents()
        .listByCase(request.params.id)
        .map((d) => ({ id: d.id, fileName: d.fileName, contentType: d.contentType, size: d.size, createdAt: d.createdAt, kind: d.kind, title: d.title }));
      return { items };
    },
  );
}
