/**
 * The credit workers and the publication adapters on their own: eligibility rules (SX 2–4),
 * idempotent publication, deletion and correction (a redelivered job writes nothing twice),
 * the XG 1 refusal to lift a 失信 debtor's restriction, and the HTTP client's mapping of refusals.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type WorkerJob } from '../../workers/core/define-worker.js';
import {
  CreditPublicationHttpClient,
  CreditPublicationRejection,
  CreditPublicationSimulator,
  getCreditPublication,
} from '../../workers/court-systems/credit/index.js';
import checkEligibility, { ageFromIdNumber } from '../../workers/credit/check-eligibility.worker.js';
import deleteWorker from '../../workers/credit/delete.worker.js';
import correctWorker from '../../workers/credit/correct.worker.js';
import liftWorker from '../../workers/credit/lift.worker.js';
import publishWorker from '../../workers/credit/publish.worker.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'credit-workers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const NOW = new Date('2026-04-01T02:00:00.000Z');
const context = () => createWorkerContext({ log: silentLog, now: () => NOW, config: { documentsDir: tmp, holidaysFile: path.join(tmp, 'h.json'), env: {} } });
const job = (type: string, variables: Record<string, unknown>, customHeaders: Record<string, string> = {}, elementInstanceKey = '100'): WorkerJob<any, any> => ({
  key: `${elementInstanceKey}1`, type, processInstanceKey: '1', bpmnProcessId: 'credit-sanctions', elementId: 'task', elementInstanceKey,
  idempotencyKey: `${elementInstanceKey}:${type}`, retries: 3, variables, customHeaders,
});
const CASE = {
  caseNumber: '（2026）豫1330执700号',
  courtCode: '豫1330',
  respondents: [{ name: '李四', kind: 'person', idNumber: '411330199001011234' }, { name: '桐柏县某公司', kind: 'organization', idNumber: '91411330MA00000000' }],
};

describe('credit.check-eligibility', () => {
  const run = (variables: Record<string, unknown>) => runHandler(checkEligibility, job('credit.check-eligibility', { ...CASE, ...variables }), context());

  it('grounds 2–6 carry a 2-year term by default, ground 1 none; 限制消费 alone is always allowed', async () => {
    expect(await run({ sanctionType: 'blacklist', sanctionGround: '4' })).toMatchObject({
      kind: 'complete', variables: { listingAllowed: true, listingTermYears: 2, dishonestyReason: '违反财产报告制度', dishonestyYears: 2 },
    });
    expect(await run({ sanctionType: 'blacklist', sanctionGround: '1' })).toMatchObject({ kind: 'complete', variables: { listingTermYears: null } });
    expect(await run({ sanctionType: 'restriction', securityAdequate: true })).toMatchObject({ kind: 'complete', variables: { listingAllowed: true } });
  });

  it('refuses listing with security, sufficient seized assets or a minor (read from the 身份证号)', async () => {
    const result = await run({ sanctionType: 'blacklist', sanctionGround: '2', seizedAssetsSufficient: true, respondents: [{ name: '王小', idNumber: '41133020100401123X' }] });
    expect(result).toMatchObject({ kind: 'complete', variables: { listingAllowed: false, exclusionReasons: ['已查封、扣押、冻结的财产足以清偿（SX 3）', '被执行人王小为未成年人（SX 4）'] } });
    expect(ageFromIdNumber('41133020080402123X', NOW)).toBe(17);
    expect(ageFromIdNumber('41133020080401123X', NOW)).toBe(18);
  });

  it('bad input fails naming the variable', async () => {
    expect(await run({ sanctionType: 'blacklist', sanctionGround: '7' })).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 sanctionGround 应为 1–6 之一（SX 1 纳入失信名单的情形），实际为 "7"') });
    expect(await run({ sanctionType: 'shame' })).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 sanctionType 应为 restriction（限制消费）或 blacklist（纳入失信被执行人名单），实际为 "shame"'),
    });
    expect(await run({ sanctionType: 'blacklist', sanctionGround: '2', listingTermYears: 9 })).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 listingTermYears 应为 2 至 5 年的整数（SX 2：纳入期限 2 年，可延长 1 至 3 年），实际为 9'),
    });
    expect(await run({ sanctionType: 'restriction', respondents: [] })).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 respondents 应为 非空的被执行人列表（{ name, idNumber }），实际为 []') });
    expect(await run({ sanctionType: 'restriction', respondents: [{ idNumber: '411330199001011234' }] })).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 respondents[0].name（被执行人姓名或名称）') });
  });
});

describe('credit publication workers', () => {
  it('publish, correct, delete and lift: redelivered jobs change nothing twice', async () => {
    const ctx = context();
    const system = getCreditPublication(ctx) as CreditPublicationSimulator;
    const publish = job('credit.publish', { ...CASE, sanctionType: 'blacklist', sanctionGround: '3', listingTermYears: 3 });
    const first = await runHandler(publishWorker, publish, ctx);
    const again = await runHandler(publishWorker, publish, ctx);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ kind: 'complete', variables: { creditListed: true, listingExpiresAt: '2029-04-01T02:00:00.000Z' } });
    expect(system.writes).toEqual([
      'publish SX:（2026）豫1330执700号:411330199001011234',
      'publish SX:（2026）豫1330执700号:91411330MA00000000',
      'publish XG:（2026）豫1330执700号:411330199001011234',
      'publish XG:（2026）豫1330执700号:91411330MA00000000',
    ]);

    const correct = job('credit.correct', { ...CASE, correctedInformation: '法定代表人更正为王五' }, {}, '200');
    await runHandler(correctWorker, correct, ctx);
    await runHandler(correctWorker, correct, ctx);
    expect(system.writes.filter((w) => w.startsWith('correct'))).toHaveLength(2);

    // 失信 must stay restricted (XG 1)
    const liftEarly = await runHandler(liftWorker, job('credit.lift', CASE, { reason: '申请执行人同意' }, '300'), ctx);
    expect(liftEarly).toMatchObject({ kind: 'fail', message: expect.stringContaining('应当限制消费（XG 1）') });

    const del = job('credit.delete', CASE, { reason: '履行完毕' }, '400');
    expect(await runHandler(deleteWorker, del, ctx)).toMatchObject({ kind: 'complete', variables: { creditDeleted: true, creditDeletedEntries: expect.any(Array) } });
    await runHandler(deleteWorker, del, ctx);
    expect(system.writes.filter((w) => w.startsWith('remove'))).toHaveLength(2);

    expect(await runHandler(liftWorker, job('credit.lift', CASE, { reason: '履行完毕' }, '500'), ctx)).toMatchObject({ kind: 'complete', variables: { restrictionLifted: true } });
    expect(system.writes.filter((w) => w.startsWith('lift'))).toHaveLength(2);
  });

  it('deleting for a case without 失信 entries reports creditDeleted false; a missing reason header fails', async () => {
    const ctx = context();
    expect(await runHandler(deleteWorker, job('credit.delete', { ...CASE, caseNumber: '（2026）豫1330执701号' }, { reason: '终本后两次无财产' }), ctx)).toMatchObject({
      kind: 'complete', variables: { creditDeleted: false, creditDeletedEntries: [] },
    });
    expect(await runHandler(deleteWorker, job('credit.delete', CASE), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('元素 task 缺少任务头 reason（删除事由）') });
    expect(await runHandler(liftWorker, job('credit.lift', CASE), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('元素 task 缺少任务头 reason（解除事由）') });
    expect(await runHandler(deleteWorker, job('credit.delete', { ...CASE, caseNumber: '' }, { reason: '履行完毕' }), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 caseNumber：应为 案号（非空字符串）') });
  });

  it('correcting or lifting what the publication system does not hold fails naming the system (本地模拟器) and the case', async () => {
    const ctx = context();
    const other = { ...CASE, caseNumber: '（2026）豫1330执702号' };
    expect(await runHandler(correctWorker, job('credit.correct', other, {}, '600'), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('缺少流程变量 correctedInformation（或 creditRequest.changes）：没有要更正的内容'),
    });
    expect(await runHandler(correctWorker, job('credit.correct', { ...other, correctedInformation: '姓名更正' }, {}, '601'), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('失信/限高信息发布系统（本地模拟器）中没有案件 （2026）豫1330执702号 已发布的失信信息，无可更正'),
    });
    expect(await runHandler(liftWorker, job('credit.lift', other, { reason: '履行完毕' }, '602'), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('失信/限高信息发布系统（本地模拟器）中没有案件 （2026）豫1330执702号 的限制消费信息，无可解除'),
    });
  });
});

describe('CreditPublicationHttpClient (CREDIT_URL)', () => {
  it('publishes by PUT and maps 409 to a refusal, 5xx to a failure', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.method} ${decodeURIComponent(req.url!)}`);
        if (req.url!.endsWith('/deletion')) return res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '该信息已被删除' }));
        if (req.url!.endsWith('/lifting')) return res.writeHead(503).end('maintenance');
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ...JSON.parse(body || '{}'), status: 'published', corrections: [] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new CreditPublicationHttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    try {
      const { entry, repeated } = await client.publish({ entryId: 'SX:1', kind: 'blacklist', caseNumber: 'x', courtCode: '豫1330', respondent: { name: '李四' }, publishedAt: NOW.toISOString() });
      expect([entry.status, repeated]).toEqual(['published', false]);
      await expect(client.remove('SX:1', '履行完毕', NOW.toISOString())).rejects.toThrow(new CreditPublicationRejection('该信息已被删除'));
      await expect(client.lift('XG:1', '履行完毕', NOW.toISOString())).rejects.toThrow(/HTTP 503/);
      expect(seen).toEqual(['PUT /entries/SX:1', 'POST /entries/SX:1/deletion', 'POST /entries/XG:1/lifting']);
    } finally {
      server.close();
    }
  });

  it('getCreditPublication picks the HTTP client when CREDIT_URL is set', () => {
    const ctx = createWorkerContext({ log: silentLog, config: { env: { CREDIT_URL: 'http://credit.example' }, documentsDir: tmp } });
    expect(getCreditPublication(ctx)).toBeInstanceOf(CreditPublicationHttpClient);
    expect(getCreditPublication(context())).toBeInstanceOf(CreditPublicationSimulator);
  });
});
