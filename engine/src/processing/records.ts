/**
 * Records as Zeebe writes them: commands (imperative), events (past tense) and rejections.
 * Value types and intents keep Zeebe's names, because operators and tests read them.
 */
import type { RejectionType } from '../engine-api.js';

export type RecordType = 'COMMAND' | 'EVENT' | 'COMMAND_REJECTION';

export type ValueType =
  | 'DEPLOYMENT'
  | 'PROCESS'
  | 'PROCESS_INSTANCE'
  | 'PROCESS_INSTANCE_CREATION'
  | 'PROCESS_INSTANCE_RESULT'
  | 'PROCESS_INSTANCE_MODIFICATION'
  | 'JOB'
  | 'JOB_BATCH'
  | 'VARIABLE'
  | 'VARIABLE_DOCUMENT'
  | 'INCIDENT'
  | 'TIMER'
  | 'MESSAGE'
  | 'MESSAGE_CORRELATION'
  | 'MESSAGE_SUBSCRIPTION'
  | 'PROCESS_MESSAGE_SUBSCRIPTION'
  | 'MESSAGE_START_EVENT_SUBSCRIPTION'
  | 'SIGNAL'
  | 'SIGNAL_SUBSCRIPTION'
  | 'ESCALATION'
  | 'USER_TASK'
  | 'DECISION'
  | 'DECISION_REQUIREMENTS'
  | 'DECISION_EVALUATION'
  | 'FORM'
  | 'RESOURCE_DELETION'
  | 'COMPENSATION_SUBSCRIPTION'
  | 'ERROR';

export type ProcessInstanceIntent =
  | 'ACTIVATE_ELEMENT'
  | 'COMPLETE_ELEMENT'
  | 'TERMINATE_ELEMENT'
  | 'CANCEL'
  | 'ELEMENT_ACTIVATING'
  | 'ELEMENT_ACTIVATED'
  | 'ELEMENT_COMPLETING'
  | 'ELEMENT_COMPLETED'
  | 'ELEMENT_TERMINATING'
  | 'ELEMENT_TERMINATED'
  | 'SEQUENCE_FLOW_TAKEN';

export type JobIntent =
  | 'CREATED'
  | 'COMPLETE'
  | 'COMPLETED'
  | 'FAIL'
  | 'FAILED'
  | 'THROW_ERROR'
  | 'ERROR_THROWN'
  | 'TIME_OUT'
  | 'TIMED_OUT'
  | 'UPDATE_RETRIES'
  | 'RETRIES_UPDATED'
  | 'UPDATE_TIMEOUT'
  | 'TIMEOUT_UPDATED'
  | 'RECUR_AFTER_BACKOFF'
  | 'RECURRED_AFTER_BACKOFF'
  | 'CANCELED';

export interface EngineRecord {
  key: string;
  recordType: RecordType;
  valueType: ValueType;
  intent: string;
  value: Record<string, unknown>;
  rejectionType?: RejectionType;
  rejectionReason?: string;
  processInstanceKey?: string;
  timestamp: number;
}

/** Zeebe's ProcessInstanceRecord value. */
export interface ProcessInstanceValue {
  bpmnElementType: string;
  elementId: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  processInstanceKey: string;
  flowScopeKey: string; // "-1" for the process itself
  bpmnEventType: string;
  parentProcessInstanceKey: string;
  parentElementInstanceKey: string;
  tenantId: string;
}

export const NO_KEY = '-1';
export const DEFAULT_TENANT = '<default>';
