/**
 * Camunda user tasks over the REST API: the inbox search (state, assignee, candidates, dates,
 * priority), a task, its form and the variables it sees, and the commands (claim, assign,
 * unassign, update, complete), with the strictly validating orchestration-cluster-api client
 * and the Camunda 8 SDK's REST client. A case filing (立案) goes through 立案审查 by the
 * 内勤 group and 院长审批.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, fixture, NOW, sdkRestClient, type CamundaClient } from './rest-clients.js';

const file = (name: string) => new File([fs.readFileSync(fixture(name))], name, { type: 'application/octet-stream' });

describe('Camunda REST API user tasks', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  let sdk: ReturnType<typeof sdkRestClient>;
  let definitionKey: string;
  let formKey: string;
  const pi = {} as Record<'A' | 'B', string>;
  const review = {} as Record<'A' | 'B', string>;

  const caseVariables = (caseNo: string, due: string, followUp: string) => ({
    caseNo,
    dueDate: due,
    followUpDate: followUp,
    judge: '王院长',
    reviewers: ['张法官', '李法官'],
    urgency: 80,
  });

  const tasks = async (filter: Record<string, unknown>, sort: { field: string; order?: 'ASC' | 'DESC' }[] = []) =>
    (await camunda.searchUserTasks({ filter, sort } as never, NOW)).items.map((t) => t.userTaskKey as string);

  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${server.httpUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    sdk = sdkRestClient(server.httpUrl);
    const deployment = await camunda.createDeployment({ resources: [file('rest-filing.bpmn'), file('rest-case-review.form')] });
    definitionKey = deployment.processes[0]!.processDefinitionKey;
    formKey = deployment.forms[0]!.formKey!;
    for (const [name, caseNo, due, followUp] of [
      ['A', '(2030)豫01执123号', '2030-01-15T17:00:00+08:00', '2030-01-10T09:00:00+08:00'],
      ['B', '(2030)豫01执124号', '2030-01-20T17:00:00+08:00', '2030-01-12T09:00:00+08:00'],
    ] as const) {
      pi[name] = (await camunda.createProcessInstance({ processDefinitionId: 'rest-filing', variables: caseVariables(caseNo, due, followUp) })).processInstanceKey;
      review[name] = (await tasks({ processInstanceKey: pi[name] }))[0]!;
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('deploys the form with the process', async () => {
    const deployment = await camunda.createDeployment({ resources: [file('rest-case-review.form')] });
    expect(deployment.forms).toEqual([{ formId: 'rest-case-review', version: 1, resourceName: 'rest-case-review.form', tenantId: '<default>', formKey }]);
  });

  it('finds the open 立案审查 tasks of the 内勤 group, and reads one', async () => {
    const found = await camunda.searchUserTasks({ filter: { candidateGroup: '内勤', state: 'CREATED' }, sort: [{ field: 'dueDate', order: 'DESC' }] }, NOW);
    expect(found.page.totalItems).toBe(2n);
    expect(found.items.map((t) => t.userTaskKey)).toEqual([review.B, review.A]);
    const task = found.items[1]!;
    expect(task).toEqual({
      userTaskKey: review.A,
      name: '立案审查',
      state: 'CREATED',
      elementId: 'review',
      elementInstanceKey: expect.any(String),
      candidateGroups: ['内勤'],
      candidateUsers: [],
      processDefinitionId: 'rest-filing',
      processDefinitionKey: definitionKey,
      processDefinitionVersion: 1,
      processName: '立案',
      processInstanceKey: pi.A,
      creationDate: expect.any(String),
      dueDate: '2030-01-15T09:00:00.000Z',
      followUpDate: '2030-01-10T01:00:00.000Z',
      tenantId: '<default>',
      customHeaders: { stage: '立案' },
      priority: 50,
      formKey,
    });
    expect(await camunda.getUserTask({ userTaskKey: review.A }, NOW)).toEqual(task);
    expect(await sdk.getUserTask(review.A)).toMatchObject({ userTaskKey: review.A, name: '立案审查', candidateGroups: ['内勤'] });
    expect(await failure(camunda.getUserTask({ userTaskKey: '2251799813600000' }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
  });

  it('filters by candidates, dates, element, process and priority (with operators)', async () => {
    expect(await tasks({ candidateGroup: { $in: ['立案庭', '内勤'] } }, [{ field: 'dueDate' }])).toEqual([review.A, review.B]);
    expect(await tasks({ candidateGroup: { $like: '内*' } }, [{ field: 'followUpDate', order: 'DESC' }])).toEqual([review.B, review.A]);
    expect(await tasks({ candidateGroup: '立案庭' })).toEqual([]);
    expect(await tasks({ candidateGroup: { $neq: '内勤' } })).toEqual([]);
    expect(await tasks({ candidateUser: { $exists: true } })).toEqual([]);
    expect(await tasks({ dueDate: { $gte: '2030-01-15T00:00:00Z', $lt: '2030-01-16T00:00:00Z' } })).toEqual([review.A]);
    expect(await tasks({ followUpDate: { $gt: '2030-01-11T00:00:00Z' } })).toEqual([review.B]);
    expect(await tasks({ elementId: 'review', processDefinitionKey: definitionKey, processInstanceKey: pi.B })).toEqual([review.B]);
    expect(await tasks({ priority: { $gte: 50 }, assignee: { $exists: false } }, [{ field: 'creationDate' }])).toEqual([review.A, review.B]);
    expect(await tasks({ localVariables: [{ name: 'caseNumber', value: '"(2030)豫01执124号"' }] })).toEqual([review.B]);
    expect(await tasks({ processInstanceVariables: [{ name: 'caseNo', value: { $like: '*123号*' } }] })).toEqual([review.A]);

    const paged = await camunda.searchUserTasks({ filter: { candidateGroup: '内勤' }, sort: [{ field: 'dueDate' }], page: { from: 1, limit: 1 } }, NOW);
    expect(paged.items.map((t) => t.userTaskKey)).toEqual([review.B]);
    expect(paged.page.totalItems).toBe(2n);

    const sdkFound = await sdk.searchUserTasks({ filter: { processInstanceKey: pi.A }, sort: [{ field: 'creationDate', order: 'ASC' }] } as never);
    expect(sdkFound.items.map((t: { userTaskKey: string }) => t.userTaskKey)).toEqual([review.A]);

    // the client refuses such a date itself; the engine answers as Camunda does
    const invalid = await post('/v2/user-tasks/search', { filter: { dueDate: { $gt: 'tomorrow' } } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: "The provided filter.dueDate.$gt 'tomorrow' cannot be parsed as a date according to RFC 3339, section 5.6." });
  });

  it("returns the task's deployed form, and 204 for a task without one", async () => {
    expect(await camunda.getUserTaskForm({ userTaskKey: review.A }, NOW)).toEqual({
      formKey,
      formId: 'rest-case-review',
      version: 1n,
      tenantId: '<default>',
      schema: JSON.parse(fs.readFileSync(fixture('rest-case-review.form'), 'utf8')),
    });
    expect(await failure(camunda.getUserTaskForm({ userTaskKey: '2251799813600000' }, NOW))).toMatchObject({ status: 404 });
  });

  it('searches the variables the task sees: its own and those of the process instance', async () => {
    const seen = await camunda.searchUserTaskVariables({ userTaskKey: review.A, sort: [{ field: 'name' }] }, NOW);
    expect(seen.items.map((v) => [v.name, v.value])).toEqual([
      ['caseNo', '"(2030)豫01执123号"'],
      ['caseNumber', '"(2030)豫01执123号"'],
      ['dueDate', '"2030-01-15T17:00:00+08:00"'],
      ['followUpDate', '"2030-01-10T09:00:00+08:00"'],
      ['judge', '"王院长"'],
      ['reviewers', '["张法官","李法官"]'],
      ['urgency', '80'],
    ]);
    const task = await camunda.getUserTask({ userTaskKey: review.A }, NOW);
    const local = await camunda.searchUserTaskVariables({ userTaskKey: review.A, filter: { name: 'caseNumber' } }, NOW);
    expect(local.items).toEqual([
      { variableKey: expect.any(String), name: 'caseNumber', value: '"(2030)豫01执123号"', isTruncated: false, scopeKey: task.elementInstanceKey, processInstanceKey: pi.A, tenantId: '<default>' },
    ]);
    expect(local.page.totalItems).toBe(1n);
  });

  it('claims, refuses a second claim, reassigns and unassigns', async () => {
    await camunda.assignUserTask({ userTaskKey: review.A, assignee: '书记员甲', allowOverride: false, action: 'claim' });
    expect((await camunda.getUserTask({ userTaskKey: review.A }, NOW)).assignee).toBe('书记员甲');
    expect(await failure(camunda.assignUserTask({ userTaskKey: review.A, assignee: '书记员乙', allowOverride: false }))).toMatchObject({
      status: 409,
      title: 'INVALID_STATE',
    });
    await camunda.assignUserTask({ userTaskKey: review.A, assignee: '书记员乙' });
    expect(await tasks({ assignee: '书记员乙' })).toEqual([review.A]);
    expect(await tasks({ assignee: { $exists: false } })).toEqual([review.B]);

    await camunda.unassignUserTask({ userTaskKey: review.A });
    expect((await camunda.getUserTask({ userTaskKey: review.A }, NOW)).assignee).toBeUndefined();

    await sdk.assignUserTask({ userTaskKey: review.B, assignee: '书记员丙' });
    expect(await tasks({ assignee: '书记员丙' })).toEqual([review.B]);
    await sdk.unassignUserTask({ userTaskKey: review.B });
    expect(await tasks({ assignee: { $exists: true } })).toEqual([]);

    expect(await failure(camunda.assignUserTask({ userTaskKey: '2251799813600000', assignee: '书记员甲' }))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
  });

  it('updates due date, follow-up date, candidates and priority', async () => {
    await camunda.updateUserTask({
      userTaskKey: review.B,
      changeset: { dueDate: '2030-01-14T09:00:00.000Z', candidateGroups: ['内勤', '立案庭'], candidateUsers: ['赵书记员'], priority: 90 },
    });
    const updated = await camunda.getUserTask({ userTaskKey: review.B }, NOW);
    expect(updated).toMatchObject({ dueDate: '2030-01-14T09:00:00.000Z', followUpDate: '2030-01-12T01:00:00.000Z', candidateGroups: ['内勤', '立案庭'], candidateUsers: ['赵书记员'], priority: 90 });
    expect(await tasks({ candidateGroup: '立案庭' })).toEqual([review.B]);
    expect(await tasks({ candidateUser: '赵书记员' })).toEqual([review.B]);
    expect(await tasks({ state: 'CREATED' }, [{ field: 'priority', order: 'DESC' }])).toEqual([review.B, review.A]);
    expect(await tasks({ state: 'CREATED' }, [{ field: 'dueDate' }])).toEqual([review.B, review.A]);

    const invalid = await post(`/v2/user-tasks/${review.B}`, { changeset: { dueDate: 'soon' } }, 'PATCH');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: "The provided dueDate 'soon' cannot be parsed as a date according to RFC 3339, section 5.6." });
    const bare = await post(`/v2/user-tasks/${review.B}`, {}, 'PATCH');
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: expect.stringContaining('No update data provided') });
  });

  it('completes 立案审查 with variables, and the next task (院长审批) is assigned with its candidates and priority', async () => {
    await camunda.completeUserTask({ userTaskKey: review.A, variables: { approved: true }, action: 'complete' });
    const done = await camunda.getUserTask({ userTaskKey: review.A }, NOW);
    expect(done.state).toBe('COMPLETED');
    expect(Date.parse(done.completionDate!)).toBeGreaterThanOrEqual(Date.parse(done.creationDate!));
    expect(await tasks({ state: 'COMPLETED', completionDate: { $exists: true } })).toEqual([review.A]);
    expect(await failure(camunda.completeUserTask({ userTaskKey: review.A }))).toMatchObject({ status: 404, title: 'NOT_FOUND' });

    const [approve] = (await camunda.searchUserTasks({ filter: { processInstanceKey: pi.A, state: 'CREATED' } }, NOW)).items;
    expect(approve).toMatchObject({ name: '院长审批', elementId: 'approve', assignee: '王院长', candidateUsers: ['张法官', '李法官'], candidateGroups: [], priority: 80 });
    expect(approve!.formKey).toBeUndefined();
    expect(await tasks({ candidateUser: '李法官', priority: { $gt: 70 } })).toEqual([approve!.userTaskKey]);
    // 204 without a form (read directly: the client validates even an empty answer as a form)
    const noForm = await fetch(`${server.httpUrl}/v2/user-tasks/${approve!.userTaskKey}/form`);
    expect(noForm.status).toBe(204);

    await sdk.completeUserTask({ userTaskKey: approve!.userTaskKey, variables: { 院长意见: '同意' } });
    expect((await camunda.getProcessInstance({ processInstanceKey: pi.A }, NOW)).state).toBe('COMPLETED');
    expect(await tasks({ processInstanceKey: pi.A, state: 'COMPLETED' }, [{ field: 'completionDate' }])).toEqual([review.A, approve!.userTaskKey]);
  });
});
