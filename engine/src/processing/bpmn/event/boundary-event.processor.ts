/**
 * Boundary events are activated by their trigger (an error, later timers and messages) in the
 * flow scope of the activity they are attached to; they then complete at once, with the
 * trigger's variables, and leave by their outgoing flows.
 */
import { passThroughProcessor, type BpmnElementProcessor } from '../element-processor.js';

export const boundaryEventProcessor: BpmnElementProcessor = passThroughProcessor;
