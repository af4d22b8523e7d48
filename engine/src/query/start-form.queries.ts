/**
 * Start forms of process definitions, as Camunda 8.8 reads them: the form linked by the
 * process's none start event (`zeebe:formDefinition formId`), resolved to the latest deployed
 * version of that form id. Embedded (`formKey`) and external start forms are not linked forms:
 * Camunda's `GET /process-definitions/{key}/form` does not return them, and `hasStartForm` is
 * false for them.
 *
 * The executable model does not keep start-event forms, so the linked form id is read from the
 * definition's BPMN XML; definitions never change, so it is cached by definition key, per
 * database (two engines in one process may hand out the same keys).
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { attr, extension, type ModdleElement } from '../model/moddle-element.js';
import type { Queryable } from '../state/db.js';
import { getForm, type FormView } from './user-task.queries.js';

const CACHE_SIZE = 2_000;
/** per database: definition key → the start event's linked form id (null: none) */
const caches = new WeakMap<Queryable, Map<string, string | null>>();

/** The form id the definition's none start event links, or null. */
export async function startFormId(db: Queryable, definitionKey: string): Promise<string | null> {
  let formIds = caches.get(db);
  if (!formIds) caches.set(db, (formIds = new Map()));
  const cached = formIds.get(definitionKey);
  if (cached !== undefined) return cached;
  const [row] = await db.query<{ bpmn_process_id: string; content: string }>(
    'SELECT pd.bpmn_process_id, r.content FROM engine.process_definition pd JOIN engine.resource r ON r.key = pd.resource_key WHERE pd.key = $1::int8',
    [definitionKey],
  );
  if (!row) return null;
  const formId = mayLinkStartForm(row.content) ? await linkedFormId(row.content, row.bpmn_process_id) : null;
  if (formIds.size >= CACHE_SIZE) formIds.delete(formIds.keys().next().value!);
  formIds.set(definitionKey, formId);
  return formId;
}

/** START_EVENT: a start event with content; only such XML is parsed (parsing a large model takes a good part of a second) */
const START_EVENT = /<(?:[\w-]+:)?startEvent\b[^>]*[^/]>([\s\S]*?)<\/(?:[\w-]+:)?startEvent>/g;
const mayLinkStartForm = (xml: string) => [...xml.matchAll(START_EVENT)].some((m) => m[1]!.includes('formDefinition'));

async function linkedFormId(xml: string, bpmnProcessId: string): Promise<string | null> {
  const { rootElement } = await new BpmnModdle({ zeebe: zeebeDescriptor }).fromXML(xml, 'bpmn:Definitions');
  const definitions = rootElement as unknown as ModdleElement;
  const process = definitions.rootElements?.find((e) => e.$type === 'bpmn:Process' && e.id === bpmnProcessId);
  const start = process?.flowElements?.find((e) => e.$type === 'bpmn:StartEvent' && !e.eventDefinitions?.length);
  const formId = attr(start && extension(start, 'zeebe:FormDefinition'), 'formId')?.trim();
  return formId || null;
}

/** The latest deployed version of the definition's linked start form, if it links one that is deployed. */
export async function getStartForm(db: Queryable, definitionKey: string, tenantId: string): Promise<FormView | undefined> {
  const formId = await startFormId(db, definitionKey);
  if (formId === null) return undefined;
  const [latest] = await db.query<{ key: string }>(
    'SELECT f.key FROM engine.form f WHERE f.form_id = $1 AND f.tenant_id = $2 AND NOT f.deleted ORDER BY f.version DESC LIMIT 1',
    [formId, tenantId],
  );
  return latest && getForm(db, String(latest.key));
}
