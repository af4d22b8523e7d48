/**
 * 线索: leads about a debtor's property, from the 24-hour hotline (24 小时执行线索举报电话) or a
 * party's letter or visit, registered against a case and routed to the case's finality-review
 * process (终本后动态管理 "接线索、逐核实") by publishing the message that process waits for
 * (processes/finality-review.bpmn: `finality-review.lead`, correlation key = 案号, variable
 * `lead = { source, content, receivedBy, receivedAt }`).
 *
 * The message is published with a time to live, so a lead that arrives while the process is
 * busy verifying an earlier one (not waiting at its receive task) is delivered when it waits
 * again. The lead's id is the message id: routing a lead twice never delivers it twice.
 */
import { eq } from 'drizzle-orm';
import type { ServerDb } from '../db/database.js';
import { leads } from '../db/schema.js';
import type { EngineClient, ProcessInstance, SearchResult } from '../plugins/engine-client.js';

export const LEAD_MESSAGE = 'finality-review.lead';
export const FINALITY_PROCESS_ID = 'finality-review';
/** how long a published lead waits for the process to be ready for it: 30 days */
export const LEAD_TTL_MS = 30 * 24 * 3600 * 1000;

export const LEAD_SOURCES = ['24小时举报电话', '申请执行人', '来信来访', '悬赏举报', '其他'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export type LeadRow = typeof leads.$inferSelect;

export interface LeadRouting {
  /** the message was published to the engine */
  published: boolean;
  /** the case's finality-review instances running now (0: the case is not in 终本 management; the lead waits for it) */
  finalityInstances: number;
}

type Engine = Pick<EngineClient, 'request'>;

/** the message variable the model reads */
export const leadVariable = (lead: LeadRow) => ({
  id: lead.id,
  source: lead.source,
  content: lead.content,
  receivedBy: lead.receivedBy,
  receivedAt: lead.receivedAt.toISOString(),
});

/** the case's running finality-review instances (the model keeps `caseNumber` as a variable) */
export async function finalityInstancesOf(engine: Engine, caseNumber: string): Promise<ProcessInstance[]> {
  const result = await engine.request<SearchResult<ProcessInstance>>('POST', '/v2/process-instances/search', {
    filter: { processDefinitionId: FINALITY_PROCESS_ID, state: 'ACTIVE', variables: [{ name: 'caseNumber', value: JSON.stringify(caseNumber) }] },
    page: { from: 0, limit: 20 },
  });
  return result.items;
}

/** publishes the lead's message and marks the lead routed */
export async function routeLead(db: ServerDb, engine: Engine, lead: LeadRow, caseNumber: string): Promise<{ lead: LeadRow; routing: LeadRouting }> {
  const finality = await finalityInstancesOf(engine, caseNumber);
  await engine.request('POST', '/v2/messages/publication', {
    name: LEAD_MESSAGE,
    correlationKey: caseNumber,
    messageId: lead.id,
    timeToLive: LEAD_TTL_MS,
    variables: { lead: leadVariable(lead) },
  });
  const [updated] = await db.update(leads).set({ messagePublishedAt: new Date() }).where(eq(leads.id, lead.id)).returning();
  return { lead: updated ?? lead, routing: { published: true, finalityInstances: finality.length } };
}
