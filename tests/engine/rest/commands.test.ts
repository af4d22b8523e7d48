/**
 * The Camunda 8 REST API's commands (`/v2`) against a whole engine, driven by the real
 * clients: the orchestration-cluster-api client validating every request and response
 * against Camunda's specification, and the Camunda 8 SDK's REST client. Deploy, create
 * (and await), cancel, activate and act on jobs, update jobs, resolve incidents, set
 * variables, move the clock, and the problem details of every refusal.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { eventually } from '../../support/clients.js';
import { camundaClient, failure, fixture, modelCopy, NOW, sdkRestClient, type CamundaClient, type RestJob } from './rest-clients.js';

describe('Camunda REST API commands', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  const stoppers: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestEngineServer({ clockControlled: true });
    camunda = camundaClient(server.httpUrl);
  });

  afterAll(async () => {
    for (const stop of stoppers) await stop();
    await server?.close();
  });

  const deploy = async (id: string) => {
    const deployment = await camunda.createDeployment({ resources: [modelCopy('rest-order', id)] });
    return deployment.processes[0]!.processDefinitionKey;
  };
  const instanceState = async (key: string) => (await camunda.getProcessInstance({ processInstanceKey: key }, NOW)).state;
  const jobOf = async (type: string) => {
    const { jobs } = await camunda.activateJobs({ type, worker: 'test', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    expect(jobs).toHaveLength(1);
    return jobs[0]!;
  };

  it('reports the topology of a one-broker cluster', async () => {
    const topology = await camunda.getTopology();
    expect(topology).toMatchObject({ clusterSize: 1, partitionsCount: 1, replicationFactor: 1, gatewayVersion: '8.8.0' });
    expect(topology.brokers[0]?.partitions).toEqual([{ partitionId: 1, role: 'leader', health: 'healthy' }]);
  });

  it('deploys BPMN resources as multipart form data, keeping the version of an unchanged model', async () => {
    const file = () => new File([fs.readFileSync(fixture('rest-order.bpmn'))], 'rest-order.bpmn');
    const first = await camunda.createDeployment({ resources: [file()] });
    expect(first.tenantId).toBe('<default>');
    expect(first.deployments).toEqual([
      { processDefinition: { processDefinitionId: 'rest-order', processDefinitionVersion: 1, resourceName: 'rest-order.bpmn', tenantId: '<default>', processDefinitionKey: expect.any(String) } },
    ]);
    const again = await camunda.createDeployment({ resources: [file()] });
    expect(again.processes[0]).toMatchObject({ processDefinitionVersion: 1, processDefinitionKey: first.processes[0]!.processDefinitionKey });

    // the Camunda 8 SDK's REST client deploys through the same endpoint
    const sdk = sdkRestClient(server.httpUrl);
    const xml = fs.readFileSync(fixture('rest-order.bpmn'), 'utf8').replace('retries="2"', 'retries="3"');
    const changed = await sdk.deployResources([{ name: 'rest-order.bpmn', content: xml }]);
    expect(changed.processes[0]).toMatchObject({ processDefinitionId: 'rest-order', processDefinitionVersion: 2 });
  });

  it('refuses an invalid model with 400, naming the element at fault', async () => {
    const broken = fs.readFileSync(fixture('rest-order.bpmn'), 'utf8').replace('<zeebe:taskDefinition type="rest-order.large" />', '');
    const refused = await failure(camunda.createDeployment({ resources: [new File([broken], 'broken.bpmn')] }));
    expect(refused).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
    expect(refused.detail).toContain("Command 'CREATE' rejected with code 'INVALID_ARGUMENT'");
    expect(refused.detail).toContain('large');
  });

  it('creates instances by process id or definition key, and awaits completion with fetched variables', async () => {
    const definitionKey = await deploy('rest-create');
    const byId = await camunda.createProcessInstance({ processDefinitionId: 'rest-create', variables: { amount: 10 } });
    expect(byId).toMatchObject({ processDefinitionId: 'rest-create', processDefinitionVersion: 1, processDefinitionKey: definitionKey, tenantId: '<default>', variables: {} });
    const byKey = await camunda.createProcessInstance({ processDefinitionKey: definitionKey });
    expect(byKey.processDefinitionId).toBe('rest-create');

    const worker = camunda.createJobWorker({
      jobType: 'rest-create.check',
      jobTimeoutMs: 30_000,
      maxParallelJobs: 5,
      pollTimeoutMs: 2_000,
      jobHandler: (job: RestJob) => job.complete({ checked: true, court: (job.customHeaders as { court: string }).court }),
    });
    const small = camunda.createJobWorker({ jobType: 'rest-create.small', jobTimeoutMs: 30_000, maxParallelJobs: 5, pollTimeoutMs: 2_000, jobHandler: (job: RestJob) => job.complete({ route: 'small' }) });
    stoppers.push(() => worker.stop(), () => small.stop());

    const result = await camunda.createProcessInstance({
      processDefinitionId: 'rest-create',
      variables: { amount: 100 },
      awaitCompletion: true,
      fetchVariables: ['checked', 'route', 'court'],
      requestTimeout: 10_000,
    });
    expect(result.variables).toEqual({ checked: true, route: 'small', court: '豫1330' });
    expect(await instanceState(result.processInstanceKey)).toBe('COMPLETED');
  });

  it('answers 504 when an awaited instance does not complete within the request timeout', async () => {
    await deploy('rest-await');
    const refused = await failure(camunda.createProcessInstance({ processDefinitionId: 'rest-await', awaitCompletion: true, requestTimeout: 300 }));
    expect(refused).toMatchObject({ status: 504, title: 'DEADLINE_EXCEEDED' });
  });

  it('cancels an instance, and answers 404 for one that is gone', async () => {
    await deploy('rest-cancel');
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-cancel' });
    await camunda.cancelProcessInstance({ processInstanceKey });
    expect(await instanceState(processInstanceKey)).toBe('TERMINATED');
    const again = await failure(camunda.cancelProcessInstance({ processInstanceKey }));
    expect(again).toMatchObject({ status: 404, title: 'NOT_FOUND' });
    expect(again.detail).toMatch(/^Command 'CANCEL' rejected with code 'NOT_FOUND': /);
  });

  it('activates jobs with their variables and headers, and completes them with variables', async () => {
    await deploy('rest-jobs');
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-jobs', variables: { amount: 80_000, note: '查封' } });
    const { jobs } = await camunda.activateJobs({ type: 'rest-jobs.check', worker: 'w1', timeout: 30_000, maxJobsToActivate: 10, fetchVariable: ['amount'] });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      type: 'rest-jobs.check',
      processInstanceKey,
      processDefinitionId: 'rest-jobs',
      processDefinitionVersion: 1,
      elementId: 'check',
      customHeaders: { court: '豫1330' },
      worker: 'w1',
      retries: 2,
      variables: { amount: 80_000 },
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
    });
    await camunda.completeJob({ jobKey: jobs[0]!.jobKey, variables: { checked: true } });
    const large = await jobOf('rest-jobs.large');
    expect(large.variables).toMatchObject({ amount: 80_000, checked: true, note: '查封' });

    const completedTwice = await failure(camunda.completeJob({ jobKey: jobs[0]!.jobKey }));
    expect(completedTwice).toMatchObject({ status: 404, title: 'NOT_FOUND' });
  });

  it('long-polls for jobs until one is created, or answers at once when asked to', async () => {
    await deploy('rest-poll');
    expect((await camunda.activateJobs({ type: 'rest-poll.check', timeout: 1_000, maxJobsToActivate: 1, requestTimeout: -1 })).jobs).toEqual([]);
    const started = Date.now();
    const polling = camunda.activateJobs({ type: 'rest-poll.check', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 8_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await camunda.createProcessInstance({ processDefinitionId: 'rest-poll' });
    const { jobs } = await polling;
    expect(jobs).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);

    // a poll whose client went away activates nothing: the next job stays for the next worker
    const gone = new AbortController();
    const abandoned = fetch(`${server.httpUrl}/v2/jobs/activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'rest-poll.check', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 8_000 }),
      signal: gone.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    gone.abort();
    await abandoned;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await camunda.createProcessInstance({ processDefinitionId: 'rest-poll' });
    expect((await camunda.activateJobs({ type: 'rest-poll.check', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 2_000 })).jobs).toHaveLength(1);
  });

  it('fails jobs with retries and back-off, raises an incident without retries, and resolves it after an update', async () => {
    await deploy('rest-fail');
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-fail', variables: { amount: 1 } });
    const first = await jobOf('rest-fail.check');
    await camunda.failJob({ jobKey: first.jobKey, retries: 1, errorMessage: '查控系统暂不可用', retryBackOff: 0 });
    const second = await jobOf('rest-fail.check');
    expect(second).toMatchObject({ jobKey: first.jobKey, retries: 1 });
    await camunda.failJob({ jobKey: second.jobKey, retries: 0, errorMessage: '查控系统仍不可用' });

    const incidents = await camunda.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }, NOW);
    expect(incidents.items).toHaveLength(1);
    const incident = incidents.items![0]!;
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: '查控系统仍不可用', elementId: 'check', jobKey: first.jobKey });
    expect((await camunda.getProcessInstance({ processInstanceKey }, NOW)).hasIncident).toBe(true);

    // a failed job is in the wrong state to complete; the incident needs retries first
    expect(await failure(camunda.completeJob({ jobKey: first.jobKey }))).toMatchObject({ status: 409, title: 'INVALID_STATE' });
    expect(await failure(camunda.resolveIncident({ incidentKey: incident.incidentKey! }))).toMatchObject({ status: 409, title: 'INVALID_STATE' });

    await camunda.updateJob({ jobKey: first.jobKey, changeset: { retries: 2 } });
    await camunda.resolveIncident({ incidentKey: incident.incidentKey! });
    expect((await camunda.getIncident({ incidentKey: incident.incidentKey! }, NOW)).state).toBe('RESOLVED');
    const third = await jobOf('rest-fail.check');
    expect(third.retries).toBe(2);
    await camunda.completeJob({ jobKey: third.jobKey });
    expect((await camunda.getProcessInstance({ processInstanceKey }, NOW)).hasIncident).toBe(false);
  });

  it('throws a business error that an error boundary event catches', async () => {
    await deploy('rest-error');
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-error' });
    const job = await jobOf('rest-error.check');
    await camunda.throwJobError({ jobKey: job.jobKey, errorCode: 'REJECTED', errorMessage: '申请材料不全', variables: { reason: '材料不全' } });
    await eventually(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', 5_000, 'the instance to complete');
    const ended = await camunda.searchElementInstances({ filter: { processInstanceKey, elementId: 'rejected-end' } }, NOW);
    expect(ended.items!.map((e) => e.state)).toEqual(['COMPLETED']);
  });

  it('updates a job timeout and retries, refusing an empty changeset', async () => {
    await deploy('rest-update');
    await camunda.createProcessInstance({ processDefinitionId: 'rest-update' });
    const job = await jobOf('rest-update.check');
    const deadline = async () => Number((await server.engine.db.query<{ deadline: string }>('SELECT deadline FROM engine.job WHERE key = $1', [job.jobKey]))[0]?.deadline);
    const before = await deadline();
    await camunda.updateJob({ jobKey: job.jobKey, changeset: { timeout: 600_000 } });
    expect(await deadline()).toBeGreaterThan(before + 500_000);
    await camunda.updateJob({ jobKey: job.jobKey, changeset: { retries: 7, timeout: 1_000 } });
    const [row] = await server.engine.db.query<{ retries: number }>('SELECT retries FROM engine.job WHERE key = $1', [job.jobKey]);
    expect(row?.retries).toBe(7);
    const empty = await failure(camunda.updateJob({ jobKey: job.jobKey, changeset: {} }));
    expect(empty).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', detail: 'At least one of [retries, timeout] is required.' });
  });

  it('sets variables on a scope, globally or locally', async () => {
    await deploy('rest-vars');
    const { processInstanceKey } = await camunda.createProcessInstance({ processDefinitionId: 'rest-vars', variables: { amount: 5 } });
    await camunda.createElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { amount: 90_000, court: { name: '中院' } } });
    const job = await jobOf('rest-vars.check');
    await camunda.createElementInstanceVariables({ elementInstanceKey: job.elementInstanceKey, variables: { local: 1 }, local: true });
    const vars = await camunda.searchVariables({ filter: { processInstanceKey }, sort: [{ field: 'name' }] }, NOW);
    expect(vars.items.map((v) => [v.name, v.value, v.scopeKey])).toEqual([
      ['amount', '90000', processInstanceKey],
      ['court', '{"name":"中院"}', processInstanceKey],
      ['local', '1', job.elementInstanceKey],
    ]);
    const missing = await failure(camunda.createElementInstanceVariables({ elementInstanceKey: '2251799813600000', variables: { a: 1 } }));
    expect(missing).toMatchObject({ status: 404, title: 'NOT_FOUND' });
  });

  it('pins and resets the engine clock', async () => {
    await camunda.pinClock({ timestamp: 1_893_456_000_000 });
    expect(server.engine.clock.now()).toBe(1_893_456_000_000);
    await camunda.resetClock();
    expect(Math.abs(server.engine.clock.now() - Date.now())).toBeLessThan(5_000);

    const sdk = sdkRestClient(server.httpUrl);
    await sdk.pinInternalClock(1_700_000_000_000);
    expect(server.engine.clock.now()).toBe(1_700_000_000_000);
    await sdk.resetClock();
    expect(Math.abs(server.engine.clock.now() - Date.now())).toBeLessThan(5_000);
  });

  it('runs jobs with the Camunda 8 SDK REST job worker', async () => {
    await deploy('rest-sdk');
    const sdk = sdkRestClient(server.httpUrl);
    const check = sdk.createJobWorker({
      type: 'rest-sdk.check',
      worker: 'sdk-rest',
      timeout: 30_000,
      maxJobsToActivate: 5,
      jobHandler: (job) => job.complete({ checkedBy: job.worker }),
    });
    const large = sdk.createJobWorker({ type: 'rest-sdk.large', worker: 'sdk-rest', timeout: 30_000, maxJobsToActivate: 5, jobHandler: (job) => job.complete() });
    stoppers.push(() => check.stop(), () => large.stop());
    const { processInstanceKey } = await sdk.createProcessInstance({ processDefinitionId: 'rest-sdk', variables: { amount: 70_000 } });
    await eventually(async () => (await instanceState(processInstanceKey)) === 'COMPLETED', 10_000, 'the instance to complete');
    const vars = await camunda.searchVariables({ filter: { processInstanceKey, name: 'checkedBy' } }, NOW);
    expect(vars.items[0]?.value).toBe('"sdk-rest"');
  });

  describe('problem details', () => {
    it('are RFC 9457 documents with the request path as instance', async () => {
      const response = await fetch(`${server.httpUrl}/v2/jobs/2251799813600001/completion`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'NOT_FOUND',
        status: 404,
        detail: "Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '2251799813600001', but no such job was found",
        instance: '/v2/jobs/2251799813600001/completion',
      });
    });

    it('name the field at fault in a bad request', async () => {
      const unchecked = camundaClient(server.httpUrl, { validation: 'req:none,res:strict' });
      const missing = await failure(unchecked.activateJobs({ timeout: 1_000, maxJobsToActivate: 1 } as never));
      expect(missing).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', detail: 'No type provided.' });
      const wrong = await failure(unchecked.activateJobs({ type: 'x', timeout: 'soon', maxJobsToActivate: 1 } as never));
      expect(wrong).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
      expect(wrong.detail).toMatch(/^The value for timeout is 'soon' but must be integer/);
      const both = await failure(unchecked.createProcessInstance({ processDefinitionId: 'a', processDefinitionKey: '1' } as never));
      expect(both).toMatchObject({ status: 400, detail: 'Only one of [processDefinitionId, processDefinitionKey] is allowed.' });
      const key = await failure(unchecked.getProcessInstance({ processInstanceKey: 'abc' }, NOW));
      expect(key).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
      expect(key.detail).toContain('processInstanceKey');
      const json = await fetch(`${server.httpUrl}/v2/jobs/activation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
      expect(json.status).toBe(400);
      expect((await json.json()).title).toBe('INVALID_ARGUMENT');
    });

    it('take an empty JSON body as no body, as Camunda does', async () => {
      const response = await fetch(`${server.httpUrl}/v2/incidents/2251799813600002/resolution`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ title: 'NOT_FOUND', detail: expect.stringContaining("Command 'RESOLVE' rejected with code 'NOT_FOUND'") });
    });

    it('answer 501 for a feature of the API that this engine does not have yet', async () => {
      const refused = await failure(camunda.createProcessInstance({ processDefinitionId: 'rest-order', startInstructions: [{ elementId: 'check' }] }));
      expect(refused).toMatchObject({ status: 501, title: 'NOT_IMPLEMENTED' });
      expect(refused.detail).toContain('start instructions');
    });

    it('refuse other tenants while multi-tenancy is disabled', async () => {
      const refused = await failure(camunda.createProcessInstance({ processDefinitionId: 'rest-order', tenantId: 'other' }));
      expect(refused).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
      expect(refused.detail).toContain("tenant identifier 'other', but multi-tenancy is disabled");
    });

    it('answer 404 for an endpoint this engine does not have', async () => {
      const response = await fetch(`${server.httpUrl}/v2/batch-operations/search`, { method: 'POST' });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ status: 404, title: 'NOT_FOUND', instance: '/v2/batch-operations/search' });
    });
  });
});
