/**
 * Camunda 7's external-task API (`/engine-rest/external-task/…`) on the engine's jobs,
 * proven with Camunda 7's own client, camunda-external-task-client-js: topics are job types,
 * variables travel typed, and complete, failure, bpmnError, extendLock and unlock act on the
 * jobs of real processes.
 */
import { Client, Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { eventually } from '../../support/clients.js';
import { camundaClient, modelCopy, NOW, type CamundaClient } from './rest-clients.js';

type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;

describe('Camunda 7 external tasks', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  let worker: Client;
  let engineRest: string;

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    engineRest = `${server.httpUrl}/engine-rest`;
    worker = new Client({ baseUrl: engineRest, workerId: 'c7-worker', asyncResponseTimeout: 1_000, interval: 50, lockDuration: 30_000, maxTasks: 5 });
  });

  afterAll(async () => {
    worker?.stop();
    await server?.close();
  });

  const deploy = (id: string) => camunda.createDeployment({ resources: [modelCopy('c7-order', id)] });
  const subscribe = (topic: string, handler: Handler) =>
    worker.subscribe(topic, async (args) => {
      try {
        await handler(args);
      } catch (error) {
        failures.push(error);
      }
    });
  const failures: unknown[] = [];
  const state = async (processInstanceKey: string) => (await camunda.getProcessInstance({ processInstanceKey }, NOW)).state;
  const variablesOf = async (processInstanceKey: string) =>
    Object.fromEntries((await camunda.searchVariables({ filter: { processInstanceKey } }, NOW)).items.map((v) => [v.name, JSON.parse(v.value)]));
  const post = (path: string, body: unknown) =>
    fetch(`${engineRest}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('completes the jobs of a real process, with variables in Camunda 7 types', async () => {
    await deploy('c7-complete');
    const seen: Record<string, unknown> = {};
    subscribe('c7-complete.check', async ({ task, taskService }) => {
      Object.assign(seen, {
        amount: task.variables.getTyped('amount'),
        party: task.variables.get('party'),
        court: task.extensionProperties?.court,
        topic: task.topicName,
        activity: task.activityId,
        definition: task.processDefinitionKey,
      });
      const variables = new Variables().set('checked', true).set('fee', 12.5).set('decision', { level: '中' });
      await taskService.complete(task, variables);
    });
    subscribe('c7-complete.notify', async ({ task, taskService }) => taskService.complete(task, undefined, new Variables().set('notified', '短信')));

    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'c7-complete', variables: { amount: 80_000, party: { name: '张三' } } });
    await eventually(async () => (await state(processInstanceKey)) === 'COMPLETED', 10_000, 'the instance to complete');
    expect(seen).toEqual({
      amount: { value: 80_000, type: 'integer', valueInfo: {} },
      party: { name: '张三' },
      court: '豫1330',
      topic: 'c7-complete.check',
      activity: 'check',
      definition: 'c7-complete',
    });
    expect(await variablesOf(processInstanceKey)).toEqual({
      amount: 80_000,
      party: { name: '张三' },
      checked: true,
      fee: 12.5,
      decision: { level: '中' },
      notified: '短信',
    });
    expect(failures).toEqual([]);
  });

  it('reports failures with retries, and raises an incident when none are left', async () => {
    await deploy('c7-fail');
    let attempts = 0;
    subscribe('c7-fail.check', async ({ task, taskService }) => {
      attempts++;
      await taskService.handleFailure(task, { errorMessage: '查控系统不可用', errorDetails: 'connect timeout', retries: attempts === 1 ? 1 : 0, retryTimeout: 0 });
    });
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'c7-fail' });
    const incident = await eventually(async () => (await camunda.searchIncidents({ filter: { processInstanceKey } }, NOW)).items?.[0], 10_000, 'an incident');
    expect(attempts).toBe(2);
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: '查控系统不可用\nconnect timeout', elementId: 'check' });
    expect(failures).toEqual([]);
  });

  it('reports BPMN errors that an error boundary event catches', async () => {
    await deploy('c7-error');
    subscribe('c7-error.check', async ({ task, taskService }) => taskService.handleBpmnError(task, 'REJECTED', '申请材料不全', new Variables().set('reason', '材料不全')));
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'c7-error' });
    await eventually(async () => (await state(processInstanceKey)) === 'COMPLETED', 10_000, 'the instance to complete');
    const ended = await camunda.searchElementInstances({ filter: { processInstanceKey, elementId: 'rejected-end' } }, NOW);
    expect(ended.items).toHaveLength(1);
    expect((await variablesOf(processInstanceKey)).reason).toBe('材料不全');
    expect(failures).toEqual([]);
  });

  it('extends a lock, and unlocks a task so that it is fetched again', async () => {
    await deploy('c7-lock');
    const deadlines: number[] = [];
    let fetched = 0;
    const deadline = async (key: string) => Number((await server.engine.db.query<{ deadline: string }>('SELECT deadline FROM engine.job WHERE key = $1', [key]))[0]?.deadline);
    subscribe('c7-lock.check', async ({ task, taskService }) => {
      fetched++;
      if (fetched === 1) {
        await taskService.extendLock(task, 600_000);
        deadlines.push(await deadline(task.id));
        await taskService.unlock(task);
      } else {
        await taskService.complete(task);
      }
    });
    subscribe('c7-lock.notify', async ({ task, taskService }) => taskService.complete(task));
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'c7-lock' });
    await eventually(async () => (await state(processInstanceKey)) === 'COMPLETED', 10_000, 'the instance to complete');
    expect(fetched).toBe(2);
    expect(deadlines[0]).toBeGreaterThan(Date.now() + 500_000);
    expect(failures).toEqual([]);
  });

  it('long-polls up to asyncResponseTimeout, and refuses tasks locked by another worker', async () => {
    await deploy('c7-raw');
    const empty = await post('/external-task/fetchAndLock', { workerId: 'w1', maxTasks: 1, topics: [{ topicName: 'c7-raw.check', lockDuration: 10_000 }] });
    expect(await empty.json()).toEqual([]);

    const started = Date.now();
    const polling = post('/external-task/fetchAndLock', {
      workerId: 'w1',
      maxTasks: 2,
      asyncResponseTimeout: 8_000,
      topics: [{ topicName: 'c7-raw.check', lockDuration: 10_000, variables: ['amount'] }],
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'c7-raw', variables: { amount: 3, other: 'x' } });
    const response = await polling;
    expect(Date.now() - started).toBeLessThan(5_000);
    const [task] = (await response.json()) as Record<string, unknown>[];
    expect(task).toMatchObject({
      topicName: 'c7-raw.check',
      workerId: 'w1',
      activityId: 'check',
      processInstanceId: processInstanceKey,
      processDefinitionKey: 'c7-raw',
      retries: 3,
      variables: { amount: { type: 'Integer', value: 3, valueInfo: {} } },
    });

    const stolen = await post(`/external-task/${task!.id as string}/complete`, { workerId: 'w2' });
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toEqual({
      type: 'BadUserRequestException',
      message: `External Task ${task!.id as string} cannot be completed by worker 'w2'. It is locked by worker 'w1'.`,
      code: null,
    });
    const unknown = await post('/external-task/2251799813600000/complete', { workerId: 'w1' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).type).toBe('RestException');
    const filtered = await post('/external-task/fetchAndLock', { workerId: 'w1', maxTasks: 1, topics: [{ topicName: 'c7-raw.check', lockDuration: 1_000, processDefinitionKey: 'c7-raw' }] });
    expect(filtered.status).toBe(400);
    expect((await filtered.json()).type).toBe('InvalidRequestException');
    const invalid = await post('/external-task/fetchAndLock', { maxTasks: 1 });
    expect(invalid.status).toBe(400);

    expect((await post(`/external-task/${task!.id as string}/complete`, { workerId: 'w1', variables: { done: { value: 'true', type: 'Boolean' } } })).status).toBe(204);
  });
});
