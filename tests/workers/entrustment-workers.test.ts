/**
 * The entrustment workers one job at a time, without the engine: a job delivered twice sends one
 * entrustment and one notice; bad input fails without retries, naming the variable; and the HTTP
 * client reaches the entrustment system on the documented paths (a small server standing in).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog, type WorkerContext } from '../../workers/core/context.js';
import { runHandler } from '../../workers/core/define-worker.js';
import { getEntrustmentSystem } from '../../workers/court-systems/entrustment/entrustment-system.js';
import { EntrustmentSystemHttpClient } from '../../workers/court-systems/entrustment/entrustment-system.http-client.js';
import type { EntrustmentSystemSimulator } from '../../workers/court-systems/entrustment/entrustment-system.simulator.js';
import chase from '../../workers/entrustment/chase.worker.js';
import closeCase from '../../workers/entrustment/close-case.worker.js';
import confirmFiling from '../../workers/entrustment/confirm-filing.worker.js';
import fetchIncoming from '../../workers/entrustment/fetch-incoming.worker.js';
import register from '../../workers/entrustment/register.worker.js';
import send from '../../workers/entrustment/send.worker.js';
import { jobsOf } from './worker-jobs.js';

const context = (env: Record<string, string | undefined> = {}): WorkerContext =>
  createWorkerContext({ log: silentLog, now: () => new Date('2026-05-06T01:00:00Z'), config: { env } });

const job = jobsOf('entrustment');

const OUTGOING = {
  entrustmentKind: 'case',
  entrustedCourt: '河南省南阳市宛城区人民法院',
  entrustedCourtCode: '豫1302',
  caseNumber: '（2026）豫1330执305号',
  generatedDocuments: [{ id: 'doc-1', kind: '委托执行函', title: '委托执行函' }],
};

describe('entrustment workers', () => {
  it('a send job delivered twice sends one entrustment; a filing reply delivered twice is one notice', async () => {
    const ctx = context();
    const sim = getEntrustmentSystem(ctx) as EntrustmentSystemSimulator;
    const delivery = job(send, OUTGOING);
    const first = await runHandler(send, delivery, ctx);
    expect(await runHandler(send, delivery, ctx)).toEqual(first);
    expect(first).toMatchObject({ kind: 'complete', variables: { entrustmentId: 'SIM-WT-1', reportedToHigherCourt: true } });
    expect(sim.sent).toHaveLength(1);
    expect(sim.sent[0]).toMatchObject({ entrustingCourt: '河南省桐柏县人民法院', documentIds: ['doc-1'], kind: 'case' });

    const reply = job(confirmFiling, { entrustmentId: 'WT-9', entrustedCaseNumber: '（2026）豫1330执委1号', caseOfficer: 'zhaofg' });
    const r1 = await runHandler(confirmFiling, reply, ctx);
    expect(await runHandler(confirmFiling, reply, ctx)).toEqual(r1);
    expect(sim.noticesOf('WT-9').map((n) => n.notice)).toEqual([{ type: 'filing', caseNumber: '（2026）豫1330执委1号', officer: 'zhaofg', documentIds: [] }]);
  });

  it('bad input fails at once naming the variable; a received file sets the case variables', async () => {
    const ctx = context();
    const check = (variables: Record<string, unknown>) => runHandler(register, job(register, variables), ctx);
    // the messages are the incident texts the supervisors read: Chinese, with the variable's name verbatim
    expect(await check({ ...OUTGOING, entrustmentKind: 'whole' })).toMatchObject({
      kind: 'fail', retries: 0, message: expect.stringContaining('流程变量 entrustmentKind 应为 case（委托执行）或 matter（事项委托），实际为 "whole"'),
    });
    expect(await check({ ...OUTGOING, entrustmentKind: undefined })).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustmentKind：应为 case（委托执行）或 matter（事项委托）') });
    expect(await check({ ...OUTGOING, entrustedCourt: '' })).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustedCourt（受托法院，应为非空字符串）') });
    expect(await check({ ...OUTGOING, entrustedCourt: 1302 })).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 entrustedCourt（受托法院） 应为非空字符串，实际为 1302') });
    expect(await check({ ...OUTGOING, entrustmentKind: 'matter' })).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustedMatter（委托事项，应为非空字符串）') });
    expect(await check({ entrustmentDirection: 'incoming' })).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustmentId（委托编号，应为非空字符串）') });
    expect(await check({ entrustmentDirection: 'sideways' })).toMatchObject({
      kind: 'fail', message: expect.stringContaining('流程变量 entrustmentDirection 应为 outgoing（委托他院）或 incoming（接收他院委托），实际为 "sideways"'),
    });
    expect(await check(OUTGOING)).toEqual({ kind: 'complete', variables: { entrustmentDirection: 'outgoing', entrustmentKind: 'case' } });
    expect(await runHandler(closeCase, job(closeCase, {}), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustedCaseNumber（受托法院立案案号，受托法院立案后应有，应为非空字符串）') });
    expect(await runHandler(chase, job(chase, {}), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('缺少流程变量 entrustmentId（发送委托或接收他院委托后应有）') });
    // a file of an unknown kind from the system names the system (here the simulator) and the entrustment
    (getEntrustmentSystem(ctx) as EntrustmentSystemSimulator).receive({
      entrustmentId: 'WT-IN-BAD', kind: 'appeal' as any, entrustingCourt: '某法院', entrustingCaseNumber: '（2026）豫1302执1号', applicant: { name: '甲' }, respondents: [], materials: [],
    });
    expect(await runHandler(fetchIncoming, job(fetchIncoming, { entrustmentId: 'WT-IN-BAD' }), ctx)).toMatchObject({
      kind: 'fail', message: expect.stringContaining('委托执行管理系统（本地模拟器）返回的委托 WT-IN-BAD 类型 kind 应为 case（委托执行）或 matter（事项委托），实际为 "appeal"'),
    });

    const received = await runHandler(fetchIncoming, job(fetchIncoming, { entrustmentId: 'WT-IN-9' }), ctx);
    expect(received).toMatchObject({
      kind: 'complete',
      variables: { entrustmentKind: 'case', entrustingCourt: '河南省南阳市宛城区人民法院', caseNumber: '（2026）豫1302执88号', respondents: [{ name: '刘某' }] },
    });
  });

  describe('over HTTP (ENTRUSTMENT_SYSTEM_URL)', () => {
    const requests: { method: string; url: string; body: any }[] = [];
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          const body = data ? JSON.parse(data) : undefined;
          requests.push({ method: req.method!, url: req.url!, body });
          if (req.method === 'POST' && req.url === '/entrustments') {
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ entrustmentId: 'HTTP-WT-1', sentAt: '2026-05-06T01:00:00Z', reportedToHigherCourt: true }));
          } else if (req.method === 'PUT' && req.url!.startsWith('/entrustments/HTTP-WT-1/notices/')) {
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ noticeId: 'N1', entrustmentId: 'HTTP-WT-1', type: body.type, sentAt: '2026-05-06T01:00:00Z' }));
          } else {
            res.writeHead(503).end('maintenance');
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends and notifies on the documented paths; an error status is a retried failure naming the call', async () => {
      const ctx = context({ ENTRUSTMENT_SYSTEM_URL: url });
      expect(getEntrustmentSystem(ctx)).toBeInstanceOf(EntrustmentSystemHttpClient);
      expect(await runHandler(send, job(send, OUTGOING), ctx)).toMatchObject({ kind: 'complete', variables: { entrustmentId: 'HTTP-WT-1' } });
      expect(requests[0]).toMatchObject({ method: 'POST', url: '/entrustments', body: { kind: 'case', entrustedCourtCode: '豫1302', requestId: expect.stringMatching(/:entrustment\.send$/) } });
      const filed = job(confirmFiling, { entrustmentId: 'HTTP-WT-1', entrustedCaseNumber: '（2026）豫1330执委2号', caseOfficer: 'lifg' }, '42');
      expect(await runHandler(confirmFiling, filed, ctx)).toMatchObject({ kind: 'complete', variables: { filingReceipt: { noticeId: 'N1', type: 'filing' } } });
      expect(requests[1]!.url).toBe(`/entrustments/HTTP-WT-1/notices/${encodeURIComponent('42:entrustment.confirm-filing')}`);
      const down = await runHandler(fetchIncoming, job(fetchIncoming, { entrustmentId: 'X' }), ctx);
      expect(down).toMatchObject({ kind: 'fail', retries: 2, message: expect.stringMatching(/GET \/entrustments\/X .*503.*maintenance/) });
    });
  });
});
