/**
 * What an applicant may see of a case (operating plan: 申请执行人通过密码查询被执行人财产查控情况、
 * 财产处置情况): read from the case row, the variables and elements of the case's process
 * instances (the root and the processes it called) and the document store. Amounts and counts
 * only: no staff, no account or identity numbers, no internal notes.
 */
import type { DocumentStore } from '../../../../common/document-store.js';
import type { cases } from '../../db/schema.js';
import type { ElementInstance, EngineClient, ProcessInstance, Variable } from '../../plugins/engine-client.js';
import type { PublicStatus } from '../../schemas/public.js';
import { searchAll } from '../../services/monitoring.js';

type CaseRow = typeof cases.$inferSelect;
type Engine = Pick<EngineClient, 'request'>;

/** the stage the applicant sees: the process the case is in, not the task */
const PUBLIC_STAGES: Record<string, string> = {
  intake: '立案',
  'asset-control': '财产查控',
  entrustment: '委托执行',
  auction: '财产处置（司法网拍）',
  'credit-sanctions': '失信惩戒 / 限制消费',
  'finality-review': '终结本次执行程序',
  restoration: '恢复执行',
  preservation: '财产保全',
};
/** which processes outrank others when several run at once (the later step of the case wins) */
const STAGE_ORDER = ['intake', 'asset-control', 'entrustment', 'credit-sanctions', 'auction', 'finality-review', 'restoration', 'preservation'];

const AUCTION_RESULTS: Record<string, string> = {
  sold: '拍卖成交',
  offsetDebt: '以物抵债',
  soldByNegotiation: '变卖成交',
  unsold: '未能处置',
};

const ASSET_KINDS: Record<string, string> = {
  deposit: '存款',
  vehicle: '车辆',
  'real-estate': '不动产',
  realEstate: '不动产',
  equity: '股权',
  movable: '动产',
  other: '其他',
};

const VARIABLES = ['assets', 'frozenAmount', 'seals', 'listing', 'auctionRound', 'auctionResult', 'proceeds'];

/** the root instance and every instance below it (call activities, multi-instance auctions) */
async function instancesOf(engine: Engine, rootKey: string, depth = 4): Promise<ProcessInstance[]> {
  const root = await engine.request<ProcessInstance>('GET', `/v2/process-instances/${encodeURIComponent(rootKey)}`);
  const all = [root];
  let level = [rootKey];
  for (let i = 0; i < depth && level.length > 0; i++) {
    const children = await searchAll<ProcessInstance>(engine, '/v2/process-instances/search', { filter: { parentProcessInstanceKey: { $in: level } } });
    all.push(...children);
    level = children.map((c) => c.processInstanceKey);
  }
  return all;
}

const parse = (v: Variable): unknown => {
  try {
    return JSON.parse(v.value);
  } catch {
    return undefined;
  }
};
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export async function publicStatus(engine: Engine, documents: DocumentStore, row: CaseRow): Promise<PublicStatus> {
  const closed = row.status !== 'open';
  const base = {
    caseNumber: row.caseNumber,
    caseType: row.caseType,
    closed,
    filedAt: row.filedAt.toISOString(),
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    claimAmount: Number(row.claimAmount),
    amountRecovered: Number(row.amountRecovered),
    documents: documents
      .listByCase(row.id)
      .map((d) => ({ kind: d.kind, issuedAt: d.createdAt }))
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)),
  };
  if (!row.processInstanceKey) {
    return {
      ...base,
      stage: row.status === 'canceled' ? '已撤销' : closed ? '已结案' : row.stage,
      inquiry: { queriesDone: 0, lastQueryAt: null, assetsFound: {} },
      disposal: { frozenAmount: 0, deductedAmount: Number(row.amountRecovered), sealedAssets: 0, auctions: [] },
    };
  }

  const instances = await instancesOf(engine, row.processInstanceKey);
  const keys = instances.map((i) => i.processInstanceKey);
  const [variables, queries] = await Promise.all([
    searchAll<Variable>(engine, '/v2/variables/search?truncateValues=false', { filter: { processInstanceKey: { $in: keys }, name: { $in: VARIABLES } } }),
    searchAll<ElementInstance>(engine, '/v2/element-instances/search', {
      filter: { processDefinitionId: 'asset-control', processInstanceKey: { $in: keys }, elementId: { $like: 'inquire*' }, state: 'COMPLETED' },
    }),
  ]);
  // each instance's own (process-scope) values
  const valuesOf = new Map<string, Map<string, unknown>>();
  for (const v of variables) {
    if (v.scopeKey !== v.processInstanceKey) continue;
    if (!valuesOf.has(v.processInstanceKey)) valuesOf.set(v.processInstanceKey, new Map());
    valuesOf.get(v.processInstanceKey)!.set(v.name, parse(v));
  }
  const ofKind = (processId: string) => instances.filter((i) => i.processDefinitionId === processId);
  // the newest asset-control run holds the current measures; the root has them once it returned
  const controls = ofKind('asset-control').sort((a, b) => (a.startDate ?? '').localeCompare(b.startDate ?? ''));
  const measureSource = valuesOf.get(controls.at(-1)?.processInstanceKey ?? '') ?? valuesOf.get(row.processInstanceKey) ?? new Map();

  const assetsFound: Record<string, number> = {};
  const assets = measureSource.get('assets');
  if (Array.isArray(assets)) {
    for (const a of assets as { kind?: unknown }[]) {
      const kind = ASSET_KINDS[String(a?.kind)] ?? '其他';
      assetsFound[kind] = (assetsFound[kind] ?? 0) + 1;
    }
  }
  const seals = measureSource.get('seals');
  const lastQuery = queries.map((q) => q.endDate).filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;

  const auctions = ofKind('auction').map((i) => {
    const values = valuesOf.get(i.processInstanceKey) ?? new Map<string, unknown>();
    const listing = (values.get('listing') ?? {}) as Record<string, unknown>;
    const result = str(values.get('auctionResult'));
    return {
      round: num(values.get('auctionRound')) ?? num(listing.round),
      status: result ? (AUCTION_RESULTS[result] ?? result) : i.state === 'ACTIVE' ? '进行中' : '已结束',
      startsAt: str(listing.startsAt),
      endsAt: str(listing.endsAt),
      startingPrice: num(listing.startingPrice),
      proceeds: result && result !== 'unsold' ? num(values.get('proceeds')) : null,
    };
  });

  const active = instances.filter((i) => i.state === 'ACTIVE').map((i) => i.processDefinitionId);
  const current = STAGE_ORDER.filter((id) => active.includes(id)).at(-1);
  const stage = row.status === 'canceled' ? '已撤销' : closed ? '已结案' : current ? PUBLIC_STAGES[current]! : '执行中';

  return {
    ...base,
    stage,
    inquiry: { queriesDone: queries.length, lastQueryAt: lastQuery, assetsFound },
    disposal: {
      frozenAmount: num(measureSource.get('frozenAmount')) ?? 0,
      deductedAmount: Number(row.amountRecovered),
      sealedAssets: Array.isArray(seals) ? seals.length : 0,
      auctions,
    },
  };
}
