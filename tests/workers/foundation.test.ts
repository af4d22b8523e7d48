/**
 * The foundation workers through the real SDK against the engine: documents.generate writes
 * DOCX files in the court's layout into the document store (once per task, even when the job is
 * delivered again), deadlines.compute counts statutory periods from the engine's clock, and
 * alerts.overdue records a warning. A failing handler becomes an incident with a clear message.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerContext, silentLog } from '../../workers/core/context.js';
import { runHandler, type WorkerJob } from '../../workers/core/define-worker.js';
import { findWorkerFiles } from '../../workers/core/start-workers.js';
import generateWorker from '../../workers/documents/generate.worker.js';
import overdueWorker from '../../workers/alerts/overdue.worker.js';
import freezeWorker from '../../workers/assets/freeze.worker.js';
import inquireWorker from '../../workers/assets/inquire.worker.js';
import recordSeizureWorker from '../../workers/assets/record-seizure.worker.js';
import notifyAuctionsWorker from '../../workers/case/notify-auctions.worker.js';
import computeWorker from '../../workers/deadlines/compute.worker.js';
import { jobsOf } from './worker-jobs.js';
import { DAY, ProcessHarness } from '../support/process-harness.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'worker-steps.bpmn');
const CASE = {
  caseId: 'c0ffee00-0000-4000-8000-000000000001',
  caseNumber: '（2026）豫1330执123号',
  applicant: { name: '张三', kind: 'person', idNumber: '411330199001011234' },
  respondents: [{ name: '桐柏县某某建材有限公司', kind: 'organization', idNumber: '91411330MA00000000' }],
  claimAmount: 86500,
  basisDocument: { court: '本院', number: '（2025）豫1330民初456号', kind: '民事判决书' },
  measure: '冻结',
  measureAsset: '中国农业银行桐柏县支行',
  measureAmount: 86500,
  entrustedCourt: '河南省南阳市宛城区人民法院',
  asset: { description: '桐柏县城关镇某小区1号楼101室', appraisedValue: 300000 },
  startingPrice: 210000,
};

const documentXml = async (content: Buffer) => (await JSZip.loadAsync(content)).file('word/document.xml')!.async('string');
/** the document's text, paragraphs joined by newlines */
const textOf = (xml: string) =>
  xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean);

