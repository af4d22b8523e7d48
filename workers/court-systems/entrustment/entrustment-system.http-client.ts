/**
 * EntrustmentSystemHttpClient: the adapter over HTTP/JSON, chosen when `ENTRUSTMENT_SYSTEM_URL` is
 * set (`ENTRUSTMENT_SYSTEM_TOKEN` as a bearer token when required):
 *
 * | call | request |
 * |---|---|
 * | send | `POST /entrustments` (body carries `requestId`; the system answers the same entrustment for the same id) |
 * | fetchIncoming | `GET /entrustments/{entrustmentId}` |
 * | notify | `PUT /entrustments/{entrustmentId}/notices/{requestId}` (idempotent by path) |
 * | pollEvents | `GET /events?after={cursor}` → `{ events: [{ id, type, entrustmentId, variables }], cursor }` (`type`: received — another court's new entrustment; its variables get `entrustmentDirection: "incoming"` and the `entrustmentId` —, filed, incomplete, concluded, matter-replied, supplemented) |
 *
 * A non-2xx answer is an error naming the call and the status; the worker retries it.
 */
import { CourtSystemHttp } from '../http-base.js';
import type { InboundPage } from '../inbound.js';
import { isEntrustmentAnswer, type EntrustmentNotice, EntrustmentSystem, IncomingEntrustment, NoticeReceipt, OutgoingEntrustment, SentEntrustment } from './entrustment-system.js';

interface WireEvent {
  id?: unknown;
  type?: unknown;
  entrustmentId?: unknown;
  variables?: unknown;
}

export class EntrustmentSystemHttpClient implements EntrustmentSystem {
  readonly inboundName = 'entrustment-system';
  private readonly http: CourtSystemHttp;

  constructor(baseUrl: string, token?: string, timeoutMs = 10_000) {
    this.http = new CourtSystemHttp('委托执行管理系统', baseUrl, { token, timeoutMs });
  }

  send(entrustment: OutgoingEntrustment): Promise<SentEntrustment> {
    return this.call('POST', '/entrustments', entrustment);
  }

  fetchIncoming(entrustmentId: string): Promise<IncomingEntrustment> {
    return this.call('GET', `/entrustments/${encodeURIComponent(entrustmentId)}`);
  }

  notify(entrustmentId: string, requestId: string, notice: EntrustmentNotice): Promise<NoticeReceipt> {
    return this.call('PUT', `/entrustments/${encodeURIComponent(entrustmentId)}/notices/${encodeURIComponent(requestId)}`, notice);
  }

  async pollEvents(after: string | undefined): Promise<InboundPage> {
    const page = await this.call<{ events?: WireEvent[]; cursor?: string }>('GET', `/events${after ? `?after=${encodeURIComponent(after)}` : ''}`);
    if (!Array.isArray(page.events)) throw new Error(`委托执行管理系统 GET /events 的应答缺少 events 列表`);
    const events = page.events.map((e, i) => {
      if (typeof e.id !== 'string' || !e.id) throw new Error(`委托执行管理系统 GET /events 的应答中缺少 events[${i}].id`);
      if (!isEntrustmentAnswer(e.type)) throw new Error(`委托执行管理系统 GET /events 的应答中 events[${i}].type '${String(e.type)}' 不是已知的答复类型`);
      if (typeof e.entrustmentId !== 'string' || !e.entrustmentId) throw new Error(`委托执行管理系统 GET /events 的应答中缺少 events[${i}].entrustmentId`);
      let variables = e.variables && typeof e.variables === 'object' ? (e.variables as Record<string, unknown>) : {};
      // a new entrustment starts the receiving side: its direction and id are not left to the system
      if (e.type === 'received') variables = { ...variables, entrustmentDirection: 'incoming', entrustmentId: e.entrustmentId };
      return { id: e.id, message: `entrustment.${e.type}`, correlationKey: e.entrustmentId, variables };
    });
    return { events, cursor: typeof page.cursor === 'string' ? page.cursor : after };
  }

  private call<T>(method: string, pathName: string, body?: unknown): Promise<T> {
    return this.http.call<T>(method, pathName, body);
  }
}
