/**
 * 不计入执行期限的期间 through the server (`POST /api/cases/:id/excluded-periods`, `…/:periodId/end`)
 * against the real engine and a small case model deployed here: it catches
 * `enforcement-case.period-excluded` and `.period-exclusion-ended` (correlation key = 案号), records
 * the exclusion in `excludedPeriods` and sets `executionPeriodEnd`, which the case page reads as
 * `executionPeriod`. The periods show on the case (list and detail), in the timeline and the audit
 * trail; bad input names the field; closed, non-执 and unknown cases and periods are refused.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases } from '../../server/src/db/schema.js';
import { startServerHarness, type Headers, type ServerHarness } from './server-harness.js';

const PERIOD_END = '2026-09-10T16:00:00.000Z';

const caseModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="excl-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="excl-case" name="不计入期间测试案件" isExecutable="true">
    <bpmn:startEvent id="filed"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="filed" targetRef="setEnd" />
    <bpmn:scriptTask id="setEnd" name="计算执行期限"><bpmn:extensionElements><zeebe:script expression="=&quot;${PERIOD_END}&quot;" resultVariable="executionPeriodEnd" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="setEnd" targetRef="fork" />
    <bpmn:parallelGateway id="fork"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="work" />
    <bpmn:userTask id="work" name="执行实施"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f5" sourceRef="work" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="excluded" />
    <bpmn:intermediateCatchEvent id="excluded" name="登记不计入期间"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Message_excluded" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f6" sourceRef="excluded" targetRef="record" />
    <bpmn:scriptTask id="record" name="记录期间"><bpmn:extensionElements><zeebe:script expression="=[exclusion]" resultVariable="excludedPeriods" /></bpmn:extensionElements><bpmn:incoming>f6</bpmn:incoming><bpmn:outgoing>f7</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f7" sourceRef="record" targetRef="ended" />
    <bpmn:intermediateCatchEvent id="ended" name="期间结束"><bpmn:incoming>f7</bpmn:incoming><bpmn:outgoing>f8</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Message_ended" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f8" sourceRef="ended" targetRef="watchEnd" />
    <bpmn:endEvent id="watchEnd"><bpmn:incoming>f8</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmn:message id="Message_excluded" name="enforcement-case.period-excluded"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNumber" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="Message_ended" name="enforcement-case.period-exclusion-ended"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNumber" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

let h: ServerHarness;

beforeAll(async () => {
  h = await startServerHarness({ engine: true, app: { caseProcessId: 'excl-case' } });
  await h.app.engineClient.deployResources([{ name: 'excl-case.bpmn', content: caseModel }]);
}, 120_000);
afterAll(async () => h?.close());

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inject = async (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) => {
  const res = await h.app.inject({ method, url, headers, payload: payload as object });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};

async function register() {
  const res = await inject('POST', '/api/cases', await h.login('lian'), {
    caseType: '执',
    applicant: { name: '张三', kind: 'person' },
    respondents: [{ name: '李四', kind: 'person' }],
    claimAmount: 50000,
    basisDocument: { court: '本院', number: '（2025）豫1330民初789号', kind: '民事判决书' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; caseNumber: string; processInstanceKey: string; filedAt: string };
}

const variable = async (pik: string, name: string) => {
  const found = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: pik, scopeKey: pik, name } });
  return found.items[0] ? JSON.parse(found.items[0].value) : undefined;
};

/** a case row inserted directly (a type or state registration does not give here) */
async function insertCase(values: Partial<typeof cases.$inferInsert>) {
  const [row] = await h.database.db
    .insert(cases)
    .values({
      caseNumber: `（2026）豫1330执保${Math.floor(Math.random() * 1e6)}号`,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '申请人', kind: 'person' }, respondents: [{ name: '被执行人', kind: 'person' }], basisDocument: { court: '本院', number: '1', kind: '判决书' } },
      claimAmount: 1000,
      registeredBy: 'lian',
      processInstanceKey: '2251799813685249',
      ...values,
    })
    .returning();
  return row!;
}

