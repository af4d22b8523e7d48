/**
 * Registering 执保 and 执恢 cases (`POST /api/cases` with `preservation` / `restoration`) against
 * the whole platform (engine, every model of processes/, the workers): each 保全类型 starts
 * `preservation` with the variables the model documents and reaches 保全审查 without an incident;
 * a 执恢 case starts `restoration` from its 原案号 with the 执恢 number allocated at registration
 * as `restoredCaseNumber`; a missing or misplaced block is a 400 naming the field.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/src/db/schema.js';
import type { Platform } from '../../server/src/platform.js';
import { startPlatformHarness, type Headers, type PlatformHarness } from './server-harness.js';

let h: PlatformHarness;
let platform: Platform;
let clerk: Headers;

beforeAll(async () => {
  h = await startPlatformHarness();
  platform = h.platform;
  clerk = await h.login('lian');
}, 300_000);
afterAll(async () => h?.close());

const base = {
  applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230' },
  respondents: [{ name: '李四', kind: 'person', idNumber: '411330198505050011' }],
  claimAmount: 100_000,
  basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
};

async function register(body: Record<string, unknown>) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/cases', headers: clerk, payload: { ...base, ...body } });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const engine = () => platform.app.engineClient;

/** the instance's variables of its own scope, parsed */
async function variables(pik: string): Promise<Record<string, unknown>> {
  const found = await engine().searchVariables({ filter: { processInstanceKey: pik, scopeKey: pik }, page: { limit: 200 } });
  return Object.fromEntries(found.items.map((v) => [v.name, JSON.parse(v.value)]));
}

/** waits until the user task `elementId` is open in the instance, and checks that no incident was raised on the way */
async function reachesUserTask(pik: string, elementId: string) {
  await until(`user task ${elementId}`, async () => {
    const incidents = await engine().request<{ items: { errorMessage: string; elementId: string }[] }>('POST', '/v2/incidents/search', {
      filter: { processInstanceKey: pik, state: 'ACTIVE' },
    });
    if (incidents.items.length) throw new Error(`incident at ${incidents.items[0]!.elementId}: ${incidents.items[0]!.errorMessage}`);
    return (await engine().searchUserTasks({ filter: { processInstanceKey: pik, elementId, state: 'CREATED' } })).items[0];
  });
}

describe('执保: the preservation block', () => {
  it.each([
    ['pre-suit', { kind: 'pre-suit', securityAmount: 100_000 }],
    ['in-suit', { kind: 'in-suit', urgent: true }],
    ['pre-enforcement', { kind: 'pre-enforcement', securityAmount: 20_000, performanceDeadline: '2026-12-31' }],
  ])('a %s case starts preservation with the documented variables and waits in 保全审查', async (kind, preservation) => {
    const res = await register({ caseType: '执保', preservation });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.caseNumber).toMatch(/^（\d{4}）豫\d+执保\d+号$/);
    const pik = res.body.processInstanceKey as string;
    expect((await engine().getProcessInstance(pik)).processDefinitionId).toBe('preservation');
    await reachesUserTask(pik, 'reviewApplication');
    const v = await variables(pik);
    expect(v).toMatchObject({ caseNumber: res.body.caseNumber, preservationKind: kind, urgent: kind === 'in-suit', claimAmount: 100_000 });
    if ('securityAmount' in preservation) expect(v.securityAmount).toBe(preservation.securityAmount);
    else expect(v).not.toHaveProperty('securityAmount');
    if (kind === 'pre-enforcement') expect(v.performanceDeadline).toBe('2026-12-31');
    // the worker computed the ruling deadline: 诉前 / urgent within 48 hours
    expect(typeof v.rulingDue).toBe('string');
    const [audit] = await platform.app.db.select().from(auditLog).where(eq(auditLog.target, res.body.caseNumber));
    expect((audit!.details as Record<string, unknown>).preservation).toEqual(preservation);
  });

  it.each([
    ['no block', { caseType: '执保' }, 'preservation'],
    ['an unknown kind', { caseType: '执保', preservation: { kind: 'after-suit' } }, 'preservation.kind'],
    ['诉前 without security', { caseType: '执保', preservation: { kind: 'pre-suit' } }, 'preservation.securityAmount'],
    ['执行前 without the performance deadline', { caseType: '执保', preservation: { kind: 'pre-enforcement' } }, 'preservation.performanceDeadline'],
    ['a deadline for 诉讼保全', { caseType: '执保', preservation: { kind: 'in-suit', performanceDeadline: '2026-12-31' } }, 'preservation.performanceDeadline'],
    ['a deadline that is no date', { caseType: '执保', preservation: { kind: 'pre-enforcement', performanceDeadline: '明年' } }, 'preservation.performanceDeadline'],
    ['an unknown field', { caseType: '执保', preservation: { kind: 'in-suit', guarantor: '某保险公司' } }, 'preservation.guarantor'],
    ['no amount to preserve', { caseType: '执保', claimAmount: 0, preservation: { kind: 'in-suit' } }, 'claimAmount'],
    ['the block on a 执 case', { caseType: '执', preservation: { kind: 'in-suit' } }, 'preservation'],
    ['the block on a 执恢 case', { caseType: '执恢', preservation: { kind: 'in-suit' }, restoration: { originalCaseNumber: '（2025）豫1330执12号', trigger: 'lead' } }, 'preservation'],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const res = await register(body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toEqual(expect.any(String));
  });
});

