/**
 * 网络查控 (processes/asset-control.bpmn) on the engine with the real workers and the simulators
 * (InquirySimulator chooses the path by the respondent's idNumber, BankSimulator freezes and
 * deducts), on the controlled clock from Monday 2026-03-02 09:00 (Beijing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankSimulator } from '../../workers/court-systems/bank/bank-adapter.js';
import { getBank } from '../../workers/court-systems/bank/bank-adapter.js';
import { runHandler } from '../../workers/core/define-worker.js';
import freezeWorker from '../../workers/assets/freeze.worker.js';
import { DAY, ProcessHarness } from '../support/process-harness.js';

const START = '2026-03-02T09:00:00+08:00';
let seq = 0;
/** a case whose respondent's idNumber ends with `digit` (see InquirySimulator) */
const caseWith = (digit: string, extra: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    caseId: `case-asset-${seq}`,
    caseNumber: `（2026）豫1330执${200 + seq}号`,
    caseOfficer: 'wangfg',
    applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230' },
    respondents: [{ name: '李四', kind: 'person', idNumber: `41133019850505${String(seq).padStart(3, '0')}${digit}` }],
    claimAmount: 86500,
    amountRecovered: 0,
    basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
    ...extra,
  };
};

describe('asset-control (网络查控)', { timeout: 90_000 }, () => {
  let h: ProcessHarness;
  beforeAll(async () => {
    h = await ProcessHarness.start({ startAt: START });
  }, 180_000);
  afterAll(() => h?.close());

  it('存款 found by 总对总: frozen up to the claim, 冻结裁定书 generated, 扣划 recovers it; nothing stays under measure', async () => {
    const vars = caseWith('3');
    const pi = await h.createInstance('asset-control', vars);

    const decide = await h.waitForTask(pi, 'decideDeduction');
    expect(decide).toMatchObject({ name: '决定扣划', candidateGroups: ['执行团队'] });
    const mid = await h.variables(pi);
    expect(mid.assets).toEqual([expect.objectContaining({ kind: 'deposit', system: '总对总', amount: 20000, institution: '中国农业银行桐柏县支行' })]);
    expect(mid.frozenAmount).toBe(20000);
    expect(mid.freezes[0]).toMatchObject({ kind: 'freeze', amount: 20000, termYears: 1, state: 'active', expiresAt: '2027-03-02T01:00:00.000Z' });

    await h.completeTask(pi, 'decideDeduction', { deductionDecision: 'deduct' });
    await h.waitForCompletion(pi);

    const out = await h.variables(pi);
    expect(out).toMatchObject({ amountRecovered: 20000, deductedAmount: 20000, assetsFound: true, measures: [] });
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['inquireNational', 'inquireProvincial', 'freezeDeposits', 'freezeRuling', 'deductDeposits', 'deductionRuling']));
    expect(await h.visited(pi)).not.toContain('sealUp');
    const rulings = h.documents.listByCase(vars.caseId).filter((d) => d.kind === '执行裁定书');
    expect(rulings).toHaveLength(2);
  });

  it('two accounts: only the amount outstanding is frozen; 继续冻结 keeps it as a measure; a bank objection is answered within 15 days', async () => {
    const vars = caseWith('4', { amountRecovered: 6500 });
    const pi = await h.createInstance('asset-control', vars);
    await h.waitForTask(pi, 'decideDeduction');
    const mid = await h.variables(pi);
    // 150,000 and 60,000 found; 80,000 outstanding, all from the first account
    expect(mid.assets.map((a: any) => a.amount)).toEqual([150000, 60000]);
    expect(mid.freezes.map((f: any) => f.amount)).toEqual([80000]);

    await h.publishMessage('bank-objection', vars.caseNumber, { bankObjection: '账户为社保资金专户' });
    const answer = await h.waitForTask(pi, 'answerBankObjection');
    expect(answer).toMatchObject({ name: '答复银行异议', candidateGroups: ['查控组'] });
    // 15 days from 2026-03-02 end on Tuesday 03-17
    expect(new Date(answer.dueDate!).toISOString()).toBe('2026-03-17T01:00:00.000Z');
    await h.completeTask(pi, 'answerBankObjection', { objectionOutcome: 'rejected', objectionReply: '非社保专户，维持冻结' });

    await h.completeTask(pi, 'decideDeduction', { deductionDecision: 'keep', keepReason: '案外人提出异议，暂缓扣划' });
    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.amountRecovered).toBe(6500);
    expect(out.measures).toEqual([expect.objectContaining({ kind: 'freeze', amount: 80000, state: 'active' })]);
    expect(await h.visited(pi)).toEqual(expect.arrayContaining(['bankObjectionReceived', 'answerBankObjection', 'objectionAnswered']));
    expect(await h.visited(pi)).not.toContain('deductDeposits');
  });

  it('a redelivered freeze job makes no second freeze at the bank', async () => {
    const bank = getBank(h.workers!.context) as BankSimulator;
    const before = bank.freezes.size;
    const job = {
      key: '1', type: 'assets.freeze', processInstanceKey: '2', bpmnProcessId: 'asset-control', elementId: 'freezeDeposits', elementInstanceKey: '77', idempotencyKey: '77:assets.freeze', retries: 3,
      variables: { ...caseWith('3'), assets: [{ id: 'd', kind: 'deposit', reference: `622848${'41133019850505' .slice(-0)}`, idNumber: '' }] },
      customHeaders: {},
    };
    const respondent = caseWith('3').respondents[0]!;
    job.variables.assets = [{ id: 'd', kind: 'deposit', reference: `622848${respondent.idNumber.slice(-6)}`, idNumber: respondent.idNumber } as any];
    const first = await runHandler(freezeWorker, job, h.workers!.context);
    const second = await runHandler(freezeWorker, job, h.workers!.context);
    expect(first).toMatchObject({ kind: 'complete' });
    expect(second).toEqual(first);
    expect(bank.freezes.size).toBe(before + 1);
  });

  it('real estate by 点对点: 查封, terms of 3 years recorded, the property is disposable', async () => {
    const vars = caseWith('7');
    const pi = await h.createInstance('asset-control', vars);
    const seal = await h.waitForTask(pi, 'sealUp');
    expect(seal.candidateGroups).toEqual(['查控组']);
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: '桐不动查字2026第18号' });
    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.disposableAssets).toEqual([expect.objectContaining({ kind: 'real-estate', institution: '桐柏县不动产登记中心' })]);
    expect(out.measures).toEqual([expect.objectContaining({ kind: 'seal', assetKind: 'real-estate', termYears: 3, expiresAt: '2029-03-02T01:00:00.000Z' })]);
    expect(out.assetsFound).toBe(true);
    expect(await h.visited(pi)).not.toContain('freezeDeposits');
    const [ruling] = h.documents.listByCase(vars.caseId);
    expect(ruling).toMatchObject({ kind: '执行裁定书' });
  });

  it('deposits and real estate (inclusive gateway): both paths run and join', async () => {
    const pi = await h.createInstance('asset-control', caseWith('8'));
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-1' });
    await h.completeTask(pi, 'decideDeduction', { deductionDecision: 'deduct' });
    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.amountRecovered).toBe(30000);
    expect(out.measures.map((m: any) => m.kind)).toEqual(['seal']);
    expect((await h.visited(pi)).filter((e) => e === 'joinResults')).toHaveLength(1);
  });

  it('nothing found and no leads: 传统查控 by the case’s team (速执团队 here), assetsFound false; a case without 承办人 works', async () => {
    const { caseOfficer: _none, ...withoutOfficer } = caseWith('1', { team: '速执团队' });
    const pi = await h.createInstance('asset-control', withoutOfficer);
    const search = await h.waitForTask(pi, 'traditionalSearch');
    expect(search).toMatchObject({ name: '传统查控', candidateGroups: ['速执团队'] });
    expect(search.assignee).toBeUndefined();
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['site-visit'], traditionalResult: 'none', traditionalFindings: '实地走访未发现财产' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ assets: [], assetsFound: false, measures: [] });
  });

  it('applicant leads: verified within 7 days, the 超期预警 fires when late, a confirmed lead is sealed', async () => {
    const vars = caseWith('0', { leads: [{ description: '被执行人在桐柏县埠江镇有商铺一间' }] });
    const pi = await h.createInstance('asset-control', vars);
    const verify = await h.waitForTask(pi, 'verifyLeads');
    // 7 days from the pinned clock (advanced by earlier tests only through work, not the clock)
    const due = new Date(verify.dueDate!).getTime();
    expect(due - h.now()).toBeGreaterThanOrEqual(7 * DAY - 60_000);
    expect((await h.variables(pi)).leadVerificationDue).toBe(new Date(due).toISOString());

    await h.advanceClock(due - h.now() + 1000);
    await h.until('lead overdue warning', 10_000, async () => (await h.visited(pi)).includes('leadOverdueWarned'));
    expect((await h.variables(pi)).lastAlert).toMatchObject({ stage: '财产线索核查', level: 'overdue' });

    await h.completeTask(pi, 'verifyLeads', { leadOutcome: 'confirmed', leadAssetKind: 'real-estate', leadAssetDescription: '埠江镇商铺', leadAssetValue: 120000, leadFindings: '经核实属实' });
    await h.completeTask(pi, 'sealUp', { sealConfirmed: true, registryReceipt: 'R-2' });
    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.assets).toEqual([expect.objectContaining({ id: 'lead:1', kind: 'real-estate', system: '申请人线索', description: '埠江镇商铺', amount: 120000 })]);
    expect(out.measures).toEqual([expect.objectContaining({ kind: 'seal', assetId: 'lead:1' })]);
  });

  it('urgent leads are due in 3 days; an unfounded lead leaves the result as the inquiry found it', async () => {
    const pi = await h.createInstance('asset-control', caseWith('1', { leads: [{ description: '线索' }], leadsUrgent: true }));
    const verify = await h.waitForTask(pi, 'verifyLeads');
    const days = (new Date(verify.dueDate!).getTime() - h.now()) / DAY;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(6); // 3 days, moved to a working day at most over a weekend
    await h.completeTask(pi, 'verifyLeads', { leadOutcome: 'unfounded', leadFindings: '查无此房' });
    await h.completeTask(pi, 'traditionalSearch', { traditionalMeasures: ['interview'], traditionalResult: 'none', traditionalFindings: '无' });
    await h.waitForCompletion(pi);
    expect(await h.variables(pi)).toMatchObject({ assetsFound: false });
  });

  it('期限监控: warned before expiry, renewed for a new term, then lapses when not renewed again; another is released', async () => {
    const now = h.now();
    const seal = {
      id: 'seal:real-estate:1', kind: 'seal', assetId: 'real-estate:1', assetKind: 'real-estate', description: '淮源大道1号房产', institution: '桐柏县不动产登记中心',
      reference: 'X', holderIdNumber: '1', startedAt: new Date(now).toISOString(), expiresAt: new Date(now + 20 * DAY).toISOString(), termYears: 3, renewals: 0, state: 'active',
    };
    const vehicle = { ...seal, id: 'seal:vehicle:2', assetId: 'vehicle:2', assetKind: 'vehicle', description: '豫R·61234', termYears: 2, expiresAt: new Date(now + 30 * DAY).toISOString() };
    const pi = await h.createInstance('asset-control', { caseNumber: '（2026）豫1330执299号', controlMode: 'watch', measures: [seal, vehicle] });

    // the warning is 15 days before expiry: day 5 for the house, day 15 for the car
    await h.advanceClock(5 * DAY - 1000);
    expect(await h.openTasks(pi, 'decideRenewal')).toEqual([]);
    await h.advanceClock(2000);
    const house = await h.waitForTask(pi, 'decideRenewal');
    expect(house).toMatchObject({ name: '决定续行', candidateGroups: ['查控组'], dueDate: expect.any(String) });
    expect(new Date(house.dueDate!).toISOString()).toBe(seal.expiresAt);
    await h.rest('POST', `/v2/user-tasks/${house.userTaskKey}/completion`, { variables: { renewalDecision: 'renew', renewalReason: '拍卖未完成' } });

    // renewed for 3 years from its expiry: the next warning is 3 years minus 15 days later
    await h.advanceClock(10 * DAY);
    const car = await h.waitForTask(pi, 'decideRenewal');
    expect(new Date(car.dueDate!).toISOString()).toBe(vehicle.expiresAt);
    await h.rest('POST', `/v2/user-tasks/${car.userTaskKey}/completion`, { variables: { renewalDecision: 'release', renewalReason: '已履行' } });

    await h.advanceClock(3 * 365 * DAY);
    const again = await h.waitForTask(pi, 'decideRenewal');
    expect(again.processInstanceKey).toBe(pi);
    // nobody decides: the measure lapses at its expiry
    await h.advanceClock(16 * DAY);
    await h.waitForCompletion(pi);
    const out = await h.variables(pi);
    expect(out.watchedMeasures.map((m: any) => [m.id, m.state, m.renewals])).toEqual([
      ['seal:real-estate:1', 'lapsed', 1],
      ['seal:vehicle:2', 'released', 0],
    ]);
    const visited = await h.visited(pi);
    expect(visited.filter((e) => e === 'renewalWarning')).toHaveLength(3);
    expect(visited).toEqual(expect.arrayContaining(['renewMeasure', 'releaseMeasure', 'measureExpired', 'lapseAlert', 'measureLapsed', 'measureReleased']));
  });
});
