/**
 * 暂缓 / 中止 one auction (NA 28; RP 28 in the pricing phase) and its resumption. Each asset's
 * auction instance (process `auction`) listens on correlation key `auctionKey` = `${caseId}:${asset.id}`
 * for `auction.suspended` and `auction.resumed`. The server CORRELATES the message (Camunda 8.8
 * `POST /v2/messages/correlation`): it reaches an auction that waits for it now or is refused, so
 * the staff learn at once whether the auction was in a phase that can be paused; nothing is left
 * buffered to stop a later listing.
 *
 * Whether an auction is paused is read from the engine, not from the server's records (a case's
 * 中止 / 暂缓 also pauses its auctions through the workers, and a 暂缓 term runs out in the model):
 * an auction is paused while one of its active elements lies on a path from a catch event of
 * `auction.suspended` up to (and including) the events that end the pause — a catch of
 * `auction.resumed` or a timer (the 暂缓 term) — read from the instance's BPMN. The details
 * (kind, reason, since, until) come from the last entry of its `auctionSuspensions` variable, or,
 * before the listing is stopped, from its `suspension` variable.
 *
 * RP 29 撤回网络询价或者委托评估: `auction.pricing-withdrawn` (`withdrawal = { reason, basis? }`) is
 * correlated the same way; the model catches it only while the enquiry or the appraisal is under way
 * or paused, and the auction then ends with `auctionResult = "withdrawn"`.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { badRequest, conflict, notFound } from '../plugins/http-errors.js';
import { EngineError, type EngineClient, type ProcessInstance } from '../plugins/engine-client.js';
import { chinaDateTime } from '../../../common/calendar.js';

export const AUCTION_PROCESS_ID = 'auction';
export const AUCTION_SUSPENDED_MESSAGE = 'auction.suspended';
export const AUCTION_RESUMED_MESSAGE = 'auction.resumed';
export const AUCTION_PRICING_WITHDRAWN_MESSAGE = 'auction.pricing-withdrawn';

export const NOT_PAUSABLE = '该财产的拍卖当前不在询价评估、公告或竞价期间，不能暂缓或中止';
export const NOT_PAUSED = '该财产的拍卖未处于暂缓或中止状态';
export const NOT_IN_PRICING = '该财产不在网络询价或委托评估期间，不能撤回询价评估';

export interface AuctionSuspensionView {
  kind: string;
  reason: string;
  since: string;
  until: string | null;
}

export interface CaseAuction {
  assetId: string;
  description: string | null;
  processInstanceKey: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  activeElements: { elementId: string; name: string | null }[];
  suspension: AuctionSuspensionView | null;
  auctionResult: string | null;
  /** RP 29: the model's `pricingWithdrawal` when the enquiry or appraisal was withdrawn (`auctionResult` "withdrawn"), else null */
  pricingWithdrawal: { reason: string | null; basis: string | null; withdrawnAt: string | null } | null;
}

export const auctionKey = (caseId: string, assetId: string) => `${caseId}:${assetId}`;

type ModdleEl = {
  $type: string;
  id: string;
  name?: string;
  eventDefinitions?: { $type: string; messageRef?: { name?: string } }[];
  outgoing?: { targetRef: ModdleEl }[];
  flowElements?: ModdleEl[];
  attachedToRef?: ModdleEl;
};

/** the ids of the elements where an instance of this definition is paused, per processDefinitionKey */
const pausedElementsCache = new Map<string, Promise<Set<string>>>();

const messageOf = (el: ModdleEl) => el.eventDefinitions?.find((d) => d.$type === 'bpmn:MessageEventDefinition')?.messageRef?.name;
const isTimer = (el: ModdleEl) => Boolean(el.eventDefinitions?.some((d) => d.$type === 'bpmn:TimerEventDefinition'));

