/**
 * The court inbox (workers/court-systems/inbound.ts): the entrustment system's and the auction
 * platform's answers, polled through their adapters (simulators, and the HTTP clients against a
 * stand-in gateway), published once each as the model's messages with the model's correlation
 * keys; cursors saved across restarts; a failed publication is polled again.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagePublisher, OutgoingMessage } from '../../workers/core/context.js';
import { CourtInbox } from '../../workers/court-systems/inbound.js';
import { AuctionPlatformHttpClient } from '../../workers/court-systems/auction-platform/auction-platform.http-client.js';
import { AuctionPlatformSimulator } from '../../workers/court-systems/auction-platform/auction-platform.simulator.js';
import { EntrustmentSystemHttpClient } from '../../workers/court-systems/entrustment/entrustment-system.http-client.js';
import { EntrustmentSystemSimulator } from '../../workers/court-systems/entrustment/entrustment-system.simulator.js';

const dirs: string[] = [];
const stateFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-inbox-'));
  dirs.push(dir);
  return path.join(dir, 'court-inbox.json');
};
const servers: http.Server[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

/** records what would go to the engine; refuses while `failing` */
const recorder = () => {
  const published: OutgoingMessage[] = [];
  const publisher: MessagePublisher & { published: OutgoingMessage[]; failing: boolean } = {
    published,
    failing: false,
    async publish(message) {
      if (this.failing) throw new Error('gateway unavailable');
      published.push(message);
    },
  };
  return publisher;
};

