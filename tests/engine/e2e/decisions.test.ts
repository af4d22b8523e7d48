/**
 * The Camunda 8 SDK deploying a process, a DMN and a form in one deployment, evaluating the
 * court's triage decision (分案: 标的额 ≤ 50000 and simple → 速执团队) through EvaluateDecision,
 * and running a process that decides, computes a fee by script and waits in 立案审查.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngineServer, type TestEngineServer } from '../../support/engine-server.js';
import { eventually, sdkClient } from '../../support/clients.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('decisions, forms and user tasks through the SDK', () => {
  let server: TestEngineServer;
  let zeebe: ReturnType<typeof sdkClient>;

  beforeAll(async () => {
    server = await startTestEngineServer();
    zeebe = sdkClient(server.grpcAddress);
  });

  afterAll(async () => {
    await zeebe?.close();
    await server?.close();
  });

  it('deploys a process, a DMN and a form together and lists each as Zeebe does', async () => {
    const deployment = await zeebe.deployResources([
      { processFilename: fixture('court-intake.bpmn') },
      { decisionFilename: fixture('case-triage.dmn') },
      { formFilename: fixture('case-review.form') },
    ]);

    expect(deployment.tenantId).toBe('<default>');
    expect(deployment.deployments).toEqual([
      expect.objectContaining({ process: expect.objectContaining({ bpmnProcessId: 'court-intake', version: 1 }) }),
      expect.objectContaining({
        decision: {
          dmnDecisionId: 'case_triage',
          dmnDecisionName: '分案',
          version: 1,
          decisionKey: expect.stringMatching(/^\d+$/),
          dmnDecisionRequirementsId: 'case-triage-drg',
          decisionRequirementsKey: expect.stringMatching(/^\d+$/),
          tenantId: '<default>',
        },
      }),
      expect.objectContaining({
        decisionRequirements: {
          dmnDecisionRequirementsId: 'case-triage-drg',
          dmnDecisionRequirementsName: '分案规则',
          version: 1,
          decisionRequirementsKey: expect.stringMatching(/^\d+$/),
          resourceName: fixture('case-triage.dmn'),
          tenantId: '<default>',
        },
      }),
      expect.objectContaining({
        form: { formId: 'case-review', version: 1, formKey: expect.stringMatching(/^\d+$/), resourceName: fixture('case-review.form'), tenantId: '<default>' },
      }),
    ]);
  });

  it('evaluates the triage decision with EvaluateDecision', async () => {
    const result = await zeebe.evaluateDecision({ decisionId: 'case_triage', variables: { amount: 30000, complexity: 'simple' } });

    expect(result).toMatchObject({
      decisionId: 'case_triage',
      decisionName: '分案',
      decisionVersion: 1,
      decisionRequirementsId: 'case-triage-drg',
      decisionOutput: '"速执团队"',
      failedDecisionId: '',
      failureMessage: '',
      tenantId: '<default>',
      decisionInstanceKey: expect.stringMatching(/^\d+$/),
      evaluatedDecisions: [
        {
          decisionId: 'case_triage',
          decisionName: '分案',
          decisionVersion: 1,
          decisionType: 'DECISION_TABLE',
          decisionOutput: '"速执团队"',
          evaluatedInputs: [
            { inputId: 'Input_amount', inputName: '标的额', inputValue: '30000' },
            { inputId: 'Input_complexity', inputName: '案件类型', inputValue: '"simple"' },
          ],
          matchedRules: [
            { ruleId: 'Rule_fast', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'Output_team', outputName: '承办团队', outputValue: '"速执团队"' }] },
          ],
          tenantId: '<default>',
        },
      ],
    });
    const byKey = await zeebe.evaluateDecision({ decisionKey: result.decisionKey, variables: { amount: 80000, complexity: 'simple' } });
    expect(byKey.decisionOutput).toBe('"执行团队"');
  });

  it('answers a failing evaluation with the failed decision, and an unknown decision with NOT_FOUND', async () => {
    const failed = await zeebe.evaluateDecision({ decisionId: 'case_triage', variables: { amount: 20_000_000, complexity: 'simple' } });
    expect(failed).toMatchObject({ decisionOutput: '', failedDecisionId: 'case_triage', failureMessage: expect.stringContaining('UNIQUE hit policy') });

    const error = await zeebe.evaluateDecision({ decisionId: 'asset_freeze', variables: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 5,
      details: "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision 'asset_freeze', but no decision found for id 'asset_freeze'",
    });
  });

  it('runs the intake: decides the team, computes the fee and waits in 立案审查 until it is completed', async () => {
    const created = await zeebe.createProcessInstance({ bpmnProcessId: 'court-intake', variables: { amount: 45000, complexity: 'simple' } });
    const pi = created.processInstanceKey;

    const task = await eventually(
      async () => (await server.engine.db.query<any>(`SELECT * FROM engine.user_task WHERE process_instance_key = $1`, [pi]))[0],
      10_000,
      'the user task',
    );
    expect(task).toMatchObject({ state: 'CREATED', name: '立案审查', candidate_groups: ['内勤'] });

    const completed = await server.engine.completeUserTask(task.key, { approved: true });
    expect(completed.ok).toBe(true);
    const variables = Object.fromEntries(
      (await server.engine.db.query<{ name: string; value: string }>(`SELECT name, value FROM engine.variable WHERE scope_key = $1`, [pi])).map((v) => [
        v.name,
        JSON.parse(v.value),
      ]),
    );
    expect(variables).toEqual({ amount: 45000, complexity: 'simple', team: '速执团队', fee: 450, approved: true });
    const [instance] = await server.engine.db.query<{ state: string }>(`SELECT state FROM engine.element_instance WHERE key = $1`, [pi]);
    expect(instance!.state).toBe('COMPLETED');
  });
});
