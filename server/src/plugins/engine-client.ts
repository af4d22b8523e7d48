/**
 * A small typed client over the Camunda 8 REST API (`/v2`), the only way the server talks to
 * the engine (ours or a Camunda 8 cluster). Problem Details errors become `EngineError`s with a
 * clear Chinese message; the engine's own text stays in `detail` for the logs.
 */
import type { FastifyInstance } from 'fastify';
import { definePlugin } from './plugin.js';

export interface EngineClientOptions {
  /** e.g. http://localhost:8080 (without /v2) */
  restUrl: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

export class EngineError extends Error {
  constructor(
    /** the engine's HTTP status; 0 when it could not be reached */
    readonly statusCode: number,
    message: string,
    readonly problem?: ProblemDetail,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

function chineseMessage(status: number, problem: ProblemDetail | undefined): string {
  const detail = problem?.detail ? `（${problem.detail}）` : '';
  switch (status) {
    case 400:
      return `流程引擎拒绝了请求${detail}`;
    case 401:
    case 403:
      return '流程引擎拒绝访问，请检查引擎的访问凭据';
    case 404:
      return `流程引擎中未找到该对象${detail}`;
    case 409:
      return `对象状态已变化，操作无法执行${detail}`;
    case 503:
      return '流程引擎繁忙，请稍后再试';
    case 504:
      return '流程引擎响应超时';
    default:
      return `流程引擎出错${detail}`;
  }
}

export interface SearchQuery {
  filter?: Record<string, unknown>;
  sort?: { field: string; order?: 'ASC' | 'DESC' }[];
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

export interface SearchResult<T> {
  items: T[];
  /** `totalItems` stops at 10,000 with `hasMoreTotalItems` (Camunda 8.8 counts so) */
  page: { totalItems: number; hasMoreTotalItems?: boolean; startCursor?: string | null; endCursor?: string | null };
}

export interface UserTask {
  userTaskKey: string;
  name: string | null;
  state: string;
  assignee: string | null;
  elementId: string;
  elementInstanceKey: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  processName?: string | null;
  formKey: string | null;
  creationDate: string;
  completionDate: string | null;
  followUpDate: string | null;
  dueDate: string | null;
  priority: number;
  customHeaders?: Record<string, string>;
  processDefinitionVersion?: number;
  tenantId?: string;
}

export interface Form {
  formKey: string;
  formId: string;
  version: number;
  /** the form-js document (an object; some servers send it as JSON text) */
  schema: Record<string, unknown> | string;
}

export interface Variable {
  variableKey: string;
  name: string;
  /** JSON text */
  value: string;
  isTruncated?: boolean;
  scopeKey: string;
  processInstanceKey: string;
}

export interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  elementName: string | null;
  type: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  startDate: string;
  endDate: string | null;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  incidentKey?: string | null;
}

export interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  errorType: string;
  errorMessage: string;
  state: string;
  creationTime: string;
  jobKey?: string | null;
}

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string | null;
  version: number;
  resourceName: string;
  versionTag?: string | null;
}

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionName?: string | null;
  state: string;
  startDate?: string;
  endDate?: string | null;
  hasIncident?: boolean;
  parentProcessInstanceKey?: string | null;
}

export interface CreatedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
}

export interface DeploymentResult {
  deploymentKey: string;
  deployments: Record<string, unknown>[];
}

export class EngineClient {
  private readonly base: string;
  private readonly auth?: string;

  constructor(readonly options: EngineClientOptions) {
    this.base = options.restUrl.replace(/\/+$/, '');
    if (options.username) this.auth = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  }

  /** any endpoint, `path` relative to the server root (`/v2/…`, `/x-engine/v1/…`) */
  async request<T>(method: string, path: string, body?: unknown, init: { raw?: boolean; form?: FormData } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.auth) headers.authorization = this.auth;
    let payload: BodyInit | undefined;
    if (init.form) payload = init.form;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (e) {
      throw new EngineError(0, `无法连接流程引擎（${this.base}）`, { detail: (e as Error).message });
    }
    if (!response.ok) {
      let problem: ProblemDetail | undefined;
      const text = await response.text();
      try {
        problem = JSON.parse(text) as ProblemDetail;
      } catch {
        problem = { detail: text.slice(0, 500) };
      }
      throw new EngineError(response.status, chineseMessage(response.status, problem), problem);
    }
    if (init.raw) return (await response.text()) as T;
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // --- process definitions and deployments
  searchProcessDefinitions = (query: SearchQuery = {}) => this.request<SearchResult<ProcessDefinition>>('POST', '/v2/process-definitions/search', query);
  getProcessDefinition = (key: string) => this.request<ProcessDefinition>('GET', `/v2/process-definitions/${enc(key)}`);
  getProcessDefinitionXml = (key: string) => this.request<string>('GET', `/v2/process-definitions/${enc(key)}/xml`, undefined, { raw: true });
  elementStatistics = (key: string, filter: Record<string, unknown> = {}) =>
    this.request<{ items: { elementId: string; active: number; canceled: number; incidents: number; completed: number }[] }>(
      'POST',
      `/v2/process-definitions/${enc(key)}/statistics/element-instances`,
      { filter },
    );
  deployResources(resources: { name: string; content: string | Buffer }[]): Promise<DeploymentResult> {
    const form = new FormData();
    for (const r of resources) form.append('resources', new Blob([typeof r.content === 'string' ? r.content : new Uint8Array(r.content)]), r.name);
    return this.request('POST', '/v2/deployments', undefined, { form });
  }

