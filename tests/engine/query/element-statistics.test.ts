/**
 * Element statistics kept on write (state/element-statistics.ts) against the same figures
 * recomputed from the element-instance history, after a varied scenario: loops (an element run
 * twice in one instance), an embedded sub-process, a multi-instance task, an incident resolved
 * and one left open, a cancellation, a modification that terminates a task and runs an earlier
 * one again, and times spread over hours and days so that the duration histograms fill hour,
 * day, 8-day and 32-day buckets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverWindow, elementDurationStatistics, exactElementDurationStatistics } from '../../../engine/src/query/duration.queries.js';
import { exactDefinitionElementStatistics, processDefinitionElementStatistics } from '../../../engine/src/query/statistics.queries.js';
import { bucketStart, durationBin } from '../../../engine/src/state/element-statistics.js';
import { migrate } from '../../../engine/src/state/migrate.js';
import { EngineHarness } from '../../support/engine-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2031-01-30T22:17:00.000Z');

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="stats" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="stats.work" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>fAgain</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:exclusiveGateway id="again" default="f3"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fAgain</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:subProcess id="sub"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:startEvent id="subStart"><bpmn:outgoing>s1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:serviceTask id="inner"><bpmn:extensionElements><zeebe:taskDefinition type="stats.inner" /></bpmn:extensionElements>
        <bpmn:incoming>s1</bpmn:incoming><bpmn:outgoing>s2</bpmn:outgoing></bpmn:serviceTask>
      <bpmn:endEvent id="subEnd"><bpmn:incoming>s2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="inner" />
      <bpmn:sequenceFlow id="s2" sourceRef="inner" targetRef="subEnd" />
    </bpmn:subProcess>
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="查控组" /></bpmn:extensionElements>
      <bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
    <bpmn:serviceTask id="each"><bpmn:extensionElements><zeebe:taskDefinition type="stats.each" /></bpmn:extensionElements>
      <bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2, 3]" inputElement="item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="again" />
    <bpmn:sequenceFlow id="fAgain" sourceRef="again" targetRef="work"><bpmn:conditionExpression>=again = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="again" targetRef="sub" />
    <bpmn:sequenceFlow id="f4" sourceRef="sub" targetRef="review" />
    <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="each" />
    <bpmn:sequenceFlow id="f6" sourceRef="each" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('element statistics kept on write', () => {
  let h: EngineHarness;
  let definitionKey: string;

  const db = () => h.engine.db;
  const later = (ms: number) => h.advanceClock(ms);
  const jobs = (pi: string, type: string) =>
    db().query<{ key: string }>(`SELECT key::text FROM engine.job WHERE process_instance_key = $1 AND type = $2 AND state = 'ACTIVATABLE' ORDER BY key`, [pi, type]);
  const complete = async (pi: string, type: string, variables: Record<string, unknown> = {}) => {
    const [job] = await jobs(pi, type);
    if (!job) throw new Error(`no job ${type} in ${pi}`);
    const result = await h.engine.completeJob(job.key, variables);
    if (!result.ok) throw new Error(result.error.reason);
  };
  const userTask = async (pi: string) =>
    (await db().query<{ key: string }>(`SELECT key::text FROM engine.user_task WHERE process_instance_key = $1 AND state = 'CREATED'`, [pi]))[0]!.key;
  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { reason: string } }) => {
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  };
  /** through work (twice), sub and review, to the multi-instance task */
  const toEach = async (pi: string, step: number) => {
    await later(step);
    await complete(pi, 'stats.work', { again: true });
    await later(step * 3);
    await complete(pi, 'stats.work', { again: false });
    await later(step / 2);
    await complete(pi, 'stats.inner');
    await later(step * 7);
    ok(await h.engine.completeUserTask(await userTask(pi)));
  };

  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(T0);
    definitionKey = (await h.deploy({ name: 'stats.bpmn', xml: MODEL })).processes[0]!.processDefinitionKey;

    // finished instances, started a few hours apart, steps minutes to hours long
    for (let i = 0; i < 4; i++) {
      const pi = await h.createInstance('stats', { again: false });
      await toEach(pi, (i + 1) * 17 * 60_000);
      for (let n = 0; n < 3; n++) {
        await later(HOUR * (n + 1) + i * 1_000);
        await complete(pi, 'stats.each');
      }
      await later(5 * HOUR);
    }
    // waiting in the multi-instance task, one of three done
    const partial = await h.createInstance('stats');
    await toEach(partial, 40 * 60_000);
    await complete(partial, 'stats.each');
    // canceled while at review
    const canceled = await h.createInstance('stats');
    await later(DAY);
    await complete(canceled, 'stats.work', { again: false });
    await complete(canceled, 'stats.inner');
    await later(2 * DAY + 5);
    ok(await h.engine.cancelProcessInstance(canceled));
    // an incident at work, resolved, then work completes
    const resolved = await h.createInstance('stats');
    await later(3 * HOUR);
    const [failing] = await jobs(resolved, 'stats.work');
    ok(await h.engine.failJob({ jobKey: failing!.key, retries: 0, errorMessage: 'down' }));
    const [incident] = await h.incidents(resolved);
    await later(HOUR);
    ok(await h.engine.updateJobRetries(failing!.key, 1));
    ok(await h.engine.resolveIncident(incident.key));
    await complete(resolved, 'stats.work', { again: false });
    // an incident left open in the sub-process
    const stuck = await h.createInstance('stats');
    await complete(stuck, 'stats.work', { again: false });
    const [inner] = await jobs(stuck, 'stats.inner');
    ok(await h.engine.failJob({ jobKey: inner!.key, retries: 0, errorMessage: 'down' }));
    // modified: review terminated, work run again (completed before, active again)
    const modified = await h.createInstance('stats');
    await later(11 * DAY);
    await complete(modified, 'stats.work', { again: false });
    await complete(modified, 'stats.inner');
    const [review] = await db().query<{ key: string }>(`SELECT key::text FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = 'review'`, [modified]);
    ok(await h.engine.modifyProcessInstance({ processInstanceKey: modified, activateInstructions: [{ elementId: 'work' }], terminateInstructions: [{ elementInstanceKey: review!.key }] }));
    // just started
    await h.createInstance('stats');
  }, 300_000);

  afterAll(() => h?.close());

  const FILTERS: unknown[] = [
    undefined,
    {},
    { state: 'ACTIVE' },
    { state: 'COMPLETED' },
    { state: 'TERMINATED' },
    { state: { $eq: 'ACTIVE' } },
    { state: { $in: ['COMPLETED', 'TERMINATED'] } },
    { state: { $neq: 'COMPLETED' } },
    { state: { $notIn: ['ACTIVE'] } },
  ];

  it('answers per-definition statistics from the counters exactly as from the history', async () => {
    for (const filter of FILTERS) {
      const kept = await processDefinitionElementStatistics(db(), definitionKey, filter);
      expect(kept, JSON.stringify(filter)).toEqual(await exactDefinitionElementStatistics(db(), definitionKey, filter));
    }
    // the scenario's shape: work ran twice in instances that are counted once; the modified instance has work active and completed
    const all = await processDefinitionElementStatistics(db(), definitionKey);
    expect(all.find((s) => s.elementId === 'work')).toEqual({ elementId: 'work', active: 2, incidents: 0, completed: 9, canceled: 0 });
    expect(all.find((s) => s.elementId === 'inner')).toEqual({ elementId: 'inner', active: 1, incidents: 1, completed: 7, canceled: 0 });
    expect(all.find((s) => s.elementId === 'review')).toEqual({ elementId: 'review', active: 0, incidents: 0, completed: 5, canceled: 2 });
    expect(all.find((s) => s.elementId === 'each')).toEqual({ elementId: 'each', active: 1, incidents: 0, completed: 5, canceled: 0 });
  });

  it('keeps the counters and histograms equal to a recount from the history', async () => {
    const snapshot = async () => ({
      counts: await db().query(
        `SELECT process_definition_key::text, element_id, process_instance_state, active::int, incidents::int, completed::int, canceled::int
           FROM engine.element_statistics WHERE active + incidents + completed + canceled > 0 ORDER BY 1, 2, 3`,
      ),
      buckets: await db().query(
        `SELECT process_definition_key::text, span::text, bucket_start::text, element_id, bin, element_type, count::int, sum_ms::text
           FROM engine.element_duration_bucket WHERE count > 0 ORDER BY 1, 2, 3, 4, 5`,
      ),
    });
    const kept = await snapshot();
    expect(kept.buckets.length).toBeGreaterThan(50);
    await db().query('SELECT engine.rebuild_element_statistics()');
    expect(await snapshot()).toEqual(kept);
  });

  it('bins durations in the engine as engine.duration_bin does in the database', async () => {
    const values = [0, 1, 15, 31, 32, 33, 47, 48, 63, 64, 65, 1000, 4095, 4096, 4097, 86_399_999, 86_400_000, 2 ** 40 - 1, 2 ** 40, 2 ** 52 + 12345];
    for (let i = 0; i < 200; i++) values.push(Math.floor(Math.exp(Math.random() * 30)));
    const [row] = await db().query<{ bins: number[] }>(`SELECT array_agg(engine.duration_bin(d) ORDER BY o) AS bins FROM unnest($1::int8[]) WITH ORDINALITY AS t(d, o)`, [values]);
    expect(row!.bins).toEqual(values.map(durationBin));
    // monotonic, and a bin never wider than 1/16 of its values
    const sorted = [...values].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(durationBin(sorted[i]!)).toBeGreaterThanOrEqual(durationBin(sorted[i - 1]!));
    for (const v of [40, 1000, 99_999]) {
      let top = v;
      while (durationBin(top + 1) === durationBin(v)) top++;
      let bottom = v;
      while (durationBin(bottom - 1) === durationBin(v)) bottom--;
      expect(top - bottom + 1).toBeLessThanOrEqual(Math.ceil(bottom / 16));
    }
  });

  it('covers a window with aligned buckets and exact edges, without gaps or overlaps', () => {
    for (const [from, to] of [
      [T0, T0 + 200 * DAY],
      [T0 + 1, T0 + 2],
      [bucketStart(T0, DAY), bucketStart(T0, DAY) + 3 * DAY],
      [T0 - 40 * DAY + 123, T0 + 17 * HOUR],
    ] as const) {
      const cover = coverWindow(from, to);
      const pieces = [...cover.buckets.map((b) => [b.start, b.end] as const), ...cover.exact].sort((a, b) => a[0] - b[0]);
      expect(pieces[0]![0]).toBe(from);
      expect(pieces.at(-1)![1]).toBe(to);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i]![0]).toBe(pieces[i - 1]![1]);
      for (const b of cover.buckets) expect([b.start % b.span, b.end % b.span]).toEqual([0, 0]);
    }
  });

  it('answers duration statistics from the histograms: counts and means exact, the 90th percentile within a bin', async () => {
    const windows = [
      [T0 - DAY, T0 + 60 * DAY],
      [T0 + 3 * HOUR + 1234, T0 + 2 * DAY + 7 * HOUR],
      [bucketStart(T0, DAY) + DAY, bucketStart(T0, DAY) + 3 * DAY],
      [T0 + 20 * HOUR, T0 + 20 * HOUR + 1],
    ] as const;
    for (const [from, to] of windows) {
      for (const which of [{ processDefinitionKey: definitionKey }, { bpmnProcessId: 'stats' }]) {
        const window = { ...which, from, to };
        const kept = await elementDurationStatistics(db(), window, { exactLimit: 0 });
        const exact = await exactElementDurationStatistics(db(), window);
        expect(kept.map(({ p90Ms: _, ...s }) => s)).toEqual(exact.map(({ p90Ms: _, ...s }) => s));
        kept.forEach((s, i) => expect(Math.abs(s.p90Ms - exact[i]!.p90Ms), `${s.elementId} ${from}…${to}`).toBeLessThanOrEqual(exact[i]!.p90Ms / 16 + 0.001));
        // few completions: the exact answer itself
        expect(await elementDurationStatistics(db(), window)).toEqual(exact);
      }
    }
    const all = await elementDurationStatistics(db(), { processDefinitionKey: definitionKey, from: T0 - DAY, to: T0 + 60 * DAY }, { exactLimit: 0 });
    expect(all.find((s) => s.elementId === 'work')).toMatchObject({ elementType: 'SERVICE_TASK', count: 14 });
    // instant elements fall in exact bins: their percentile is exact too
    expect(all.find((s) => s.elementId === 'start')).toMatchObject({ count: 10, meanMs: 0, p90Ms: 0 });
  });

  it('backfills the counters when migrations 0010 and 0011 run on a database that has history', async () => {
    const before = await processDefinitionElementStatistics(db(), definitionKey);
    const durations = await elementDurationStatistics(db(), { processDefinitionKey: definitionKey, from: T0 - DAY, to: T0 + 60 * DAY }, { exactLimit: 0 });
    await db().query('DROP TABLE engine.element_statistics');
    await db().query('DROP TABLE engine.element_duration_bucket');
    await db().query('DROP FUNCTION engine.rebuild_element_statistics()');
    await db().query('DROP FUNCTION engine.duration_bin(bigint)');
    await db().query(`DELETE FROM engine.__migrations WHERE tag LIKE '0010%' OR tag LIKE '0011%'`);
    expect((await migrate(h.engine.db)).filter((tag) => /^001[01]_/.test(tag))).toHaveLength(2);
    expect(await processDefinitionElementStatistics(db(), definitionKey)).toEqual(before);
    expect(await elementDurationStatistics(db(), { processDefinitionKey: definitionKey, from: T0 - DAY, to: T0 + 60 * DAY }, { exactLimit: 0 })).toEqual(durations);
  });
});
