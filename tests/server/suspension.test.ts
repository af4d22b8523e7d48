/**
 * 中止 / 暂缓 through the server (`POST /api/cases/:id/suspension`, `/resumption`) against the
 * whole platform (engine on the controlled clock, every model of processes/, the workers): the
 * server publishes `enforcement-case.suspended` / `.resumed`; the case's 期限监控 stops and, on
 * resumption (or when a 暂缓 term runs out), records the period in `excludedPeriods`. The
 * suspension shows on the case, in its timeline and in the audit trail; bad input names the field.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/src/db/schema.js';
import type { Platform } from '../../server/src/platform.js';
import { caseProcessTree } from '../../server/src/services/cases.js';
import { startPlatformHarness, type Headers, type PlatformHarness } from './server-harness.js';

/** Monday 2 March 2026, 09:00 in China */
const START = Date.parse('2026-03-02T09:00:00+08:00');
const DAY = 86_400_000;

let h: PlatformHarness;
let platform: Platform;

beforeAll(async () => {
  h = await startPlatformHarness({ clockControlled: true });
  platform = h.platform;
  await clock('/pin', { epochMilli: START });
}, 300_000);
afterAll(async () => h?.close());

async function clock(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${platform.engineRestUrl}/actuator/clock${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}
/** moves the engine's clock and runs what fell due */
async function advance(ms: number) {
  await clock('/add', { offsetMilli: ms });
  await platform.engine!.engine.checkDueWork();
}
const engineNow = async () => ((await (await fetch(`${platform.engineRestUrl}/actuator/clock`)).json()) as { epochMilli: number }).epochMilli;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const inject = async (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) => {
  const res = await platform.app.inject({ method, url, headers, payload: payload as object });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};

async function register(caseType = '执') {
  const res = await inject('POST', '/api/cases', await h.login('lian'), {
    caseType,
    applicant: { name: '张三', kind: 'person', idNumber: '411330199001011230' },
    respondents: [{ name: '李四', kind: 'person', idNumber: '411330198505050011' }],
    claimAmount: 70000,
    basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
    complexity: 'complex',
    ...(caseType === '执保' ? { preservation: { kind: 'in-suit' } } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; caseNumber: string; processInstanceKey: string };
}

/** completes the case's open user task `elementId` (in the case's instance or one it called) */
async function completeTask(rootKey: string, elementId: string, variables: Record<string, unknown>) {
  const task = await until(`task ${elementId}`, async () => {
    const keys = (await caseProcessTree(platform.app.engineClient, rootKey)).map((i) => i.processInstanceKey);
    return (await platform.app.engineClient.searchUserTasks({ filter: { processInstanceKey: { $in: keys }, elementId, state: 'CREATED' } })).items[0];
  });
  await platform.app.engineClient.request('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables });
}

const active = async (pik: string) =>
  (await platform.app.engineClient.searchElementInstances({ filter: { processInstanceKey: pik, state: 'ACTIVE' }, page: { limit: 200 } })).items.map((e) => e.elementId);

const variable = async (pik: string, name: string) => {
  const found = await platform.app.engineClient.searchVariables({ filter: { processInstanceKey: pik, scopeKey: pik, name } });
  return found.items[0] ? JSON.parse(found.items[0].value) : undefined;
};

/** a registered 执 case whose 期限监控 waits (intake passed) */
async function caseInExecution() {
  const c = await register();
  await completeTask(c.processInstanceKey, 'reception', { preservation: 'none', riskNotified: true });
  await completeTask(c.processInstanceKey, 'filingReview', { filingDecision: 'accept' });
  await completeTask(c.processInstanceKey, 'assignOfficer', { caseOfficer: 'faguan' });
  await until('the period watch', async () => (await active(c.processInstanceKey)).includes('periodWatchGateway'));
  return c;
}

describe('中止 / 暂缓 and 恢复执行', () => {
  it('中止 stops the period watch; the resumption ends it and the model records the excluded period', async () => {
    const c = await caseInExecution();
    const judge = await h.login('faguan');
    const suspendedAt = await engineNow();
    const res = await inject('POST', `/api/cases/${c.id}/suspension`, judge, { kind: '中止', reason: '被执行人破产申请已受理', basis: '（2026）豫1330执异1号裁定书' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.suspension).toEqual({
      kind: '中止',
      reason: '被执行人破产申请已受理',
      basis: '（2026）豫1330执异1号裁定书',
      since: new Date(suspendedAt).toISOString(),
      until: null,
      by: 'faguan',
    });
    await until('the stay', async () => (await active(c.processInstanceKey)).includes('clockStoppedGateway'));
    // the case page shows it; a second suspension is refused
    expect((await inject('GET', `/api/cases/${c.id}`, judge)).body.suspension).toMatchObject({ kind: '中止', by: 'faguan' });
    const again = await inject('POST', `/api/cases/${c.id}/suspension`, judge, { kind: '暂缓', reason: '再次' });
    expect(again.status).toBe(409);
    // the time the clerk reads is Beijing time to the minute, not an ISO instant
    expect(again.body.message).toMatch(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 中止执行，请先恢复执行/);

    await advance(10 * DAY);
    const resumed = await inject('POST', `/api/cases/${c.id}/resumption`, await h.login('zhuren'), { reason: '破产申请被驳回' });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.suspension).toBeNull();
    const periods = await until('the excluded period', async () => {
      const p = await variable(c.processInstanceKey, 'excludedPeriods');
      return Array.isArray(p) && p.length === 1 && p[0].to && p;
    });
    expect(periods[0]).toMatchObject({ kind: '中止', reason: '被执行人破产申请已受理' });
    expect(Date.parse(periods[0].to) - Date.parse(periods[0].from)).toBe(10 * DAY);
    // the loop records the period first, then tells the auctions and waits again with the clock running
    await until('the clock running again', async () => (await active(c.processInstanceKey)).includes('periodWatchGateway'));
    // not suspended any more: a resumption is refused
    expect((await inject('POST', `/api/cases/${c.id}/resumption`, judge, {})).status).toBe(409);

    const audit = await platform.app.db.select().from(auditLog).where(eq(auditLog.caseId, c.id));
    expect(audit.filter((a) => a.action === 'case.suspend').map((a) => a.actor)).toEqual(['faguan']);
    expect(audit.filter((a) => a.action === 'case.resume').map((a) => a.actor)).toEqual(['zhuren']);
    const timeline = (await inject('GET', `/api/cases/${c.id}/timeline`, judge)).body.items as { title: string; detail: string | null }[];
    expect(timeline.map((t) => t.title)).toEqual(expect.arrayContaining(['中止执行', '恢复执行']));
    expect(timeline.find((t) => t.title === '中止执行')!.detail).toContain('被执行人破产申请已受理');
  }, 240_000);

  it('暂缓 with a term: the term running out on the engine clock ends it on the case and in the model', async () => {
    const c = await caseInExecution();
    const judge = await h.login('faguan');
    const until20 = new Date((await engineNow()) + 20 * DAY).toISOString();
    const res = await inject('POST', `/api/cases/${c.id}/suspension`, judge, { kind: '暂缓', reason: '案外人提供担保', until: until20 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.suspension).toMatchObject({ kind: '暂缓', until: until20, basis: null });
    await until('the postponement', async () => (await active(c.processInstanceKey)).includes('postponementGateway'));

    await advance(20 * DAY + 1000);
    const periods = await until('the excluded period', async () => {
      const p = await variable(c.processInstanceKey, 'excludedPeriods');
      return Array.isArray(p) && p.length === 1 && p[0].to && p;
    });
    expect(periods[0]).toMatchObject({ kind: '暂缓', reason: '案外人提供担保' });
    // the case no longer counts as suspended: it can be suspended again, not resumed
    expect((await inject('GET', `/api/cases/${c.id}`, judge)).body.suspension).toBeNull();
    expect((await inject('POST', `/api/cases/${c.id}/resumption`, judge, {})).status).toBe(409);
  }, 240_000);

  it('refuses bad input naming the field, unknown and closed cases, and roles outside the rule', async () => {
    const c = await register();
    const judge = await h.login('faguan');
    const now = await engineNow();
    const suspend = (body: unknown, headers: Headers = judge, id = c.id) => inject('POST', `/api/cases/${id}/suspension`, headers, body);

    const withUntil = await suspend({ kind: '中止', reason: '破产', until: new Date(now + DAY).toISOString() });
    expect([withUntil.status, withUntil.body.field]).toEqual([400, 'until']);
    const past = await suspend({ kind: '暂缓', reason: '担保', until: new Date(now - DAY).toISOString() });
    expect([past.status, past.body.field]).toEqual([400, 'until']);
    expect(past.body.message).toContain('晚于');
    const notADate = await suspend({ kind: '暂缓', reason: '担保', until: '下个月' });
    expect([notADate.status, notADate.body.field]).toEqual([400, 'until']);
    const noReason = await suspend({ kind: '中止', reason: '' });
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const blank = await suspend({ kind: '中止', reason: '   ' });
    expect([blank.status, blank.body.field]).toEqual([400, 'reason']);
    const longReason = await suspend({ kind: '中止', reason: '长'.repeat(501) });
    expect([longReason.status, longReason.body.field]).toEqual([400, 'reason']);
    const badKind = await suspend({ kind: '终结', reason: '—' });
    expect([badKind.status, badKind.body.field]).toEqual([400, 'kind']);
    const longBasis = await suspend({ kind: '中止', reason: '破产', basis: '文'.repeat(201) });
    expect([longBasis.status, longBasis.body.field]).toEqual([400, 'basis']);
    const longResume = await inject('POST', `/api/cases/${c.id}/resumption`, judge, { reason: '长'.repeat(501) });
    expect([longResume.status, longResume.body.field]).toEqual([400, 'reason']);

    expect((await suspend({ kind: '中止', reason: '破产' }, judge, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await inject('POST', '/api/cases/00000000-0000-4000-8000-000000000000/resumption', judge, {})).status).toBe(404);
    // clerks and the hotline record no 中止裁定
    expect((await suspend({ kind: '中止', reason: '破产' }, await h.login('neiqin'))).status).toBe(403);
    expect((await suspend({ kind: '中止', reason: '破产' }, await h.login('zhiban'))).status).toBe(403);
    expect((await inject('POST', `/api/cases/${c.id}/resumption`, await h.login('neiqin'), {})).status).toBe(403);
    // nothing was recorded by the refusals
    const rows = await platform.app.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.id), eq(auditLog.action, 'case.suspend')));
    expect(rows).toEqual([]);
    expect((await inject('GET', `/api/cases/${c.id}`, judge)).body.suspension).toBeNull();

    // only 执 cases have the period watch that catches the messages
    const preservation = await register('执保');
    const other = await suspend({ kind: '中止', reason: '破产' }, judge, preservation.id);
    expect(other.status, JSON.stringify(other.body)).toBe(409);
    expect(other.body.message).toContain('执保');

    // a closed case (its process canceled) cannot be suspended
    await platform.app.engineClient.request('POST', `/v2/process-instances/${c.processInstanceKey}/cancellation`, {});
    const closed = await suspend({ kind: '中止', reason: '破产' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(409);
  }, 240_000);
});
