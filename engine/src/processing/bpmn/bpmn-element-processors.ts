/**
 * The registry: which processor executes which element kind (Zeebe's BpmnElementProcessors).
 * An element kind absent here is not executable yet, and deployment refuses it.
 */
import type { BpmnElementType, ExecutableElement } from '../../model/executable-model.js';
import { passThroughProcessor, type BpmnElementProcessor } from './element-processor.js';
import { containerProcessor } from './container/process.processor.js';
import { callActivityProcessor } from './container/call-activity.processor.js';
import { multiInstanceBodyProcessor } from './container/multi-instance-body.processor.js';
import { endEventProcessor } from './event/end-event.processor.js';
import { boundaryEventProcessor } from './event/boundary-event.processor.js';
import { jobWorkerTaskProcessor } from './task/job-worker-task.processor.js';
import { userTaskProcessor } from './task/user-task.processor.js';
import { scriptTaskProcessor } from './task/script-task.processor.js';
import { businessRuleTaskProcessor } from './task/business-rule-task.processor.js';
import { exclusiveGatewayProcessor } from './gateway/exclusive-gateway.processor.js';
import { parallelGatewayProcessor } from './gateway/parallel-gateway.processor.js';
import { eventBasedGatewayProcessor } from './gateway/event-based-gateway.processor.js';
import { intermediateCatchEventProcessor } from './event/intermediate-catch-event.processor.js';
import { registerSubscriptionKind, supportsCatchEvent } from './behaviors/event-subscription.behavior.js';
import { timerSubscriptions } from '../timer/timer.behavior.js';
import { intermediateThrowEventProcessor } from './event/intermediate-throw-event.processor.js';
import { inclusiveGatewayProcessor } from './gateway/inclusive-gateway.processor.js';
import { messageSubscriptions } from '../message/message-subscription.behavior.js';
import { signalSubscriptions } from '../signal/signal-subscription.behavior.js';
import '../signal/signal-broadcast.processor.js';

registerSubscriptionKind('TIMER', timerSubscriptions);
registerSubscriptionKind('MESSAGE', messageSubscriptions);
registerSubscriptionKind('SIGNAL', signalSubscriptions);

const processors: Partial<Record<BpmnElementType, BpmnElementProcessor>> = {
  PROCESS: containerProcessor,
  SUB_PROCESS: containerProcessor,
  EVENT_SUB_PROCESS: containerProcessor,
  CALL_ACTIVITY: callActivityProcessor,
  MULTI_INSTANCE_BODY: multiInstanceBodyProcessor,
  START_EVENT: passThroughProcessor,
  END_EVENT: endEventProcessor,
  INTERMEDIATE_THROW_EVENT: intermediateThrowEventProcessor,
  BOUNDARY_EVENT: boundaryEventProcessor,
  TASK: passThroughProcessor,
  MANUAL_TASK: passThroughProcessor,
  SERVICE_TASK: jobWorkerTaskProcessor,
  SEND_TASK: jobWorkerTaskProcessor,
  SCRIPT_TASK: scriptTaskProcessor,
  BUSINESS_RULE_TASK: businessRuleTaskProcessor,
  USER_TASK: userTaskProcessor,
  EXCLUSIVE_GATEWAY: exclusiveGatewayProcessor,
  PARALLEL_GATEWAY: parallelGatewayProcessor,
  EVENT_BASED_GATEWAY: eventBasedGatewayProcessor,
  INTERMEDIATE_CATCH_EVENT: intermediateCatchEventProcessor,
  RECEIVE_TASK: intermediateCatchEventProcessor,
  INCLUSIVE_GATEWAY: inclusiveGatewayProcessor,
};

/** event kinds each element kind executes today */
const supportedEvents: Partial<Record<BpmnElementType, readonly string[]>> = {
  END_EVENT: ['NONE', 'ERROR', 'MESSAGE', 'SIGNAL', 'ESCALATION', 'TERMINATE', 'COMPENSATION'],
  INTERMEDIATE_THROW_EVENT: ['NONE', 'MESSAGE', 'SIGNAL', 'ESCALATION', 'LINK', 'COMPENSATION'],
};
/** catch events execute when their kind of subscription is registered (errors and escalations are thrown, not subscribed) */
/** the activities a compensation handler may be (Zeebe 8.8: tasks, embedded sub-processes, call activities, multi-instance or not) */
const HANDLER_TYPES = new Set<BpmnElementType>([
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
]);

const catchEventTypes = new Set<BpmnElementType>(['START_EVENT', 'INTERMEDIATE_CATCH_EVENT', 'BOUNDARY_EVENT']);

export function processorFor(type: string): BpmnElementProcessor {
  const processor = processors[type as BpmnElementType];
  if (!processor) throw new Error(`no processor for element type ${type}`);
  return processor;
}

/** why the engine cannot execute an element yet, or undefined when it can */
export function unsupportedReason(element: ExecutableElement): string | undefined {
  if (!processors[element.type]) return `Elements of type '${element.type}' are not supported by this engine yet`;
  const runsWithoutJob = element.script !== undefined || element.calledDecision !== undefined;
  if (element.job === undefined && !runsWithoutJob && ['SERVICE_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'BUSINESS_RULE_TASK'].includes(element.type)) {
    return `Elements of type '${element.type}' without a job definition are not supported by this engine yet`;
  }
  if (element.eventType === 'MESSAGE' && element.job === undefined && (element.type === 'END_EVENT' || element.type === 'INTERMEDIATE_THROW_EVENT')) {
    return `Elements of type '${element.type}' with event type 'MESSAGE' without a job definition are not supported by this engine yet`;
  }
  // compensation boundary events open nothing: their activity's completion subscribes (compensation.behavior.ts)
  if (element.type === 'BOUNDARY_EVENT' && element.eventType === 'COMPENSATION') {
    return element.compensation?.handlerId ? undefined : 'A compensation boundary event must be associated with a compensation handler (an activity with isForCompensation)';
  }
  if (element.isForCompensation && !HANDLER_TYPES.has(element.type)) {
    return `Compensation handlers of type '${element.type}' are not supported by this engine yet: only tasks, sub-processes and call activities`;
  }
  if (catchEventTypes.has(element.type)) {
    const thrown = element.eventType === 'ERROR' || element.eventType === 'ESCALATION';
    const ok =
      element.eventType === 'NONE' ? element.type === 'START_EVENT'
      : thrown ? element.type !== 'INTERMEDIATE_CATCH_EVENT'
      : element.eventType === 'LINK' ? element.type === 'INTERMEDIATE_CATCH_EVENT'
      : supportsCatchEvent(element.eventType);
    return ok ? undefined : `Elements of type '${element.type}' with event type '${element.eventType}' are not supported by this engine yet`;
  }
  const events = supportedEvents[element.type];
  if (events && !events.includes(element.eventType)) {
    return `Elements of type '${element.type}' with event type '${element.eventType}' are not supported by this engine yet`;
  }
  return undefined;
}
