/**
 * Cases: registration (案号 allocated in the same transaction that starts the process), the
 * case row kept in step with its process (stage, team, officer, amount recovered, closing), and
 * the case page's timeline and diagram, read from the engine's REST API.
 */
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { formatCaseNumber, isCaseNumber, normaliseCaseNumber, parseCaseNumber, type EnforcementCaseType } from '../../../common/case-number.js';
import type { ServerDb } from '../db/database.js';
import { auditLog, caseNumberSequences, cases } from '../db/schema.js';
import type { ElementInstance, EngineClient, ProcessInstance } from '../plugins/engine-client.js';
import type { ExcludedPeriod } from './excluded-periods.js';
import { activeSuspension } from './suspension.js';

export interface Party {
  name: string;
  kind: 'person' | 'organization';
  idNumber?: string;
  phone?: string;
  address?: string;
}

export interface NewCase {
  caseType: '执' | '执恢' | '执保';
  applicant: Party;
  respondents: Party[];
  claimAmount: number;
  basisDocument: { court: string; number: string; kind: string };
  complexity?: 'simple' | 'complex';
  team?: string;
  caseOfficer?: string;
  /** the applicant's password for the public status page; generated when absent */
  applicantPassword?: string;
  /** 执保 only, and required there */
  preservation?: PreservationDetails;
  /** 执恢 only, and required there */
  restoration?: RestorationDetails;
}

export interface PreservationDetails {
  kind: 'pre-suit' | 'in-suit' | 'pre-enforcement';
  urgent?: boolean;
  securityAmount?: number;
  /** 履行期限届满日, YYYY-MM-DD */
  performanceDeadline?: string;
}

export interface RestorationDetails {
  originalCaseNumber: string;
  trigger: 'application' | 'lead' | 'property-found' | 'entrustment-returned' | 'stay-ended';
  amountRecovered?: number;
  settlementPaid?: number;
}

/** the case types a 执恢 case may continue: a 执 case, or a 执恢 case ended again (终本) */
const RESTORABLE_TYPES = new Set(['执', '执恢']);

/**
 * What the body's type-specific blocks get wrong, as the field at fault and a message: a 执保 case
 * needs `preservation` (security for 诉前, CPL 104; the performance deadline for 执行前, SPI 163,
 * and only there), a 执恢 case needs `restoration` with the 原案号 of a 执 / 执恢 case; neither block
 * is accepted for another type. Undefined when the body is right.
 */
export function caseDetailsProblem(input: NewCase): { field: string; message: string } | undefined {
  if (input.preservation && input.caseType !== '执保') return { field: 'preservation', message: `${input.caseType} 案件不填写保全信息（preservation 仅用于执保案件）` };
  if (input.restoration && input.caseType !== '执恢') return { field: 'restoration', message: `${input.caseType} 案件不填写恢复执行信息（restoration 仅用于执恢案件）` };
  if (input.caseType === '执保') {
    const p = input.preservation;
    if (!p) return { field: 'preservation', message: '执保案件须填写保全信息（preservation.kind 保全类型）' };
    if (!(input.claimAmount > 0)) return { field: 'claimAmount', message: '执保案件的申请保全金额须大于 0' };
    if (p.kind === 'pre-suit' && !(typeof p.securityAmount === 'number' && p.securityAmount > 0)) {
      return { field: 'preservation.securityAmount', message: '诉前保全申请人应当提供担保：须填写担保金额（CPL 104）' };
    }
    if (p.kind === 'pre-enforcement' && !p.performanceDeadline) {
      return { field: 'preservation.performanceDeadline', message: '执行前保全须填写履行期限届满日（SPI 163）' };
    }
    if (p.kind !== 'pre-enforcement' && p.performanceDeadline) {
      return { field: 'preservation.performanceDeadline', message: '履行期限届满日仅用于执行前保全' };
    }
  }
  if (input.caseType === '执恢') {
    const r = input.restoration;
    if (!r) return { field: 'restoration', message: '执恢案件须填写恢复执行信息（restoration.originalCaseNumber 原案号、restoration.trigger 恢复事由）' };
    if (!isCaseNumber(r.originalCaseNumber)) return { field: 'restoration.originalCaseNumber', message: `原案号 ${r.originalCaseNumber} 格式不正确，应如（2025）豫1330执123号` };
    if (!RESTORABLE_TYPES.has(parseCaseNumber(r.originalCaseNumber).caseType)) {
      return { field: 'restoration.originalCaseNumber', message: `原案号 ${r.originalCaseNumber} 不是执行实施案件（执 / 执恢）` };
    }
  }
  return undefined;
}

