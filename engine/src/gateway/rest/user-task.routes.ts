/**
 * Camunda user tasks: search, get, the task's form, the variables it sees, and the commands
 * (assign or claim, unassign, complete, update). Each command is one mapping to the engine's.
 */
import type { FastifyInstance } from 'fastify';
import type { UserTaskChangeset, Variables } from '../../engine-api.js';
import type { SearchQuery } from '../../query/search.js';
import { getForm, getUserTask, searchUserTasks, searchUserTaskVariables, type UserTaskView } from '../../query/user-task.queries.js';
import type { Queryable } from '../../state/db.js';
import type { RestContext } from './context.js';
import { invalidArgument, notFound, unwrap } from './problem.js';
import { variablesOf } from './request-mapper.js';
import { toForm, toSearchResult, toUserTask, toVariable } from './response-mapper.js';
import { keyParams, searchBody, userTaskAssignmentBody, userTaskCompletionBody, userTaskUpdateBody } from './schemas.js';

type KeyParams = { Params: { userTaskKey: string } };

interface UpdateBody {
  changeset?: {
    dueDate?: string | null;
    followUpDate?: string | null;
    candidateGroups?: string[] | null;
    candidateUsers?: string[] | null;
    priority?: number | null;
  } | null;
  action?: string | null;
}

const CHANGESET_FIELDS = ['candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'] as const;

async function existingTask(db: Queryable, key: string): Promise<UserTaskView> {
  const task = await getUserTask(db, key);
  if (!task) throw notFound(`User Task with key '${key}' not found`);
  return task;
}

export function userTaskRoutes(app: FastifyInstance, { engine, db }: RestContext): void {
  app.post<{ Body: SearchQuery | null }>('/user-tasks/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchUserTasks(db, req.body ?? {}), toUserTask),
  );

  app.get<KeyParams>('/user-tasks/:userTaskKey', { schema: { params: keyParams('userTaskKey') } }, async (req) =>
    toUserTask(await existingTask(db, req.params.userTaskKey)),
  );

  /** the deployed form the task links (`zeebe:formDefinition formId`); 204 when it has none */
  app.get<KeyParams>('/user-tasks/:userTaskKey/form', { schema: { params: keyParams('userTaskKey') } }, async (req, reply) => {
    const task = await existingTask(db, req.params.userTaskKey);
    const form = task.formKey == null ? undefined : await getForm(db, task.formKey);
    if (!form) return reply.code(204).send();
    return toForm(form);
  });

  app.post<KeyParams & { Body: SearchQuery | null; Querystring: { truncateValues?: boolean } }>(
    '/user-tasks/:userTaskKey/variables/search',
    {
      schema: {
        params: keyParams('userTaskKey'),
        body: searchBody,
        querystring: { type: 'object', properties: { truncateValues: { type: 'boolean' } } },
      },
    },
    async (req) => {
      const task = await existingTask(db, req.params.userTaskKey);
      const truncate = req.query.truncateValues !== false;
      return toSearchResult(await searchUserTaskVariables(db, task.elementInstanceKey, req.body ?? {}), (v) => toVariable(v, truncate));
    },
  );

  app.post<KeyParams & { Body: { assignee: string; allowOverride?: boolean | null; action?: string | null } }>(
    '/user-tasks/:userTaskKey/assignment',
    { schema: { params: keyParams('userTaskKey'), body: userTaskAssignmentBody } },
    async (req, reply) => {
      const { assignee, allowOverride, action } = req.body;
      unwrap(await engine.assignUserTask(req.params.userTaskKey, assignee, { allowOverride: allowOverride ?? true, action: action ?? undefined }));
      return reply.code(204).send();
    },
  );

  app.delete<KeyParams>('/user-tasks/:userTaskKey/assignee', { schema: { params: keyParams('userTaskKey') } }, async (req, reply) => {
    unwrap(await engine.unassignUserTask(req.params.userTaskKey));
    return reply.code(204).send();
  });

  app.post<KeyParams & { Body: { variables?: Variables | null; action?: string | null } | null }>(
    '/user-tasks/:userTaskKey/completion',
    { schema: { params: keyParams('userTaskKey'), body: userTaskCompletionBody } },
    async (req, reply) => {
      unwrap(await engine.completeUserTask(req.params.userTaskKey, variablesOf(req.body?.variables), req.body?.action ?? undefined));
      return reply.code(204).send();
    },
  );

  /** null fields stay as they are; an empty date text clears the date */
  app.patch<KeyParams & { Body: UpdateBody | null }>(
    '/user-tasks/:userTaskKey',
    { schema: { params: keyParams('userTaskKey'), body: userTaskUpdateBody } },
    async (req, reply) => {
      const body = req.body ?? {};
      const changeset: UserTaskChangeset = {};
      for (const field of CHANGESET_FIELDS) {
        const value = body.changeset?.[field];
        if (value == null) continue;
        if ((field === 'dueDate' || field === 'followUpDate') && value !== '' && Number.isNaN(Date.parse(value as string))) {
          throw invalidArgument(`The provided ${field} '${String(value)}' cannot be parsed as a date according to RFC 3339, section 5.6.`);
        }
        (changeset as Record<string, unknown>)[field] = value;
      }
      if (Object.keys(changeset).length === 0 && body.action == null) {
        throw invalidArgument('No update data provided. Provide at least an "action" or a non-null value for a supported attribute in the "changeset".');
      }
      unwrap(await engine.updateUserTask(req.params.userTaskKey, changeset, body.action ?? undefined));
      return reply.code(204).send();
    },
  );
}
