/**
 * The applicant's status page against a real engine: with the right case number and password,
 * the case's progress read from its processes (查控 queries done, assets found by kind, frozen
 * amount, seals, the auction under way, documents issued) and nothing internal; a wrong
 * password and an unknown case number get the same answer; the page is rate limited.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../common/document-store.js';
import type { TypedApp } from '../../server/src/app.js';
import type { ServerDatabase } from '../../server/src/db/database.js';
import { auditLog, cases } from '../../server/src/db/schema.js';
import { STATUS_RATE_LIMIT } from '../../server/src/routes/public/index.js';
import type { TestEngineServer } from '../support/engine-server.js';
import { startServerHarness, type ServerHarness } from './server-harness.js';

let engine: TestEngineServer;
let h: ServerHarness;
let app: TypedApp;
let database: ServerDatabase;
const documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-status-docs-'));
const previousDocumentsDir = process.env.DOCUMENTS_DIR;

async function rest<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${engine.httpUrl}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const bpmn = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const job = (id: string, type: string, incoming: string, outgoing: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements><bpmn:incoming>${incoming}</bpmn:incoming><bpmn:outgoing>${outgoing}</bpmn:outgoing></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** the case: 网络查控 (asset-control), then 司法网拍 (auction), then 结案 */
const models = {
  'public-case.bpmn': bpmn(
    'public-case',
    `<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>${flow('f1', 's', 'control')}
     <bpmn:callActivity id="control"><bpmn:extensionElements><zeebe:calledElement processId="asset-control" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:callActivity>${flow('f2', 'control', 'dispose')}
     <bpmn:callActivity id="dispose"><bpmn:extensionElements><zeebe:calledElement processId="auction" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:callActivity>${flow('f3', 'dispose', 'e')}
     <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  ),
  'asset-control.bpmn': bpmn(
    'asset-control',
    `<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>${flow('f1', 's', 'inquireNational')}
     ${job('inquireNational', 'public-test.national', 'f1', 'f2')}${flow('f2', 'inquireNational', 'inquireProvincial')}
     ${job('inquireProvincial', 'public-test.provincial', 'f2', 'f3')}${flow('f3', 'inquireProvincial', 'e')}
     <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  ),
  'auction.bpmn': bpmn(
    'auction',
    `<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>${flow('f1', 's', 'publishListing')}
     ${job('publishListing', 'public-test.listing', 'f1', 'f2')}${flow('f2', 'publishListing', 'bidding')}
     <bpmn:userTask id="bidding" name="竞价"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="网拍组" /></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>${flow('f3', 'bidding', 'e')}
     <bpmn:endEvent id="e"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`,
  ),
};

const PASSWORD = 'Cx-2026-0417';
const ACCOUNT = '6222020200112233445';
const ID_NUMBER = '410526198001011234';
let theCase: typeof cases.$inferSelect;