/**
 * The process variables of the type-specific block, named as the models document them.
 * 执恢: the model starts from the 原案号 in `caseNumber` (it maps it to `originalCaseNumber` when
 * the notice is made); the 执恢 number is the one allocated here at registration, passed as
 * `restoredCaseNumber` — the case row's number, which the clerk sees.
 */
function caseDetailsVariables(input: NewCase, caseNumber: string): Record<string, unknown> {
  const p = input.preservation;
  if (input.caseType === '执保' && p) {
    return {
      preservationKind: p.kind,
      urgent: p.urgent ?? false,
      ...(p.securityAmount !== undefined ? { securityAmount: p.securityAmount } : {}),
      ...(p.performanceDeadline ? { performanceDeadline: p.performanceDeadline } : {}),
    };
  }
  const r = input.restoration;
  if (input.caseType === '执恢' && r) {
    const original = normaliseCaseNumber(r.originalCaseNumber);
    return {
      caseNumber: original,
      originalCaseNumber: original,
      restoredCaseNumber: caseNumber,
      restorationTrigger: r.trigger,
      amountRecovered: r.amountRecovered ?? 0,
      settlementPaid: r.settlementPaid ?? 0,
    };
  }
  return {};
}

export type CaseRow = typeof cases.$inferSelect;

export interface CaseParties {
  applicant: Party;
  respondents: Party[];
  basisDocument: NewCase['basisDocument'];
}

/**
 * the case as the API shows it; `now` (the engine's clock) decides whether a 暂缓 term has ended;
 * `excludedPeriods` are the case's 不计入执行期限的期间 (excluded-periods.ts `excludedPeriodsOf`), newest first
 */
export function toCaseRecord(row: CaseRow, now: Date, excludedPeriods: ExcludedPeriod[] = []) {
  const parties = row.parties as CaseParties;
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    caseType: row.caseType,
    courtCode: row.courtCode,
    applicant: parties.applicant,
    respondents: parties.respondents,
    basisDocument: parties.basisDocument,
    claimAmount: row.claimAmount,
    amountRecovered: row.amountRecovered,
    complexity: row.complexity,
    team: row.team,
    caseOfficer: row.caseOfficer,
    stage: row.stage,
    status: row.status,
    processInstanceKey: row.processInstanceKey,
    registeredBy: row.registeredBy,
    filedAt: row.filedAt.toISOString(),
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    suspension: activeSuspension(row, now),
    excludedPeriods,
  };
}

/** the year in China (UTC+8), which the 案号 carries */
const chinaYear = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();

export interface RegisterContext {
  db: ServerDb;
  engine: EngineClient;
  courtCode: string;
  /** process id per case type */
  processIds: Record<string, string>;
  registeredBy: string;
  now: Date;
}

/**
 * Allocates the next 案号 of (court, type, year), stores the case and starts its process, all in
 * one transaction: a refused start leaves no case and no used number behind.
 */
