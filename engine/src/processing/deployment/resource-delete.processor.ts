/**
 * RESOURCE_DELETION DELETE (gRPC DeleteResource, REST `POST /v2/resources/{key}/deletion`), as
 * Zeebe 8.8's ResourceDeletionDeleteProcessor:
 * - a process definition with live instances is not deleted (INVALID_STATE, nothing changes);
 *   otherwise PROCESS DELETING / DELETED. Deleting the latest version closes its start events
 *   (timers, messages, signals) and opens the previous remaining version's again;
 * - a decision requirements graph: DECISION DELETED for each of its decisions, then
 *   DECISION_REQUIREMENTS DELETED; a form: FORM DELETED;
 * - any other key (a decision's included, as in Zeebe) is NOT_FOUND.
 * Deleted definitions stay in their tables, marked deleted: no longer found by id, version, tag or
 * deployment, but kept for history, and their version numbers are not given out again.
 */
import type { Rejection } from '../../engine-api.js';
import type { BatchContext } from '../batch-context.js';
import { err, ok, type Result } from '../../util/result.js';
import { isFinal } from '../lifecycle.js';
import { signalSubscriptionsOf } from '../../state/event-state.js';
import { cancelTimers } from '../timer/timer.behavior.js';
import { scheduleStartTimers } from '../timer/start-timers.js';
import { subscribeMessageStartEvents, unsubscribeMessageStartEvents } from '../message/message-start-events.js';
import { signalSubscriptionValue, subscribeSignalStartEvents } from '../signal/signal-subscription.behavior.js';

interface ProcessRow {
  key: string;
  bpmn_process_id: string;
  version: number;
  version_tag: string | null;
  resource_name: string;
  deployment_key: string;
  tenant_id: string;
}

export async function deleteResource(ctx: BatchContext, resourceKey: string, tenantId: string): Promise<Result<void, Rejection>> {
  const key = ctx.nextKey();
  const value: Record<string, unknown> = { resourceKey, tenantId };
  ctx.logCommand(key, 'RESOURCE_DELETION', 'DELETE', value);
  const reject = (type: Rejection['type'], reason: string) => {
    ctx.writeRejection(key, 'RESOURCE_DELETION', 'DELETE', value, type, reason);
    return err<Rejection>({ intent: 'DELETE', type, reason });
  };
  if (!/^\d{1,19}$/.test(resourceKey)) return reject('NOT_FOUND', `Expected to delete resource but no resource found with key \`${resourceKey}\``);

  const [process] = await ctx.uow.tx.query<ProcessRow>(
    `SELECT key::text, bpmn_process_id, version, version_tag, resource_name, deployment_key::text, tenant_id
       FROM engine.process_definition WHERE key = $1 AND tenant_id = $2 AND NOT deleted`,
    [resourceKey, tenantId],
  );
  if (process) {
    if (await hasLiveInstances(ctx, resourceKey)) {
      return reject('INVALID_STATE', `Expected to delete resource with key \`${resourceKey}\` but there are still running instances`);
    }
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETING', value);
    await deleteProcess(ctx, process);
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETED', value);
    return ok(undefined);
  }

  const [drg] = await ctx.uow.tx.query<Record<string, unknown>>(
    `SELECT key::text, decision_requirements_id, name, version, resource_name, checksum, deployment_key::text, tenant_id
       FROM engine.decision_requirements WHERE key = $1 AND tenant_id = $2 AND NOT deleted`,
    [resourceKey, tenantId],
  );
  if (drg) {
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETING', value);
    const decisions = await ctx.uow.tx.query<Record<string, unknown>>(
      `SELECT key::text, decision_id, name, version, version_tag, deployment_key::text FROM engine.decision
        WHERE decision_requirements_key = $1 AND NOT deleted ORDER BY key`,
      [resourceKey],
    );
    for (const d of decisions) {
      await ctx.writeEvent(ctx.nextKey(), 'DECISION', 'DELETED', {
        decisionId: d.decision_id,
        decisionName: d.name ?? '',
        version: d.version,
        versionTag: d.version_tag ?? '',
        decisionKey: d.key,
        decisionRequirementsId: drg.decision_requirements_id,
        decisionRequirementsKey: resourceKey,
        tenantId,
        deploymentKey: d.deployment_key ?? drg.deployment_key,
      });
    }
    await ctx.writeEvent(ctx.nextKey(), 'DECISION_REQUIREMENTS', 'DELETED', {
      decisionRequirementsId: drg.decision_requirements_id,
      decisionRequirementsName: drg.name ?? '',
      decisionRequirementsVersion: drg.version,
      decisionRequirementsKey: resourceKey,
      resourceName: drg.resource_name,
      checksum: drg.checksum,
      tenantId,
      deploymentKey: drg.deployment_key,
    });
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETED', value);
    return ok(undefined);
  }

  const [form] = await ctx.uow.tx.query<Record<string, unknown>>(
    `SELECT form_id, version, version_tag, resource_name, checksum, deployment_key::text FROM engine.form WHERE key = $1 AND tenant_id = $2 AND NOT deleted`,
    [resourceKey, tenantId],
  );
  if (form) {
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETING', value);
    await ctx.writeEvent(ctx.nextKey(), 'FORM', 'DELETED', {
      formId: form.form_id,
      formKey: resourceKey,
      version: form.version,
      versionTag: form.version_tag ?? '',
      resourceName: form.resource_name,
      checksum: form.checksum,
      tenantId,
      deploymentKey: form.deployment_key,
    });
    await ctx.writeEvent(key, 'RESOURCE_DELETION', 'DELETED', value);
    return ok(undefined);
  }
  return reject('NOT_FOUND', `Expected to delete resource but no resource found with key \`${resourceKey}\``);
}

