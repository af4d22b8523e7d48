/**
 * case.publish-message — a message end event (or throw event) that starts another process of the
 * same case by its message start event: 终本 hands the case to 终本后动态管理 and to 失信/限高, which
 * run on as their own instances while the case itself is closed (结案 at 终本, F14).
 *
 * Also a message to the case's own 期限监控 (the auction's start and end as an excluded period,
 * `enforcement-case.period-excluded` / `.period-exclusion-ended`).
 *
 * Headers: `messageName` (required); `correlationKeyVariable` (default `caseNumber`);
 * `variables` (optional, a comma list: only these variables are forwarded, e.g. `exclusion`);
 * `timeToLive` (optional ISO duration such as `P30D`, default an hour: a message to a loop that
 * may be busy for days must wait for it).
 * Variables: all of the job's (or those of the `variables` header), forwarded as the message's
 * variables (the started instance gets the case variables, as a call activity would pass them),
 * plus `startedByProcessInstanceKey` when all are forwarded.
 *
 * Idempotent: the message id is the element instance, so a redelivered job publishes nothing new;
 * and a message start event starts one live instance per correlation key.
 */
import { defineWorker } from '../core/define-worker.js';
import { CASE_PUBLISH_MESSAGE } from './job-types.js';

/** an hour: long enough to refuse a redelivered job's second message */
const TIME_TO_LIVE_MS = 60 * 60_000;

/** `P30D`, `PT2H`, `P1DT12H` … in milliseconds; throws naming the element for anything else */
export function durationMs(text: string, elementId: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new Error(`元素 ${elementId} 的任务头 timeToLive 应为 ISO 时长（如 P30D），实际为 ${JSON.stringify(text)}`);
  const [, w, d, h, min, sec] = m.map((x) => Number(x ?? 0));
  return ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + sec!) * 1000;
}

export default defineWorker<Record<string, unknown>, { messageName?: string; correlationKeyVariable?: string; variables?: string; timeToLive?: string }>({
  type: CASE_PUBLISH_MESSAGE,
  description: '发布消息，启动同一案件的另一流程（终本后动态管理、失信与限高）',
  handler: async (job, ctx) => {
    const name = job.customHeaders.messageName?.trim();
    if (!name) throw new Error(`元素 ${job.elementId} 缺少任务头 messageName`);
    const keyVariable = job.customHeaders.correlationKeyVariable?.trim() || 'caseNumber';
    const correlationKey = job.variables[keyVariable];
    if (typeof correlationKey !== 'string' || correlationKey === '') {
      throw new Error(`流程变量 ${keyVariable}（消息 ${name} 的关联键）缺失或不是字符串`);
    }
    const only = job.customHeaders.variables?.split(',').map((x) => x.trim()).filter(Boolean);
    let variables: Record<string, unknown>;
    if (only?.length) {
      variables = {};
      for (const key of only) {
        if (!(key in job.variables)) throw new Error(`元素 ${job.elementId} 缺少流程变量 ${key}（消息 ${name} 的任务头 variables 中列出）`);
        variables[key] = job.variables[key];
      }
    } else variables = { ...job.variables, startedByProcessInstanceKey: job.processInstanceKey };
    const ttl = job.customHeaders.timeToLive?.trim();
    await ctx.messages.publish({
      name,
      correlationKey,
      variables,
      timeToLiveMs: ttl ? durationMs(ttl, job.elementId) : TIME_TO_LIVE_MS,
      messageId: `${name}:${job.elementInstanceKey}`,
    });
    ctx.log.info(`message ${name} published`, { correlationKey, processInstanceKey: job.processInstanceKey });
    return {};
  },
});