export async function registerCase(input: NewCase, ctx: RegisterContext): Promise<{ row: CaseRow; applicantPassword: string }> {
  const applicantPassword = input.applicantPassword ?? String(crypto.randomInt(10_000_000, 100_000_000));
  const applicantAccessHash = await hash(applicantPassword);
  const year = chinaYear(ctx.now);
  const processId = ctx.processIds[input.caseType];
  if (!processId) throw new Error(`no process for case type ${input.caseType}`);
  const row = await ctx.db.transaction(async (tx) => {
    const [seq] = await tx
      .insert(caseNumberSequences)
      .values({ courtCode: ctx.courtCode, caseType: input.caseType, year, lastValue: 1 })
      .onConflictDoUpdate({
        target: [caseNumberSequences.courtCode, caseNumberSequences.caseType, caseNumberSequences.year],
        set: { lastValue: sql`${caseNumberSequences.lastValue} + 1` },
      })
      .returning({ value: caseNumberSequences.lastValue });
    const caseNumber = formatCaseNumber({ year, courtCode: ctx.courtCode, caseType: input.caseType as EnforcementCaseType, sequence: seq!.value });
    const parties: CaseParties = { applicant: input.applicant, respondents: input.respondents, basisDocument: input.basisDocument };
    const [created] = await tx
      .insert(cases)
      .values({
        caseNumber,
        caseType: input.caseType,
        courtCode: ctx.courtCode,
        year,
        parties,
        claimAmount: input.claimAmount,
        complexity: input.complexity ?? null,
        team: input.team ?? null,
        caseOfficer: input.caseOfficer ?? null,
        applicantAccessHash,
        registeredBy: ctx.registeredBy,
        filedAt: ctx.now,
      })
      .returning();
    const variables: Record<string, unknown> = {
      caseId: created!.id,
      caseNumber,
      caseType: input.caseType,
      courtCode: ctx.courtCode,
      applicant: input.applicant,
      respondents: input.respondents,
      claimAmount: input.claimAmount,
      basisDocument: input.basisDocument,
      filedAt: ctx.now.toISOString(),
      amountRecovered: 0,
      // flat copies for the task forms (初次接待 shows and confirms them; form fields bind to top-level keys)
      applicantName: input.applicant.name,
      respondentName: input.respondents.map((r) => r.name).join('、'),
      ...(input.respondents[0]?.idNumber ? { respondentIdNumber: input.respondents[0].idNumber } : {}),
      ...(input.complexity ? { complexity: input.complexity } : {}),
      ...(input.team ? { team: input.team } : {}),
      ...(input.caseOfficer ? { caseOfficer: input.caseOfficer } : {}),
      ...caseDetailsVariables(input, caseNumber),
    };
    const instance = await ctx.engine.createProcessInstance({ processDefinitionId: processId, variables });
    const [updated] = await tx
      .update(cases)
      .set({ processInstanceKey: instance.processInstanceKey, processDefinitionKey: instance.processDefinitionKey })
      .where(eq(cases.id, created!.id))
      .returning();
    await tx.insert(auditLog).values({
      actor: ctx.registeredBy,
      action: 'case.register',
      caseId: created!.id,
      target: caseNumber,
      details: {
        caseType: input.caseType,
        claimAmount: input.claimAmount,
        processInstanceKey: instance.processInstanceKey,
        processId,
        ...(input.preservation ? { preservation: input.preservation } : {}),
        ...(input.restoration ? { restoration: input.restoration } : {}),
      },
    });
    return updated!;
  });
  return { row, applicantPassword };
}

const SYNCED_VARIABLES = ['team', 'caseOfficer', 'amountRecovered', 'complexity', 'stage'];
const STAGE_TYPES = new Set(['CALL_ACTIVITY', 'SUB_PROCESS', 'USER_TASK', 'SERVICE_TASK', 'RECEIVE_TASK', 'INTERMEDIATE_CATCH_EVENT']);

/**
 * Brings the case row in step with its process: status (closed when the instance has ended),
 * stage (a `stage` variable if the model sets one, else the active call activity or task of
 * the top-level instance), team, officer, complexity and amount recovered from the variables.
 */
