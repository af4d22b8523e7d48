/**
 * Messages, signals and decisions over the REST API: a payment message (published, buffered
 * with a time to live, deduplicated by id) reaches the waiting case, a verdict signal reaches
 * every waiting case, and the case triage decision (分案) is evaluated by id and by key, with
 * the strictly validating orchestration-cluster-api client and the Camunda 8 SDK's REST client.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { camundaClient, failure, fixture, NOW, sdkRestClient, type CamundaClient } from './rest-clients.js';

const file = (name: string) => new File([fs.readFileSync(fixture(name))], name, { type: 'application/octet-stream' });

describe('Camunda REST API messages, signals and decisions', () => {
  let server: TestEngineServer;
  let camunda: CamundaClient;
  /**
   * Camunda answers a successful evaluation with `failedDecisionDefinitionId: ""`, which its own
   * specification (a required id of at least one character) refuses: evaluations are read with
   * response validation `warn`, requests still strictly validated.
   */
  let evaluating: CamundaClient;
  let sdk: ReturnType<typeof sdkRestClient>;
  let decisionKey: string;
  let decisionRequirementsKey: string;

  const state = async (processInstanceKey: string) => (await camunda.getProcessInstance({ processInstanceKey }, NOW)).state;
  const variable = async (processInstanceKey: string, name: string) =>
    (await camunda.searchVariables({ filter: { processInstanceKey, name } }, NOW)).items[0]?.value;
  const eventually = async (check: () => Promise<unknown>, expected: unknown) => {
    for (let i = 0; i < 50 && (await check()) !== expected; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await check()).toBe(expected);
  };

  beforeAll(async () => {
    server = await startTestEngineServer();
    camunda = camundaClient(server.httpUrl);
    evaluating = camundaClient(server.httpUrl, { validation: 'req:strict,res:warn' });
    sdk = sdkRestClient(server.httpUrl);
    const deployment = await camunda.createDeployment({ resources: [file('rest-events.bpmn'), file('rest-triage.dmn')] });
    expect(deployment.processes.map((p) => p.processDefinitionId)).toEqual(['rest-payment', 'rest-verdict']);
    expect(deployment.decisionRequirements).toEqual([
      expect.objectContaining({ decisionRequirementsId: 'case-triage-drg', decisionRequirementsName: '分案规则', version: 1, resourceName: 'rest-triage.dmn' }),
    ]);
    const [decision] = deployment.decisions;
    expect(decision).toMatchObject({ decisionDefinitionId: 'case_triage', name: '分案', version: 1, decisionRequirementsId: 'case-triage-drg' });
    decisionKey = decision!.decisionDefinitionKey!;
    decisionRequirementsKey = decision!.decisionRequirementsKey!;
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('messages', () => {
    it('correlates a published message to the waiting case, with its variables', async () => {
      const pi = (await camunda.createProcessInstance({ processDefinitionId: 'rest-payment', variables: { caseNo: '(2030)豫01执200号' } })).processInstanceKey;
      const published = await camunda.publishMessage({ name: 'rest-payment-received', correlationKey: '(2030)豫01执200号', variables: { 缴费金额: 5000 } });
      expect(published).toEqual({ messageKey: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
      await eventually(() => state(pi), 'COMPLETED');
      expect(await variable(pi, '缴费金额')).toBe('5000');
    });

    it('buffers a message with a time to live for a case that starts later, once per message id', async () => {
      const message = { name: 'rest-payment-received', correlationKey: '(2030)豫01执201号', timeToLive: 60_000, messageId: '缴费-201', variables: { 缴费金额: 800 } };
      await camunda.publishMessage(message);
      expect(await failure(camunda.publishMessage(message))).toMatchObject({ status: 409, title: 'ALREADY_EXISTS' });
      const pi = (await camunda.createProcessInstance({ processDefinitionId: 'rest-payment', variables: { caseNo: '(2030)豫01执201号' } })).processInstanceKey;
      await eventually(() => state(pi), 'COMPLETED');
      expect(await variable(pi, '缴费金额')).toBe('800');
    });

    it('publishes with the SDK, and refuses a message without a name or for another tenant', async () => {
      const pi = (await camunda.createProcessInstance({ processDefinitionId: 'rest-payment', variables: { caseNo: '(2030)豫01执202号' } })).processInstanceKey;
      const published = await sdk.publishMessage({ name: 'rest-payment-received', correlationKey: '(2030)豫01执202号', variables: { 缴费金额: 1 }, timeToLive: 0 } as never);
      expect(published).toMatchObject({ messageKey: expect.any(String), tenantId: '<default>' });
      await eventually(() => state(pi), 'COMPLETED');

      const nameless = await fetch(`${server.httpUrl}/v2/messages/publication`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"correlationKey":"x"}' });
      expect(nameless.status).toBe(400);
      expect(await nameless.json()).toMatchObject({ title: 'INVALID_ARGUMENT', detail: 'No name provided.' });
      expect(await failure(camunda.publishMessage({ name: 'rest-payment-received', tenantId: 'court2' } as never))).toMatchObject({ status: 400 });
    });

    it('does not offer message correlation yet', async () => {
      const response = await fetch(`${server.httpUrl}/v2/messages/correlation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
      expect(response.status).toBe(404);
    });
  });

  describe('signals', () => {
    it('broadcasts a verdict signal to every waiting case', async () => {
      const waiting = [];
      for (let i = 0; i < 2; i++) waiting.push((await camunda.createProcessInstance({ processDefinitionId: 'rest-verdict' })).processInstanceKey);
      const broadcast = await camunda.broadcastSignal({ signalName: 'rest-verdict-announced', variables: { 判决结果: '驳回' } });
      expect(broadcast).toEqual({ signalKey: expect.stringMatching(/^\d+$/), tenantId: '<default>' });
      for (const pi of waiting) {
        await eventually(() => state(pi), 'COMPLETED');
        expect(await variable(pi, '判决结果')).toBe('"驳回"');
      }
    });

    it('broadcasts with the SDK; a signal nobody waits for is still broadcast', async () => {
      const pi = (await camunda.createProcessInstance({ processDefinitionId: 'rest-verdict' })).processInstanceKey;
      expect(await sdk.broadcastSignal({ signalName: 'rest-verdict-announced' })).toMatchObject({ signalKey: expect.any(String) });
      await eventually(() => state(pi), 'COMPLETED');
      expect(await camunda.broadcastSignal({ signalName: '无人等待' })).toMatchObject({ tenantId: '<default>' });
    });
  });

  describe('decisions', () => {
    it('evaluates the triage decision by id, with the matched rule and inputs', async () => {
      const result = await evaluating.evaluateDecision({ decisionDefinitionId: 'case_triage', variables: { amount: 30_000, complexity: 'simple' } });
      expect(result).toEqual({
        decisionDefinitionId: 'case_triage',
        decisionDefinitionKey: decisionKey,
        decisionDefinitionName: '分案',
        decisionDefinitionVersion: 1,
        decisionRequirementsId: 'case-triage-drg',
        decisionRequirementsKey,
        output: '"速执团队"',
        failedDecisionDefinitionId: '',
        failureMessage: '',
        tenantId: '<default>',
        decisionEvaluationKey: expect.stringMatching(/^\d+$/),
        decisionInstanceKey: result.decisionEvaluationKey,
        evaluatedDecisions: [
          {
            decisionDefinitionId: 'case_triage',
            decisionDefinitionKey: decisionKey,
            decisionDefinitionName: '分案',
            decisionDefinitionVersion: 1,
            decisionDefinitionType: 'DECISION_TABLE',
            output: '"速执团队"',
            tenantId: '<default>',
            matchedRules: [{ ruleId: 'Rule_fast', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'Output_team', outputName: '承办团队', outputValue: '"速执团队"' }] }],
            evaluatedInputs: [
              { inputId: 'Input_amount', inputName: '标的额', inputValue: '30000' },
              { inputId: 'Input_complexity', inputName: '案件类型', inputValue: '"simple"' },
            ],
          },
        ],
      });
    });

    it('evaluates by key and with the SDK; a failed evaluation names the decision and why', async () => {
      const byKey = await evaluating.evaluateDecision({ decisionDefinitionKey: decisionKey, variables: { amount: 80_000, complexity: 'simple' } });
      expect(byKey.output).toBe('"执行团队"');
      const viaSdk = await sdk.evaluateDecision({ decisionDefinitionId: 'case_triage', variables: { amount: 1_000, complexity: 'complex' } } as never);
      expect(viaSdk).toMatchObject({ output: '"执行团队"', decisionDefinitionId: 'case_triage' });

      const failed = await fetch(`${server.httpUrl}/v2/decision-definitions/evaluation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decisionDefinitionId: 'case_triage', variables: { amount: 20_000_000, complexity: 'simple' } }),
      });
      expect(failed.status).toBe(200);
      expect(await failed.json()).toMatchObject({
        output: '',
        failedDecisionDefinitionId: 'case_triage',
        failureMessage: expect.stringMatching(/^Expected to evaluate decision 'case_triage', but multiple values aren't allowed for UNIQUE hit policy/),
      });
    });

    it('refuses an unknown decision, and a request naming none or both', async () => {
      expect(await failure(camunda.evaluateDecision({ decisionDefinitionId: 'no_such_decision' }))).toMatchObject({ status: 404, title: 'NOT_FOUND' });
      const evaluate = (body: unknown) =>
        fetch(`${server.httpUrl}/v2/decision-definitions/evaluation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const neither = await evaluate({ variables: {} });
      expect(neither.status).toBe(400);
      expect(await neither.json()).toMatchObject({ detail: 'At least one of [decisionDefinitionId, decisionDefinitionKey] is required.' });
      const both = await evaluate({ decisionDefinitionId: 'case_triage', decisionDefinitionKey: decisionKey });
      expect(both.status).toBe(400);
      expect(await both.json()).toMatchObject({ detail: 'Only one of [decisionDefinitionId, decisionDefinitionKey] is allowed.' });
    });
  });
});
