/**
 * Exclusive gateway: the first outgoing flow whose condition is true, else the default flow,
 * else an incident (conditional-gateway.ts).
 */
import { conditionalGatewayProcessor } from './conditional-gateway.js';

export const exclusiveGatewayProcessor = conditionalGatewayProcessor('first');
