/**
 * The entrustment management system (委托执行管理系统 / 执行指挥中心综合管理平台, EN 4): how this
 * court sends entrustments and answers the ones it receives.
 *
 * `getEntrustmentSystem(ctx)` returns the HTTP client when `ENTRUSTMENT_SYSTEM_URL` is set, else the
 * deterministic local simulator (`EntrustmentSystemSimulator`), once per worker context. Every
 * call carries the caller's `requestId` (the job's idempotency key): the system records a request
 * once, so a redelivered job sends nothing twice. What the other court does (files the case,
 * asks for materials, concludes, replies) the system reports as events (`pollEvents`); the court
 * inbox (`../inbound.ts`) publishes each as the message the process waits for (`entrustment.filed`,
 * …, correlation key `entrustmentId`).
 */
import type { WorkerContext } from '../../core/context.js';
import type { InboundPage } from '../inbound.js';
import { EntrustmentSystemHttpClient } from './entrustment-system.http-client.js';
import { EntrustmentSystemSimulator } from './entrustment-system.simulator.js';

export type EntrustmentKind = 'case' | 'matter';

export interface Party {
  name: string;
  kind?: 'person' | 'organization';
  idNumber?: string;
  phone?: string;
  address?: string;
}

export interface OutgoingEntrustment {
  requestId: string;
  kind: EntrustmentKind;
  /** 委托法院 (this court) */
  entrustingCourt: string;
  entrustedCourt: string;
  entrustedCourtCode?: string;
  caseNumber: string;
  /** 事项委托: the act asked for */
  matter?: string;
  /** generated documents sent with it (ids in the document store) */
  documentIds: string[];
}

export interface SentEntrustment {
  entrustmentId: string;
  sentAt: string;
  /** 委托执行 is reported to the 高级人民法院 at the same time (EN 4) */
  reportedToHigherCourt: boolean;
}

/** a received entrustment's file */
export interface IncomingEntrustment {
  entrustmentId: string;
  kind: EntrustmentKind;
  entrustingCourt: string;
  entrustingCaseNumber: string;
  applicant: Party;
  respondents: Party[];
  claimAmount?: number;
  basisDocument?: { court?: string; number?: string; kind?: string };
  matter?: string;
  materials: string[];
}

/** a message to the other court about an entrustment */
export type EntrustmentNotice =
  | { type: 'supplement'; materials: string }
  | { type: 'status-request' }
  | { type: 'chase' }
  | { type: 'request-supplement'; missingMaterials: string }
  | { type: 'filing'; caseNumber: string; officer: string; documentIds: string[] }
  | { type: 'status-report'; status: string }
  | { type: 'result'; amountCollected: number; summary: string }
  | { type: 'return'; reason: string }
  | { type: 'matter-reply'; result: string };

export interface NoticeReceipt {
  noticeId: string;
  entrustmentId: string;
  type: EntrustmentNotice['type'];
  sentAt: string;
}

/**
 * what the other court did, as the system reports it; `entrustment.<type>` is the message.
 * `received`: another court sent this court an entrustment (the message starts `entrustment`).
 */
export const ENTRUSTMENT_ANSWERS = ['received', 'filed', 'incomplete', 'concluded', 'matter-replied', 'supplemented'] as const;
export type EntrustmentAnswer = (typeof ENTRUSTMENT_ANSWERS)[number];

/** the variables each answer carries (platform-contracts.md, Messages) */
export interface EntrustmentAnswerVariables {
  received: { entrustmentDirection: 'incoming'; entrustmentId: string; entrustmentKind: EntrustmentKind; entrustingCourt: string };
  filed: { entrustedCaseNumber: string; entrustedOfficer: string };
  incomplete: { missingMaterials: string };
  concluded: { entrustmentOutcome: 'completed' | 'returned'; amountCollected?: number; returnReason?: string };
  'matter-replied': { matterResult: string };
  supplemented: { supplementedMaterials: string };
}

export const isEntrustmentAnswer = (type: unknown): type is EntrustmentAnswer => ENTRUSTMENT_ANSWERS.includes(type as EntrustmentAnswer);

export interface EntrustmentSystem {
  /** the name the court inbox knows the system by */
  readonly inboundName: string;
  /** the other courts' answers since `after` (a cursor from the previous page), as messages */
  pollEvents(after: string | undefined): Promise<InboundPage>;
  send(entrustment: OutgoingEntrustment): Promise<SentEntrustment>;
  fetchIncoming(entrustmentId: string): Promise<IncomingEntrustment>;
  /** every later message about an entrustment, in either direction */
  notify(entrustmentId: string, requestId: string, notice: EntrustmentNotice): Promise<NoticeReceipt>;
}

export const ENTRUSTMENT_SYSTEM = 'entrustment-system';

export const getEntrustmentSystem = (ctx: WorkerContext): EntrustmentSystem =>
  ctx.courtSystems.get<EntrustmentSystem>(ENTRUSTMENT_SYSTEM, (config) =>
    config.env.ENTRUSTMENT_SYSTEM_URL
      ? new EntrustmentSystemHttpClient(config.env.ENTRUSTMENT_SYSTEM_URL, config.env.ENTRUSTMENT_SYSTEM_TOKEN)
      : new EntrustmentSystemSimulator({ now: () => ctx.now() }),
  );
