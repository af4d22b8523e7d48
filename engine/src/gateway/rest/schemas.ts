/**
 * Request schemas of the Camunda 8.8 REST API subset, as JSON Schema for fastify's validator
 * (fastify coerces types: Camunda's int64 fields, which clients send as decimal strings, arrive
 * as numbers). They follow Camunda's OpenAPI specification; unknown properties are ignored, as
 * Camunda's gateway ignores them. Search filters are checked field by field by the query layer.
 */

/** Zeebe keys: decimal int64 carried as strings (bounded so that every match fits an int8). */
export const keySchema = { type: 'string', pattern: '^-?[0-9]{1,18}$' } as const;
const int64 = { type: 'integer' } as const;
const variables = { type: ['object', 'null'] } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const operationReference = { type: 'integer', minimum: 1 } as const;

export const keyParams = (name: string) => ({ type: 'object', required: [name], properties: { [name]: keySchema } }) as const;

/** a body that may be absent, `null` or an object */
const optionalBody = (properties: Record<string, unknown>) => ({ type: ['object', 'null'], properties }) as const;

export const jobActivationBody = {
  type: 'object',
  required: ['type', 'timeout', 'maxJobsToActivate'],
  properties: {
    type: { type: 'string', minLength: 1 },
    worker: { type: 'string' },
    timeout: { ...int64, minimum: 1 },
    maxJobsToActivate: { type: 'integer', minimum: 1 },
    fetchVariable: strings,
    requestTimeout: int64,
    tenantIds: strings,
  },
} as const;

export const jobCompletionBody = optionalBody({ variables, result: { type: ['object', 'null'] } });

export const jobFailureBody = optionalBody({
  retries: { type: 'integer' },
  errorMessage: { type: ['string', 'null'] },
  retryBackOff: { ...int64, minimum: 0 },
  variables,
});

export const jobErrorBody = {
  type: 'object',
  required: ['errorCode'],
  properties: { errorCode: { type: 'string', minLength: 1 }, errorMessage: { type: ['string', 'null'] }, variables },
} as const;

export const jobUpdateBody = {
  type: 'object',
  required: ['changeset'],
  properties: {
    changeset: { type: 'object', properties: { retries: { type: ['integer', 'null'] }, timeout: { type: ['integer', 'null'] } } },
    operationReference,
  },
} as const;

export const operationReferenceBody = optionalBody({ operationReference });

export const createProcessInstanceBody = {
  type: 'object',
  properties: {
    processDefinitionId: { type: 'string', minLength: 1 },
    processDefinitionVersion: { type: 'integer' },
    processDefinitionKey: keySchema,
    variables,
    tenantId: { type: 'string' },
    operationReference,
    startInstructions: { type: 'array', items: { type: 'object' } },
    runtimeInstructions: { type: 'array', items: { type: 'object' } },
    awaitCompletion: { type: 'boolean' },
    fetchVariables: strings,
    requestTimeout: int64,
    tags: strings,
  },
} as const;

export const setVariablesBody = {
  type: 'object',
  required: ['variables'],
  properties: { variables: { type: 'object' }, local: { type: 'boolean' }, operationReference },
} as const;

export const clockPinBody = {
  type: 'object',
  required: ['timestamp'],
  properties: { timestamp: { ...int64, minimum: 0 } },
} as const;

const sortItem = {
  type: 'object',
  required: ['field'],
  properties: { field: { type: 'string' }, order: { type: 'string' } },
} as const;

const page = {
  type: 'object',
  properties: {
    from: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1 },
    after: { type: 'string', minLength: 1 },
    before: { type: 'string', minLength: 1 },
  },
} as const;

export const searchBody = optionalBody({
  filter: { type: ['object', 'null'] },
  sort: { type: ['array', 'null'], items: sortItem },
  page: { type: ['object', 'null'], properties: page.properties },
});

export const statisticsBody = optionalBody({ filter: { type: ['object', 'null'] } });

const nullableString = { type: ['string', 'null'] } as const;

export const userTaskAssignmentBody = {
  type: 'object',
  required: ['assignee'],
  properties: { assignee: { type: 'string', minLength: 1 }, allowOverride: { type: ['boolean', 'null'] }, action: nullableString },
} as const;

export const userTaskCompletionBody = optionalBody({ variables, action: nullableString });

export const userTaskUpdateBody = optionalBody({
  changeset: {
    type: ['object', 'null'],
    properties: {
      dueDate: nullableString,
      followUpDate: nullableString,
      candidateGroups: { type: ['array', 'null'], items: { type: 'string' } },
      candidateUsers: { type: ['array', 'null'], items: { type: 'string' } },
      priority: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
    },
  },
  action: nullableString,
});

export const messagePublicationBody = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    correlationKey: { type: 'string' },
    timeToLive: { ...int64, minimum: 0 },
    messageId: { type: 'string' },
    variables,
    tenantId: { type: 'string' },
  },
} as const;

export const messageCorrelationBody = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, correlationKey: { type: 'string' }, variables, tenantId: { type: 'string' } },
} as const;

export const signalBroadcastBody = {
  type: 'object',
  required: ['signalName'],
  properties: { signalName: { type: 'string', minLength: 1 }, variables, tenantId: { type: 'string' } },
} as const;

export const decisionEvaluationBody = {
  type: 'object',
  properties: { decisionDefinitionId: { type: 'string', minLength: 1 }, decisionDefinitionKey: keySchema, variables, tenantId: { type: 'string' } },
} as const;