describe('worker foundation', { timeout: 90_000 }, () => {
  let h: ProcessHarness;
  beforeAll(async () => {
    // 2025-09-26 (Friday) 10:00 in Beijing, just before 国庆
    h = await ProcessHarness.start({ startAt: '2025-09-26T10:00:00+08:00', workers: [] });
    await h.deploy(FIXTURE);
  }, 180_000);
  afterAll(() => h?.close());

  it('finds every *.worker.ts under workers/', () => {
    const files = findWorkerFiles().map((f) => path.relative(path.resolve('workers'), f));
    expect(files).toEqual(expect.arrayContaining(['documents/generate.worker.ts', 'deadlines/compute.worker.ts', 'alerts/overdue.worker.ts']));
  });

  it('a job delivered again after its worker died makes no second document', async () => {
    const pi = await h.createInstance('worker-documents', CASE);
    // a worker takes the job, writes the documents, and dies before completing it
    const { jobs } = await h.rest('POST', '/v2/jobs/activation', { type: 'documents.generate', worker: 'crashed', timeout: 60_000, maxJobsToActivate: 1 });
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    const ctx = createWorkerContext({ log: silentLog, now: () => new Date(h.now()), config: { documentsDir: h.documents.dir } });
    const firstRun: WorkerJob<any, any> = { ...job, idempotencyKey: `${job.elementInstanceKey}:${job.type}`, variables: job.variables, customHeaders: job.customHeaders };
    expect(await runHandler(generateWorker, firstRun, ctx)).toMatchObject({ kind: 'complete' });
    const afterFirst = h.documents.listByCase(CASE.caseId);
    expect(afterFirst).toHaveLength(11);

    // the job times out and the real worker gets it again
    await h.startWorkers();
    await h.advanceClock(61_000);
    await h.waitForCompletion(pi);

    const documents = h.documents.listByCase(CASE.caseId);
    expect(documents.map((d) => d.id).sort()).toEqual(afterFirst.map((d) => d.id).sort());
    expect(documents.map((d) => d.kind).sort()).toEqual(
      ['受理通知书', '提供被执行人财产状况通知书', '执行通知书', '报告财产令', '限制消费令', '执行裁定书', '终本裁定书', '失信决定书', '委托执行函', '拍卖公告', '恢复执行通知书'].sort(),
    );
    const vars = await h.variables(pi);
    expect(vars.documentsGenerated).toBe(true);
    expect(vars.generatedDocuments.map((d: { id: string }) => d.id).sort()).toEqual(afterFirst.map((d) => d.id).sort());
  });

  it('a 执行通知书 in the court layout: court, title, 案号 right-aligned, body, 落款 and date', async () => {
    const [notice] = h.documents.listByCase(CASE.caseId).filter((d) => d.kind === '执行通知书');
    expect(notice).toMatchObject({ caseNumber: CASE.caseNumber, title: '执行通知书（（2026）豫1330执123号）', fileName: `${notice!.id}.docx` });
    const { content } = h.documents.read(notice!.id)!;
    expect(notice!.size).toBe(content.length);
    const xml = await documentXml(content);
    const lines = textOf(xml);
    expect(lines.slice(0, 4)).toEqual(['河南省桐柏县人民法院', '执行通知书', '（2026）豫1330执123号', '桐柏县某某建材有限公司：']);
    expect(lines.join('\n')).toContain('本院（2025）豫1330民初456号民事判决书已经发生法律效力');
    expect(lines.join('\n')).toContain('人民币86,500.00元');
    expect(lines.slice(-3)).toEqual(['河南省桐柏县人民法院', '二〇二五年九月二十六日', '（院印）']);
    // 案号 paragraph is right-aligned
    const caseNumberParagraph = xml.split('</w:p>').find((p) => p.includes('（2026）豫1330执123号</w:t>') && !p.includes('申请'))!;
    expect(caseNumberParagraph).toContain('<w:jc w:val="right"/>');
  });

  it('the 执行裁定书 reads the measure; the 委托执行函 is addressed to the entrusted court', async () => {
    const docs = h.documents.listByCase(CASE.caseId);
    const ruling = textOf(await documentXml(h.documents.read(docs.find((d) => d.kind === '执行裁定书')!.id)!.content)).join('\n');
    expect(ruling).toContain('冻结被执行人桐柏县某某建材有限公司在中国农业银行桐柏县支行的存款人民币86,500.00元');
    const letter = textOf(await documentXml(h.documents.read(docs.find((d) => d.kind === '委托执行函')!.id)!.content));
    expect(letter[3]).toBe('河南省南阳市宛城区人民法院：');
    const announcement = textOf(await documentXml(h.documents.read(docs.find((d) => d.kind === '拍卖公告')!.id)!.content)).join('\n');
    expect(announcement).toContain('起拍价人民币210,000.00元');
  });

  it('an unknown document kind becomes an incident naming the kind and the known ones', async () => {
    const pi = await h.createInstance('worker-unknown-document', CASE);
    const [incident] = await h.until('incident', 10_000, async () => {
      const found = await h.incidents(pi);
      return found.length ? found : undefined;
    });
    expect(incident!.elementId).toBe('generateUnknown');
    expect(incident!.errorMessage).toMatch(/^任务 documents\.generate 在元素 generateUnknown 处失败：没有文书种类 判决书 的模板（已有：.*执行通知书/);
    await h.cancel(pi);
  });

  it('deadlines.compute counts from the engine clock over 国庆; alerts.overdue records the warning', async () => {
    const pi = await h.createInstance('worker-deadlines', { caseNumber: CASE.caseNumber });
    await h.waitForCompletion(pi);
    const vars = await h.variables(pi);
    const from = new Date(h.now());
    expect(from.toISOString()).toBe('2025-09-26T02:01:01.000Z'); // the pinned start plus the 61 s the redelivery test advanced
    expect(vars.filingReviewDue).toBe('2025-10-13T02:01:01.000Z'); // 7 working days: 09-28 … 10-13
    expect(vars.noticeDue).toBe('2025-10-09T02:01:01.000Z'); // 10-03 is in 国庆 → next working day 10-09
    expect(vars.executionPeriodEnd).toBe('2026-03-26T02:01:01.000Z');
    expect(vars.lastAlert).toMatchObject({ stage: '立案审查', notify: '指挥中心', level: 'overdue', caseNumber: CASE.caseNumber, elementId: 'alert' });
    expect(vars.alerts).toHaveLength(1);
  });

  it('deadlines.compute refuses a period reaching past even the provisional table (the lunar tables end with 2100)', async () => {
    // a year the table lacks (2027 today) is counted provisionally: see tests/common/calendar.test.ts
    await h.server.engine.clock.pin(new Date('2100-12-20T10:00:00+08:00').getTime());
    const pi = await h.createInstance('worker-deadlines', { caseNumber: CASE.caseNumber });
    const [incident] = await h.until('incident', 10_000, async () => {
      const found = await h.incidents(pi);
      return found.length ? found : undefined;
    });
    expect(incident!.errorMessage).toMatch(/期限 executionPeriodEnd：节假日表没有 2101 年的数据/);
    await h.cancel(pi);
  });
});

