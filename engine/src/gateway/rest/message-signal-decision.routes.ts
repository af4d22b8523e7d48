/**
 * Messages (publication and correlation), signals (broadcast) and decision evaluation: one
 * engine command each.
 */
import type { FastifyInstance } from 'fastify';
import type { Variables } from '../../engine-api.js';
import type { RestContext } from './context.js';
import { invalidArgument, unwrap } from './problem.js';
import { tenantOf, variablesOf } from './request-mapper.js';
import { toDecisionEvaluation } from './response-mapper.js';
import { decisionEvaluationBody, messageCorrelationBody, messagePublicationBody, signalBroadcastBody } from './schemas.js';

interface PublicationBody {
  name: string;
  correlationKey?: string;
  timeToLive?: number;
  messageId?: string;
  variables?: Variables | null;
  tenantId?: string;
}

interface EvaluationBody {
  decisionDefinitionId?: string;
  decisionDefinitionKey?: string;
  variables?: Variables | null;
  tenantId?: string;
}

export function messageSignalDecisionRoutes(app: FastifyInstance, { engine }: RestContext): void {
  app.post<{ Body: PublicationBody }>('/messages/publication', { schema: { body: messagePublicationBody } }, async (req) => {
    const body = req.body;
    const published = unwrap(
      await engine.publishMessage({
        name: body.name,
        correlationKey: body.correlationKey ?? '',
        timeToLive: body.timeToLive ?? 0,
        messageId: body.messageId || undefined,
        variables: variablesOf(body.variables),
        tenantId: tenantOf(body.tenantId, 'Publish Message'),
      }),
    );
    return { messageKey: published.key, tenantId: published.tenantId };
  });

  app.post<{ Body: { name: string; correlationKey?: string; variables?: Variables | null; tenantId?: string } }>(
    '/messages/correlation',
    { schema: { body: messageCorrelationBody } },
    async (req) => {
      const { name, correlationKey, variables, tenantId } = req.body;
      const correlated = unwrap(
        await engine.correlateMessage({ name, correlationKey: correlationKey ?? '', variables: variablesOf(variables), tenantId: tenantOf(tenantId, 'Correlate Message') }),
      );
      return { messageKey: correlated.key, processInstanceKey: correlated.processInstanceKey, tenantId: correlated.tenantId };
    },
  );

  app.post<{ Body: { signalName: string; variables?: Variables | null; tenantId?: string } }>(
    '/signals/broadcast',
    { schema: { body: signalBroadcastBody } },
    async (req) => {
      const { signalName, variables, tenantId } = req.body;
      const broadcast = unwrap(await engine.broadcastSignal({ signalName, variables: variablesOf(variables), tenantId: tenantOf(tenantId, 'Broadcast Signal') }));
      return { signalKey: broadcast.key, tenantId: broadcast.tenantId };
    },
  );

  app.post<{ Body: EvaluationBody }>('/decision-definitions/evaluation', { schema: { body: decisionEvaluationBody } }, async (req) => {
    const { decisionDefinitionId, decisionDefinitionKey, variables, tenantId } = req.body;
    if (decisionDefinitionId == null && decisionDefinitionKey == null) {
      throw invalidArgument('At least one of [decisionDefinitionId, decisionDefinitionKey] is required.');
    }
    if (decisionDefinitionId != null && decisionDefinitionKey != null) {
      throw invalidArgument('Only one of [decisionDefinitionId, decisionDefinitionKey] is allowed.');
    }
    const result = unwrap(
      await engine.evaluateDecision({
        decisionId: decisionDefinitionId,
        decisionKey: decisionDefinitionKey,
        variables: variablesOf(variables),
        tenantId: tenantOf(tenantId, 'Evaluate Decision'),
      }),
    );
    return toDecisionEvaluation(result);
  });
}
