import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../support/engine-harness.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('service task', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.deploy(fixture('one-task.bpmn'));
  });
  afterAll(() => h?.close());

  it('creates a job on activation and completes the task with the job', async () => {
    // given
    const pi = await h.createInstance('one-task', { a: 1 });
    // when
    const job = await h.completeJob('work', { b: 2 });
    // then
    expect(job.variables).toEqual({ a: 1 });
    expect(await h.elementEvents(pi)).toEqual([
      'ELEMENT_ACTIVATING one-task',
      'ELEMENT_ACTIVATED one-task',
      'ELEMENT_ACTIVATING start',
      'ELEMENT_ACTIVATED start',
      'ELEMENT_COMPLETING start',
      'ELEMENT_COMPLETED start',
      'SEQUENCE_FLOW_TAKEN f1',
      'ELEMENT_ACTIVATING task',
      'ELEMENT_ACTIVATED task',
      'ELEMENT_COMPLETING task',
      'ELEMENT_COMPLETED task',
      'SEQUENCE_FLOW_TAKEN f2',
      'ELEMENT_ACTIVATING end',
      'ELEMENT_ACTIVATED end',
      'ELEMENT_COMPLETING end',
      'ELEMENT_COMPLETED end',
      'ELEMENT_COMPLETING one-task',
      'ELEMENT_COMPLETED one-task',
    ]);
    expect(await h.variables(pi)).toEqual({ a: 1, b: 2 });
  });

  it('rejects completing a job twice with NOT_FOUND', async () => {
    await h.createInstance('one-task');
    const [job] = await h.activate('work');
    expect((await h.engine.completeJob(job!.key)).ok).toBe(true);
    const again = await h.engine.completeJob(job!.key);
    expect(again).toEqual({
      ok: false,
      error: { intent: 'COMPLETE', type: 'NOT_FOUND', reason: `Expected to complete job with key '${job!.key}', but no such job was found` },
    });
  });
});
