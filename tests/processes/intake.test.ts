/**
 * The court's process models (`processes/`) as the engine deploys them at start-up, checked by
 * Camunda's linter for 8.8, and the intake process (立案 / 初次接待 / 繁简分流, DOMAIN.md §1)
 * driven through each of its paths on the controlled clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { EngineHarness } from '../support/engine-harness.js';

const PROCESSES = path.resolve('processes');
const FORMS = path.join(PROCESSES, 'forms');
const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

const filesIn = (dir: string, ext: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
const bpmnFiles = filesIn(PROCESSES, '.bpmn');
const allResources = [...bpmnFiles, ...filesIn(PROCESSES, '.dmn'), ...filesIn(FORMS, '.form')];

describe('processes/', () => {
  it('holds one model per process id, named after it', () => {
    for (const file of bpmnFiles) {
      const ids = [...fs.readFileSync(file, 'utf8').matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids, file).toEqual([path.basename(file, '.bpmn')]);
    }
    for (const file of filesIn(FORMS, '.form')) expect(JSON.parse(fs.readFileSync(file, 'utf8')).id, file).toBe(path.basename(file, '.form'));
  });

  it('refers only to forms that exist in processes/forms', () => {
    const formIds = new Set(filesIn(FORMS, '.form').map((f) => path.basename(f, '.form')));
    for (const file of bpmnFiles) {
      for (const [, formId] of fs.readFileSync(file, 'utf8').matchAll(/formId="([^"]+)"/g)) expect(formIds, `${file}: ${formId}`).toContain(formId);
    }
  });

  /** errors and warnings of Camunda's modeler checks for 8.8, as `category rule id: message` */
  const lint = async (xml: string) => {
    const { rootElement, warnings } = await new BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(xml);
    expect(warnings).toEqual([]);
    const linter = new Linter({ config: { extends: ['plugin:camunda-compat/camunda-cloud-8-8'] }, resolver: new NodeResolver() });
    return Object.entries(await linter.lint(rootElement)).flatMap(([rule, found]) =>
      found.filter((r) => r.category !== 'info').map((r) => `${r.category} ${rule} ${r.id}: ${r.message}`),
    );
  };

  it.each(bpmnFiles.map((f) => [path.basename(f), f]))('%s passes bpmnlint with camunda-compat for Camunda 8.8', async (_name, file) => {
    expect(await lint(fs.readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('the lint check sees zeebe extensions (a service task without its job type fails)', async () => {
    const broken = fs.readFileSync(path.join(PROCESSES, 'intake.bpmn'), 'utf8').replace('<zeebe:taskDefinition type="documents.generate" />', '');
    expect(await lint(broken)).toEqual([
      'error camunda-compat/implementation generateDocuments: Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
    ]);
  });
});

describe('intake (立案 / 初次接待 / 繁简分流)', () => {
  let h: EngineHarness;
  let formKeys: Record<string, string>;
  beforeAll(async () => {
    h = await EngineHarness.start({ clockControlled: true });
    h.engine.clock.pin(Date.now());
  });
  afterAll(() => h?.close());

  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }) => {
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };
  /** the open user task of an element, as engine.user_task holds it */
  const openTask = async (pi: string, elementId: string) => {
    const rows = await h.engine.db.query<any>(
      `SELECT * FROM engine.user_task WHERE process_instance_key = $1 AND element_id = $2 AND state = 'CREATED' ORDER BY key`,
      [pi, elementId],
    );
    expect(rows, `open tasks of ${elementId}`).toHaveLength(1);
    return rows[0];
  };
  const complete = async (pi: string, elementId: string, variables: Record<string, unknown> = {}) => {
    const task = await openTask(pi, elementId);
    ok(await h.engine.completeUserTask(task.key, variables));
    return task;
  };
  /** activates the jobs of a type and returns this instance's one */
  const jobOf = async (pi: string, type: string) => {
    const jobs = (await h.activate(type, 100)).filter((j) => j.processInstanceKey === pi);
    expect(jobs, `${type} jobs of ${pi}`).toHaveLength(1);
    return jobs[0]!;
  };
  const application = (amount: number, complexity: 'simple' | 'complex') => ({
    caseNumber: '(2026)豫1330执123号',
    applicant: '张三',
    debtor: '李四',
    amount,
    complexity,
    preservation: 'none',
    riskNotified: true,
  });
  /** 初次接待 and 立案审查 with the given conclusion */
  const fileCase = async (variables: Record<string, unknown>, filingDecision: 'accept' | 'reject') => {
    const pi = await h.createInstance('intake');
    await complete(pi, 'reception', variables);
    await complete(pi, 'filingReview', { filingDecision });
    return pi;
  };
  /** 受理 → 一键生成文书 → 繁简分流: returns the instance waiting at 指定承办人 */
  const acceptAndTriage = async (variables: Record<string, unknown>) => {
    const pi = await fileCase(variables, 'accept');
    ok(await h.engine.completeJob((await jobOf(pi, 'documents.generate')).key, { documentsGenerated: true }));
    return pi;
  };
  const expectRoughlyDaysAfter = (due: string, created: string, days: number) =>
    // FEEL now() may read the wall clock rather than the pinned one; both are within a minute here
    expect(Math.abs(Number(due) - (Number(created) + days * DAY))).toBeLessThan(MINUTE);

  it('deploys every process, decision and form in processes/ in one deployment', async () => {
    const deployment = await h.deploy(...allResources);

    expect(deployment.processes.map((p) => p.bpmnProcessId)).toEqual(bpmnFiles.map((f) => path.basename(f, '.bpmn')));
    expect(deployment.decisions.map((d) => [d.decisionId, d.decisionName])).toContainEqual(['triage', '繁简分流']);
    expect(deployment.forms.map((f) => f.formId).sort()).toEqual(
      ['intake-assign-officer', 'intake-fast-track-screening', 'intake-filing-review', 'intake-reception'],
    );
    formKeys = Object.fromEntries(deployment.forms.map((f) => [f.formId, f.formKey]));
  });

  it('不予受理: 初次接待 by 内勤, 立案审查 by 立案庭 due in 7 days, then ends without documents', async () => {
    const pi = await h.createInstance('intake');
    const reception = await openTask(pi, 'reception');
    expect(reception).toMatchObject({ name: '初次接待', candidate_groups: ['内勤'], form_key: formKeys['intake-reception'] });
    await complete(pi, 'reception', application(30000, 'simple'));

    const review = await openTask(pi, 'filingReview');
    expect(review).toMatchObject({ name: '立案审查', candidate_groups: ['立案庭'], form_key: formKeys['intake-filing-review'] });
    expectRoughlyDaysAfter(review.due_date, review.creation_date, 7);
    const [timer] = await h.engine.db.query<any>(`SELECT target_element_id, state, due_date FROM engine.timer WHERE process_instance_key = $1`, [pi]);
    expect(timer).toMatchObject({ target_element_id: 'filingReviewOverdue', state: 'ACTIVE', due_date: String(h.engine.clock.now() + 7 * DAY) });

    await complete(pi, 'filingReview', { filingDecision: 'reject', rejectionReason: '执行依据尚未生效' });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events).toContain('ELEMENT_COMPLETED notAccepted');
    expect(events.filter((e) => e.startsWith('ELEMENT_ACTIVATING')).map((e) => e.split(' ')[1])).toEqual([
      'intake', 'applicationReceived', 'reception', 'filingReview', 'filingDecision', 'notAccepted',
    ]);
    expect(await h.records({ processInstanceKey: pi, valueType: 'JOB' })).toEqual([]);
    const timers = await h.engine.db.query<any>(`SELECT state FROM engine.timer WHERE process_instance_key = $1 AND state = 'ACTIVE'`, [pi]);
    expect(timers).toEqual([]);
  });

  it('受理, 标的额 30000 and simple: documents are generated, triage sends the case to 速执团队, which keeps it', async () => {
    const pi = await fileCase(application(30000, 'simple'), 'accept');

    const documents = await jobOf(pi, 'documents.generate');
    expect(documents.elementId).toBe('generateDocuments');
    expect(documents.customHeaders.documents!.split(',')).toEqual(['受理通知书', '提供被执行人财产状况通知书', '执行通知书', '报告财产令']);
    expect(documents.variables).toMatchObject({ caseNumber: '(2026)豫1330执123号', filingDecision: 'accept' });
    ok(await h.engine.completeJob(documents.key, { documentsGenerated: true }));

    expect(await h.variables(pi)).toMatchObject({ team: '速执团队' });
    const [evaluation] = await h.records({ processInstanceKey: pi, valueType: 'DECISION_EVALUATION' });
    expect(evaluation!.value).toMatchObject({ decisionId: 'triage', elementId: 'triage', decisionOutput: '"速执团队"' });
    expect(evaluation!.value.evaluatedDecisions[0].matchedRules.map((r: any) => r.ruleId)).toEqual(['Rule_fastTrack']);

    const assign = await openTask(pi, 'assignOfficer');
    expect(assign).toMatchObject({ name: '指定承办人', candidate_groups: ['速执团队'], form_key: formKeys['intake-assign-officer'] });
    expectRoughlyDaysAfter(assign.due_date, assign.creation_date, 7);
    await complete(pi, 'assignOfficer', { officer: '王法官' });

    const screening = await openTask(pi, 'fastTrackScreening');
    expect(screening).toMatchObject({ name: '速执甄别', candidate_groups: ['速执团队'], form_key: formKeys['intake-fast-track-screening'] });
    expectRoughlyDaysAfter(screening.due_date, screening.creation_date, 10);
    await complete(pi, 'fastTrackScreening', { fastTrackOutcome: 'keep' });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    expect(await h.elementEvents(pi)).toContain('ELEMENT_COMPLETED fastTrackAssigned');
    expect(await h.variables(pi)).toMatchObject({ team: '速执团队', officer: '王法官', documentsGenerated: true });
  });

  it('受理, 标的额 80000: triage sends the case to 执行团队, whose 承办人 is assigned without screening', async () => {
    const pi = await acceptAndTriage(application(80000, 'simple'));

    expect(await h.variables(pi)).toMatchObject({ team: '执行团队' });
    expect(await openTask(pi, 'assignOfficer')).toMatchObject({ candidate_groups: ['执行团队'] });
    await complete(pi, 'assignOfficer', { officer: '赵法官' });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const events = await h.elementEvents(pi);
    expect(events).toContain('ELEMENT_COMPLETED ordinaryAssigned');
    expect(events.some((e) => e.endsWith('fastTrackScreening'))).toBe(false);
  });

  it('triage: 5万元以下 includes 50000, complex cases go to 执行团队, and the limit is a variable', async () => {
    const triage = async (variables: Record<string, unknown>) => ok(await h.engine.evaluateDecision({ decisionId: 'triage', variables })).decisionOutput;
    expect(await triage({ amount: 50000, complexity: 'simple', fastTrackLimit: 50000 })).toBe('速执团队');
    expect(await triage({ amount: 50000.01, complexity: 'simple', fastTrackLimit: 50000 })).toBe('执行团队');
    expect(await triage({ amount: 30000, complexity: 'complex', fastTrackLimit: 50000 })).toBe('执行团队');

    // the process supplies the default limit unless the case carries its own
    const small = await acceptAndTriage(application(30000, 'complex'));
    expect(await h.variables(small)).toMatchObject({ team: '执行团队' });
    const raised = await acceptAndTriage({ ...application(80000, 'simple'), fastTrackLimit: 100000 });
    expect(await h.variables(raised)).toMatchObject({ team: '速执团队' });
    for (const pi of [small, raised]) ok(await h.engine.cancelProcessInstance(pi));
  });

  it('re-triage: 速执团队 returns the case, it is re-assigned to 执行团队', async () => {
    const pi = await acceptAndTriage(application(30000, 'simple'));
    await complete(pi, 'assignOfficer', { officer: '王法官' });
    await complete(pi, 'fastTrackScreening', { fastTrackOutcome: 'return', returnReason: '被执行人下落不明，需传统查控' });

    expect(await h.variables(pi)).toMatchObject({ team: '执行团队' });
    expect(await openTask(pi, 'assignOfficer')).toMatchObject({ candidate_groups: ['执行团队'] });
    await complete(pi, 'assignOfficer', { officer: '赵法官' });

    expect(await h.instanceState(pi)).toBe('COMPLETED');
    const path = (await h.elementEvents(pi)).filter((e) => e.startsWith('ELEMENT_COMPLETED')).map((e) => e.split(' ')[1]);
    expect(path).toEqual([
      'applicationReceived', 'reception', 'filingReview', 'filingDecision', 'generateDocuments', 'triage', 'assignMerge',
      'assignOfficer', 'teamGateway', 'fastTrackScreening', 'screeningResult', 'retriage', 'assignMerge',
      'assignOfficer', 'teamGateway', 'ordinaryAssigned', 'intake',
    ]);
    expect(await h.variables(pi)).toMatchObject({ officer: '赵法官', fastTrackOutcome: 'return' });
  });

  it('a review period from the case shortens the warning', async () => {
    const pi = await h.createInstance('intake', { filingReviewPeriod: 'P3D' });
    await complete(pi, 'reception', application(30000, 'simple'));
    const review = await openTask(pi, 'filingReview');
    expectRoughlyDaysAfter(review.due_date, review.creation_date, 3);

    await h.advanceClock(3 * DAY);
    ok(await h.engine.completeJob((await jobOf(pi, 'alerts.overdue')).key));
    ok(await h.engine.cancelProcessInstance(pi));
  });

  it('立案审查 not done in 7 days: the 超期预警 fires once and the review stays open', async () => {
    const pi = await h.createInstance('intake');
    await complete(pi, 'reception', application(30000, 'simple'));
    const review = await openTask(pi, 'filingReview');

    await h.advanceClock(7 * DAY - 1);
    expect((await h.activate('alerts.overdue', 100)).filter((j) => j.processInstanceKey === pi)).toEqual([]);

    await h.advanceClock(1);
    const alert = await jobOf(pi, 'alerts.overdue');
    expect(alert).toMatchObject({ elementId: 'raiseOverdueWarning', customHeaders: { stage: '立案审查', notify: '指挥中心' } });
    ok(await h.engine.completeJob(alert.key));
    expect(await h.elementEvents(pi)).toContain('ELEMENT_COMPLETED overdueWarningSent');
    expect((await openTask(pi, 'filingReview')).key).toBe(review.key);

    await h.advanceClock(7 * DAY);
    expect((await h.activate('alerts.overdue', 100)).filter((j) => j.processInstanceKey === pi)).toEqual([]);

    await complete(pi, 'filingReview', { filingDecision: 'accept' });
    expect(await h.instanceState(pi)).toBe('ACTIVATED');
    ok(await h.engine.completeJob((await jobOf(pi, 'documents.generate')).key));
    expect(await openTask(pi, 'assignOfficer')).toMatchObject({ candidate_groups: ['速执团队'] });
  });
});
