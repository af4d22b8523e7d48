/**
 * Process instances: create (optionally awaiting completion), cancel, search, get, and what
 * Operate-like views read: taken sequence flows, per-element statistics, call hierarchy.
 */
import type { FastifyInstance } from 'fastify';
import type { CreateProcessInstanceInput } from '../../engine-api.js';
import { getProcessInstance, searchProcessInstances, takenSequenceFlows } from '../../query/process-instance.queries.js';
import type { SearchQuery } from '../../query/search.js';
import { processInstanceElementStatistics } from '../../query/statistics.queries.js';
import type { RestContext } from './context.js';
import { invalidArgument, notFound, notSupported, unwrap } from './problem.js';
import { tenantOf, variablesOf } from './request-mapper.js';
import { toCreatedProcessInstance, toElementStatistics, toProcessInstance, toSearchResult, toSequenceFlow } from './response-mapper.js';
import { createProcessInstanceBody, keyParams, operationReferenceBody, searchBody } from './schemas.js';

/** Zeebe's gateway `requestTimeout` default, used when awaitCompletion asks for 0. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

interface CreateBody {
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  processDefinitionKey?: string;
  variables?: Record<string, unknown> | null;
  tenantId?: string;
  startInstructions?: unknown[];
  runtimeInstructions?: unknown[];
  awaitCompletion?: boolean;
  fetchVariables?: string[];
  requestTimeout?: number;
  tags?: string[];
}

type KeyParams = { Params: { processInstanceKey: string } };

export function processInstanceRoutes(app: FastifyInstance, { engine, db }: RestContext): void {
  app.post<{ Body: CreateBody }>('/process-instances', { schema: { body: createProcessInstanceBody } }, async (req) => {
    const input = toCreateInput(req.body);
    if (!req.body.awaitCompletion) return toCreatedProcessInstance(unwrap(await engine.createProcessInstance(input)));
    const requestTimeoutMs = req.body.requestTimeout && req.body.requestTimeout > 0 ? req.body.requestTimeout : DEFAULT_REQUEST_TIMEOUT_MS;
    const result = await engine.createProcessInstanceWithResult(input, { requestTimeoutMs, fetchVariables: req.body.fetchVariables });
    return toCreatedProcessInstance(unwrap(result));
  });

  app.post<KeyParams>(
    '/process-instances/:processInstanceKey/cancellation',
    { schema: { params: keyParams('processInstanceKey'), body: operationReferenceBody } },
    async (req, reply) => {
      unwrap(await engine.cancelProcessInstance(req.params.processInstanceKey));
      return reply.code(204).send();
    },
  );

  app.post<{ Body: SearchQuery | null }>('/process-instances/search', { schema: { body: searchBody } }, async (req) =>
    toSearchResult(await searchProcessInstances(db, req.body ?? {}), toProcessInstance),
  );

  app.get<KeyParams>('/process-instances/:processInstanceKey', { schema: { params: keyParams('processInstanceKey') } }, async (req) =>
    toProcessInstance(await requireProcessInstance(req.params.processInstanceKey)),
  );

  app.get<KeyParams>('/process-instances/:processInstanceKey/sequence-flows', { schema: { params: keyParams('processInstanceKey') } }, async (req) => ({
    items: (await takenSequenceFlows(db, req.params.processInstanceKey)).map(toSequenceFlow),
  }));

  app.get<KeyParams>(
    '/process-instances/:processInstanceKey/statistics/element-instances',
    { schema: { params: keyParams('processInstanceKey') } },
    async (req) => ({ items: (await processInstanceElementStatistics(db, req.params.processInstanceKey)).map(toElementStatistics) }),
  );

  /** from the root instance down to this one, through the call activities that created them */
  app.get<KeyParams>('/process-instances/:processInstanceKey/call-hierarchy', { schema: { params: keyParams('processInstanceKey') } }, async (req) => {
    const lineage = [await requireProcessInstance(req.params.processInstanceKey)];
    for (let parent = lineage[0]!.parentProcessInstanceKey; parent && lineage.length < 1000; parent = lineage[0]!.parentProcessInstanceKey) {
      const instance = await getProcessInstance(db, parent);
      if (!instance) break;
      lineage.unshift(instance);
    }
    return lineage.map((instance) => ({
      processInstanceKey: instance.key,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionName: instance.processDefinitionName ?? instance.bpmnProcessId,
    }));
  });

  async function requireProcessInstance(key: string) {
    const instance = await getProcessInstance(db, key);
    if (!instance) throw notFound(`Process instance with key '${key}' not found`);
    return instance;
  }
}

function toCreateInput(body: CreateBody): CreateProcessInstanceInput {
  const byId = body.processDefinitionId !== undefined;
  const byKey = body.processDefinitionKey !== undefined;
  if (byId && byKey) throw invalidArgument('Only one of [processDefinitionId, processDefinitionKey] is allowed.');
  if (!byId && !byKey) throw invalidArgument('At least one of [processDefinitionId, processDefinitionKey] is required.');
  if (body.startInstructions?.length) throw notSupported('creating a process instance with start instructions');
  if (body.runtimeInstructions?.length) throw notSupported('creating a process instance with runtime instructions');
  if (body.tags?.length) throw notSupported('tagging a process instance');
  const common = { variables: variablesOf(body.variables), tenantId: tenantOf(body.tenantId, 'Create Process Instance') };
  return byKey
    ? { ...common, processDefinitionKey: body.processDefinitionKey }
    : { ...common, bpmnProcessId: body.processDefinitionId, version: body.processDefinitionVersion ?? -1 };
}