export async function refreshCase(db: ServerDb, engine: EngineClient, row: CaseRow): Promise<CaseRow> {
  if (!row.processInstanceKey || row.status !== 'open') return row;
  const pik = row.processInstanceKey;
  const [instance, variables, active] = await Promise.all([
    engine.getProcessInstance(pik),
    engine.searchVariables({ filter: { processInstanceKey: pik, scopeKey: pik, name: { $in: SYNCED_VARIABLES } }, page: { limit: 20 } }),
    engine.searchElementInstances({ filter: { processInstanceKey: pik, state: 'ACTIVE' }, sort: [{ field: 'startDate', order: 'DESC' }], page: { limit: 50 } }),
  ]);
  const values = new Map(variables.items.map((v) => [v.name, safeJson(v.value)]));
  const changes: Partial<typeof cases.$inferInsert> = {};
  const text = (name: string) => (typeof values.get(name) === 'string' ? (values.get(name) as string) : undefined);
  if (text('team') && text('team') !== row.team) changes.team = text('team');
  if (text('caseOfficer') && text('caseOfficer') !== row.caseOfficer) changes.caseOfficer = text('caseOfficer');
  if (text('complexity') && text('complexity') !== row.complexity) changes.complexity = text('complexity');
  const recovered = values.get('amountRecovered');
  if (typeof recovered === 'number' && recovered !== row.amountRecovered) changes.amountRecovered = recovered;
  const stageElement = active.items.find((e) => STAGE_TYPES.has(e.type));
  const stage = text('stage') ?? stageElement?.elementName ?? stageElement?.elementId;
  if (instance.state === 'COMPLETED' || instance.state === 'TERMINATED' || instance.state === 'CANCELED') {
    changes.status = instance.state === 'COMPLETED' ? 'closed' : 'canceled';
    changes.stage = instance.state === 'COMPLETED' ? '已结案' : '已撤销';
    changes.closedAt = instance.endDate ? new Date(instance.endDate) : new Date();
  } else if (stage && stage !== row.stage) changes.stage = stage;
  if (Object.keys(changes).length === 0) return row;
  const [updated] = await db.update(cases).set(changes).where(eq(cases.id, row.id)).returning();
  return updated ?? row;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** one instance of a case's process tree, as `GET /api/cases/:id/diagram` lists them */
export interface CaseInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  name: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  parentProcessInstanceKey: string | null;
  startDate: string;
}

/** how deep and how many called instances a case's tree follows (a multi-instance 司法网拍 calls one per asset) */
export const CASE_TREE_LIMITS = { depth: 6, instances: 500 };

const toCaseInstance = (p: ProcessInstance, parent: string | null): CaseInstance => ({
  processInstanceKey: p.processInstanceKey,
  bpmnProcessId: p.processDefinitionId,
  // Camunda leaves the name out when the process has none; our engine repeats the id then
  name: p.processDefinitionName && p.processDefinitionName !== p.processDefinitionId ? p.processDefinitionName : null,
  state: p.state === 'COMPLETED' ? 'COMPLETED' : p.state === 'ACTIVE' ? 'ACTIVE' : 'TERMINATED',
  parentProcessInstanceKey: p.parentProcessInstanceKey ?? parent,
  startDate: p.startDate ?? '',
});

/**
 * The case's process instance and every instance it called, directly or deeper: breadth first,
 * one search by `parentProcessInstanceKey` per level (paged), at most `limits.depth` levels and
 * `limits.instances` instances. The root comes first, then each level ordered by start.
 */
export async function caseProcessTree(engine: EngineClient, rootKey: string, limits = CASE_TREE_LIMITS): Promise<CaseInstance[]> {
  const root = await engine.getProcessInstance(rootKey);
  const all = [toCaseInstance(root, null)];
  let level = [rootKey];
  for (let depth = 0; depth < limits.depth && level.length && all.length < limits.instances; depth++) {
    const next: string[] = [];
    for (let from = 0; all.length < limits.instances; ) {
      const limit = Math.min(200, limits.instances - all.length);
      const page = await engine.searchProcessInstances({
        filter: { parentProcessInstanceKey: { $in: level } },
        sort: [{ field: 'startDate', order: 'ASC' }, { field: 'processInstanceKey', order: 'ASC' }],
        page: { from, limit },
      });
      for (const child of page.items) {
        all.push(toCaseInstance(child, null));
        next.push(child.processInstanceKey);
      }
      from += page.items.length;
      if (page.items.length < limit) break;
    }
    level = next;
  }
  return all;
}

/** the keys of the case's process tree (`caseProcessTree`) */
export async function caseInstances(engine: EngineClient, rootKey: string): Promise<string[]> {
  return (await caseProcessTree(engine, rootKey)).map((i) => i.processInstanceKey);
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: 'audit' | 'element';
  title: string;
  actor: string | null;
  detail: string | null;
  elementId?: string;
  state?: string;
}

const SKIPPED_TYPES = new Set(['PROCESS', 'SEQUENCE_FLOW', 'EXCLUSIVE_GATEWAY', 'PARALLEL_GATEWAY', 'INCLUSIVE_GATEWAY', 'EVENT_BASED_GATEWAY', 'MULTI_INSTANCE_BODY']);