  // --- process instances
  createProcessInstance = (body: { processDefinitionId?: string; processDefinitionKey?: string; variables?: Record<string, unknown> }) =>
    this.request<CreatedInstance>('POST', '/v2/process-instances', body);
  getProcessInstance = (key: string) => this.request<ProcessInstance>('GET', `/v2/process-instances/${enc(key)}`);
  searchProcessInstances = (query: SearchQuery = {}) => this.request<SearchResult<ProcessInstance>>('POST', '/v2/process-instances/search', query);
  callHierarchy = (key: string) =>
    this.request<{ processInstanceKey: string; processDefinitionKey: string; processDefinitionName: string }[]>('GET', `/v2/process-instances/${enc(key)}/call-hierarchy`);
  searchElementInstances = (query: SearchQuery = {}) => this.request<SearchResult<ElementInstance>>('POST', '/v2/element-instances/search', query);
  searchVariables = (query: SearchQuery = {}) => this.request<SearchResult<Variable>>('POST', '/v2/variables/search?truncateValues=false', query);

  // --- user tasks
  searchUserTasks = (query: SearchQuery = {}) => this.request<SearchResult<UserTask>>('POST', '/v2/user-tasks/search', query);
  getUserTask = (key: string) => this.request<UserTask>('GET', `/v2/user-tasks/${enc(key)}`);
  /** undefined when the task links no form */
  getUserTaskForm = (key: string) => this.request<Form | undefined>('GET', `/v2/user-tasks/${enc(key)}/form`);
  searchUserTaskVariables = (key: string, query: SearchQuery = {}) =>
    this.request<SearchResult<Variable>>('POST', `/v2/user-tasks/${enc(key)}/variables/search?truncateValues=false`, query);
  assignUserTask = (key: string, assignee: string, allowOverride = true) =>
    this.request<void>('POST', `/v2/user-tasks/${enc(key)}/assignment`, { assignee, allowOverride, action: allowOverride ? 'assign' : 'claim' });
  unassignUserTask = (key: string) => this.request<void>('DELETE', `/v2/user-tasks/${enc(key)}/assignee`);
  completeUserTask = (key: string, variables: Record<string, unknown> = {}) =>
    this.request<void>('POST', `/v2/user-tasks/${enc(key)}/completion`, { variables });
  updateUserTask = (key: string, changeset: Record<string, unknown>) => this.request<void>('PATCH', `/v2/user-tasks/${enc(key)}`, { changeset });

  // --- incidents, timers, messages
  searchIncidents = (query: SearchQuery = {}) => this.request<SearchResult<Incident>>('POST', '/v2/incidents/search', query);
  resolveIncident = (key: string) => this.request<void>('POST', `/v2/incidents/${enc(key)}/resolution`, {});
  publishMessage = (body: { name: string; correlationKey?: string; timeToLive?: number; variables?: Record<string, unknown>; messageId?: string }) =>
    this.request<{ messageKey: string }>('POST', '/v2/messages/publication', body);
  /**
   * correlates now or never (Camunda 8.8 `POST /v2/messages/correlation`): the engine answers 404
   * when no subscription waits for the message (nothing is buffered)
   */
  correlateMessage = (body: { name: string; correlationKey?: string; variables?: Record<string, unknown> }) =>
    this.request<{ messageKey: string; processInstanceKey: string }>('POST', '/v2/messages/correlation', body);
  topology = () => this.request<Record<string, unknown>>('GET', '/v2/topology');
}

const enc = encodeURIComponent;

declare module 'fastify' {
  interface FastifyInstance {
    engineClient: EngineClient;
  }
}

export const engineClientPlugin = definePlugin<{ engine: EngineClientOptions }>('engine-client', async (app: FastifyInstance, opts) => {
  app.decorate('engineClient', new EngineClient(opts.engine));
});