describe('court inbox', () => {
  it('publishes the other court’s answers and the parties’ objections as the models’ messages, keyed as the models correlate them', async () => {
    const entrustment = new EntrustmentSystemSimulator();
    const auction = new AuctionPlatformSimulator();
    const publisher = recorder();
    const inbox = new CourtInbox([entrustment, auction], { publisher, stateFile: stateFile() });

    entrustment.answer('SIM-WT-1', 'filed', { entrustedCaseNumber: '（2026）豫1302执委30号', entrustedOfficer: '孙法官' });
    entrustment.answer('SIM-WT-2', 'matter-replied', { matterResult: '已查询，无存款' });
    auction.objection('case-1:FC-1', '评估价过低');
    expect(await inbox.pollOnce()).toBe(3);
    expect(publisher.published.map((m) => [m.name, m.correlationKey, m.variables])).toEqual([
      ['entrustment.filed', 'SIM-WT-1', { entrustedCaseNumber: '（2026）豫1302执委30号', entrustedOfficer: '孙法官' }],
      ['entrustment.matter-replied', 'SIM-WT-2', { matterResult: '已查询，无存款' }],
      ['auction.price-objection', 'case-1:FC-1', { objection: '评估价过低' }],
    ]);
    // answers wait for an instance not yet at its catch event; ids let the engine refuse a repeat
    expect(publisher.published.every((m) => m.timeToLiveMs! >= 24 * 3600_000)).toBe(true);
    expect(new Set(publisher.published.map((m) => m.messageId)).size).toBe(3);
    expect(publisher.published[0]!.messageId).toMatch(/^entrustment-system:/);

    // nothing new: nothing published
    expect(await inbox.pollOnce()).toBe(0);
    // another court's entrustment arrives: the message that starts the receiving side, keyed by its id
    entrustment.receive({
      entrustmentId: 'WT-IN-7', kind: 'matter', entrustingCourt: '湖北省随州市曾都区人民法院', entrustingCaseNumber: '（2026）鄂1303执56号',
      applicant: { name: '随州某某公司' }, respondents: [{ name: '桐柏某某' }], matter: '查询不动产', materials: ['事项委托函'],
    });
    expect(await inbox.pollOnce()).toBe(1);
    expect(publisher.published.at(-1)).toMatchObject({
      name: 'entrustment.received', correlationKey: 'WT-IN-7', messageId: expect.stringMatching(/^entrustment-system:/),
      variables: { entrustmentDirection: 'incoming', entrustmentId: 'WT-IN-7', entrustmentKind: 'matter', entrustingCourt: '湖北省随州市曾都区人民法院' },
    });
    expect((await entrustment.fetchIncoming('WT-IN-7')).matter).toBe('查询不动产');
    entrustment.answer('SIM-WT-1', 'concluded', { entrustmentOutcome: 'completed', amountCollected: 60000 });
    expect(await inbox.pollOnce()).toBe(1);
    expect(publisher.published.at(-1)).toMatchObject({ name: 'entrustment.concluded', correlationKey: 'SIM-WT-1' });
  });

  it('goes on after a restart from the saved cursor, and polls again what it could not publish', async () => {
    const entrustment = new EntrustmentSystemSimulator();
    const file = stateFile();
    const publisher = recorder();
    entrustment.answer('SIM-WT-1', 'incomplete', { missingMaterials: '生效法律文书副本' });
    await new CourtInbox([entrustment], { publisher, stateFile: file }).pollOnce();
    expect(publisher.published).toHaveLength(1);

    // a second process (or a restart) with the saved cursor does not publish it again
    const restarted = new CourtInbox([entrustment], { publisher, stateFile: file });
    expect(await restarted.pollOnce()).toBe(0);

    entrustment.answer('SIM-WT-1', 'supplemented', { supplementedMaterials: '已补充' });
    publisher.failing = true;
    await expect(restarted.pollOnce()).rejects.toThrow('gateway unavailable');
    publisher.failing = false;
    expect(await restarted.pollOnce()).toBe(1);
    expect(publisher.published.map((m) => m.name)).toEqual(['entrustment.incomplete', 'entrustment.supplemented']);

    // a simulator of a later run starts a new log: a cursor of the old one does not skip its events
    const fresh = new EntrustmentSystemSimulator();
    fresh.answer('SIM-WT-9', 'filed', { entrustedCaseNumber: 'x', entrustedOfficer: 'y' });
    expect(await new CourtInbox([fresh], { publisher, stateFile: file }).pollOnce()).toBe(1);
  });

  it('reads the systems’ event feeds over HTTP, and names the field of a bad event', async () => {
    const seen: string[] = [];
    let entrustmentEvents: unknown[] = [{ id: 'E1', type: 'filed', entrustmentId: 'WT-77', variables: { entrustedCaseNumber: 'A', entrustedOfficer: 'B' } }];
    const server = http.createServer((req, res) => {
      seen.push(`${req.headers.authorization ?? ''} ${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/entrustment/events')) res.end(JSON.stringify({ events: entrustmentEvents, cursor: 'c1' }));
      else res.end(JSON.stringify({ events: [{ id: 'O1', type: 'price-objection', auctionKey: 'case-2:FC-9', objection: '不服' }], cursor: 'o1' }));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const entrustment = new EntrustmentSystemHttpClient(`${base}/entrustment/`, 'secret');
    const auction = new AuctionPlatformHttpClient(`${base}/auction`);
    const publisher = recorder();
    const inbox = new CourtInbox([entrustment, auction], { publisher });

    expect(await inbox.pollOnce()).toBe(2);
    expect(publisher.published.map((m) => [m.name, m.correlationKey])).toEqual([
      ['entrustment.filed', 'WT-77'],
      ['auction.price-objection', 'case-2:FC-9'],
    ]);
    await inbox.pollOnce();
    expect(seen).toEqual(['Bearer secret GET /entrustment/events', ' GET /auction/events', 'Bearer secret GET /entrustment/events?after=c1', ' GET /auction/events?after=o1']);

    // another court's new entrustment: its direction and id are set whatever the system sends
    entrustmentEvents = [{ id: 'E3', type: 'received', entrustmentId: 'WT-IN-80', variables: { entrustmentKind: 'matter', entrustingCourt: '湖北省随州市曾都区人民法院', entrustmentId: 'other' } }];
    expect((await entrustment.pollEvents('c1')).events).toEqual([{
      id: 'E3', message: 'entrustment.received', correlationKey: 'WT-IN-80',
      variables: { entrustmentKind: 'matter', entrustingCourt: '湖北省随州市曾都区人民法院', entrustmentDirection: 'incoming', entrustmentId: 'WT-IN-80' },
    }]);

    entrustmentEvents = [{ id: 'E2', type: 'hearing', entrustmentId: 'WT-77' }];
    await expect(entrustment.pollEvents('c1')).rejects.toThrow("委托执行管理系统 GET /events 的应答中 events[0].type 'hearing' 不是已知的答复类型");
  });
});