const AUDIT_TITLES: Record<string, string> = {
  'case.register': '立案登记',
  'task.claim': '领取任务',
  'task.unclaim': '退回任务',
  'task.assign': '指派任务',
  'task.complete': '完成任务',
  'comment.add': '添加备注',
  'attachment.add': '上传附件',
  'lead.register': '登记线索',
  'case.resume': '恢复执行',
  'case.exclude-period': '登记不计入执行期限的期间',
  'case.end-excluded-period': '不计入期间结束',
  'auction.suspend': '暂缓 / 中止拍卖',
  'auction.resume': '恢复拍卖',
  'auction.withdraw-pricing': '撤回询价评估',
};

const auditTitle = (action: string, details: unknown) => {
  const kind = (details as { kind?: string } | null)?.kind;
  if (action === 'case.suspend') return `${kind ?? '中止'}执行`;
  if (action === 'auction.suspend' && kind) return `${kind}拍卖`;
  return AUDIT_TITLES[action] ?? action;
};

export async function caseTimeline(db: ServerDb, engine: EngineClient, row: CaseRow): Promise<TimelineEntry[]> {
  const audits = await db.select().from(auditLog).where(eq(auditLog.caseId, row.id));
  const entries: TimelineEntry[] = audits.map((a) => ({
    id: `audit-${a.id}`,
    at: a.at.toISOString(),
    kind: 'audit',
    title: auditTitle(a.action, a.details),
    actor: a.actor,
    detail: a.target,
  }));
  if (row.processInstanceKey) {
    const keys = await caseInstances(engine, row.processInstanceKey);
    const found = await engine.searchElementInstances({ filter: { processInstanceKey: { $in: keys } }, sort: [{ field: 'startDate', order: 'ASC' }], page: { limit: 1000 } });
    for (const e of found.items.filter((x: ElementInstance) => !SKIPPED_TYPES.has(x.type))) {
      entries.push({
        id: `element-${e.elementInstanceKey}`,
        at: e.endDate ?? e.startDate,
        kind: 'element',
        title: e.elementName ?? e.elementId,
        actor: null,
        detail: e.state === 'ACTIVE' ? (e.hasIncident ? '异常' : '进行中') : e.state === 'COMPLETED' ? '已完成' : '已终止',
        elementId: e.elementId,
        state: e.state,
      });
    }
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * The diagram of the case's process, or of one of its called processes (`processInstanceKey`,
 * e.g. the instance a task belongs to: 初次接待 lives in `intake`), with its current position, and
 * the case's process tree (`instances`) for the console to switch between them. An instance
 * outside the tree must carry the case's `caseId` (one started by message, e.g. 失信/限高); any
 * other instance is not this case's, and gives undefined.
 */
export async function caseDiagram(engine: EngineClient, row: CaseRow, processInstanceKey?: string) {
  if (!row.processInstanceKey || !row.processDefinitionKey) return undefined;
  const instances = await caseProcessTree(engine, row.processInstanceKey);
  let instanceKey = row.processInstanceKey;
  let definitionKey = row.processDefinitionKey;
  if (processInstanceKey && processInstanceKey !== row.processInstanceKey) {
    const [instance, caseIds] = await Promise.all([
      engine.getProcessInstance(processInstanceKey).catch(() => undefined),
      instances.some((i) => i.processInstanceKey === processInstanceKey)
        ? undefined
        : engine.searchVariables({ filter: { processInstanceKey, name: 'caseId' } }).catch(() => undefined),
    ]);
    const ownCase =
      instances.some((i) => i.processInstanceKey === processInstanceKey) ||
      caseIds?.items.some((v) => v.processInstanceKey === processInstanceKey && v.value === JSON.stringify(row.id));
    if (!instance || !ownCase) return undefined;
    instanceKey = instance.processInstanceKey;
    definitionKey = instance.processDefinitionKey;
  }
  const [xml, elements] = await Promise.all([
    engine.getProcessDefinitionXml(definitionKey),
    engine.searchElementInstances({ filter: { processInstanceKey: instanceKey }, page: { limit: 1000 } }),
  ]);
  const ids = (pred: (e: ElementInstance) => boolean) => [...new Set(elements.items.filter(pred).map((e) => e.elementId))];
  return {
    processDefinitionKey: definitionKey,
    processInstanceKey: instanceKey,
    xml,
    active: ids((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS'),
    completed: ids((e) => e.state === 'COMPLETED' && e.type !== 'PROCESS'),
    incidents: ids((e) => e.hasIncident),
    instances,
  };
}
