/**
 * The registry: which processor executes which element kind (Zeebe's BpmnElementProcessors).
 * An element kind absent here is not executable yet, and deployment refuses it.
 */
import type { BpmnElementType, ExecutableElement } from '../../model/executable-model.js';
import { passThroughProcessor, type BpmnElementProcessor } from './element-processor.js';
import { containerProcessor } from './container/process.processor.js';
import { endEventProcessor } from './event/end-event.processor.js';
import { boundaryEventProcessor } from './event/boundary-event.processor.js';
import { jobWorkerTaskProcessor } from './task/job-worker-task.processor.js';
import { exclusiveGatewayProcessor } from './gateway/exclusive-gateway.processor.js';
import { parallelGatewayProcessor } from './gateway/parallel-gateway.processor.js';
import { eventBasedGatewayProcessor } from './gateway/event-based-gateway.processor.js';
import { intermediateCatchEventProcessor } from './event/intermediate-catch-event.processor.js';
import { registerSubscriptionKind, supportsCatchEvent } from './behaviors/event-subscription.behavior.js';
import { timerSubscriptions } from '../timer/timer.behavior.js';

registerSubscriptionKind('TIMER', timerSubscriptions);

const processors: Partial<Record<BpmnElementType, BpmnElementProcessor>> = {
  PROCESS: containerProcessor,
  SUB_PROCESS: containerProcessor,
  EVENT_SUB_PROCESS: containerProcessor,
  START_EVENT: passThroughProcessor,
  END_EVENT: endEventProcessor,
  INTERMEDIATE_THROW_EVENT: passThroughProcessor,
  BOUNDARY_EVENT: boundaryEventProcessor,
  TASK: passThroughProcessor,
  MANUAL_TASK: passThroughProcessor,
  SERVICE_TASK: jobWorkerTaskProcessor,
  SEND_TASK: jobWorkerTaskProcessor,
  SCRIPT_TASK: jobWorkerTaskProcessor,
  BUSINESS_RULE_TASK: jobWorkerTaskProcessor,
  EXCLUSIVE_GATEWAY: exclusiveGatewayProcessor,
  PARALLEL_GATEWAY: parallelGatewayProcessor,
  EVENT_BASED_GATEWAY: eventBasedGatewayProcessor,
  INTERMEDIATE_CATCH_EVENT: intermediateCatchEventProcessor,
};

/** event kinds each element kind executes today */
const supportedEvents: Partial<Record<BpmnElementType, readonly string[]>> = {
  END_EVENT: ['NONE', 'ERROR'],
  INTERMEDIATE_THROW_EVENT: ['NONE'],
};
/** catch events execute when their kind of subscription is registered (errors are thrown, not subscribed) */
const catchEventTypes = new Set<BpmnElementType>(['START_EVENT', 'INTERMEDIATE_CATCH_EVENT', 'BOUNDARY_EVENT']);

export function processorFor(type: string): BpmnElementProcessor {
  const processor = processors[type as BpmnElementType];
  if (!processor) throw new Error(`no processor for element type ${type}`);
  return processor;
}

/** why the engine cannot execute an element yet, or undefined when it can */
export function unsupportedReason(element: ExecutableElement): string | undefined {
  if (!processors[element.type]) return `Elements of type '${element.type}' are not supported by this engine yet`;
  if (element.job === undefined && ['SERVICE_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'BUSINESS_RULE_TASK'].includes(element.type)) {
    return `Elements of type '${element.type}' without a job definition are not supported by this engine yet`;
  }
  if (catchEventTypes.has(element.type)) {
    const ok = element.eventType === 'NONE' ? element.type === 'START_EVENT' : element.eventType === 'ERROR' ? element.type !== 'INTERMEDIATE_CATCH_EVENT' : supportsCatchEvent(element.eventType);
    return ok ? undefined : `Elements of type '${element.type}' with event type '${element.eventType}' are not supported by this engine yet`;
  }
  const events = supportedEvents[element.type];
  if (events && !events.includes(element.eventType)) {
    return `Elements of type '${element.type}' with event type '${element.eventType}' are not supported by this engine yet`;
  }
  return undefined;
}