/** walks from every catch of `auction.suspended` to the events that end the pause (see the header) */
export async function pausedElements(xml: string): Promise<Set<string>> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const all: ModdleEl[] = [];
  const collect = (els: ModdleEl[] | undefined) => {
    for (const el of els ?? []) {
      all.push(el);
      collect(el.flowElements);
    }
  };
  for (const p of ((rootElement as unknown as { rootElements?: ModdleEl[] }).rootElements ?? []).filter((r) => r.$type === 'bpmn:Process')) collect(p.flowElements);
  const paused = new Set<string>();
  const stack = all.filter((el) => messageOf(el) === AUCTION_SUSPENDED_MESSAGE).flatMap((el) => (el.outgoing ?? []).map((f) => f.targetRef));
  while (stack.length) {
    const el = stack.pop()!;
    if (!el || paused.has(el.id)) continue;
    paused.add(el.id);
    // the pause ends when the resumption or the 暂缓 term is caught: go no further
    if (messageOf(el) === AUCTION_RESUMED_MESSAGE || (isTimer(el) && el.$type !== 'bpmn:BoundaryEvent')) continue;
    if (el.$type === 'bpmn:EndEvent') continue;
    for (const f of el.outgoing ?? []) stack.push(f.targetRef);
  }
  // a boundary event on a paused element (e.g. a 暂缓 term on a receive task) ends the pause too
  for (const el of all) if (el.$type === 'bpmn:BoundaryEvent' && el.attachedToRef && paused.has(el.attachedToRef.id)) paused.add(el.id);
  return paused;
}

