/**
 * The finality workers on their own: the five 终本 conditions with the 3-month rule, and the
 * post-终本 inquiry (new assets only, one count per check even when a job is delivered again).
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type WorkerJob } from '../../workers/core/define-worker.js';
import checkConditions, { addMonths } from '../../workers/finality/check-conditions.worker.js';
import inquire from '../../workers/finality/inquire.worker.js';

const ctxAt = (iso: string) => createWorkerContext({ log: silentLog, now: () => new Date(iso), config: { documentsDir: path.join(os.tmpdir(), 'unused-docs'), env: {} } });
const job = (variables: Record<string, unknown>, elementInstanceKey = '7'): WorkerJob<any, any> => ({
  key: '1', type: 't', processInstanceKey: '2', bpmnProcessId: 'finality-review', elementId: 'task', elementInstanceKey,
  idempotencyKey: `${elementInstanceKey}:t`, retries: 3, variables, customHeaders: {},
});
const ALL = { noticeAndReportOrderIssued: true, consumptionRestricted: true, assetSearchExhausted: true, debtorLocatedOrSanctioned: true, outstandingAmount: 10 };

describe('finality.check-conditions', () => {
  it('condition ④ is met only after 3 months since 立案 (month ends clamp)', async () => {
    const filed = { ...ALL, filedAt: '2025-11-30T02:00:00.000Z' };
    expect(addMonths(new Date('2025-11-30T02:00:00.000Z'), 3).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(await runHandler(checkConditions, job(filed), ctxAt('2026-02-28T02:00:00.000Z'))).toMatchObject({ variables: { conditionsMet: false } });
    expect(await runHandler(checkConditions, job(filed), ctxAt('2026-02-28T02:00:01.000Z'))).toMatchObject({ variables: { conditionsMet: true, unmetConditions: [] } });
  });

  it('lists every unmet condition; a fully paid case is not 终本; filedAt is required', async () => {
    const result = await runHandler(checkConditions, job({ filedAt: '2025-01-01T00:00:00Z', consumptionRestricted: true, outstandingAmount: 0 }), ctxAt('2026-03-01T00:00:00Z'));
    expect(result).toMatchObject({ variables: { conditionsMet: false } });
    expect((result as any).variables.unmetConditions).toEqual([
      '① 未发出执行通知、责令报告财产', '③ 财产调查措施尚未穷尽', '⑤ 未依法查找下落不明的被执行人或未处理妨害执行行为', '案件已全部执行到位，应以执行完毕方式结案',
    ]);
    expect(await runHandler(checkConditions, job(ALL), ctxAt('2026-03-01T00:00:00Z'))).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 filedAt 应为立案的 ISO 日期时间（核对条件④所需），实际为 （未设置）') });
  });
});

describe('finality.inquire', () => {
  const CASE = { caseNumber: '（2025）豫1330执1号', respondents: [{ name: '李四', idNumber: '411330198805051236' }] };

  it('counts assets not known at 终本, and a redelivered check once', async () => {
    const ctx = ctxAt('2026-09-01T00:00:00Z');
    // idNumber ending in 6: a vehicle (总对总) and real estate (点对点)
    const first = await runHandler(inquire, job(CASE), ctx);
    expect(first).toMatchObject({ kind: 'complete', variables: { checksDone: 1, emptyChecks: 0, lastCheck: { checkNumber: 1, propertyFound: true } } });
    const ids = (first as any).variables.lastCheck.assets.map((a: { id: string }) => a.id);
    expect(ids).toHaveLength(2);

    const known = await runHandler(inquire, job({ ...CASE, knownAssetIds: ids, checkHistory: (first as any).variables.checkHistory }, '8'), ctx);
    expect(known).toMatchObject({ variables: { checksDone: 2, emptyChecks: 1, lastCheck: { checkNumber: 2, propertyFound: false, assets: [] } } });
    const redelivered = await runHandler(inquire, job({ ...CASE, knownAssetIds: ids, checkHistory: (known as any).variables.checkHistory }, '8'), ctx);
    expect(redelivered).toMatchObject({ variables: { checksDone: 2, emptyChecks: 1 } });
  });

  it('a respondent without idNumber fails naming it', async () => {
    expect(await runHandler(inquire, job({ caseNumber: 'x', respondents: [{ name: '李四' }] }), ctxAt('2026-09-01T00:00:00Z'))).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 respondents[0] 缺少 name 或 idNumber'),
    });
  });
});