async function completeJob(type: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 100; i++) {
    const { jobs } = await rest('POST', '/v2/jobs/activation', { type, worker: 'public-test', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 });
    if (jobs.length > 0) return rest('POST', `/v2/jobs/${jobs[0].jobKey}/completion`, { variables });
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${type} job`);
}

beforeAll(async () => {
  process.env.DOCUMENTS_DIR = documentsDir;
  h = await startServerHarness({ engine: true });
  ({ app, database } = h);
  engine = h.engine!;
  const form = new FormData();
  for (const [name, xml] of Object.entries(models)) form.append('resources', new Blob([xml]), name);
  expect((await fetch(`${engine.httpUrl}/v2/deployments`, { method: 'POST', body: form })).status).toBe(200);

  const caseNumber = '（2026）豫1330执321号';
  const caseId = crypto.randomUUID();
  const { processInstanceKey } = await rest('POST', '/v2/process-instances', { processDefinitionId: 'public-case', variables: { caseId, caseNumber } });
  [theCase] = await database.db
    .insert(cases)
    .values({
      id: caseId,
      caseNumber,
      caseType: '执',
      courtCode: '豫1330',
      year: 2026,
      parties: { applicant: { name: '某某公司', kind: 'organization' }, respondents: [{ name: '张某', kind: 'person', idNumber: ID_NUMBER }] },
      claimAmount: 200_000,
      amountRecovered: 35_000,
      team: '执行团队',
      caseOfficer: 'judge-wang',
      stage: '网络查控',
      registeredBy: 'clerk-li',
      processInstanceKey,
      applicantAccessHash: await hash(PASSWORD),
    })
    .returning();

  await completeJob('public-test.national', {
    assets: [
      { id: 'a1', kind: 'deposit', system: '总对总', holder: '张某', idNumber: ID_NUMBER, institution: '工商银行', reference: ACCOUNT, amount: 35_000 },
      { id: 'a2', kind: 'vehicle', system: '总对总', holder: '张某', idNumber: ID_NUMBER, institution: '车管所', reference: '豫P·88888' },
      { id: 'a3', kind: 'real-estate', system: '点对点', holder: '张某', idNumber: ID_NUMBER, institution: '不动产登记中心', reference: '豫(2020)不动产权第001号' },
    ],
    frozenAmount: 35_000,
    seals: [{ id: 'seal-1', assetId: 'a3', expiresAt: '2029-11-29T00:00:00Z' }],
  });
  await completeJob('public-test.provincial', {});
  await completeJob('public-test.listing', { auctionRound: 1, listing: { listingId: 'L-1', round: 1, startsAt: '2026-12-20T10:00:00+08:00', endsAt: '2026-12-21T10:00:00+08:00', startingPrice: 840_000 } });

  createDocumentStore({ dir: documentsDir }).put({ caseId, caseNumber, kind: '执行通知书', title: `执行通知书（${caseNumber}）`, sourceKey: 'el-1', content: Buffer.from('docx') });
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (previousDocumentsDir === undefined) delete process.env.DOCUMENTS_DIR;
  else process.env.DOCUMENTS_DIR = previousDocumentsDir;
  fs.rmSync(documentsDir, { recursive: true, force: true });
});

const status = (caseNumber: string, password: string) => app.inject({ method: 'POST', url: '/api/public/status', payload: { caseNumber, password } });

describe('POST /api/public/status', () => {
  it('shows the applicant the progress of inquiry and disposal, without a session', async () => {
    const res = await status(theCase.caseNumber, PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      caseNumber: '（2026）豫1330执321号',
      caseType: '执',
      stage: '财产处置（司法网拍）',
      closed: false,
      filedAt: theCase.filedAt.toISOString(),
      closedAt: null,
      claimAmount: 200_000,
      amountRecovered: 35_000,
      inquiry: { queriesDone: 2, lastQueryAt: expect.any(String), assetsFound: { 存款: 1, 车辆: 1, 不动产: 1 } },
      disposal: {
        frozenAmount: 35_000,
        deductedAmount: 35_000,
        sealedAssets: 1,
        auctions: [{ round: 1, status: '进行中', startsAt: '2026-12-20T10:00:00+08:00', endsAt: '2026-12-21T10:00:00+08:00', startingPrice: 840_000, proceeds: null }],
      },
      documents: [{ kind: '执行通知书', issuedAt: expect.any(String) }],
    });
    const audit = (await database.db.select().from(auditLog)).filter((a) => a.action === 'public.status');
    expect(audit).toEqual([expect.objectContaining({ actor: 'applicant', caseId: theCase.id })]);
  });

  it('shows nothing internal: no account or identity numbers, no staff', async () => {
    const body = (await status(theCase.caseNumber, PASSWORD)).body;
    for (const secret of [ACCOUNT, ID_NUMBER, 'judge-wang', 'clerk-li', '豫P·88888', theCase.processInstanceKey!, theCase.id, 'applicantAccessHash']) expect(body).not.toContain(secret);
  });

  it('answers a wrong password and an unknown case number alike', async () => {
    const wrongPassword = await status(theCase.caseNumber, 'guess');
    const unknownCase = await status('（2026）豫1330执999号', PASSWORD);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownCase.statusCode).toBe(401);
    expect(wrongPassword.body).toBe(unknownCase.body);
    expect(wrongPassword.json().message).toBe('案号或查询密码不正确');
    const missing = await app.inject({ method: 'POST', url: '/api/public/status', payload: { caseNumber: theCase.caseNumber } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('password');
  });

  it('is rate limited per address', async () => {
    const answers: number[] = [];
    for (let i = 0; i < STATUS_RATE_LIMIT.max + 2; i++) answers.push((await status(theCase.caseNumber, 'guess')).statusCode);
    expect(answers).toContain(429);
    expect(answers.filter((s) => s !== 429).every((s) => s === 401 || s === 400)).toBe(true);
    const limited = await status(theCase.caseNumber, PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/^查询过于频繁/);
  });
});