function pausedElementsOf(engine: EngineClient, processDefinitionKey: string): Promise<Set<string>> {
  let found = pausedElementsCache.get(processDefinitionKey);
  if (!found) {
    found = engine.getProcessDefinitionXml(processDefinitionKey).then(pausedElements);
    found.catch(() => pausedElementsCache.delete(processDefinitionKey));
    pausedElementsCache.set(processDefinitionKey, found);
  }
  return found;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const obj = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

const READ_VARIABLES = ['asset', 'auctionKey', 'auctionSuspensions', 'suspension', 'auctionResult', 'pricingWithdrawal'];
const HIDDEN_TYPES = new Set(['PROCESS', 'SEQUENCE_FLOW', 'MULTI_INSTANCE_BODY']);

/** the auction instances of a case (variable `caseId`), oldest first, with their state read from the engine */
export async function caseAuctions(engine: EngineClient, caseId: string): Promise<CaseAuction[]> {
  const instances: ProcessInstance[] = [];
  for (let from = 0; ; ) {
    const page = await engine.searchProcessInstances({
      filter: { processDefinitionId: AUCTION_PROCESS_ID, variables: [{ name: 'caseId', value: JSON.stringify(caseId) }] },
      sort: [{ field: 'startDate', order: 'ASC' }, { field: 'processInstanceKey', order: 'ASC' }],
      page: { from, limit: 200 },
    });
    instances.push(...page.items);
    from += page.items.length;
    if (page.items.length < 200 || from >= 1000) break;
  }
  if (instances.length === 0) return [];
  const keys = instances.map((i) => i.processInstanceKey);
  const [variables, elements] = await Promise.all([
    engine.searchVariables({ filter: { processInstanceKey: { $in: keys }, name: { $in: READ_VARIABLES } }, page: { limit: 1000 } }),
    engine.searchElementInstances({ filter: { processInstanceKey: { $in: keys }, state: 'ACTIVE' }, sort: [{ field: 'startDate', order: 'ASC' }], page: { limit: 1000 } }),
  ]);
  const result: CaseAuction[] = [];
  for (const instance of instances) {
    const pik = instance.processInstanceKey;
    const values = new Map(variables.items.filter((v) => v.processInstanceKey === pik && v.scopeKey === pik).map((v) => [v.name, parse(v.value)]));
    const asset = obj(values.get('asset'));
    const key = str(values.get('auctionKey'));
    const assetId = str(asset?.id) ?? (key?.startsWith(`${caseId}:`) ? key.slice(caseId.length + 1) : null);
    if (!assetId) continue; // not an asset's auction the server can address
    const active = elements.items.filter((e) => e.processInstanceKey === pik && !HIDDEN_TYPES.has(e.type));
    const state = instance.state === 'ACTIVE' ? 'ACTIVE' : instance.state === 'COMPLETED' ? 'COMPLETED' : 'TERMINATED';
    let suspension: AuctionSuspensionView | null = null;
    if (state === 'ACTIVE' && active.length) {
      const paused = await pausedElementsOf(engine, instance.processDefinitionKey).catch(() => new Set<string>());
      const at = active.find((e) => paused.has(e.elementId));
      if (at) suspension = suspensionView(values, at.startDate);
    }
    result.push({
      assetId,
      description: str(asset?.description) ?? str(asset?.name),
      processInstanceKey: pik,
      state,
      activeElements: active.map((e) => ({ elementId: e.elementId, name: e.elementName })),
      suspension,
      auctionResult: str(values.get('auctionResult')),
      pricingWithdrawal: withdrawalView(values.get('pricingWithdrawal')),
    });
  }
  return result;
}

const withdrawalView = (v: unknown): CaseAuction['pricingWithdrawal'] => {
  const w = obj(v);
  return w ? { reason: str(w.reason), basis: str(w.basis), withdrawnAt: str(w.withdrawnAt) } : null;
};

/** the last recorded suspension, or the message's `suspension` before the listing is stopped */
function suspensionView(values: Map<string, unknown>, pausedSince: string): AuctionSuspensionView {
  const list = values.get('auctionSuspensions');
  const last = obj(Array.isArray(list) ? list.at(-1) : undefined);
  const message = obj(values.get('suspension'));
  const lastSince = str(last?.suspendedAt);
  // an entry older than the element that holds the auction now belongs to an earlier pause
  const recorded = last && lastSince && Date.parse(lastSince) >= Date.parse(pausedSince) - 60_000 ? last : undefined;
  const source = recorded ?? message ?? {};
  return {
    kind: str(source.kind) ?? '暂缓',
    reason: str(source.reason) ?? '',
    since: str(recorded?.suspendedAt) ?? pausedSince,
    until: str(source.until),
  };
}

export interface AuctionSuspendInput {
  kind: '中止' | '暂缓';
  reason: string;
  basis?: string;
  until?: string;
}

/** the auction of the asset, or 404 */
export async function findCaseAuction(engine: EngineClient, caseId: string, caseNumber: string, assetId: string): Promise<CaseAuction> {
  const auction = (await caseAuctions(engine, caseId)).find((a) => a.assetId === assetId);
  if (!auction) throw notFound(`案件 ${caseNumber} 没有财产 ${assetId} 的拍卖`);
  return auction;
}

/** validates a suspension against the engine's now (400 naming the field) */
export function auctionSuspensionVariables(input: AuctionSuspendInput, now: Date) {
  const reason = input.reason.trim();
  if (!reason) throw badRequest('请填写暂缓 / 中止拍卖的事由', 'reason');
  let until: string | undefined;
  if (input.until !== undefined) {
    if (input.kind !== '暂缓') throw badRequest('只有暂缓拍卖可以设定期限（until），中止拍卖至中止事由消失时恢复', 'until');
    const t = Date.parse(input.until);
    if (Number.isNaN(t)) throw badRequest('暂缓期限 until 应为 ISO 日期时间', 'until');
    if (t <= now.getTime()) throw badRequest(`暂缓期限 until 应晚于当前时间 ${chinaDateTime(now)}`, 'until');
    until = new Date(t).toISOString();
  }
  const basis = input.basis?.trim() || undefined;
  return { kind: input.kind, reason, ...(basis ? { basis } : {}), ...(until ? { until } : {}) };
}

export interface PricingWithdrawalInput {
  reason: string;
  basis?: string;
}

/** the `withdrawal` variable of `auction.pricing-withdrawn` (RP 29); 400 naming the field */
export function pricingWithdrawalVariables(input: PricingWithdrawalInput): { reason: string; basis?: string } {
  const reason = input.reason.trim();
  if (!reason) throw badRequest('请填写撤回网络询价或委托评估的事由', 'reason');
  const basis = input.basis?.trim() || undefined;
  return { reason, ...(basis ? { basis } : {}) };
}

/** correlates the message to the asset's auction; 409 with `refusal` when no auction waits for it */
export async function correlateToAuction(
  engine: EngineClient,
  name: typeof AUCTION_SUSPENDED_MESSAGE | typeof AUCTION_RESUMED_MESSAGE | typeof AUCTION_PRICING_WITHDRAWN_MESSAGE,
  key: string,
  variables: Record<string, unknown>,
  refusal: string,
): Promise<{ processInstanceKey: string }> {
  try {
    return await engine.correlateMessage({ name, correlationKey: key, variables });
  } catch (e) {
    if (e instanceof EngineError && e.statusCode === 404) throw conflict(refusal);
    throw e;
  }
}
