/**
 * The platform server's own tables, in the PostgreSQL schema `platform` (the engine keeps its
 * state in `engine`; the server never reads or writes those tables). Migrations are generated
 * from this file by drizzle-kit (`npx drizzle-kit generate --config drizzle.server.config.ts`)
 * and committed under server/drizzle/.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const platformSchema = pgSchema('platform');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 16, scale: 2, mode: 'number' });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** staff of the command centre; roles: admin, supervisor, judge, clerk, hotline; groups: the units (内勤, 查控组, …) */
export const users = platformSchema.table('users', {
  username: text('username').primaryKey(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
  groups: text('groups').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** cookie sessions: the cookie carries a random id, the table keeps only its SHA-256 */
export const sessions = platformSchema.table(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    username: text('username')
      .notNull()
      .references(() => users.username),
    csrfToken: text('csrf_token').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_username_idx').on(t.username)],
);

/** 执行案件: one row per registered case; the process instance runs it */
export const cases = platformSchema.table(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNumber: text('case_number').notNull().unique(),
    caseType: text('case_type').notNull(),
    courtCode: text('court_code').notNull(),
    year: integer('year').notNull(),
    /** { applicant, respondents[], basisDocument } */
    parties: jsonb('parties').notNull(),
    claimAmount: money('claim_amount').notNull(),
    amountRecovered: money('amount_recovered').notNull().default(0),
    complexity: text('complexity'),
    team: text('team'),
    caseOfficer: text('case_officer'),
    stage: text('stage').notNull().default('立案'),
    status: text('status').notNull().default('open'),
    processInstanceKey: text('process_instance_key'),
    processDefinitionKey: text('process_definition_key'),
    /** argon2 hash of the applicant's password for the public status page */
    applicantAccessHash: text('applicant_access_hash'),
    registeredBy: text('registered_by').notNull(),
    filedAt: at('filed_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
    /** the 中止 / 暂缓 in force, `{ kind, reason, basis, since, until, by }` (cases.ts `Suspension`); null when none */
    suspension: jsonb('suspension'),
  },
  (t) => [
    index('cases_status_idx').on(t.status),
    index('cases_team_idx').on(t.team),
    index('cases_process_instance_idx').on(t.processInstanceKey),
    index('cases_filed_at_idx').on(t.filedAt),
  ],
);

/**
 * 不计入执行期限的期间 (T00 9; EPI 13): 公告、审计、评估、鉴定、管辖权异议 … recorded by staff and
 * published to the case's process (`enforcement-case.period-excluded`). `toAt` null = open-ended;
 * in the future = its scheduled end. 中止 / 暂缓 keep their own record (`cases.suspension`).
 */
export const caseExcludedPeriods = platformSchema.table(
  'case_excluded_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** 公告 | 审计 | 评估 | 鉴定 | 管辖权异议 | 其他 */
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    /** 依据 / 文书 (e.g. 公告文号) */
    basis: text('basis'),
    fromAt: at('from_at').notNull(),
    toAt: at('to_at'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
    endedAt: at('ended_at'),
  },
  (t) => [index('case_excluded_periods_case_idx').on(t.caseId, t.fromAt)],
);

/** the last serial number handed out per court, case type and year (案号 allocation) */
export const caseNumberSequences = platformSchema.table(
  'case_number_sequences',
  {
    courtCode: text('court_code').notNull(),
    caseType: text('case_type').notNull(),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courtCode, t.caseType, t.year] })],
);

export const comments = platformSchema.table(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('comments_case_idx').on(t.caseId, t.createdAt)],
);

/** attachments keep their bytes in the database, so one backup holds everything */
export const attachments = platformSchema.table(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_case_idx').on(t.caseId)],
);

/** a user's unsaved form data for an open task */
export const taskDrafts = platformSchema.table(
  'task_drafts',
  {
    taskKey: text('task_key').notNull(),
    username: text('username').notNull(),
    variables: jsonb('variables').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskKey, t.username] })],
);

/** inbox filters; `team` set = shared with that group */
export const savedFilters = platformSchema.table(
  'saved_filters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    owner: text('owner').notNull(),
    name: text('name').notNull(),
    team: text('team'),
    /** { view?, q?, processDefinitionId?, elementId?, candidateGroup?, dueBefore?, priorityAtLeast? } */
    query: jsonb('query').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_filters_owner_idx').on(t.owner), index('saved_filters_team_idx').on(t.team)],
);

/** append-only: a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE */
export const auditLog = platformSchema.table(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    caseId: uuid('case_id'),
    target: text('target'),
    details: jsonb('details'),
    ip: text('ip'),
  },
  (t) => [index('audit_log_case_idx').on(t.caseId, t.at), index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actor)],
);

/** 线索: the 24-hour hotline's leads about a case (published to the case's finality-review process) */
export const leads = platformSchema.table(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    source: text('source').notNull(),
    content: text('content').notNull(),
    receivedBy: text('received_by').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
    messagePublishedAt: at('message_published_at'),
  },
  (t) => [index('leads_case_idx').on(t.caseId)],
);

/** models being edited in the console (BPMN, DMN, forms) before they are deployed */
export const modelDrafts = platformSchema.table('model_drafts', {
  name: text('name').primaryKey(),
  /** bpmn | dmn | form */
  kind: text('kind').notNull(),
  content: text('content').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * Every resource the platform deploys (at start from processes/, and from the console), one row per
 * deployed definition: Camunda 8.8 has no form search, so the form editor lists forms from here, and
 * the source deployed is kept so that any version can be opened again.
 */
export const deployedResources = platformSchema.table(
  'deployed_resources',
  {
    /** the engine's key of the definition (processDefinitionKey, decisionRequirementsKey, formKey) */
    key: text('key').primaryKey(),
    /** process | decision-requirements | form */
    kind: text('kind').notNull(),
    /** the BPMN process id, the DMN definitions id or the form id */
    resourceId: text('resource_id').notNull(),
    name: text('name'),
    version: integer('version').notNull(),
    resourceName: text('resource_name').notNull(),
    deploymentKey: text('deployment_key').notNull(),
    source: text('source').notNull(),
    /** startup (processes/ at start) | console */
    origin: text('origin').notNull(),
    deployedBy: text('deployed_by'),
    deployedAt: at('deployed_at').notNull().defaultNow(),
  },
  (t) => [index('deployed_resources_kind_id_idx').on(t.kind, t.resourceId, t.version)],
);

export const schema = {
  users,
  sessions,
  cases,
  caseExcludedPeriods,
  caseNumberSequences,
  comments,
  attachments,
  taskDrafts,
  savedFilters,
  auditLog,
  leads,
  modelDrafts,
  deployedResources,
};
