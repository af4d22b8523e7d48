/**
 * 恢复执行 (restoration.bpmn) on the engine with the real workers and the case-registry simulator,
 * on the controlled clock: an application reviewed (refused, or restored after the review's
 * warning), restoration ex officio, the registry's refusal caught as a BPMN error and the number
 * registered by hand, and the new 执恢 case handed to asset control.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../common/calendar.js';
import { CaseRegistrySimulator, getCaseRegistry } from '../../workers/court-systems/case-registry/index.js';
import { ProcessHarness } from '../support/process-harness.js';

let h: ProcessHarness;
let registry: CaseRegistrySimulator;
beforeAll(async () => {
  h = await ProcessHarness.start({ startAt: '2026-06-01T09:00:00+08:00', deploy: ['restoration.bpmn', 'asset-control.bpmn'] });
  registry = getCaseRegistry(h.workers!.context) as CaseRegistrySimulator;
}, 180_000);
afterAll(() => h?.close());

let seq = 400;
const newCase = (extra: Record<string, unknown> = {}) => {
  seq++;
  return {
    caseId: `restoration-case-${seq}`,
    caseNumber: `（2024）豫1330执${seq}号`,
    courtCode: '豫1330',
    applicant: { name: '张三', kind: 'person' },
    respondents: [{ name: '李四', kind: 'person', idNumber: '411330198805051231' }],
    claimAmount: 100000,
    amountRecovered: 30000,
    ...extra,
  };
};
const noIncidents = async (pi: string) => {
  const incidents = await h.incidents(pi);
  if (incidents.length) throw new Error(`incidents: ${incidents.map((i) => `${i.elementId}: ${i.errorMessage}`).join('; ')}`);
};
/** waits until the restoration called asset control and returns the called instance */
const assetControlOf = async (pi: string) => {
  const [child] = await h.until(`asset-control called by ${pi}`, 30_000, async () => {
    await noIncidents(pi);
    const called = await h.calledInstances(pi, 'asset-control');
    return called.length ? called : undefined;
  });
  return child!;
};
const documentText = async (caseId: string, kind: string) => {
  const doc = h.documents.listByCase(caseId).find((d) => d.kind === kind);
  expect(doc, `${kind} of ${caseId}`).toBeDefined();
  return (await JSZip.loadAsync(h.documents.read(doc!.id)!.content)).file('word/document.xml')!.async('string');
};
const review = (restorationDecision: 'restore' | 'refuse', extra: Record<string, unknown> = {}) => ({
  restorationGround: 'settlement-not-performed',
  settlementStatus: 'breached',
  settlementPaid: 0,
  withinApplicationPeriod: true,
  restorationDecision,
  reviewOpinion: restorationDecision === 'restore' ? '被执行人未履行和解协议，符合恢复执行条件' : '和解协议已履行完毕',
  ...extra,
});

describe('restoration (恢复执行)', { timeout: 120_000 }, () => {
  it('an application refused (settlement fully performed, ST 11): ruled not to restore, no case number', async () => {
    const c = newCase();
    const before = registry.lastSequence('豫1330', 2026, '执恢');
    const pi = await h.createInstance('restoration', { ...c, restorationTrigger: 'application' });
    const task = await h.waitForTask(pi, 'reviewApplication');
    expect(task.candidateGroups).toEqual(['立案庭']);
    expect(new Date(task.dueDate!).toISOString()).toBe(createCalendar({ holidaysFile: h.holidaysFile }).addCalendarDays(h.now(), 7).toISOString());
    await h.completeTask(pi, 'reviewApplication', review('refuse', { settlementStatus: 'fully-performed' }));
    await h.waitForCompletion(pi);

    expect(await h.variables(pi)).toMatchObject({ restorationOutcome: 'refused' });
    expect((await h.variables(pi)).restoredCaseNumber).toBeUndefined();
    expect(registry.lastSequence('豫1330', 2026, '执恢')).toBe(before);
  });

  it('an application restored after the review period warned: new 执恢 number, notice, and asset control on the outstanding amount (settlement paid deducted, ST 17)', async () => {
    const c = newCase();
    const pi = await h.createInstance('restoration', { ...c, restorationTrigger: 'application' });
    const task = await h.waitForTask(pi, 'reviewApplication');

    await h.advanceClock(Date.parse(task.dueDate!) - h.now());
    await h.until('review warning', 30_000, async () => (await h.visited(pi)).includes('reviewOverdueWarning'));
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '审查恢复执行申请', notify: '立案庭' });

    await h.completeTask(pi, 'reviewApplication', review('restore', { settlementPaid: 10000 }));
    const child = await assetControlOf(pi);
    const vars = await h.variables(pi);
    const sequence = registry.lastSequence('豫1330', 2026, '执恢');
    expect(vars).toMatchObject({ restoredCaseNumber: `（2026）豫1330执恢${sequence}号`, originalCaseNumber: c.caseNumber, outstandingAmount: 60000 });
    expect(vars.caseNumber).toBe(c.caseNumber);
    expect(await h.variables(child)).toMatchObject({ caseNumber: vars.restoredCaseNumber, caseType: '执恢', claimAmount: 60000, originalCaseNumber: c.caseNumber });

    const notice = await documentText(c.caseId, '恢复执行通知书');
    expect(notice).toContain(vars.restoredCaseNumber);
    expect(notice).toContain('申请执行人申请恢复执行');
    expect(notice).toContain('李四');
    await h.cancel(pi);
  });

  it('ex officio (中止 ended): no review; two restorations in a year get consecutive 执恢 numbers', async () => {
    const first = await h.createInstance('restoration', { ...newCase(), restorationTrigger: 'stay-ended' });
    await assetControlOf(first);
    const second = await h.createInstance('restoration', { ...newCase(), restorationTrigger: 'property-found' });
    await assetControlOf(second);

    const a = (await h.variables(first)).restoredCaseNumber as string;
    const b = (await h.variables(second)).restoredCaseNumber as string;
    const number = (s: string) => Number(/执恢(\d+)号/.exec(s)![1]);
    expect(number(b)).toBe(number(a) + 1);
    expect(await h.visited(first)).not.toContain('reviewApplication');
    for (const pi of [first, second]) await h.cancel(pi);
  });

  it('the registry refuses another court\'s case (CASE_REGISTRY_REJECTED): 立案庭 registers the number by hand', async () => {
    const c = newCase({ courtCode: '豫1331', caseNumber: '（2024）豫1331执9号' });
    const pi = await h.createInstance('restoration', { ...c, restorationTrigger: 'stay-ended' });
    const manual = await h.waitForTask(pi, 'registerManually');
    expect(manual.candidateGroups).toEqual(['立案庭']);
    expect((await h.variables(pi)).caseRegistryRejection).toContain('不能为 豫1331 分配案号');

    await h.completeTask(pi, 'registerManually', { restoredCaseNumber: '（2026）豫1331执恢3号' });
    const child = await assetControlOf(pi);
    expect(await h.variables(child)).toMatchObject({ caseNumber: '（2026）豫1331执恢3号', caseType: '执恢' });
    expect((await h.elementInstances(pi)).map((e) => e.elementId)).toContain('registryRejected');
    await h.cancel(pi);
  });
});
