/**
 * 暂缓 / 中止 one auction (NA 28) through the server: `GET /api/cases/:id/auctions`, `POST
 * …/auctions/:assetId/suspension` and `/resumption`, against the real engine and a small `auction`
 * model deployed here with the real model's shape (the bidding phase's event-based gateway, a catch
 * of `auction.suspended` keyed by `auctionKey`, the pause waiting for `auction.resumed` or the 暂缓
 * term, and a pricing phase whose 委托评估 catches `auction.pricing-withdrawn`, RP 29). The server
 * correlates the messages: when no auction waits for one it answers 409.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases } from '../../server/src/db/schema.js';
import { NOT_IN_PRICING, NOT_PAUSABLE, NOT_PAUSED } from '../../server/src/services/auction-pause.js';
import { startServerHarness, type Headers, type ServerHarness } from './server-harness.js';

const auctionModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="auction-test-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="auction" name="司法网拍（测试）" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>a1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="a1" sourceRef="start" targetRef="skipGateway" />
    <bpmn:exclusiveGateway id="skipGateway" default="a2"><bpmn:incoming>a1</bpmn:incoming><bpmn:outgoing>a2</bpmn:outgoing><bpmn:outgoing>a3</bpmn:outgoing><bpmn:outgoing>p1</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="p1" sourceRef="skipGateway" targetRef="receiveAppraisalReport"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=pricing = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="receiveAppraisalReport" name="接收评估报告"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>p1</bpmn:incoming><bpmn:outgoing>p2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="p2" sourceRef="receiveAppraisalReport" targetRef="biddingPhase" />
    <bpmn:boundaryEvent id="appraisalWithdrawn" name="撤回委托评估" attachedToRef="receiveAppraisalReport"><bpmn:outgoing>p3</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Message_pricingWithdrawn" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="p3" sourceRef="appraisalWithdrawn" targetRef="recordPricingWithdrawn" />
    <bpmn:scriptTask id="recordPricingWithdrawn" name="撤回询价评估"><bpmn:extensionElements><zeebe:script expression="=&quot;withdrawn&quot;" resultVariable="auctionResult" /></bpmn:extensionElements><bpmn:incoming>p3</bpmn:incoming><bpmn:outgoing>p4</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:sequenceFlow id="p4" sourceRef="recordPricingWithdrawn" targetRef="pricingWithdrawnEnd" />
    <bpmn:endEvent id="pricingWithdrawnEnd"><bpmn:incoming>p4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a3" sourceRef="skipGateway" targetRef="recordUnsold"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=skip = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:scriptTask id="recordUnsold" name="未能处置"><bpmn:extensionElements><zeebe:script expression="=&quot;unsold&quot;" resultVariable="auctionResult" /></bpmn:extensionElements><bpmn:incoming>a3</bpmn:incoming><bpmn:outgoing>a4</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:sequenceFlow id="a4" sourceRef="recordUnsold" targetRef="unsold" />
    <bpmn:endEvent id="unsold"><bpmn:incoming>a4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a2" sourceRef="skipGateway" targetRef="biddingPhase" />
    <bpmn:eventBasedGateway id="biddingPhase" name="公告及竞价期间"><bpmn:incoming>a2</bpmn:incoming><bpmn:incoming>p2</bpmn:incoming><bpmn:outgoing>a5</bpmn:outgoing><bpmn:outgoing>a6</bpmn:outgoing></bpmn:eventBasedGateway>
    <bpmn:sequenceFlow id="a5" sourceRef="biddingPhase" targetRef="biddingEnds" />
    <bpmn:intermediateCatchEvent id="biddingEnds" name="竞价结束"><bpmn:incoming>a5</bpmn:incoming><bpmn:outgoing>a7</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="a7" sourceRef="biddingEnds" targetRef="sold" />
    <bpmn:endEvent id="sold"><bpmn:incoming>a7</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a6" sourceRef="biddingPhase" targetRef="auctionSuspended" />
    <bpmn:intermediateCatchEvent id="auctionSuspended" name="暂缓 / 中止拍卖"><bpmn:incoming>a6</bpmn:incoming><bpmn:outgoing>a8</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Message_suspended" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="a8" sourceRef="auctionSuspended" targetRef="recordSuspension" />
    <bpmn:scriptTask id="recordSuspension" name="停止拍卖并公告原因"><bpmn:extensionElements><zeebe:script expression="=[{listingId: &quot;L1&quot;, kind: suspension.kind, reason: suspension.reason, until: suspension.until, suspendedAt: &quot;2000-01-01T00:00:00.000Z&quot;}]" resultVariable="auctionSuspensions" /></bpmn:extensionElements><bpmn:incoming>a8</bpmn:incoming><bpmn:outgoing>a9</bpmn:outgoing></bpmn:scriptTask>
    <bpmn:sequenceFlow id="a9" sourceRef="recordSuspension" targetRef="termGateway" />
    <bpmn:exclusiveGateway id="termGateway" name="暂缓是否定有期限" default="a10"><bpmn:incoming>a9</bpmn:incoming><bpmn:outgoing>a10</bpmn:outgoing><bpmn:outgoing>a11</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="a10" sourceRef="termGateway" targetRef="suspensionLifted" />
    <bpmn:sequenceFlow id="a11" sourceRef="termGateway" targetRef="postponementEnds"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=suspension.until != null</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:intermediateCatchEvent id="suspensionLifted" name="中止事由消失"><bpmn:incoming>a10</bpmn:incoming><bpmn:outgoing>a12</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Message_resumed" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="postponementEnds" name="暂缓期限届满"><bpmn:incoming>a11</bpmn:incoming><bpmn:outgoing>a13</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(suspension.until)</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="a12" sourceRef="suspensionLifted" targetRef="resumeMerge" />
    <bpmn:sequenceFlow id="a13" sourceRef="postponementEnds" targetRef="resumeMerge" />
    <bpmn:exclusiveGateway id="resumeMerge"><bpmn:incoming>a12</bpmn:incoming><bpmn:incoming>a13</bpmn:incoming><bpmn:outgoing>a14</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="a14" sourceRef="resumeMerge" targetRef="resumeAuction" />
    <bpmn:userTask id="resumeAuction" name="恢复拍卖"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>a14</bpmn:incoming><bpmn:outgoing>a15</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="a15" sourceRef="resumeAuction" targetRef="resumed" />
    <bpmn:endEvent id="resumed"><bpmn:incoming>a15</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmn:message id="Message_suspended" name="auction.suspended"><bpmn:extensionElements><zeebe:subscription correlationKey="=auctionKey" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="Message_pricingWithdrawn" name="auction.pricing-withdrawn"><bpmn:extensionElements><zeebe:subscription correlationKey="=auctionKey" /></bpmn:extensionElements></bpmn:message>
  <bpmn:message id="Message_resumed" name="auction.resumed"><bpmn:extensionElements><zeebe:subscription correlationKey="=auctionKey" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

let h: ServerHarness;

beforeAll(async () => {
  h = await startServerHarness({ engine: true });
  await h.app.engineClient.deployResources([{ name: 'auction.bpmn', content: auctionModel }]);
}, 120_000);
afterAll(async () => h?.close());

const inject = async (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) => {
  const res = await h.app.inject({ method, url, headers, payload: payload as object });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};

let serial = 0;
async function insertCase() {
  const [row] = await h.database.db
    .insert(cases)
    .values({
      caseNumber: `（2026）豫1330执${900 + ++serial}号`,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '申请人', kind: 'person' }, respondents: [{ name: '被执行人', kind: 'person' }], basisDocument: { court: '本院', number: '1', kind: '判决书' } },
      claimAmount: 100_000,
      registeredBy: 'lian',
    })
    .returning();
  return row!;
}

/** an asset's auction started directly with the variables `registerAsset` sets */
async function startAuction(caseId: string, assetId: string, extra: Record<string, unknown> = {}) {
  const created = await h.app.engineClient.createProcessInstance({
    processDefinitionId: 'auction',
    variables: { caseId, asset: { id: assetId, kind: 'realEstate', description: `房产 ${assetId}` }, auctionKey: `${caseId}:${assetId}`, ...extra },
  });
  return created.processInstanceKey;
}

