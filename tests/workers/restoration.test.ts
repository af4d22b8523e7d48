/**
 * restoration.allocate-case-number and the case-registry adapters on their own: one counter per
 * court, year and case type; a redelivered job gets its number again and allocates nothing new;
 * a refusal becomes the BPMN error CASE_REGISTRY_REJECTED; the HTTP client maps 422 to a refusal.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type WorkerJob } from '../../workers/core/define-worker.js';
import { CaseRegistryHttpClient, CaseRegistryRejection, CaseRegistrySimulator, getCaseRegistry } from '../../workers/court-systems/case-registry/index.js';
import allocate from '../../workers/restoration/allocate-case-number.worker.js';

const context = (now = '2026-12-31T17:00:00.000Z') =>
  createWorkerContext({ log: silentLog, now: () => new Date(now), config: { documentsDir: path.join(os.tmpdir(), 'unused-docs'), env: {} } });
const job = (variables: Record<string, unknown>, elementInstanceKey: string): WorkerJob<any, any> => ({
  key: `${elementInstanceKey}9`, type: 'restoration.allocate-case-number', processInstanceKey: '1', bpmnProcessId: 'restoration', elementId: 'allocateCaseNumber',
  elementInstanceKey, idempotencyKey: `${elementInstanceKey}:restoration.allocate-case-number`, retries: 3, variables, customHeaders: {},
});

describe('restoration.allocate-case-number', () => {
  it('numbers 执恢 cases per court and year (China time), once per task', async () => {
    // 2026-12-31T17:00Z is already 2027-01-01 in Beijing
    const ctx = context();
    const a = await runHandler(allocate, job({ caseNumber: '（2025）豫1330执12号' }, '10'), ctx);
    const again = await runHandler(allocate, job({ caseNumber: '（2025）豫1330执12号' }, '10'), ctx);
    const b = await runHandler(allocate, job({ caseNumber: '（2025）豫1330执13号' }, '11'), ctx);
    expect(a).toMatchObject({ kind: 'complete', variables: { restoredCaseNumber: '（2027）豫1330执恢1号', originalCaseNumber: '（2025）豫1330执12号' } });
    expect(again).toEqual(a);
    expect(b).toMatchObject({ kind: 'complete', variables: { restoredCaseNumber: '（2027）豫1330执恢2号' } });
    expect((getCaseRegistry(ctx) as CaseRegistrySimulator).lastSequence('豫1330', 2027, '执恢')).toBe(2);
  });

  it('keeps the 执恢案号 the platform allocated when it registered the case, and asks the registry for none', async () => {
    const ctx = context();
    const kept = await runHandler(allocate, job({ caseNumber: '（2025）豫1330执12号', restoredCaseNumber: '（2026）豫1330执恢8号' }, '30'), ctx);
    expect(kept).toMatchObject({ kind: 'complete', variables: { restoredCaseNumber: '（2026）豫1330执恢8号', originalCaseNumber: '（2025）豫1330执12号' } });
    expect((getCaseRegistry(ctx) as CaseRegistrySimulator).lastSequence('豫1330', 2027, '执恢')).toBe(0);
    // a number of another kind is not a 执恢案号: the registry allocates one
    const allocated = await runHandler(allocate, job({ caseNumber: '（2025）豫1330执12号', restoredCaseNumber: '（2025）豫1330执12号' }, '31'), ctx);
    expect(allocated).toMatchObject({ kind: 'complete', variables: { restoredCaseNumber: '（2027）豫1330执恢1号' } });
  });

  it('a refusal is the BPMN error CASE_REGISTRY_REJECTED; a bad case number fails naming the variable', async () => {
    const ctx = context();
    expect(await runHandler(allocate, job({ caseNumber: '（2025）豫1331执1号', courtCode: '豫1331' }, '20'), ctx)).toMatchObject({
      kind: 'error', code: 'CASE_REGISTRY_REJECTED', variables: { caseRegistryRejection: expect.stringContaining('豫1331') },
    });
    expect(await runHandler(allocate, job({ caseNumber: '123' }, '21'), ctx)).toMatchObject({ kind: 'fail', message: expect.stringContaining('流程变量 caseNumber 应为原案号，如 （2026）豫1330执123号，实际为 "123"') });
  });

  it('the simulator keeps separate counters per type and year', async () => {
    const registry = new CaseRegistrySimulator({ courtCode: '豫1330', startAt: 40 });
    expect((await registry.allocate({ courtCode: '豫1330', year: 2026, caseType: '执恢', requestId: 'a' })).caseNumber).toBe('（2026）豫1330执恢40号');
    expect((await registry.allocate({ courtCode: '豫1330', year: 2026, caseType: '执保', requestId: 'b' })).caseNumber).toBe('（2026）豫1330执保40号');
    expect((await registry.allocate({ courtCode: '豫1330', year: 2027, caseType: '执恢', requestId: 'c' })).caseNumber).toBe('（2027）豫1330执恢40号');
    expect(await registry.allocate({ courtCode: '豫1330', year: 2026, caseType: '执恢', requestId: 'a' })).toMatchObject({ sequence: 40, repeated: true });
  });
});

describe('CaseRegistryHttpClient (CASE_REGISTRY_URL)', () => {
  it('posts the request with its idempotency key; 422 is a refusal with the registry\'s message', async () => {
    const requests: { key: string | undefined; body: any }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body);
        requests.push({ key: req.headers['idempotency-key'] as string | undefined, body: parsed });
        if (parsed.courtCode !== '豫1330') return res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '非本院案件' }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ caseNumber: '（2026）豫1330执恢7号', sequence: 7 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new CaseRegistryHttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      expect(await client.allocate({ courtCode: '豫1330', year: 2026, caseType: '执恢', requestId: 'k1' })).toEqual({ caseNumber: '（2026）豫1330执恢7号', sequence: 7, repeated: false });
      await expect(client.allocate({ courtCode: '豫1331', year: 2026, caseType: '执恢', requestId: 'k2' })).rejects.toThrow(new CaseRegistryRejection('非本院案件'));
      expect(requests.map((r) => r.key)).toEqual(['k1', 'k2']);
    } finally {
      server.close();
    }
  });
});