/** a process instance of the definition that has not ended (this batch's included) */
async function hasLiveInstances(ctx: BatchContext, processDefinitionKey: string): Promise<boolean> {
  for (const row of ctx.uow.elementInstances.rows.values()) {
    if (row.processDefinitionKey === processDefinitionKey && row.elementType === 'PROCESS' && !isFinal(row.state)) return true;
  }
  const rows = await ctx.uow.tx.query<{ key: string }>(
    `SELECT key::text FROM engine.element_instance
      WHERE process_definition_key = $1 AND element_type = 'PROCESS' AND state NOT IN ('COMPLETED', 'TERMINATED')`,
    [processDefinitionKey],
  );
  // a row this batch already ended is live in the table until the flush
  return rows.some((r) => {
    const cached = ctx.uow.elementInstances.rows.get(r.key);
    return !cached || !isFinal(cached.state);
  });
}

async function deleteProcess(ctx: BatchContext, p: ProcessRow): Promise<void> {
  // no checksum or resource, as in Zeebe's record
  const record = {
    bpmnProcessId: p.bpmn_process_id,
    version: p.version,
    versionTag: p.version_tag ?? '',
    processDefinitionKey: p.key,
    resourceName: p.resource_name,
    tenantId: p.tenant_id,
    deploymentKey: p.deployment_key,
  };
  await ctx.writeEvent(ctx.nextKey(), 'PROCESS', 'DELETING', record);
  const [latest] = await ctx.uow.tx.query<{ key: string }>(
    `SELECT key::text FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND NOT deleted ORDER BY version DESC LIMIT 1`,
    [p.bpmn_process_id, p.tenant_id],
  );
  if (latest?.key === p.key) {
    // the start events move back to the previous version that remains
    await cancelTimers(ctx, await ctx.uow.getActiveTimers({ processDefinitionKey: p.key }));
    await unsubscribeMessageStartEvents(ctx, p.key);
    for (const s of await signalSubscriptionsOf(ctx.uow, { processDefinitionKey: p.key })) {
      await ctx.writeEvent(s.key, 'SIGNAL_SUBSCRIPTION', 'DELETED', signalSubscriptionValue(s));
    }
    const [previous] = await ctx.uow.tx.query<{ key: string }>(
      `SELECT key::text FROM engine.process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND version < $3 AND NOT deleted ORDER BY version DESC LIMIT 1`,
      [p.bpmn_process_id, p.tenant_id, p.version],
    );
    if (previous) {
      await scheduleStartTimers(ctx, previous.key);
      await subscribeMessageStartEvents(ctx, previous.key);
      await subscribeSignalStartEvents(ctx, previous.key);
    }
  }
  await ctx.writeEvent(ctx.nextKey(), 'PROCESS', 'DELETED', record);
}