async function auctions(caseId: string, headers: Headers) {
  const res = await inject('GET', `/api/cases/${caseId}/auctions`, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Record<string, any>[];
}

describe('暂缓 / 中止 one auction', () => {
  it('lists the case auctions, suspends one by correlation, shows the pause and resumes it', async () => {
    const c = await insertCase();
    const other = await insertCase();
    const judge = await h.login('faguan');
    const a1 = await startAuction(c.id, 'A1');
    await startAuction(c.id, 'A2', { skip: true });
    await startAuction(other.id, 'A1');

    const listed = await auctions(c.id, await h.login('wangpai'));
    expect(listed.map((a) => [a.assetId, a.state])).toEqual([
      ['A1', 'ACTIVE'],
      ['A2', 'COMPLETED'],
    ]);
    expect(listed[0]).toMatchObject({ description: '房产 A1', processInstanceKey: a1, suspension: null, auctionResult: null });
    expect(listed[0].activeElements).toEqual(expect.arrayContaining([{ elementId: 'biddingPhase', name: '公告及竞价期间' }]));
    expect(listed[1]).toMatchObject({ auctionResult: 'unsold', activeElements: [] });

    const res = await inject('POST', `/api/cases/${c.id}/auctions/A1/suspension`, judge, { kind: '中止', reason: '案外人异议审查', basis: '（2026）豫1330执异5号' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.suspension).toMatchObject({ kind: '中止', reason: '案外人异议审查', until: null });
    expect(res.body.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['suspensionLifted']);
    const variables = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: a1, name: 'suspension' } });
    expect(JSON.parse(variables.items[0]!.value)).toEqual({ kind: '中止', reason: '案外人异议审查', basis: '（2026）豫1330执异5号' });
    // the other case's auction of an asset with the same id was not touched
    expect((await auctions(other.id, judge))[0]!.suspension).toBeNull();

    // already paused, or not in a phase that can be paused: 409
    const again = await inject('POST', `/api/cases/${c.id}/auctions/A1/suspension`, judge, { kind: '暂缓', reason: '再次' });
    expect([again.status, again.body.message]).toEqual([409, NOT_PAUSABLE]);
    const completed = await inject('POST', `/api/cases/${c.id}/auctions/A2/suspension`, judge, { kind: '中止', reason: '—' });
    expect([completed.status, completed.body.message]).toEqual([409, NOT_PAUSABLE]);

    const resumed = await inject('POST', `/api/cases/${c.id}/auctions/A1/resumption`, await h.login('zhuren'), { reason: '异议被驳回' });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.suspension).toBeNull();
    expect(resumed.body.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['resumeAuction']);
    const resumption = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: a1, name: 'resumption' } });
    expect(JSON.parse(resumption.items[0]!.value)).toMatchObject({ reason: '异议被驳回', by: 'zhuren' });

    // nothing waits for either message now: the engine's correlation is refused, the server says why
    const notPaused = await inject('POST', `/api/cases/${c.id}/auctions/A1/resumption`, judge, {});
    expect([notPaused.status, notPaused.body.message]).toEqual([409, NOT_PAUSED]);
    const notPausable = await inject('POST', `/api/cases/${c.id}/auctions/A1/suspension`, judge, { kind: '中止', reason: '破产' });
    expect([notPausable.status, notPausable.body.message]).toEqual([409, NOT_PAUSABLE]);

    const audit = await h.app.db.select().from(auditLog).where(eq(auditLog.caseId, c.id));
    expect(audit.filter((a) => a.action === 'auction.suspend').map((a) => [a.actor, (a.details as { assetId: string }).assetId])).toEqual([['faguan', 'A1']]);
    expect(audit.filter((a) => a.action === 'auction.resume').map((a) => a.actor)).toEqual(['zhuren']);
    const timeline = (await inject('GET', `/api/cases/${c.id}/timeline`, judge)).body.items as { title: string }[];
    expect(timeline.map((t) => t.title)).toEqual(expect.arrayContaining(['中止拍卖', '恢复拍卖']));
  }, 60_000);

  it('暂缓 with a term waits for the term; bad input names the field; unknown cases and assets are 404; clerks are refused', async () => {
    const c = await insertCase();
    const judge = await h.login('faguan');
    await startAuction(c.id, 'B1');
    const suspend = (body: unknown, headers: Headers = judge, asset = 'B1', id = c.id) => inject('POST', `/api/cases/${id}/auctions/${asset}/suspension`, headers, body);
    const now = Date.now();

    const cases400: [unknown, string][] = [
      [{ kind: '中止', reason: '破产', until: new Date(now + 86_400_000).toISOString() }, 'until'],
      [{ kind: '暂缓', reason: '担保', until: new Date(now - 86_400_000).toISOString() }, 'until'],
      [{ kind: '暂缓', reason: '担保', until: '下月' }, 'until'],
      [{ kind: '终结', reason: '—' }, 'kind'],
      [{ kind: '中止', reason: '  ' }, 'reason'],
      [{ kind: '中止', reason: '破产', basis: '文'.repeat(201) }, 'basis'],
    ];
    for (const [body, field] of cases400) {
      const res = await suspend(body);
      expect([res.status, res.body.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await suspend({ kind: '中止', reason: '破产' }, judge, 'NOPE')).status).toBe(404);
    expect((await suspend({ kind: '中止', reason: '破产' }, judge, 'B1', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await inject('GET', '/api/cases/00000000-0000-4000-8000-000000000000/auctions', judge)).status).toBe(404);
    expect((await inject('POST', `/api/cases/${c.id}/auctions/NOPE/resumption`, judge, {})).status).toBe(404);
    expect((await suspend({ kind: '中止', reason: '破产' }, await h.login('wangpai'))).status).toBe(403);
    expect((await inject('POST', `/api/cases/${c.id}/auctions/B1/resumption`, await h.login('zhiban'), {})).status).toBe(403);
    expect((await inject('GET', `/api/cases/${c.id}/auctions`, await h.login('zhiban'))).status).toBe(403);
    const refusals = await h.app.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.id), eq(auditLog.action, 'auction.suspend')));
    expect(refusals).toEqual([]);

    const until = new Date(now + 10 * 86_400_000).toISOString();
    const res = await suspend({ kind: '暂缓', reason: '申请执行人同意暂缓', until });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.suspension).toMatchObject({ kind: '暂缓', reason: '申请执行人同意暂缓', until });
    expect(res.body.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['postponementEnds']);
    // a 暂缓 with a term ends when the term runs out in the model: no resumption waits for a message
    const resume = await inject('POST', `/api/cases/${c.id}/auctions/B1/resumption`, judge, {});
    expect([resume.status, resume.body.message]).toEqual([409, NOT_PAUSED]);
  }, 60_000);

  it('撤回网络询价或委托评估 (RP 29): correlated while the appraisal is under way; 409 outside pricing; bad input names the field; clerks are refused', async () => {
    const c = await insertCase();
    const judge = await h.login('faguan');
    const pricing = await startAuction(c.id, 'W1', { pricing: true });
    await startAuction(c.id, 'W2');
    await startAuction(c.id, 'W3', { skip: true });
    const withdraw = (body: unknown, asset = 'W1', headers: Headers = judge) => inject('POST', `/api/cases/${c.id}/auctions/${asset}/pricing-withdrawal`, headers, body);

    expect((await auctions(c.id, judge)).find((a) => a.assetId === 'W1')!.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['receiveAppraisalReport']);

    const bad: [unknown, string][] = [
      [{}, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: '文'.repeat(501) }, 'reason'],
      [{ reason: '申请执行人撤回执行申请', basis: '文'.repeat(201) }, 'basis'],
    ];
    for (const [body, field] of bad) {
      const res = await withdraw(body);
      expect([res.status, res.body.field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await withdraw({ reason: '义务已全部履行' }, 'W1', await h.login('wangpai'))).status).toBe(403);
    expect((await withdraw({ reason: '义务已全部履行' }, 'NOPE')).status).toBe(404);

    // in the bidding phase, or ended: nothing waits for the withdrawal
    const bidding = await withdraw({ reason: '义务已全部履行' }, 'W2');
    expect([bidding.status, bidding.body.message]).toEqual([409, NOT_IN_PRICING]);
    const ended = await withdraw({ reason: '义务已全部履行' }, 'W3');
    expect([ended.status, ended.body.message]).toEqual([409, NOT_IN_PRICING]);
    expect((await auctions(c.id, judge)).find((a) => a.assetId === 'W2')).toMatchObject({ state: 'ACTIVE', auctionResult: null });
    expect(await h.app.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.id), eq(auditLog.action, 'auction.withdraw-pricing')))).toEqual([]);

    const res = await withdraw({ reason: ' 申请执行人撤回执行申请 ', basis: '（2026）豫1330执恢1号' }, 'W1', await h.login('zhuren'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ assetId: 'W1', processInstanceKey: pricing, state: 'COMPLETED', auctionResult: 'withdrawn', activeElements: [], suspension: null });
    const variables = await h.app.engineClient.searchVariables({ filter: { processInstanceKey: pricing, name: 'withdrawal' } });
    expect(JSON.parse(variables.items[0]!.value)).toEqual({ reason: '申请执行人撤回执行申请', basis: '（2026）豫1330执恢1号' });

    const again = await withdraw({ reason: '再次撤回' });
    expect([again.status, again.body.message]).toEqual([409, NOT_IN_PRICING]);

    const audit = await h.app.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.id), eq(auditLog.action, 'auction.withdraw-pricing')));
    expect(audit.map((a) => [a.actor, a.details])).toEqual([
      ['zhuren', { assetId: 'W1', processInstanceKey: pricing, reason: '申请执行人撤回执行申请', basis: '（2026）豫1330执恢1号', caseNumber: c.caseNumber }],
    ]);
    const timeline = (await inject('GET', `/api/cases/${c.id}/timeline`, judge)).body.items as { title: string }[];
    expect(timeline.map((t) => t.title)).toContain('撤回询价评估');
  }, 60_000);
});