describe('failure texts (the incidents supervisors read) are Chinese and keep the identifiers', () => {
  const ctx = createWorkerContext({ log: silentLog });
  const job = jobsOf('enforcement-case');
  const failure = async (definition: Parameters<typeof runHandler>[0], variables: Record<string, unknown>, headers: Record<string, string> = {}, elementId = 'element') => {
    const outcome = await runHandler(definition, { ...job(definition, variables), customHeaders: headers, elementId }, ctx);
    if (outcome.kind !== 'fail') throw new Error(`expected a failed job, got ${JSON.stringify(outcome)}`);
    return outcome.message;
  };

  it('names the job type and the element, then what is wrong', async () => {
    expect(await failure(freezeWorker, { assets: [] }, {}, 'freezeDeposits')).toBe('任务 assets.freeze 在元素 freezeDeposits 处失败：流程变量 assets 中没有可冻结的存款');
  });

  it('a bad or missing task header names the element, the header and the value', async () => {
    expect(await failure(notifyAuctionsWorker, { caseId: 'case-1', auctionAssets: [] }, { messageName: '' }, 'registerAsset')).toContain(
      '元素 registerAsset 的任务头 messageName 应为 auction.suspended 或 auction.resumed，实际为 ""',
    );
    expect(await failure(inquireWorker, { respondents: [] }, { system: '省级' }, 'inquire')).toContain('元素 inquire 的任务头 system 应为 总对总 或 点对点，实际为 "省级"');
    expect(await failure(inquireWorker, { respondents: [] }, {}, 'inquire')).toContain('元素 inquire 的任务头 system 应为 总对总 或 点对点，实际为 （未设置）');
    expect(await failure(overdueWorker, {}, {}, 'alertFiling')).toContain('元素 alertFiling 缺少任务头 stage（超期的节点）');
    expect(await failure(computeWorker, {}, { periods: '{bad' })).toContain('任务头 periods 不是有效的 JSON：{bad');
  });

  it('a wrong variable names its path and the value found', async () => {
    const deposit = { id: 'A1', kind: 'deposit', reference: '6216', idNumber: '411330199001011234', description: '存款', institution: '农行' };
    expect(await failure(freezeWorker, { assets: [deposit], claimAmount: 100, measureTermYears: { deposit: 5 } })).toContain('流程变量 measureTermYears.deposit 应为 1、2 或 3（年），实际为 5');
    expect(await failure(recordSeizureWorker, { assets: [deposit], sealedAssetIds: ['FC-9'] })).toContain('流程变量 sealedAssetIds 中的 FC-9 不是本案可查封的财产（已知：无）');
    expect(await failure(computeWorker, { periods: { noticeDue: { days: 1, months: 1 } } })).toContain('期限 noticeDue 应恰好给出 days、workingDays、months 之一，实际为 {"days":1,"months":1}');
    expect(await failure(inquireWorker, { respondents: [{ name: '李四' }] }, { system: '总对总' })).toContain('流程变量 respondents[0] 缺少 name 或 idNumber');
  });
});