describe('不计入执行期限的期间', () => {
  it('records a period, publishes it to the case process, shows it on the case and ends it', async () => {
    const c = await register();
    const judge = await h.login('faguan');
    await until('the period end', async () => (await variable(c.processInstanceKey, 'executionPeriodEnd')) === PERIOD_END);

    const res = await inject('POST', `/api/cases/${c.id}/excluded-periods`, judge, { kind: '公告', reason: '公告送达执行通知书', basis: '（2026）豫1330执公1号' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.excludedPeriods).toHaveLength(1);
    const period = res.body.excludedPeriods[0];
    expect(period).toMatchObject({ kind: '公告', reason: '公告送达执行通知书', basis: '（2026）豫1330执公1号', to: null, recordedBy: 'faguan', endedBy: null, open: true });
    expect(Date.parse(period.from)).toBeGreaterThanOrEqual(Date.parse(c.filedAt));

    // the model received it, keyed by the 案号, with the server's id
    const modelled = await until('the excluded period in the model', async () => {
      const p = await variable(c.processInstanceKey, 'excludedPeriods');
      return Array.isArray(p) && p.length === 1 && p;
    });
    expect(modelled[0]).toEqual({ id: period.id, kind: '公告', reason: '公告送达执行通知书', basis: '（2026）豫1330执公1号', from: period.from });

    // the case page shows the records and the model's view of the period; the list shows the records
    const detail = await inject('GET', `/api/cases/${c.id}`, judge);
    expect(detail.status).toBe(200);
    expect(detail.body.excludedPeriods.map((p: { id: string }) => p.id)).toEqual([period.id]);
    expect(detail.body.executionPeriod).toEqual({
      end: PERIOD_END,
      effectiveEnd: null,
      stopped: false,
      excludedPeriods: [{ id: period.id, kind: '公告', from: period.from, to: null, reason: '公告送达执行通知书' }],
    });
    const list = await inject('GET', `/api/cases?q=${encodeURIComponent(c.caseNumber)}`, judge);
    expect(list.body.items[0].excludedPeriods[0]).toMatchObject({ id: period.id, open: true });

    // a second, closed period recorded afterwards comes first (newest first)
    const earlier = new Date(Date.parse(period.from) + 1).toISOString();
    const later = new Date(Date.parse(period.from) + 2).toISOString();
    const closed = await inject('POST', `/api/cases/${c.id}/excluded-periods`, judge, { kind: '评估', reason: '委托评估', from: earlier, to: later });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body.excludedPeriods[0]).toMatchObject({ kind: '评估', from: earlier, to: later, open: false, basis: null });
    // it has ended already: it cannot be ended
    const endClosed = await inject('POST', `/api/cases/${c.id}/excluded-periods/${closed.body.excludedPeriods[0].id}/end`, judge, {});
    expect(endClosed.status).toBe(409);
    expect(endClosed.body.message).toMatch(/该期间已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 结束/);

    // ending the open one
    const ended = await inject('POST', `/api/cases/${c.id}/excluded-periods/${period.id}/end`, await h.login('zhuren'), { reason: '公告期满' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const after = ended.body.excludedPeriods.find((p: { id: string }) => p.id === period.id);
    expect(after).toMatchObject({ open: false, endedBy: 'zhuren' });
    expect(Date.parse(after.to)).toBeGreaterThanOrEqual(Date.parse(period.from));
    const endMessage = await until('the end in the model', async () => {
      const x = await variable(c.processInstanceKey, 'exclusion');
      return x && x.to && !x.kind && x;
    });
    expect(endMessage).toEqual({ id: period.id, to: after.to });
    expect((await inject('POST', `/api/cases/${c.id}/excluded-periods/${period.id}/end`, judge, {})).status).toBe(409);

    const audit = await h.app.db.select().from(auditLog).where(eq(auditLog.caseId, c.id));
    expect(audit.filter((a) => a.action === 'case.exclude-period').map((a) => a.actor)).toEqual(['faguan', 'faguan']);
    expect(audit.filter((a) => a.action === 'case.end-excluded-period').map((a) => [a.actor, (a.details as { periodId: string }).periodId])).toEqual([['zhuren', period.id]]);
    const timeline = (await inject('GET', `/api/cases/${c.id}/timeline`, judge)).body.items as { title: string; detail: string | null }[];
    expect(timeline.find((t) => t.title === '登记不计入执行期限的期间')?.detail).toBe('公告：公告送达执行通知书');
    expect(timeline.map((t) => t.title)).toContain('不计入期间结束');
  }, 60_000);

  it('a period with a scheduled end can be ended early, not after its end and not before its start', async () => {
    const c = await register();
    const judge = await h.login('faguan');
    const res = await inject('POST', `/api/cases/${c.id}/excluded-periods`, judge, { kind: '鉴定', reason: '司法鉴定', to: new Date(Date.now() + 86_400_000).toISOString() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = res.body.excludedPeriods[0];
    expect(p.open).toBe(true);
    const end = (body: unknown) => inject('POST', `/api/cases/${c.id}/excluded-periods/${p.id}/end`, judge, body);
    const beforeStart = await end({ to: new Date(Date.parse(p.from) - 1000).toISOString() });
    expect([beforeStart.status, beforeStart.body.field]).toEqual([400, 'to']);
    const future = await end({ to: new Date(Date.now() + 3_600_000).toISOString() });
    expect([future.status, future.body.field]).toEqual([400, 'to']);
    const ok = await end({ to: p.from });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.excludedPeriods[0]).toMatchObject({ id: p.id, to: p.from, open: false, endedBy: 'faguan' });
  }, 60_000);

  it('refuses bad input naming the field, unknown periods and cases, closed and non-执 cases, and roles outside the rule', async () => {
    const c = await register();
    const judge = await h.login('faguan');
    const exclude = (body: unknown, headers: Headers = judge, id = c.id) => inject('POST', `/api/cases/${id}/excluded-periods`, headers, body);
    const now = Date.now();

    const cases400: [unknown, string][] = [
      [{ kind: '中止', reason: '破产' }, 'kind'],
      [{ kind: '公告', reason: '' }, 'reason'],
      [{ kind: '公告', reason: '   ' }, 'reason'],
      [{ kind: '公告', reason: '长'.repeat(501) }, 'reason'],
      [{ kind: '公告', reason: '公告', basis: '文'.repeat(201) }, 'basis'],
      [{ kind: '公告', reason: '公告', from: '昨天' }, 'from'],
      [{ kind: '公告', reason: '公告', from: new Date(now + 3_600_000).toISOString() }, 'from'],
      [{ kind: '公告', reason: '公告', from: new Date(Date.parse(c.filedAt) - 86_400_000).toISOString() }, 'from'],
      [{ kind: '公告', reason: '公告', from: c.filedAt, to: c.filedAt }, 'to'],
    ];
    for (const [body, field] of cases400) {
      const res = await exclude(body);
      expect([res.status, res.body.field], JSON.stringify(body)).toEqual([400, field]);
    }
    const beforeFiling = await exclude({ kind: '公告', reason: '公告', from: new Date(Date.parse(c.filedAt) - 86_400_000).toISOString() });
    expect(beforeFiling.body.message).toContain('立案时间');

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await exclude({ kind: '公告', reason: '公告' }, judge, unknown)).status).toBe(404);
    expect((await inject('POST', `/api/cases/${c.id}/excluded-periods/${unknown}/end`, judge, {})).status).toBe(404);
    // another case's period is not found under this case
    const other = await register();
    const others = await exclude({ kind: '审计', reason: '审计' }, judge, other.id);
    expect(others.status).toBe(201);
    expect((await inject('POST', `/api/cases/${c.id}/excluded-periods/${others.body.excludedPeriods[0].id}/end`, judge, {})).status).toBe(404);
    const badEnd = await inject('POST', `/api/cases/${other.id}/excluded-periods/${others.body.excludedPeriods[0].id}/end`, judge, { to: '下周' });
    expect([badEnd.status, badEnd.body.field]).toEqual([400, 'to']);

    // clerks and the hotline record no period
    expect((await exclude({ kind: '公告', reason: '公告' }, await h.login('neiqin'))).status).toBe(403);
    expect((await exclude({ kind: '公告', reason: '公告' }, await h.login('zhiban'))).status).toBe(403);
    // nothing was recorded by the refusals
    const rows = await h.app.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.id), eq(auditLog.action, 'case.exclude-period')));
    expect(rows).toEqual([]);
    expect((await inject('GET', `/api/cases/${c.id}`, judge)).body.excludedPeriods).toEqual([]);

    // only 执 cases have the period watch; closed cases have none running
    const preservation = await insertCase({ caseType: '执保', filedAt: new Date(now - 86_400_000) });
    const p = await exclude({ kind: '公告', reason: '公告' }, judge, preservation.id);
    expect(p.status).toBe(409);
    expect(p.body.message).toContain('执保');
    const closedCase = await insertCase({ status: 'closed', stage: '已结案', filedAt: new Date(now - 86_400_000) });
    expect((await exclude({ kind: '公告', reason: '公告' }, judge, closedCase.id)).status).toBe(409);
  }, 60_000);

  it('the case page does not fail when the engine cannot be reached: executionPeriod is null', async () => {
    const c = await register();
    const offline = await h.anotherApp({ engine: { restUrl: 'http://127.0.0.1:9' } });
    // sessions live in the shared database
    const headers = await h.login('faguan');
    const res = await offline.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().executionPeriod).toBeNull();
    expect(res.json().excludedPeriods).toEqual([]);
  }, 60_000);
});