describe('执恢: the restoration block', () => {
  it('starts restoration from the 原案号, with the 执恢 number of the case as restoredCaseNumber', async () => {
    const res = await register({
      caseType: '执恢',
      restoration: { originalCaseNumber: '(2025)豫1330执88号', trigger: 'application', amountRecovered: 30_000, settlementPaid: 10_000 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.caseNumber).toMatch(/^（\d{4}）豫\d+执恢\d+号$/);
    const pik = res.body.processInstanceKey as string;
    expect((await engine().getProcessInstance(pik)).processDefinitionId).toBe('restoration');
    // 当事人申请: the 立案庭 reviews first (the review deadline computed by the worker)
    await reachesUserTask(pik, 'reviewApplication');
    const v = await variables(pik);
    expect(v).toMatchObject({
      caseNumber: '（2025）豫1330执88号',
      originalCaseNumber: '（2025）豫1330执88号',
      restoredCaseNumber: res.body.caseNumber,
      restorationTrigger: 'application',
      amountRecovered: 30_000,
      settlementPaid: 10_000,
      claimAmount: 100_000,
    });
    expect(typeof v.restorationReviewDue).toBe('string');
  });

  it('defaults the amounts to 0', async () => {
    const res = await register({ caseType: '执恢', restoration: { originalCaseNumber: '（2024）豫1330执恢3号', trigger: 'application' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const v = await variables(res.body.processInstanceKey);
    expect(v).toMatchObject({ originalCaseNumber: '（2024）豫1330执恢3号', amountRecovered: 0, settlementPaid: 0 });
  });

  it.each([
    ['no block', { caseType: '执恢' }, 'restoration'],
    ['no 原案号', { caseType: '执恢', restoration: { trigger: 'lead' } }, 'restoration.originalCaseNumber'],
    ['a 原案号 that is no case number', { caseType: '执恢', restoration: { originalCaseNumber: '张三案', trigger: 'lead' } }, 'restoration.originalCaseNumber'],
    ['a 执保 case as 原案号', { caseType: '执恢', restoration: { originalCaseNumber: '（2025）豫1330执保5号', trigger: 'lead' } }, 'restoration.originalCaseNumber'],
    ['an unknown trigger', { caseType: '执恢', restoration: { originalCaseNumber: '（2025）豫1330执5号', trigger: 'whim' } }, 'restoration.trigger'],
    ['a negative amount', { caseType: '执恢', restoration: { originalCaseNumber: '（2025）豫1330执5号', trigger: 'lead', settlementPaid: -1 } }, 'restoration.settlementPaid'],
    ['the block on a 执 case', { caseType: '执', restoration: { originalCaseNumber: '（2025）豫1330执5号', trigger: 'lead' } }, 'restoration'],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const res = await register(body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.field).toBe(field);
  });
});
