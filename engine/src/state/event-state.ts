/**
 * Read access to messages and to message and signal subscriptions, for one batch. Each query
 * reads the database (locking what it reads, as the unit of work does) and merges the rows this
 * batch already holds, so a processor sees its own writes before the flush.
 */
import type { UnitOfWork } from './unit-of-work.js';
import type { MessageRow, MessageSubscriptionRow, SignalSubscriptionRow } from './event-tables.js';

interface Cache<Row> {
  readonly rows: Map<string, Row>;
  merge(raw: Record<string, unknown>[]): Row[];
}

const byKey = (a: { key: string }, b: { key: string }) => (BigInt(a.key) < BigInt(b.key) ? -1 : BigInt(a.key) > BigInt(b.key) ? 1 : 0);

/** the rows the query finds plus this batch's rows, all filtered by `matches` (their current state) */
async function select<Row extends { key: string }>(
  uow: UnitOfWork,
  cache: Cache<Row>,
  sql: string,
  params: unknown[],
  matches: (row: Row) => boolean,
): Promise<Row[]> {
  const found = new Map(cache.merge(await uow.tx.query(sql, params)).map((r) => [r.key, r]));
  for (const row of cache.rows.values()) if (matches(row)) found.set(row.key, row);
  return [...found.values()].filter(matches).sort(byKey);
}

// --- messages -------------------------------------------------------------------------------

/** buffered messages with this name and correlation key, alive at `now`, oldest first */
export function bufferedMessages(uow: UnitOfWork, tenantId: string, name: string, correlationKey: string, now: number): Promise<MessageRow[]> {
  return select(
    uow,
    uow.messages,
    `SELECT * FROM engine.message WHERE tenant_id = $1 AND name = $2 AND correlation_key = $3 AND state = 'PUBLISHED' AND deadline > $4 ORDER BY key FOR UPDATE`,
    [tenantId, name, correlationKey, now],
    (m) => m.state === 'PUBLISHED' && m.deadline > now && m.tenantId === tenantId && m.name === name && m.correlationKey === correlationKey,
  );
}

/** a buffered message with this id (the database keeps ids unique per tenant and name) */
export async function bufferedMessageWithId(uow: UnitOfWork, tenantId: string, name: string, messageId: string): Promise<MessageRow | undefined> {
  const found = await select(
    uow,
    uow.messages,
    `SELECT * FROM engine.message WHERE tenant_id = $1 AND name = $2 AND message_id = $3 AND state = 'PUBLISHED' FOR UPDATE`,
    [tenantId, name, messageId],
    (m) => m.state === 'PUBLISHED' && m.tenantId === tenantId && m.name === name && m.messageId === messageId,
  );
  return found[0];
}

/** whether the message reached the process `bpmnProcessId` already (any version, any instance) */
export async function isMessageCorrelated(uow: UnitOfWork, messageKey: string, bpmnProcessId: string): Promise<boolean> {
  if (uow.messageCorrelations.some((c) => c.messageKey === messageKey && c.bpmnProcessId === bpmnProcessId)) return true;
  const rows = await uow.tx.query(`SELECT 1 FROM engine.message_correlation WHERE message_key = $1 AND bpmn_process_id = $2 LIMIT 1`, [messageKey, bpmnProcessId]);
  return rows.length > 0;
}

/**
 * Messages that reached instances of `bpmnProcessId` which are still alive in the database, with
 * those of this batch: the candidates for "an instance started by a message with this key".
 */
export async function correlationsOfLiveInstances(
  uow: UnitOfWork,
  filter: { bpmnProcessId: string; tenantId: string; correlationKey: string } | { processInstanceKey: string },
): Promise<{ processInstanceKey: string; processDefinitionKey: string | undefined; messageKey: string; startEvent?: boolean }[]> {
  const byInstance = 'processInstanceKey' in filter;
  const rows = await uow.tx.query<{ process_instance_key: string; process_definition_key: string; message_key: string }>(
    byInstance
      ? `SELECT c.process_instance_key, p.process_definition_key, c.message_key
           FROM engine.message_correlation c JOIN engine.element_instance p ON p.key = c.process_instance_key
          WHERE c.process_instance_key = $1`
      : `SELECT c.process_instance_key, p.process_definition_key, c.message_key
           FROM engine.message m
           JOIN engine.message_correlation c ON c.message_key = m.key
           JOIN engine.element_instance p ON p.key = c.process_instance_key
          WHERE c.bpmn_process_id = $1 AND m.tenant_id = $2 AND m.correlation_key = $3
            AND p.state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING')`,
    byInstance ? [filter.processInstanceKey] : [filter.bpmnProcessId, filter.tenantId, filter.correlationKey],
  );
  const found: { processInstanceKey: string; processDefinitionKey: string | undefined; messageKey: string; startEvent?: boolean }[] = rows.map((r) => ({
    processInstanceKey: r.process_instance_key,
    processDefinitionKey: r.process_definition_key,
    messageKey: r.message_key,
  }));
  for (const c of uow.messageCorrelations) {
    if (byInstance ? c.processInstanceKey === filter.processInstanceKey : c.bpmnProcessId === filter.bpmnProcessId) {
      found.push({ processInstanceKey: c.processInstanceKey, processDefinitionKey: undefined, messageKey: c.messageKey, startEvent: c.startEvent });
    }
  }
  return found;
}

