/**
 * Parallel gateway: it activates only once every incoming flow holds a token (the join is
 * decided where the flow is taken, see takeOutgoingFlows), and then takes all outgoing flows.
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';

export const parallelGatewayProcessor: BpmnElementProcessor = passThroughProcessor;
