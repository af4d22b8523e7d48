/**
 * Read side of deployed process definitions (`engine.process_definition`, `engine.resource`).
 */
import type { Queryable } from '../state/db.js';
import { search, type SearchPage, type SearchQuery, type SearchSource } from './search.js';
import { startFormId } from './start-form.queries.js';

export interface ProcessDefinitionView {
  key: string;
  bpmnProcessId: string;
  name: string | null;
  version: number;
  resourceName: string;
  versionTag: string | null;
  tenantId: string;
  /** the none start event links a form (`zeebe:formDefinition formId`) */
  hasStartForm: boolean;
}

interface Raw extends Record<string, unknown> {
  key: string;
  bpmn_process_id: string;
  name: string | null;
  version: number;
  resource_name: string;
  version_tag: string | null;
  tenant_id: string;
}

const toView = (r: Raw): Omit<ProcessDefinitionView, 'hasStartForm'> => ({
  key: r.key,
  bpmnProcessId: r.bpmn_process_id,
  name: r.name,
  version: Number(r.version),
  resourceName: r.resource_name,
  versionTag: r.version_tag,
  tenantId: r.tenant_id,
});

const COLUMNS = 'pd.key, pd.bpmn_process_id, pd.name, pd.version, pd.resource_name, pd.version_tag, pd.tenant_id';
const LATEST_VERSION = `(SELECT max(l.version) FROM engine.process_definition l WHERE l.tenant_id = pd.tenant_id AND l.bpmn_process_id = pd.bpmn_process_id AND NOT l.deleted)`;

/**
 * Deleted definitions (DeleteResource) are left out. `hasStartForm` is read from the model (see
 * start-form.queries.ts), not a column: its filter is refused rather than answered wrongly.
 */
const source: SearchSource = {
  from: 'engine.process_definition pd',
  where: 'NOT pd.deleted',
  select: COLUMNS,
  filters: {
    processDefinitionKey: { kind: 'key', sql: 'pd.key' },
    processDefinitionId: { kind: 'string', sql: 'pd.bpmn_process_id' },
    name: { kind: 'string', sql: 'pd.name' },
    resourceName: { kind: 'string', sql: 'pd.resource_name' },
    version: { kind: 'integer', sql: 'pd.version' },
    versionTag: { kind: 'string', sql: 'pd.version_tag' },
    tenantId: { kind: 'string', sql: 'pd.tenant_id' },
    isLatestVersion: { kind: 'boolean', sql: `pd.version = ${LATEST_VERSION}` },
    hasStartForm: { kind: 'unsupported' },
  },
  sorts: {
    processDefinitionKey: { sql: 'pd.key', type: 'int8', notNull: true },
    processDefinitionId: { sql: 'pd.bpmn_process_id', type: 'text', notNull: true },
    name: { sql: 'pd.name', type: 'text' },
    resourceName: { sql: 'pd.resource_name', type: 'text', notNull: true },
    version: { sql: 'pd.version', type: 'int4', notNull: true },
    versionTag: { sql: 'pd.version_tag', type: 'text' },
    tenantId: { sql: 'pd.tenant_id', type: 'text', notNull: true },
  },
  key: { sql: 'pd.key', type: 'int8', notNull: true },
};

const withStartForm = async (db: Queryable, view: Omit<ProcessDefinitionView, 'hasStartForm'>): Promise<ProcessDefinitionView> => ({
  ...view,
  hasStartForm: (await startFormId(db, view.key)) !== null,
});

export async function searchProcessDefinitions(db: Queryable, query: SearchQuery): Promise<SearchPage<ProcessDefinitionView>> {
  const page = await search(db, source, query, toView);
  const items: ProcessDefinitionView[] = [];
  for (const item of page.items) items.push(await withStartForm(db, item));
  return { ...page, items };
}

export async function getProcessDefinition(db: Queryable, key: string): Promise<ProcessDefinitionView | undefined> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM engine.process_definition pd WHERE pd.key = $1::int8 AND NOT pd.deleted`, [key]);
  return row && withStartForm(db, toView(row));
}

/** The BPMN XML of the resource the definition was deployed from; kept after deletion, for the diagrams of its finished instances. */
export async function getProcessDefinitionXml(db: Queryable, key: string): Promise<string | undefined> {
  const [row] = await db.query<{ content: string }>(
    `SELECT r.content FROM engine.process_definition pd JOIN engine.resource r ON r.key = pd.resource_key WHERE pd.key = $1::int8`,
    [key],
  );
  return row?.content;
}