// --- message subscriptions -------------------------------------------------------------------

/** open subscriptions of waiting elements for this name and correlation key, oldest first */
export function openMessageSubscriptions(uow: UnitOfWork, tenantId: string, messageName: string, correlationKey: string): Promise<MessageSubscriptionRow[]> {
  return select(
    uow,
    uow.messageSubscriptions,
    `SELECT * FROM engine.message_subscription
      WHERE tenant_id = $1 AND message_name = $2 AND correlation_key = $3 AND state = 'ACTIVE' AND element_instance_key IS NOT NULL ORDER BY key FOR UPDATE`,
    [tenantId, messageName, correlationKey],
    (s) => s.state === 'ACTIVE' && s.elementInstanceKey !== null && s.tenantId === tenantId && s.messageName === messageName && s.correlationKey === correlationKey,
  );
}

/** open message start event subscriptions (of the latest versions) for this message name */
export function openMessageStartSubscriptions(
  uow: UnitOfWork,
  filter: { tenantId: string; messageName: string } | { tenantId: string; bpmnProcessId: string } | { processDefinitionKey: string },
): Promise<MessageSubscriptionRow[]> {
  const [where, params, matches] =
    'messageName' in filter
      ? ['tenant_id = $1 AND message_name = $2', [filter.tenantId, filter.messageName], (s: MessageSubscriptionRow) => s.tenantId === filter.tenantId && s.messageName === filter.messageName]
      : 'bpmnProcessId' in filter
        ? ['tenant_id = $1 AND bpmn_process_id = $2', [filter.tenantId, filter.bpmnProcessId], (s: MessageSubscriptionRow) => s.tenantId === filter.tenantId && s.bpmnProcessId === filter.bpmnProcessId]
        : ['process_definition_key = $1', [filter.processDefinitionKey], (s: MessageSubscriptionRow) => s.processDefinitionKey === filter.processDefinitionKey];
  return select(
    uow,
    uow.messageSubscriptions,
    `SELECT * FROM engine.message_subscription WHERE ${where} AND element_instance_key IS NULL AND state = 'ACTIVE' ORDER BY key FOR UPDATE`,
    params,
    (s) => s.state === 'ACTIVE' && s.elementInstanceKey === null && matches(s),
  );
}

/** open message subscriptions an element instance owns */
export function messageSubscriptionsOf(uow: UnitOfWork, elementInstanceKey: string): Promise<MessageSubscriptionRow[]> {
  return select(
    uow,
    uow.messageSubscriptions,
    `SELECT * FROM engine.message_subscription WHERE element_instance_key = $1 AND state = 'ACTIVE' FOR UPDATE`,
    [elementInstanceKey],
    (s) => s.state === 'ACTIVE' && s.elementInstanceKey === elementInstanceKey,
  );
}

// --- signal subscriptions --------------------------------------------------------------------

/** open signal subscriptions (waiting elements and start events) for this name, oldest first */
export function openSignalSubscriptions(uow: UnitOfWork, tenantId: string, signalName: string): Promise<SignalSubscriptionRow[]> {
  return select(
    uow,
    uow.signalSubscriptions,
    `SELECT * FROM engine.signal_subscription WHERE tenant_id = $1 AND signal_name = $2 AND state = 'ACTIVE' ORDER BY key FOR UPDATE`,
    [tenantId, signalName],
    (s) => s.state === 'ACTIVE' && s.tenantId === tenantId && s.signalName === signalName,
  );
}

/** open signal subscriptions of an owner, or (by definition) of a process's signal start events */
export function signalSubscriptionsOf(uow: UnitOfWork, filter: { elementInstanceKey: string } | { processDefinitionKey: string }): Promise<SignalSubscriptionRow[]> {
  const byOwner = 'elementInstanceKey' in filter;
  return select(
    uow,
    uow.signalSubscriptions,
    byOwner
      ? `SELECT * FROM engine.signal_subscription WHERE element_instance_key = $1 AND state = 'ACTIVE' FOR UPDATE`
      : `SELECT * FROM engine.signal_subscription WHERE process_definition_key = $1 AND element_instance_key IS NULL AND state = 'ACTIVE' FOR UPDATE`,
    [byOwner ? filter.elementInstanceKey : filter.processDefinitionKey],
    (s) =>
      s.state === 'ACTIVE' &&
      (byOwner ? s.elementInstanceKey === filter.elementInstanceKey : s.processDefinitionKey === filter.processDefinitionKey && s.elementInstanceKey === null),
  );
}
