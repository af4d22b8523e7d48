/**
 * The executable form of a deployed BPMN process: what the processors read at run time.
 * Produced by `transformProcesses` (bpmn-transformer.ts) from bpmn-moddle's tree; immutable
 * after deployment and cached per process definition key.
 *
 * Expressions are kept as `Expression` values: either a static string or a FEEL expression
 * (the text after the leading `=`), already checked to parse at deployment time.
 */

export type BpmnElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'USER_TASK'
  | 'RECEIVE_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'BOUNDARY_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'CALL_ACTIVITY'
  | 'MULTI_INSTANCE_BODY'
  | 'SEQUENCE_FLOW';

/** Zeebe's BpmnEventType, as it appears on process-instance records. */
export type BpmnEventType =
  | 'UNSPECIFIED'
  | 'NONE'
  | 'ERROR'
  | 'MESSAGE'
  | 'TIMER'
  | 'SIGNAL'
  | 'ESCALATION'
  | 'TERMINATE'
  | 'LINK'
  | 'COMPENSATION'
  | 'CONDITIONAL';

/**
 * Which version a call activity, business rule task or form link uses (`bindingType`): the
 * latest, the one deployed together with the calling process, or the latest with a version tag.
 */
export type BindingType = 'latest' | 'deployment' | 'versionTag';

/** A static value or a FEEL expression (`=` prefix stripped). */
export type Expression =
  | { kind: 'static'; value: string }
  | { kind: 'feel'; expression: string };

/** One `zeebe:input` / `zeebe:output`: `source` is FEEL (after `=`), `target` a variable path. */
export interface VariableMapping {
  source: Expression;
  target: string;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression; // Zeebe default "3"
  headers: Record<string, string>; // zeebe:taskHeaders
}

export interface ExecutableSequenceFlow {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition (after `=`), only for flows leaving exclusive/inclusive gateways */
  condition?: string;
}

export interface ExecutableErrorDefinition {
  /** undefined = catch-all (no errorRef or an error without errorCode) */
  errorCode?: Expression;
  /** zeebe:errorCodeVariable / errorMessageVariable on catch events */
  errorCodeVariable?: string;
  errorMessageVariable?: string;
}

export interface ExecutableElement {
  id: string;
  name?: string;
  type: BpmnElementType;
  eventType: BpmnEventType;
  /** id of the containing process or sub-process */
  flowScopeId: string;
  incoming: string[]; // sequence flow ids
  outgoing: string[]; // sequence flow ids
  inputs: VariableMapping[];
  outputs: VariableMapping[];

  /**
   * job-based elements: service, send, script and business rule tasks with a task definition,
   * message end and intermediate throw events (a task definition is required there), and
   * job-based user tasks (type `io.camunda.zeebe:userTask`, retries '1', headers = the task
   * headers plus `io.camunda.zeebe:formKey`)
   */
  job?: JobDefinition;
  /** exclusive / inclusive gateway */
  defaultFlowId?: string;
  /** boundary events */
  attachedToId?: string;
  cancelActivity?: boolean;
  /** error boundary / error end events */
  error?: ExecutableErrorDefinition;
  /** ids of boundary events attached to this activity */
  boundaryEventIds: string[];
  /** containers (process, sub-process): ids of their direct children */
  childIds: string[];
  /** containers: the none start event (or undefined) */
  noneStartEventId?: string;

