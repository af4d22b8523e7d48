/**
 * The court's process models (`processes/`) as the engine deploys them at start-up, checked by
 * Camunda's linter for 8.8, and the intake process (立案 / 初次接待 / 繁简分流, DOMAIN.md §1)
 * driven through each of its paths on the controlled clock with the real workers (statutory
 * deadlines from the holiday calendar, the one-click documents, the overdue warnings).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { DAY, ProcessHarness } from '../support/process-harness.js';

const PROCESSES = path.resolve('processes');
const FORMS = path.join(PROCESSES, 'forms');

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
    const broken = fs.readFileSync(path.join(PROCESSES, 'intake.bpmn'), 'utf8').replace('<zeebe:taskDefinition type="documents.generate" retries="3" />', '');
    expect(await lint(broken)).toEqual([
      'error camunda-compat/implementation generateDocuments: Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
    ]);
  });
});

describe('intake (立案 / 初次接待 / 繁简分流)', { timeout: 90_000 }, () => {
  let h: ProcessHarness;
  // Monday 2026-03-02 09:00 in Beijing
  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: '2026-03-02T09:00:00+08:00' });
  }, 180_000);
  afterAll(() => h?.close());

  let seq = 0;
  const newCase = (claimAmount: number, complexity: 'simple' | 'complex', extra: Record<string, unknown> = {}) => {
    seq += 1;
    return {
      caseId: `intake-case-${seq}`,
      caseNumber: `（2026）豫1330执${100 + seq}号`,
      applicant: { name: '张三', kind: 'person', idNumber: '411330199001011234' },
      respondents: [{ name: '李四', kind: 'person', idNumber: '411330198505051233' }],
      claimAmount,
      complexity,
      basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
      ...extra,
    };
  };
  const reception = { preservation: 'none', riskNotified: true };
  /** 初次接待 and 立案审查 with the given conclusion */
  const fileCase = async (variables: Record<string, unknown>, filingDecision: 'accept' | 'reject') => {
    const pi = await h.createInstance('intake', variables);
    await h.completeTask(pi, 'reception', reception);
    await h.completeTask(pi, 'filingReview', { filingDecision, ...(filingDecision === 'reject' ? { rejectionReason: '执行依据尚未生效' } : {}) });
    return pi;
  };
  const iso = (date: string | undefined) => new Date(date!).toISOString();

  it('deploys every process, decision and form in processes/ in one deployment', () => {
    expect(h.deployment.processes.map((p) => p.bpmnProcessId).sort()).toEqual(bpmnFiles.map((f) => path.basename(f, '.bpmn')).sort());
    expect(h.deployment.forms.map((f) => f.formId).sort()).toEqual(filesIn(FORMS, '.form').map((f) => path.basename(f, '.form')).sort());
    expect(h.deployment.forms.map((f) => f.formId)).toEqual(expect.arrayContaining(['intake-assign-officer', 'intake-fast-track-screening', 'intake-filing-review', 'intake-reception']));
  });

  it('不予受理: 初次接待 by 内勤, 立案审查 by 立案庭 due 7 days after the application, then ends without documents', async () => {
    const vars = newCase(30000, 'simple');
    const pi = await h.createInstance('intake', vars);
    const receptionTask = await h.waitForTask(pi, 'reception');
    const formKey = (id: string) => h.deployment.forms.find((f) => f.formId === id)!.formKey;
    expect(receptionTask).toMatchObject({ name: '初次接待', candidateGroups: ['内勤'], formKey: formKey('intake-reception') });
    await h.completeTask(pi, 'reception', reception);

    const review = await h.waitForTask(pi, 'filingReview');
    expect(review).toMatchObject({ name: '立案审查', candidateGroups: ['立案庭'], formKey: formKey('intake-filing-review') });
    // Monday 03-02 + 7 days = Monday 03-09, a working day
    expect(iso(review.dueDate)).toBe('2026-03-09T01:00:00.000Z');
    expect((await h.variables(pi)).filingReviewDue).toBe('2026-03-09T01:00:00.000Z');

    await h.completeTask(pi, 'filingReview', { filingDecision: 'reject', rejectionReason: '执行依据尚未生效' });
    await h.waitForCompletion(pi);
    expect(await h.visited(pi)).toEqual(['applicationReceived', 'computeFilingDue', 'reception', 'filingReview', 'filingDecision', 'notAccepted']);
    expect(h.documents.listByCase(vars.caseId)).toEqual([]);
  });

  it('受理, 标的额 30000 and simple: the four documents are generated, triage sends the case to 速执团队, which keeps it', async () => {
    const vars = newCase(30000, 'simple');
    const pi = await fileCase(vars, 'accept');

    const assign = await h.waitForTask(pi, 'assignOfficer');
    expect(assign).toMatchObject({ name: '指定承办人', candidateGroups: ['速执团队'] });
    expect(iso(assign.dueDate)).toBe((await h.variables(pi)).assignmentDue);
    const documents = h.documents.listByCase(vars.caseId);
    expect(documents.map((d) => d.kind).sort()).toEqual(['受理通知书', '执行通知书', '报告财产令', '提供被执行人财产状况通知书'].sort());
    expect(documents.every((d) => d.caseNumber === vars.caseNumber)).toBe(true);
    const decision = await h.rest('POST', '/v2/decision-instances/search', { filter: { processInstanceKey: pi } }).catch(() => undefined);
    if (decision?.items?.length) expect(decision.items[0]).toMatchObject({ decisionDefinitionId: 'triage' });

    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'wangfg' });
    const screening = await h.waitForTask(pi, 'fastTrackScreening');
    expect(screening).toMatchObject({ name: '速执甄别', candidateGroups: ['速执团队'] });
    expect(new Date(screening.dueDate!).getTime() - new Date(screening.creationDate).getTime()).toBeLessThan(10 * DAY + 60_000);
    await h.completeTask(pi, 'fastTrackScreening', { fastTrackOutcome: 'keep' });

    await h.waitForCompletion(pi);
    expect(await h.visited(pi)).toContain('fastTrackAssigned');
    expect(await h.variables(pi)).toMatchObject({ team: '速执团队', caseOfficer: 'wangfg', documentsGenerated: true });
  });

  it('受理, 标的额 80000: triage sends the case to 执行团队, whose 承办人 is assigned without screening', async () => {
    const pi = await fileCase(newCase(80000, 'simple'), 'accept');
    expect(await h.waitForTask(pi, 'assignOfficer')).toMatchObject({ candidateGroups: ['执行团队'] });
    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'zhaofg' });
    await h.waitForCompletion(pi);
    const visited = await h.visited(pi);
    expect(visited).toContain('ordinaryAssigned');
    expect(visited).not.toContain('fastTrackScreening');
    expect(await h.variables(pi)).toMatchObject({ team: '执行团队' });
  });

  it('triage: 5万元以下 includes 50000, complex cases go to 执行团队, and the limit is a variable', async () => {
    const triage = async (variables: Record<string, unknown>) => {
      const result = await h.server.engine.evaluateDecision({ decisionId: 'triage', variables });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value.decisionOutput;
    };
    expect(await triage({ claimAmount: 50000, complexity: 'simple', fastTrackLimit: 50000 })).toBe('速执团队');
    expect(await triage({ claimAmount: 50000.01, complexity: 'simple', fastTrackLimit: 50000 })).toBe('执行团队');
    expect(await triage({ claimAmount: 30000, complexity: 'complex', fastTrackLimit: 50000 })).toBe('执行团队');

    // the process supplies the default limit unless the case carries its own
    const small = await fileCase(newCase(30000, 'complex'), 'accept');
    const raised = await fileCase(newCase(80000, 'simple', { fastTrackLimit: 100000 }), 'accept');
    expect(await h.waitForTask(small, 'assignOfficer')).toMatchObject({ candidateGroups: ['执行团队'] });
    expect(await h.waitForTask(raised, 'assignOfficer')).toMatchObject({ candidateGroups: ['速执团队'] });
    for (const pi of [small, raised]) await h.cancel(pi);
  });

  it('re-triage: 速执团队 returns the case, it is re-assigned to 执行团队', async () => {
    const pi = await fileCase(newCase(30000, 'simple'), 'accept');
    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'wangfg' });
    await h.completeTask(pi, 'fastTrackScreening', { fastTrackOutcome: 'return', returnReason: '被执行人下落不明，需传统查控' });

    expect(await h.waitForTask(pi, 'assignOfficer')).toMatchObject({ candidateGroups: ['执行团队'] });
    expect(await h.variables(pi)).toMatchObject({ team: '执行团队' });
    await h.completeTask(pi, 'assignOfficer', { caseOfficer: 'zhaofg' });
    await h.waitForCompletion(pi);
    expect(await h.visited(pi)).toEqual([
      'applicationReceived', 'computeFilingDue', 'reception', 'filingReview', 'filingDecision', 'computeAssignmentDue', 'generateDocuments', 'triage', 'assignMerge',
      'assignOfficer', 'teamGateway', 'fastTrackScreening', 'screeningResult', 'retriage', 'assignMerge',
      'assignOfficer', 'teamGateway', 'ordinaryAssigned',
    ]);
    expect(await h.variables(pi)).toMatchObject({ caseOfficer: 'zhaofg', fastTrackOutcome: 'return' });
  });

  it('a review period from the case shortens the deadline and its warning', async () => {
    const pi = await h.createInstance('intake', newCase(30000, 'simple', { filingReviewDays: 3 }));
    await h.completeTask(pi, 'reception', reception);
    const review = await h.waitForTask(pi, 'filingReview');
    expect(new Date(review.dueDate!).getTime() - h.now()).toBeLessThanOrEqual(5 * DAY); // 3 days, at most moved over a weekend
    await h.cancel(pi);
  });

  it('立案审查 not done in time: the 超期预警 fires once at the due date and the review stays open', async () => {
    const vars = newCase(30000, 'simple');
    const pi = await h.createInstance('intake', vars);
    await h.completeTask(pi, 'reception', reception);
    const review = await h.waitForTask(pi, 'filingReview');
    const due = new Date(review.dueDate!).getTime();

    await h.advanceClock(due - h.now() - 1000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.visited(pi)).not.toContain('raiseOverdueWarning');

    await h.advanceClock(2000);
    await h.until('the overdue warning', 20_000, async () => (await h.visited(pi)).includes('overdueWarningSent'));
    expect((await h.variables(pi)).alerts).toEqual([expect.objectContaining({ stage: '立案审查', notify: '指挥中心', level: 'overdue', caseNumber: vars.caseNumber })]);
    expect((await h.waitForTask(pi, 'filingReview')).userTaskKey).toBe(review.userTaskKey);

    await h.advanceClock(7 * DAY);
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.visited(pi)).filter((e) => e === 'raiseOverdueWarning')).toHaveLength(1);
    await h.completeTask(pi, 'filingReview', { filingDecision: 'accept' });
    expect(await h.waitForTask(pi, 'assignOfficer')).toMatchObject({ candidateGroups: ['速执团队'] });
    await h.cancel(pi);
  });

  it('指定承办人 not done in 7 days: the 超期预警 for 分案 fires', async () => {
    const pi = await fileCase(newCase(30000, 'simple'), 'accept');
    const assign = await h.waitForTask(pi, 'assignOfficer');
    await h.advanceClock(new Date(assign.dueDate!).getTime() - h.now() + 1000);
    await h.until('the assignment warning', 20_000, async () => (await h.visited(pi)).includes('assignmentWarned'));
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '指定承办人' });
    await h.cancel(pi);
  });

  it('over 国庆 2026: an application of 09-24 must be reviewed by 10-08, the first working day after the holiday', async () => {
    await h.advanceClock(new Date('2026-09-24T09:00:00+08:00').getTime() - h.now());
    const pi = await h.createInstance('intake', newCase(30000, 'simple'));
    await h.completeTask(pi, 'reception', reception);
    const review = await h.waitForTask(pi, 'filingReview');
    expect(iso(review.dueDate)).toBe('2026-10-08T01:00:00.000Z');
    await h.cancel(pi);
  });
});
