/**
 * The preservation workers on their own: ruling periods (48 hours or 5 days with the holiday
 * rule), security requirements and the SECURITY_INSUFFICIENT error, terms per measure type
 * (SPI 485) with renewal, and clear failures naming the variable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type WorkerJob } from '../../workers/core/define-worker.js';
import assess from '../../workers/preservation/assess-application.worker.js';
import checkSecurity from '../../workers/preservation/check-security.worker.js';
import register from '../../workers/preservation/register-measure.worker.js';
import release from '../../workers/preservation/release.worker.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preservation-workers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
// Wednesday 2026-09-30, 10:00 in Beijing: 国庆 (10-01…10-07) follows
const NOW = new Date('2026-09-30T02:00:00.000Z');
const ctx = createWorkerContext({ log: silentLog, now: () => NOW, config: { documentsDir: tmp, holidaysFile: path.join(tmp, 'holidays.json'), env: {} } });
const job = (type: string, variables: Record<string, unknown>, customHeaders: Record<string, string> = {}): WorkerJob<any, any> => ({
  key: '1', type, processInstanceKey: '2', bpmnProcessId: 'preservation', elementId: 'task', elementInstanceKey: '3',
  idempotencyKey: `3:${type}`, retries: 3, variables, customHeaders,
});
const CASE = { caseNumber: '（2026）豫1330执保9号', applicant: { name: '张三' }, respondents: [{ name: '李四' }], claimAmount: 100000 };

describe('preservation workers', () => {
  it('诉前 and urgent rulings are due in 48 hours; others in 5 days, moved past 国庆 by the holiday rule', async () => {
    expect(await runHandler(assess, job('x', { ...CASE, preservationKind: 'pre-suit' }), ctx)).toMatchObject({
      kind: 'complete', variables: { rulingDue: '2026-10-02T02:00:00.000Z', securityRequired: true, securityMinimum: 100000 },
    });
    expect(await runHandler(assess, job('x', { ...CASE, preservationKind: 'in-suit', urgent: true }), ctx)).toMatchObject({ variables: { rulingDue: '2026-10-02T02:00:00.000Z', securityRequired: false } });
    // 10-05 falls in the 国庆 holiday (10-01…10-07); the first working day after it is 10-08
    expect(await runHandler(assess, job('x', { ...CASE, preservationKind: 'in-suit' }), ctx)).toMatchObject({ variables: { rulingDue: '2026-10-08T02:00:00.000Z' } });
    expect(await runHandler(assess, job('x', { ...CASE, preservationKind: 'later' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 preservationKind 应为 pre-suit（诉前保全）、in-suit（诉讼保全）、pre-enforcement（执行前保全）之一，实际为 "later"'),
    });
    expect(await runHandler(assess, job('x', { ...CASE, preservationKind: 'in-suit', claimAmount: undefined }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('缺少流程变量 claimAmount：应为 申请保全的金额（元，大于 0）'),
    });
  });

  it('security: 诉前 needs the full claim, an ordered 诉讼 security 30%; short security is the BPMN error', async () => {
    expect(await runHandler(checkSecurity, job('x', { ...CASE, preservationKind: 'pre-suit', securityAmount: 99999.99 }), ctx)).toMatchObject({
      kind: 'error', code: 'SECURITY_INSUFFICIENT', variables: { securityShortfall: 0.01 },
    });
    expect(await runHandler(checkSecurity, job('x', { ...CASE, preservationKind: 'in-suit', requireSecurity: true, securityAmount: 30000 }), ctx)).toMatchObject({
      kind: 'complete', variables: { securityMinimum: 30000, securityShortfall: 0, executionDue: '2026-10-08T02:00:00.000Z' },
    });
    expect(await runHandler(checkSecurity, job('x', { ...CASE, preservationKind: 'pre-enforcement' }), ctx)).toMatchObject({ kind: 'complete', variables: { securityRequired: false } });
  });

  it('terms: deposit 1, movables 2, real estate 3 years; a renewal adds a term; the warning is 15 days before', async () => {
    const first = await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit', measureType: 'real-estate', measureTarget: '房产' }), ctx);
    expect(first).toMatchObject({ kind: 'complete', variables: { measureExpiresAt: '2029-09-30T02:00:00.000Z', renewalWarningAt: '2029-09-15T02:00:00.000Z', followUpDeadline: null } });
    const measure = (first as any).variables.measure;
    const renewed = await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit', measure }, { renewal: 'true' }), ctx);
    expect(renewed).toMatchObject({ kind: 'complete', variables: { measureExpiresAt: '2032-09-30T02:00:00.000Z', measure: { renewals: [{ previousExpiresAt: '2029-09-30T02:00:00.000Z' }] } } });
    expect(await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit', measureType: 'deposit', measureTarget: '存款', measureTermYears: { deposit: 2 } }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 measureTermYears.deposit 应为 1 至 1 年的整数（SPI 485），实际为 2'),
    });
    expect(await runHandler(register, job('x', { ...CASE, preservationKind: 'pre-enforcement', measureType: 'movables', measureTarget: '车辆' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('缺少流程变量 performanceDeadline：应为 履行期限届满日（ISO 日期），执行前保全需要据此计算申请执行的期限'),
    });
  });

  it('a release writes one 解除保全裁定书 per task; a lapse writes none', async () => {
    const variables = { ...CASE, caseId: 'p-9', measure: { target: '存款', status: 'in-force' } };
    const released = await runHandler(release, job('x', variables, { reason: '申请人申请解除' }), ctx);
    await runHandler(release, job('x', variables, { reason: '申请人申请解除' }), ctx);
    expect(released).toMatchObject({ kind: 'complete', variables: { measure: { status: 'released' }, releaseRulingDocument: { kind: '解除保全裁定书' } } });
    expect(ctx.documents.listByCase('p-9').map((d) => d.kind)).toEqual(['解除保全裁定书']);
    const lapsed = await runHandler(release, job('y', { ...variables, caseId: 'p-10' }, { reason: '期限届满', lapse: 'true' }), ctx);
    expect(lapsed).toMatchObject({ kind: 'complete', variables: { measure: { status: 'lapsed' } } });
    expect(ctx.documents.listByCase('p-10')).toEqual([]);
    expect(await runHandler(release, job('z', variables), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('元素 task 缺少任务头 reason（解除事由）') });
  });

  it('other bad input fails in Chinese naming the variable verbatim', async () => {
    expect(await runHandler(checkSecurity, job('x', { ...CASE, preservationKind: 'pre-suit', securityAmount: '十万' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 securityAmount 应为 已提供的担保金额（元，不小于 0），实际为 "十万"'),
    });
    expect(await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit', measureType: 'deposit' }), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 measureTarget（保全财产）') });
    expect(await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit', measureType: 'shares', measureTarget: '股权' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 measureType 应为 deposit（冻结银行存款）、movables（查封、扣押动产）、real-estate（查封不动产及其他财产权）之一，实际为 "shares"'),
    });
    expect(await runHandler(register, job('x', { ...CASE, preservationKind: 'in-suit' }, { renewal: 'true' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('缺少流程变量 measure.expiresAt（续行保全需要已登记的保全措施 measure 及其到期日）'),
    });
  });
});
