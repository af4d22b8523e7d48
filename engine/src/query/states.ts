/**
 * Engine states in Camunda's read-side vocabulary. An element instance (and so a process
 * instance, its root) is ACTIVE from activation until it is completed or terminated.
 */
export const LIVE_ELEMENT_STATES = ['ACTIVATING', 'ACTIVATED', 'COMPLETING', 'TERMINATING'] as const;

export type InstanceStateName = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** Camunda's state name → the engine states it stands for (filters). */
export const INSTANCE_STATES: Readonly<Record<InstanceStateName, readonly string[]>> = {
  ACTIVE: LIVE_ELEMENT_STATES,
  COMPLETED: ['COMPLETED'],
  TERMINATED: ['TERMINATED'],
};

export function instanceStateName(state: string): InstanceStateName {
  return state === 'COMPLETED' ? 'COMPLETED' : state === 'TERMINATED' ? 'TERMINATED' : 'ACTIVE';
}

/** the state name as SQL, to sort by it */
export const instanceStateNameSql = (column: string) =>
  `(CASE ${column} WHEN 'COMPLETED' THEN 'COMPLETED' WHEN 'TERMINATED' THEN 'TERMINATED' ELSE 'ACTIVE' END)`;

/** Camunda's element instance types, as its API lists them. */
export const ELEMENT_TYPES = [
  'UNSPECIFIED', 'PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'AD_HOC_SUB_PROCESS', 'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
  'START_EVENT', 'INTERMEDIATE_CATCH_EVENT', 'INTERMEDIATE_THROW_EVENT', 'BOUNDARY_EVENT', 'END_EVENT', 'SERVICE_TASK',
  'RECEIVE_TASK', 'USER_TASK', 'MANUAL_TASK', 'TASK', 'EXCLUSIVE_GATEWAY', 'INCLUSIVE_GATEWAY', 'PARALLEL_GATEWAY',
  'EVENT_BASED_GATEWAY', 'SEQUENCE_FLOW', 'MULTI_INSTANCE_BODY', 'CALL_ACTIVITY', 'BUSINESS_RULE_TASK', 'SCRIPT_TASK',
  'SEND_TASK', 'UNKNOWN',
] as const;

export type ElementTypeName = (typeof ELEMENT_TYPES)[number];

export function elementTypeName(type: string): ElementTypeName {
  return (ELEMENT_TYPES as readonly string[]).includes(type) ? (type as ElementTypeName) : 'UNKNOWN';
}

/** Camunda's incident error types; the engine writes a subset of them. */
export const INCIDENT_ERROR_TYPES = [
  'UNSPECIFIED', 'UNKNOWN', 'IO_MAPPING_ERROR', 'JOB_NO_RETRIES', 'EXECUTION_LISTENER_NO_RETRIES', 'TASK_LISTENER_NO_RETRIES',
  'AD_HOC_SUB_PROCESS_NO_RETRIES', 'CONDITION_ERROR', 'EXTRACT_VALUE_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT',
  'MESSAGE_SIZE_EXCEEDED', 'CALLED_DECISION_ERROR', 'DECISION_EVALUATION_ERROR', 'FORM_NOT_FOUND', 'RESOURCE_NOT_FOUND',
] as const;

export type IncidentErrorTypeName = (typeof INCIDENT_ERROR_TYPES)[number];

export function incidentErrorTypeName(type: string): IncidentErrorTypeName {
  return (INCIDENT_ERROR_TYPES as readonly string[]).includes(type) ? (type as IncidentErrorTypeName) : 'UNKNOWN';
}

/** every name standing for itself (enum filters over columns that hold the API's names) */
export const identity = (names: readonly string[]): Record<string, readonly string[]> => Object.fromEntries(names.map((n) => [n, [n]]));
