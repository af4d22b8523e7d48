/**
 * case.publish-message — a message end event (or throw event) that starts another process of the
 * same case by its message start event: 终本 hands the case to 终本后动态管理 and to 失信/限高, which
 * run on as their own instances while the case itself is closed (结案 at 终本, F14).
 *
 * Headers: `messageName` (required); `correlationKeyVariable` (default `caseNumber`).
 * Variables: all of the job's, forwarded as the message's variables (the started instance gets the
 * case variables, as a call activity would pass them), plus `startedByProcessInstanceKey`.
 *
 * Idempotent: the message id is the element instance, so a redelivered job publishes nothing new;
 * and a message start event starts one live instance per correlation key.
 */
import { defineWorker } from '../core/define-worker.js';
import { CASE_PUBLISH_MESSAGE } from './job-types.js';

/** an hour: long enough to refuse a redelivered job's second message */
const TIME_TO_LIVE_MS = 60 * 60_000;

export default defineWorker<Record<string, unknown>, { messageName?: string; correlationKeyVariable?: string }>({
  type: CASE_PUBLISH_MESSAGE,
  description: '发布消息，启动同一案件的另一流程（终本后动态管理、失信与限高）',
  handler: async (job, ctx) => {
    const name = job.customHeaders.messageName?.trim();
    if (!name) throw new Error(`element '${job.elementId}' has no task header 'messageName'`);
    const keyVariable = job.customHeaders.correlationKeyVariable?.trim() || 'caseNumber';
    const correlationKey = job.variables[keyVariable];
    if (typeof correlationKey !== 'string' || correlationKey === '') {
      throw new Error(`variable '${keyVariable}' (the correlation key of message '${name}') is missing or not a string`);
    }
    await ctx.messages.publish({
      name,
      correlationKey,
      variables: { ...job.variables, startedByProcessInstanceKey: job.processInstanceKey },
      timeToLiveMs: TIME_TO_LIVE_MS,
      messageId: `${name}:${job.elementInstanceKey}`,
    });
    ctx.log.info(`message ${name} published`, { correlationKey, processInstanceKey: job.processInstanceKey });
    return {};
  },
});
