/**
 * The inbox: views, counts, one task with its form, and the task actions. Every action checks
 * on the server that the user may act on that task, is audited and published as an event.
 */
import { and, eq } from 'drizzle-orm';
import type { TypedApp } from '../../app.js';
import { cases, taskDrafts, users } from '../../db/schema.js';
import type { SessionUser } from '../../plugins/auth.js';
import type { UserTask } from '../../plugins/engine-client.js';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../../plugins/http-errors.js';
import { ANY_ROLE, CASE_STAFF } from '../../plugins/roles.js';
import { errors, Ok } from '../../schemas/common.js';
import { AssignBody, TaskCounts, TaskDetail, TaskKeyParams, TaskPage, TaskQuery, VariablesBody } from '../../schemas/tasks.js';
import { refreshCase } from '../../services/cases.js';
import { validateFormData } from '../../services/form-validation.js';
import { canSeeTask, caseVariables, countInbox, DeadlineFlags, InboxPageTooDeep, searchInbox, seesAllTasks, toTaskItem, type InboxQuery } from '../../services/inbox.js';
import { findVisibleFilter } from '../../services/saved-filters.js';

const tags = ['inbox'];

export default async function taskRoutes(app: TypedApp) {
  const engine = app.engineClient;
  const flags = new DeadlineFlags(app.platformConfig.now, app.platformConfig.dueSoonWorkingDays);

  /** the task, if this user may see it (404 otherwise: no hint that it exists) */
  const visibleTask = async (user: SessionUser, key: string): Promise<UserTask> => {
    const task = await engine.getUserTask(key).catch((e: unknown) => {
      if ((e as { statusCode?: number }).statusCode === 404) throw notFound(`任务 ${key} 不存在`);
      throw e;
    });
    if (!canSeeTask(user, task)) throw notFound(`任务 ${key} 不存在`);
    return task;
  };
  const openTask = async (user: SessionUser, key: string) => {
    const task = await visibleTask(user, key);
    if (task.state !== 'CREATED') throw conflict(`任务已${task.state === 'COMPLETED' ? '完成' : '结束'}，无法操作`);
    return task;
  };
  const caseIdOf = async (task: UserTask) => (await caseVariables(engine, [task.processInstanceKey])).get(task.processInstanceKey)?.caseId;
  const published = (task: UserTask, action: string, caseId?: string) => app.events.publish({ type: 'task', key: task.userTaskKey, caseId, action });

  app.get(
    '/tasks',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '任务列表（我的 / 部门 / 待领取 / 已完成）', querystring: TaskQuery, response: { 200: TaskPage, ...errors } } },
    async (request) => {
      const user = request.user!;
      const { filterId, ...params } = request.query;
      let query: InboxQuery = { view: 'mine' };
      if (filterId) {
        const saved = await findVisibleFilter(app.db, user, filterId);
        if (!saved) throw badRequest('筛选条件不存在或未共享给您', 'filterId');
        query = { ...query, ...(saved.query as Partial<InboxQuery>) };
      }
      for (const [k, v] of Object.entries(params)) if (v !== undefined) (query as unknown as Record<string, unknown>)[k] = v;
      const result = await searchInbox(engine, user, query).catch((e: unknown) => {
        throw e instanceof InboxPageTooDeep ? badRequest(e.message, 'page') : e;
      });
      const caseVars = await caseVariables(engine, result.items.map((t) => t.processInstanceKey));
      return {
        items: result.items.map((t) => toTaskItem(t, caseVars, flags)),
        total: result.total,
        ...(result.totalCapped ? { totalCapped: true } : {}),
        serverTime: app.platformConfig.now().toISOString(),
      };
    },
  );

  app.get(
    '/tasks/counts',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '各视图任务数', response: { 200: TaskCounts, ...errors } } },
    async (request) => {
      const user = request.user!;
      const [mine, groups, unassigned, completed, overdue] = await Promise.all([
        countInbox(engine, user, 'mine'),
        countInbox(engine, user, 'groups'),
        countInbox(engine, user, 'unassigned'),
        countInbox(engine, user, 'completed'),
        countInbox(engine, user, 'mine', { dueDate: { $lt: app.platformConfig.now().toISOString() } }),
      ]);
      const counts = { mine, groups, unassigned, completed, overdue };
      const capped = Object.entries(counts).filter(([, c]) => c.capped).map(([view]) => view);
      return { mine: mine.total, groups: groups.total, unassigned: unassigned.total, completed: completed.total, overdue: overdue.total, ...(capped.length ? { capped } : {}) };
    },
  );

  app.get(
    '/tasks/:key',
    { config: { roles: ANY_ROLE }, schema: { tags, summary: '任务详情（表单、变量、草稿、案件）', params: TaskKeyParams, response: { 200: TaskDetail, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await visibleTask(user, request.params.key);
      const [form, vars, [draft]] = await Promise.all([
        task.formKey ? engine.getUserTaskForm(task.userTaskKey) : Promise.resolve(undefined),
        task.state === 'CREATED' ? engine.searchUserTaskVariables(task.userTaskKey, { page: { limit: 1000 } }) : engine.searchVariables({ filter: { processInstanceKey: task.processInstanceKey, scopeKey: task.processInstanceKey }, page: { limit: 1000 } }),
        app.db.select().from(taskDrafts).where(and(eq(taskDrafts.taskKey, task.userTaskKey), eq(taskDrafts.username, user.username))).limit(1),
      ]);
      const variables: Record<string, unknown> = {};
      for (const v of vars.items) {
        try {
          variables[v.name] = JSON.parse(v.value);
        } catch {
          variables[v.name] = v.value;
        }
      }
      const caseId = typeof variables.caseId === 'string' ? variables.caseId : undefined;
      const [caseRow] = caseId && /^[0-9a-f-]{36}$/.test(caseId) ? await app.db.select().from(cases).where(eq(cases.id, caseId)).limit(1) : [];
      const caseMap = new Map([[task.processInstanceKey, { caseId, caseNumber: typeof variables.caseNumber === 'string' ? variables.caseNumber : undefined }]]);
      return {
        task: toTaskItem(task, caseMap, flags),
        form: form ? { id: (form as { formId: string }).formId, key: form.formKey, version: form.version, schema: typeof form.schema === 'string' ? JSON.parse(form.schema) : form.schema } : null,
        variables,
        draft: (draft?.variables as Record<string, unknown> | undefined) ?? null,
        case: caseRow ? { id: caseRow.id, caseNumber: caseRow.caseNumber, stage: caseRow.stage, status: caseRow.status, team: caseRow.team, caseOfficer: caseRow.caseOfficer } : null,
      };
    },
  );

  app.post(
    '/tasks/:key/claim',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '领取任务', params: TaskKeyParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await openTask(user, request.params.key);
      if (task.assignee && task.assignee !== user.username) throw conflict(`任务已由 ${task.assignee} 领取`);
      await engine.assignUserTask(task.userTaskKey, user.username, false);
      const caseId = await caseIdOf(task);
      await request.audit('task.claim', { caseId, target: task.userTaskKey, details: { name: task.name, elementId: task.elementId } });
      published(task, 'claimed', caseId);
      return { ok: true as const };
    },
  );

  app.post(
    '/tasks/:key/unclaim',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '退回任务（取消领取）', params: TaskKeyParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await openTask(user, request.params.key);
      if (!task.assignee) throw conflict('任务尚未被领取');
      if (task.assignee !== user.username && !seesAllTasks(user)) throw forbidden('只能退回自己领取的任务');
      await engine.unassignUserTask(task.userTaskKey);
      const caseId = await caseIdOf(task);
      await request.audit('task.unclaim', { caseId, target: task.userTaskKey, details: { name: task.name, previousAssignee: task.assignee } });
      published(task, 'unclaimed', caseId);
      return { ok: true as const };
    },
  );

  app.post(
    '/tasks/:key/assign',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '指派任务给他人', params: TaskKeyParams, body: AssignBody, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await openTask(user, request.params.key);
      // supervisors and judges assign any task they see; unit staff hand over their own
      const mayAssign = seesAllTasks(user) || user.roles.includes('judge') || task.assignee === user.username;
      if (!mayAssign) throw forbidden('只能转交自己领取的任务');
      const { assignee } = request.body;
      const [target] = await app.db.select().from(users).where(eq(users.username, assignee)).limit(1);
      if (!target?.active) throw badRequest(`用户 ${assignee} 不存在或已停用`, 'assignee');
      await engine.assignUserTask(task.userTaskKey, assignee, true);
      const caseId = await caseIdOf(task);
      await request.audit('task.assign', { caseId, target: task.userTaskKey, details: { name: task.name, assignee, previousAssignee: task.assignee } });
      published(task, 'assigned', caseId);
      return { ok: true as const };
    },
  );

  app.put(
    '/tasks/:key/draft',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '保存草稿', params: TaskKeyParams, body: VariablesBody, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await openTask(user, request.params.key);
      const variables = request.body.variables ?? {};
      await app.db
        .insert(taskDrafts)
        .values({ taskKey: task.userTaskKey, username: user.username, variables })
        .onConflictDoUpdate({ target: [taskDrafts.taskKey, taskDrafts.username], set: { variables, updatedAt: new Date() } });
      return { ok: true as const };
    },
  );

  app.post(
    '/tasks/:key/complete',
    { config: { roles: CASE_STAFF }, schema: { tags, summary: '完成任务（按表单规则校验）', params: TaskKeyParams, body: VariablesBody, response: { 200: Ok, ...errors } } },
    async (request) => {
      const user = request.user!;
      const task = await openTask(user, request.params.key);
      if (task.assignee !== user.username) throw conflict(task.assignee ? `任务由 ${task.assignee} 办理，请先转交` : '请先领取任务再办理');
      const submitted = request.body.variables ?? {};
      if (task.formKey) {
        const [form, vars] = await Promise.all([engine.getUserTaskForm(task.userTaskKey), engine.searchUserTaskVariables(task.userTaskKey, { page: { limit: 1000 } })]);
        if (form) {
          const context = Object.fromEntries(vars.items.map((v) => [v.name, safeJson(v.value)]));
          const schema = typeof form.schema === 'string' ? JSON.parse(form.schema) : form.schema;
          const problems = validateFormData(schema, submitted, context);
          if (problems.length) throw new HttpError(400, problems.map((p) => p.message).join('；'), problems[0]!.field, problems);
        }
      }
      await engine.completeUserTask(task.userTaskKey, submitted);
      await app.db.delete(taskDrafts).where(eq(taskDrafts.taskKey, task.userTaskKey));
      const caseId = await caseIdOf(task);
      await request.audit('task.complete', { caseId, target: task.userTaskKey, details: { name: task.name, elementId: task.elementId, variables: Object.keys(submitted) } });
      published(task, 'completed', caseId);
      if (caseId) {
        const [row] = await app.db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
        if (row) {
          await refreshCase(app.db, engine, row).catch(() => undefined);
          app.events.publish({ type: 'case', key: caseId, caseId, action: 'updated' });
        }
      }
      return { ok: true as const };
    },
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
