/**
 * CreateProcessInstanceWithResult: the answer comes when the instance completes, carrying its
 * final root variables (or the requested ones only); it times out with RequestTimeoutError, and
 * an instance that is canceled meanwhile answers with a PROCESSING_ERROR rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestTimeoutError } from '../../../engine/src/engine-api.js';
import { EngineHarness } from '../../support/engine-harness.js';
import { fixture } from './records.js';

describe('create process instance with result', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('job-lifecycle.bpmn'), fixture('start-end.bpmn'));
  });
  afterAll(() => h?.close());

  const withResult = (variables: Record<string, unknown>, options: { requestTimeoutMs?: number; fetchVariables?: string[] } = {}) =>
    h.engine.createProcessInstanceWithResult(
      { bpmnProcessId: 'job-lifecycle', variables },
      { requestTimeoutMs: options.requestTimeoutMs ?? 20_000, fetchVariables: options.fetchVariables },
    );

  /** the key of the instance most recently created */
  const latestInstance = async () => (await h.records({ valueType: 'PROCESS_INSTANCE_CREATION' })).filter((r) => r.intent === 'CREATED').at(-1)!.value.processInstanceKey as string;

  it('answers with the final variables once the instance completes', async () => {
    // given
    const result = withResult({ jobType: 'cwr-all', caseNo: '(2026)京0101执123号' });
    // when
    await h.completeJob('cwr-all', { verdict: '结案', amount: 1200 });
    // then
    const pi = await latestInstance();
    expect(await result).toEqual({
      ok: true,
      value: {
        processInstanceKey: pi,
        bpmnProcessId: 'job-lifecycle',
        version: 1,
        processDefinitionKey: expect.any(String),
        tenantId: '<default>',
        variables: { jobType: 'cwr-all', caseNo: '(2026)京0101执123号', verdict: '结案', amount: 1200 },
      },
    });
    expect(await h.instanceState(pi)).toBe('COMPLETED');
  });

  it('answers with the requested variables only', async () => {
    // given
    const result = withResult({ jobType: 'cwr-fetch', caseNo: 'x' }, { fetchVariables: ['verdict', 'missing'] });
    // when
    await h.completeJob('cwr-fetch', { verdict: '结案', amount: 1 });
    // then
    const answer = await result;
    expect(answer.ok && answer.value.variables).toEqual({ verdict: '结案' });
  });

  it('answers at once for an instance that completes while it is created', async () => {
    // when
    const answer = await h.engine.createProcessInstanceWithResult({ bpmnProcessId: 'start-end', variables: { a: 1 } }, { requestTimeoutMs: 20_000 });
    // then
    expect(answer).toMatchObject({ ok: true, value: { bpmnProcessId: 'start-end', variables: { a: 1 } } });
  });

  it('times out with RequestTimeoutError, leaving the instance running', async () => {
    // when
    const answer = withResult({ jobType: 'cwr-timeout' }, { requestTimeoutMs: 300 });
    // then
    await expect(answer).rejects.toBeInstanceOf(RequestTimeoutError);
    await expect(answer).rejects.toThrow('Expected to receive the result of the process instance within 300 ms, but it did not complete in time');
    const pi = await latestInstance();
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    await h.engine.cancelProcessInstance(pi);
  });

  it('answers with a PROCESSING_ERROR rejection when the instance is canceled', async () => {
    // given
    const answer = withResult({ jobType: 'cwr-cancel' });
    await expect.poll(() => h.activate('cwr-cancel').then((jobs) => jobs.length)).toBe(1);
    const pi = await latestInstance();
    // when
    await h.engine.cancelProcessInstance(pi);
    // then
    const result = await answer;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ intent: 'CREATE_WITH_AWAITING_RESULT', type: 'PROCESSING_ERROR' });
    expect(!result.ok && result.error.reason).toContain(pi);
  });

  it('rejects an unknown process id at once', async () => {
    // when
    const answer = await h.engine.createProcessInstanceWithResult({ bpmnProcessId: 'no-such-process' }, { requestTimeoutMs: 20_000 });
    // then
    expect(answer).toEqual({
      ok: false,
      error: { intent: 'CREATE', type: 'NOT_FOUND', reason: "Expected to find process definition with process ID 'no-such-process', but none found" },
    });
  });
});
