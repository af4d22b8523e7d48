/**
 * The Camunda REST API's read side (`/v2/…/search`, gets, statistics) over the engine's
 * tables, with Camunda's search semantics: filters with operators and `$or`, sorting, offset
 * and cursor pages. Five instances of one model, driven on the controlled clock into every
 * state, are searched with the strictly validating orchestration-cluster-api client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, modelCopy, NOW, sdkRestClient, type CamundaClient } from './rest-clients.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('Camunda REST API searches', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  let definitionKey: string;
  /** A: waiting at `small`; B: completed via `large`; C: canceled; D: incident at `check`; E: rejected by error */
  const pi = {} as Record<'A' | 'B' | 'C' | 'D' | 'E', string>;

  const activate = async () => {
    const { jobs } = await camunda.activateJobs({ type: 'rest-search.check', worker: 'search', timeout: 600_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    return jobs[0]!;
  };

  beforeAll(async () => {
    server = await startTestEngineServer({ clockControlled: true });
    camunda = camundaClient(server.httpUrl);
    const deployment = await camunda.createDeployment({ resources: [modelCopy('rest-order', 'rest-search')] });
    definitionKey = deployment.processes[0]!.processDefinitionKey;
    const create = async (minute: number, variables: Record<string, unknown>) => {
      await camunda.pinClock({ timestamp: at(minute) });
      return (await camunda.createProcessInstance({ processDefinitionId: 'rest-search', variables })).processInstanceKey;
    };

    pi.A = await create(0, { amount: 100, court: '郑州中院' });
    await camunda.pinClock({ timestamp: at(2) });
    await camunda.completeJob({ jobKey: (await activate()).jobKey });

    pi.B = await create(10, { amount: 80_000, court: '开封中院' });
    await camunda.pinClock({ timestamp: at(15) });
    await camunda.completeJob({ jobKey: (await activate()).jobKey });
    const { jobs } = await camunda.activateJobs({ type: 'rest-search.large', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    await camunda.pinClock({ timestamp: at(25) });
    await camunda.completeJob({ jobKey: jobs[0]!.jobKey });

    pi.C = await create(30, { amount: 5 });
    await activate();
    await camunda.pinClock({ timestamp: at(31) });
    await camunda.cancelProcessInstance({ processInstanceKey: pi.C });

    pi.D = await create(40, { amount: 7, big: 'x'.repeat(9_000) });
    await camunda.failJob({ jobKey: (await activate()).jobKey, retries: 0, errorMessage: '查控系统不可用' });

    pi.E = await create(50, { amount: 9 });
    await camunda.throwJobError({ jobKey: (await activate()).jobKey, errorCode: 'REJECTED' });
  });

  afterAll(async () => {
    await server?.close();
  });

  const instances = async (filter: Record<string, unknown>, sort: { field: string; order?: 'ASC' | 'DESC' }[] = [{ field: 'startDate' }]) =>
    (await camunda.searchProcessInstances({ filter, sort } as never, NOW)).items.map((i) => i.processInstanceKey);

  describe('process definitions', () => {
    it('are searched, read and their XML returned', async () => {
      const found = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: 'rest-search', isLatestVersion: true } }, NOW);
      expect(found.page.totalItems).toBe(1n);
      expect(found.items!).toEqual([
        { processDefinitionKey: definitionKey, processDefinitionId: 'rest-search', name: '执行案件审查', resourceName: 'rest-search.bpmn', version: 1, tenantId: '<default>', hasStartForm: false },
      ]);
      expect(await camunda.getProcessDefinition({ processDefinitionKey: definitionKey }, NOW)).toEqual(found.items![0]);
      const xml = await camunda.getProcessDefinitionXml({ processDefinitionKey: definitionKey }, NOW);
      expect(xml).toContain('<bpmn:process id="rest-search"');
      expect(await failure(camunda.getProcessDefinition({ processDefinitionKey: '2251799813600000' }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });

      const byName = await camunda.searchProcessDefinitions({ filter: { name: { $like: '执行*' } }, sort: [{ field: 'version', order: 'DESC' }] }, NOW);
      expect(byName.items!.map((d) => d.processDefinitionId)).toEqual(['rest-search']);
    });
  });

  describe('process instances', () => {
    it('are filtered by state, incident, dates, variables and definition, ANDed with $or alternatives', async () => {
      expect(await instances({ state: 'ACTIVE' })).toEqual([pi.A, pi.D]);
      expect(await instances({ state: { $in: ['COMPLETED', 'TERMINATED'] } })).toEqual([pi.B, pi.C, pi.E]);
      expect(await instances({ state: { $neq: 'ACTIVE' }, hasIncident: false })).toEqual([pi.B, pi.C, pi.E]);
      expect(await instances({ hasIncident: true })).toEqual([pi.D]);
      expect(await instances({ startDate: { $gte: iso(at(10)), $lt: iso(at(40)) } })).toEqual([pi.B, pi.C]);
      expect(await instances({ endDate: { $exists: true } }, [{ field: 'endDate', order: 'DESC' }])).toEqual([pi.E, pi.C, pi.B]);
      expect(await instances({ variables: [{ name: 'court', value: '"开封中院"' }] })).toEqual([pi.B]);
      expect(await instances({ variables: [{ name: 'court', value: { $like: '*中院*' } }] })).toEqual([pi.A, pi.B]);
      expect(await instances({ processDefinitionId: { $like: 'rest-sea?ch' }, processDefinitionKey: definitionKey, processDefinitionVersion: 1 })).toHaveLength(5);
      expect(await instances({ processInstanceKey: { $in: [pi.A, pi.E] } })).toEqual([pi.A, pi.E]);
      expect(await instances({ $or: [{ state: 'TERMINATED' }, { hasIncident: true }] })).toEqual([pi.C, pi.D]);
      expect(await instances({ state: 'COMPLETED', $or: [{ startDate: { $lt: iso(at(20)) } }, { errorMessage: 'x' }] })).toEqual([pi.B]);
      expect(await instances({ errorMessage: { $like: '查控*' } })).toEqual([pi.D]);
    });

    it('are filtered by the state of one of their element instances', async () => {
      expect(await instances({ elementId: 'large', elementInstanceState: 'COMPLETED' })).toEqual([pi.B]);
      expect(await instances({ elementId: 'check', elementInstanceState: 'TERMINATED' })).toEqual([pi.C, pi.E]);
      expect(await instances({ elementId: 'check', hasElementInstanceIncident: true })).toEqual([pi.D]);
    });

    it('are read one by one, with Camunda states and times', async () => {
      expect(await camunda.getProcessInstance({ processInstanceKey: pi.B }, NOW)).toEqual({
        processInstanceKey: pi.B,
        processDefinitionKey: definitionKey,
        processDefinitionId: 'rest-search',
        processDefinitionName: '执行案件审查',
        processDefinitionVersion: 1,
        startDate: iso(at(10)),
        endDate: iso(at(25)),
        state: 'COMPLETED',
        hasIncident: false,
        tenantId: '<default>',
      });
      expect((await camunda.getProcessInstance({ processInstanceKey: pi.D }, NOW)).hasIncident).toBe(true);
      expect(await failure(camunda.getProcessInstance({ processInstanceKey: '2251799813600000' }, NOW))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
    });

    it('are paged by offset and by cursor, forwards and backwards', async () => {
      const all = await instances({}, [{ field: 'startDate', order: 'DESC' }]);
      expect(all).toEqual([pi.E, pi.D, pi.C, pi.B, pi.A]);
      const offset = await camunda.searchProcessInstances({ sort: [{ field: 'startDate', order: 'DESC' }], page: { from: 1, limit: 2 } }, NOW);
      expect(offset.items.map((i) => i.processInstanceKey)).toEqual([pi.D, pi.C]);
      expect(offset.page.totalItems).toBe(5n);

      // The client's strict request validation turns `{ after, limit }` into `{ from: 0, limit }`
      // (its page union tries offset pagination first and drops unknown keys), so cursor pages
      // go through a client that validates requests without rewriting them; responses stay strict.
      const cursorClient = camundaClient(server.httpUrl, { validation: 'req:warn,res:strict' });
      const seen: string[] = [];
      let after: string | undefined;
      const cursors: string[] = [];
      for (let n = 0; n < 10; n++) {
        const page = await cursorClient.searchProcessInstances({ sort: [{ field: 'startDate', order: 'DESC' }], page: after ? { after, limit: 2 } : { limit: 2 } }, NOW);
        if (page.items.length === 0) break;
        seen.push(...page.items.map((i) => i.processInstanceKey));
        cursors.push(page.page.startCursor!);
        after = page.page.endCursor!;
      }
      expect(seen).toEqual(all);
      const before = await cursorClient.searchProcessInstances({ sort: [{ field: 'startDate', order: 'DESC' }], page: { before: cursors[2]!, limit: 2 } }, NOW);
      expect(before.items.map((i) => i.processInstanceKey)).toEqual([pi.C, pi.B]);

      // sorting by a column with missing values (endDate of active instances) pages the same way
      const byEnd: string[] = [];
      after = undefined;
      for (let n = 0; n < 10; n++) {
        const page = await cursorClient.searchProcessInstances({ sort: [{ field: 'endDate' }], page: after ? { after, limit: 2 } : { limit: 2 } }, NOW);
        if (page.items.length === 0) break;
        byEnd.push(...page.items.map((i) => i.processInstanceKey));
        after = page.page.endCursor!;
      }
      expect(byEnd).toEqual([pi.B, pi.C, pi.E, pi.A, pi.D]);
    });

    it('show the sequence flows taken, the element statistics and the call hierarchy', async () => {
      const flows = await camunda.getProcessInstanceSequenceFlows({ processInstanceKey: pi.B }, NOW);
      expect(flows.items!.map((f) => f.elementId).sort()).toEqual(['to-check', 'to-decide', 'to-end-large', 'to-large']);
      expect(flows.items![0]).toMatchObject({ processInstanceKey: pi.B, processDefinitionKey: definitionKey, processDefinitionId: 'rest-search', tenantId: '<default>' });

      const stats = await camunda.getProcessInstanceStatistics({ processInstanceKey: pi.D }, NOW);
      expect(stats.items).toEqual([
        { elementId: 'check', active: 0n, canceled: 0n, incidents: 1n, completed: 0n },
        { elementId: 'start', active: 0n, canceled: 0n, incidents: 0n, completed: 1n },
      ]);

      expect(await camunda.getProcessInstanceCallHierarchy({ processInstanceKey: pi.A }, NOW)).toEqual([
        { processInstanceKey: pi.A, processDefinitionKey: definitionKey, processDefinitionName: '执行案件审查' },
      ]);
    });
  });

  describe('process definition statistics', () => {
    it('count, per element, the instances active, with incidents, completed and canceled', async () => {
      const stats = await camunda.getProcessDefinitionStatistics({ processDefinitionKey: definitionKey }, NOW);
      const byElement = Object.fromEntries(stats.items!.map(({ elementId, ...counts }) => [elementId, counts]));
      expect(byElement).toEqual({
        start: { active: 0n, incidents: 0n, completed: 5n, canceled: 0n },
        check: { active: 0n, incidents: 1n, completed: 2n, canceled: 2n },
        decide: { active: 0n, incidents: 0n, completed: 2n, canceled: 0n },
        small: { active: 1n, incidents: 0n, completed: 0n, canceled: 0n },
        large: { active: 0n, incidents: 0n, completed: 1n, canceled: 0n },
        'end-large': { active: 0n, incidents: 0n, completed: 1n, canceled: 0n },
        rejected: { active: 0n, incidents: 0n, completed: 1n, canceled: 0n },
        'rejected-end': { active: 0n, incidents: 0n, completed: 1n, canceled: 0n },
      });
      const active = await camunda.getProcessDefinitionStatistics({ processDefinitionKey: definitionKey, filter: { state: 'ACTIVE' } }, NOW);
      expect(active.items!.find((s) => s.elementId === 'check')).toEqual({ elementId: 'check', active: 0n, incidents: 1n, completed: 1n, canceled: 0n });
      expect(active.items!.find((s) => s.elementId === 'start')?.completed).toBe(2n);
    });
  });

  describe('element instances', () => {
    it('are searched by instance, state, type, scope and incident, with their names from the model', async () => {
      const ofA = await camunda.searchElementInstances({ filter: { processInstanceKey: pi.A }, sort: [{ field: 'startDate' }, { field: 'elementInstanceKey' }] }, NOW);
      expect(ofA.items!.map((e) => [e.elementId, e.elementName, e.type, e.state])).toEqual([
        ['start', '立案', 'START_EVENT', 'COMPLETED'],
        ['check', '审查申请', 'SERVICE_TASK', 'COMPLETED'],
        ['decide', 'decide', 'EXCLUSIVE_GATEWAY', 'COMPLETED'],
        ['small', 'small', 'SERVICE_TASK', 'ACTIVE'],
      ]);
      expect(ofA.items![0]).toMatchObject({ processDefinitionId: 'rest-search', processDefinitionKey: definitionKey, startDate: iso(at(0)), endDate: iso(at(0)), hasIncident: false });

      const terminated = await camunda.searchElementInstances({ filter: { state: 'TERMINATED', type: 'SERVICE_TASK' } }, NOW);
      expect(terminated.items!.map((e) => e.processInstanceKey).sort()).toEqual([pi.C, pi.E].sort());
      const children = await camunda.searchElementInstances({ filter: { elementInstanceScopeKey: pi.B } }, NOW);
      expect(children.page.totalItems).toBe(5n);

      const withIncident = await camunda.searchElementInstances({ filter: { hasIncident: true } }, NOW);
      expect(withIncident.items!).toHaveLength(1);
      const element = withIncident.items![0]!;
      expect(element).toMatchObject({ processInstanceKey: pi.D, elementId: 'check', hasIncident: true, incidentKey: expect.any(String) });
      expect(await camunda.getElementInstance({ elementInstanceKey: element.elementInstanceKey }, NOW)).toEqual(element);
      expect(await failure(camunda.getElementInstance({ elementInstanceKey: pi.A }, NOW))).toMatchObject({ status: 404 });
    });
  });

  describe('variables', () => {
    it('are searched with values as JSON text, truncated unless asked not to, and read in full', async () => {
      const ofB = await camunda.searchVariables({ filter: { processInstanceKey: pi.B }, sort: [{ field: 'name', order: 'ASC' }] }, NOW);
      expect(ofB.items.map((v) => [v.name, v.value, v.isTruncated])).toEqual([
        ['amount', '80000', false],
        ['court', '"开封中院"', false],
      ]);
      expect(ofB.items[0]).toMatchObject({ scopeKey: pi.B, processInstanceKey: pi.B, tenantId: '<default>' });

      const big = await camunda.searchVariables({ filter: { processInstanceKey: pi.D, name: 'big' } }, NOW);
      expect(big.items[0]).toMatchObject({ isTruncated: true });
      expect(big.items[0]!.value).toHaveLength(8191);
      const full = await camunda.searchVariables({ filter: { processInstanceKey: pi.D, name: 'big' }, truncateValues: false }, NOW);
      expect(full.items[0]).toMatchObject({ isTruncated: false, value: JSON.stringify('x'.repeat(9_000)) });
      expect(await camunda.getVariable({ variableKey: big.items[0]!.variableKey }, NOW)).toMatchObject({ name: 'big', value: JSON.stringify('x'.repeat(9_000)) });

      const amounts = await camunda.searchVariables({ filter: { name: 'amount', value: { $in: ['100', '9'] } }, sort: [{ field: 'value', order: 'DESC' }] }, NOW);
      expect(amounts.items.map((v) => v.processInstanceKey)).toEqual([pi.E, pi.A]);
      expect(await failure(camunda.getVariable({ variableKey: '2251799813600000' }, NOW))).toMatchObject({ status: 404 });
    });
  });

  describe('incidents', () => {
    it('are searched and read with Camunda error types', async () => {
      const found = await camunda.searchIncidents({ filter: { errorType: 'JOB_NO_RETRIES', state: 'ACTIVE' }, sort: [{ field: 'creationTime', order: 'DESC' }] }, NOW);
      expect(found.items!).toHaveLength(1);
      expect(found.items![0]).toMatchObject({
        processInstanceKey: pi.D,
        processDefinitionKey: definitionKey,
        processDefinitionId: 'rest-search',
        errorType: 'JOB_NO_RETRIES',
        errorMessage: '查控系统不可用',
        elementId: 'check',
        state: 'ACTIVE',
        creationTime: iso(at(40)),
        tenantId: '<default>',
      });
      expect(await camunda.getIncident({ incidentKey: found.items![0]!.incidentKey! }, NOW)).toEqual(found.items![0]);
      expect((await camunda.searchIncidents({ filter: { state: 'RESOLVED' } }, NOW)).items).toEqual([]);
    });
  });

  it('work through the Camunda 8 SDK REST client as well', async () => {
    const sdk = sdkRestClient(server.httpUrl);
    const found = await sdk.searchProcessInstances({ filter: { processDefinitionId: 'rest-search', state: 'ACTIVE' } } as never);
    expect(found.items!.map((i: { processInstanceKey: string }) => i.processInstanceKey).sort()).toEqual([pi.A, pi.D].sort());
    expect(await sdk.getProcessDefinitionXML(definitionKey)).toContain('id="rest-search"');
    const element = await sdk.searchElementInstances({ filter: { processInstanceKey: pi.B, elementId: 'large' } } as never);
    expect(element.items[0]).toMatchObject({ state: 'COMPLETED' });
  });

  it('refuse what they cannot answer with 400, naming the field', async () => {
    const unchecked = camundaClient(server.httpUrl, { validation: 'req:none,res:strict' });
    const unsupportedSort = await failure(unchecked.searchElementInstances({ sort: [{ field: 'elementName' }] }, NOW));
    expect(unsupportedSort).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT', detail: 'Sorting by elementName is not supported by this engine.' });
    const unknownField = await failure(unchecked.searchProcessInstances({ filter: { colour: 'red' } } as never, NOW));
    expect(unknownField.detail).toBe("Unknown filter field 'filter.colour'.");
    const unsupported = await failure(unchecked.searchProcessInstances({ filter: { batchOperationId: 'b' } }, NOW));
    expect(unsupported.detail).toBe('The filter filter.batchOperationId is not supported by this engine.');
    const badDate = await failure(unchecked.searchProcessInstances({ filter: { startDate: { $gt: 'yesterday' } } }, NOW));
    expect(badDate.detail).toBe("The provided filter.startDate.$gt 'yesterday' cannot be parsed as a date according to RFC 3339, section 5.6.");
    const badState = await failure(unchecked.searchProcessInstances({ filter: { state: 'RUNNING' } } as never, NOW));
    expect(badState.detail).toBe("The value for filter.state.$eq is 'RUNNING' but must be one of [ACTIVE, COMPLETED, TERMINATED].");
    const badCursor = await failure(unchecked.searchProcessInstances({ page: { after: 'AAAA' } }, NOW));
    expect(badCursor).toMatchObject({ status: 400 });
  });
});