  /**
   * timer events: `timeDuration`, `timeDate` or `timeCycle` (ISO 8601, `R/…`, cron, or FEEL);
   * schedule it with `nextDueDate` / `rescheduleCycle` (timer-expressions.ts). Static texts are
   * checked at deployment, FEEL of process timer start events is too (it has no variables).
   */
  timer?: { kind: 'duration' | 'date' | 'cycle'; expression: Expression };
  /**
   * message catchers: message start events, intermediate catch and boundary events, receive
   * tasks (`bpmn:Message` name and its `zeebe:subscription correlationKey`). Process start events
   * have no correlation key (Zeebe ignores it); all other catchers have one (required, FEEL).
   * Message throw events have no `message`: they are jobs.
   */
  message?: { name: Expression; correlationKey?: Expression };
  /** signal start, catch, boundary, throw and end events (`bpmn:Signal` name, may be FEEL) */
  signal?: { name: Expression };
  /**
   * escalation throw and end events (code required, may be FEEL) and escalation boundary events
   * and event sub-process starts (static code; undefined code = catch-all)
   */
  escalation?: { code?: Expression };
  /** link throw and catch events (a throw has a catch of the same name in its flow scope) */
  link?: { name: string };
  /** end events with `bpmn:terminateEventDefinition` have eventType TERMINATE */
  /**
   * user tasks (always set on USER_TASK): a Camunda user task (`zeebe:userTask`) or job-based
   * (then `job` is set too). Blank attributes are left out. Static assignee, external reference
   * are plain strings; static candidate lists are comma-separated (`parseCsvList`); static dates
   * are zoned ISO date-times; static priority is an integer 0–100. `priority`,
   * `externalFormReference` and `headers` exist only on Camunda user tasks, `formKey` only on
   * job-based ones.
   */
  userTask?: {
    implementation: 'zeebe' | 'job';
    assignee?: Expression;
    candidateGroups?: Expression; // comma-separated static list or FEEL list
    candidateUsers?: Expression;
    dueDate?: Expression;
    followUpDate?: Expression;
    priority?: Expression; // default 50
    /** `zeebe:formDefinition formId` (a deployed .form) */
    formId?: string;
    /** its `bindingType` (default latest) and, for `versionTag`, the tag */
    formBinding?: BindingType;
    formVersionTag?: string;
    /** `zeebe:formDefinition externalReference` */
    externalFormReference?: Expression;
    /** legacy `zeebe:formDefinition formKey` (embedded `camunda-forms:bpmn:` user task form) */
    formKey?: string;
    /** `zeebe:taskHeaders` of a Camunda user task (its record's customHeaders) */
    headers?: Record<string, string>;
  };

  /** a compensation handler (`isForCompensation`): activated only by a compensation throw */
  isForCompensation?: boolean;
  /**
   * Compensation events: a boundary event names its handler (the activity its association
   * points to); a throw or end event may name the one activity it compensates (`activityRef`).
   */
  compensation?: { handlerId?: string; activityRef?: string };
  /** start events of event sub-processes: false when non-interrupting (default true) */
  interrupting?: boolean;
  /** script tasks with `zeebe:script` (no job): FEEL text after `=` */
  script?: { expression: string; resultVariable: string };
  /** business rule tasks with `zeebe:calledDecision` (no job) */
  calledDecision?: { decisionId: Expression; resultVariable: string; bindingType: BindingType; versionTag?: string };
  /** call activities (`zeebe:calledElement`) */
  calledElement?: {
    processId: Expression;
    bindingType: BindingType;
    versionTag?: string;
    propagateAllChildVariables: boolean;
    propagateAllParentVariables: boolean;
  };
  /**
   * Multi-instance activities, as modelled (`bpmn:multiInstanceLoopCharacteristics` +
   * `zeebe:loopCharacteristics`); FEEL texts after `=`. The element keeps its own type here.
   */
  multiInstance?: {
    sequential: boolean;
    inputCollection: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
    completionCondition?: string;
  };
}

export interface ExecutableProcess {
  /** bpmn:process id */
  bpmnProcessId: string;
  name?: string;
  /** `zeebe:versionTag` */
  versionTag?: string;
  isExecutable: boolean;
  /**
   * The process itself (type PROCESS, flowScopeId '') and every flow node at any depth, by id.
   * Sequence flows are not here but in `sequenceFlows`.
   */
  elements: Map<string, ExecutableElement>;
  sequenceFlows: Map<string, ExecutableSequenceFlow>;
}

/** One problem found while validating a resource; `elementId` names the offending element. */
export interface ValidationProblem {
  elementId: string;
  message: string;
  /**
   * Zeebe's element identifier when the problem sits on a child without id, e.g.
   * `Task_1 > extensionElements > taskDefinition`; defaults to `elementId`.
   */
  elementPath?: string;
}

export type TransformResult =
  | { ok: true; processes: ExecutableProcess[] }
  | { ok: false; problems: ValidationProblem[] };
