/**
 * Inclusive gateway (Zeebe's InclusiveGatewayProcessor). Forking, it takes every outgoing flow
 * whose condition is true, else the default flow, else it raises an incident
 * (conditional-gateway.ts). Joining, it activates when no more tokens can arrive (the rule
 * lives in inclusive-join.behavior.ts, applied where flows are taken).
 */
import { conditionalGatewayProcessor } from './conditional-gateway.js';

export const inclusiveGatewayProcessor = conditionalGatewayProcessor('all');
