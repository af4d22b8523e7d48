/**
 * Banks' 协助执行 for online 冻结, 扣划, 续冻 and 解冻 (网络执行查控, NQ 3, 9). Every request
 * carries an idempotency key: a bank that sees the same key again answers with the earlier
 * result, so a redelivered job never freezes or deducts twice. `BankSimulator` is the
 * deterministic local stand-in; `BankHttpClient` is used when `BANK_URL` is set.
 */
import crypto from 'node:crypto';
import type { WorkerContext } from '../../core/context.js';
import { simulatedAssets } from '../inquiry/inquiry-adapter.js';

export interface FreezeRequest {
  idempotencyKey: string;
  caseNumber: string;
  /** account number (FoundAsset.reference) */
  account: string;
  holderIdNumber: string;
  /** the most to freeze, 元 */
  amount: number;
  /** ISO date-time the freeze ends unless renewed */
  until: string;
}

export interface Freeze {
  freezeId: string;
  account: string;
  institution: string;
  frozenAmount: number;
  until: string;
  state: 'frozen' | 'deducted' | 'released';
  deductedAmount: number;
}

export interface BankAdapter {
  readonly name: string;
  freeze(request: FreezeRequest): Promise<Freeze>;
  deduct(request: { idempotencyKey: string; freezeId: string; amount: number }): Promise<Freeze>;
  renew(request: { idempotencyKey: string; freezeId: string; until: string }): Promise<Freeze>;
  release(request: { idempotencyKey: string; freezeId: string }): Promise<Freeze>;
}

/**
 * Accounts and balances are those `InquirySimulator` reports for the holder's idNumber, so an
 * account found by the inquiry can be frozen here. State is kept in memory per worker process.
 */
export class BankSimulator implements BankAdapter {
  readonly name = 'BankSimulator';
  /** every freeze made, by freezeId */
  readonly freezes = new Map<string, Freeze>();
  private readonly answered = new Map<string, Freeze>();
  private readonly balances = new Map<string, number>();

  private balanceOf(account: string, idNumber: string): { balance: number; institution: string } {
    const asset = simulatedAssets('总对总', { name: '', idNumber }).find((a) => a.reference === account && a.kind === 'deposit');
    if (!asset) throw new Error(`银行（本地模拟器）：${idNumber} 名下没有账户 ${account}`);
    if (!this.balances.has(account)) this.balances.set(account, asset.amount ?? 0);
    return { balance: this.balances.get(account)!, institution: asset.institution };
  }

  private once(key: string, act: () => Freeze): Freeze {
    const earlier = this.answered.get(key);
    if (earlier) return { ...this.freezes.get(earlier.freezeId)! };
    const result = act();
    this.answered.set(key, result);
    return { ...result };
  }

  private existing(freezeId: string): Freeze {
    const freeze = this.freezes.get(freezeId);
    if (!freeze) throw new Error(`银行（本地模拟器）：找不到冻结 ${freezeId}`);
    return freeze;
  }

  async freeze(r: FreezeRequest): Promise<Freeze> {
    return this.once(`freeze:${r.idempotencyKey}:${r.account}`, () => {
      const { balance, institution } = this.balanceOf(r.account, r.holderIdNumber);
      const alreadyFrozen = [...this.freezes.values()].filter((f) => f.account === r.account && f.state === 'frozen').reduce((s, f) => s + f.frozenAmount, 0);
      const frozenAmount = Math.max(0, Math.min(r.amount, balance - alreadyFrozen));
      const freeze: Freeze = { freezeId: `FRZ-${crypto.randomUUID().slice(0, 8)}`, account: r.account, institution, frozenAmount, until: r.until, state: 'frozen', deductedAmount: 0 };
      this.freezes.set(freeze.freezeId, freeze);
      return freeze;
    });
  }

  async deduct(r: { idempotencyKey: string; freezeId: string; amount: number }): Promise<Freeze> {
    return this.once(`deduct:${r.idempotencyKey}:${r.freezeId}`, () => {
      const freeze = this.existing(r.freezeId);
      if (freeze.state !== 'frozen') throw new Error(`银行（本地模拟器）：冻结 ${r.freezeId} 的状态为 ${freeze.state}，不能扣划`);
      const amount = Math.min(r.amount, freeze.frozenAmount);
      this.balances.set(freeze.account, (this.balances.get(freeze.account) ?? 0) - amount);
      Object.assign(freeze, { deductedAmount: amount, frozenAmount: freeze.frozenAmount - amount, state: 'deducted' });
      return freeze;
    });
  }

  async renew(r: { idempotencyKey: string; freezeId: string; until: string }): Promise<Freeze> {
    return this.once(`renew:${r.idempotencyKey}:${r.freezeId}`, () => {
      const freeze = this.existing(r.freezeId);
      if (freeze.state !== 'frozen') throw new Error(`银行（本地模拟器）：冻结 ${r.freezeId} 的状态为 ${freeze.state}，不能续冻`);
      freeze.until = r.until;
      return freeze;
    });
  }

  async release(r: { idempotencyKey: string; freezeId: string }): Promise<Freeze> {
    return this.once(`release:${r.idempotencyKey}:${r.freezeId}`, () => {
      const freeze = this.existing(r.freezeId);
      freeze.state = 'released';
      return freeze;
    });
  }
}

/** the banks' gateway over HTTP: POST {url}/{freezes|deductions|renewals|releases} with the request as JSON → Freeze */
export class BankHttpClient implements BankAdapter {
  readonly name = 'BankHttpClient';
  constructor(private readonly url: string) {}
  private async call(path: string, body: unknown): Promise<Freeze> {
    const response = await fetch(`${this.url.replace(/\/$/, '')}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`银行协助执行网关 ${this.url}/${path} 应答 HTTP ${response.status}：${await response.text()}`);
    return (await response.json()) as Freeze;
  }
  freeze(r: FreezeRequest) {
    return this.call('freezes', r);
  }
  deduct(r: { idempotencyKey: string; freezeId: string; amount: number }) {
    return this.call('deductions', r);
  }
  renew(r: { idempotencyKey: string; freezeId: string; until: string }) {
    return this.call('renewals', r);
  }
  release(r: { idempotencyKey: string; freezeId: string }) {
    return this.call('releases', r);
  }
}

export const getBank = (ctx: WorkerContext): BankAdapter =>
  ctx.courtSystems.get('bank', (config) => (config.env.BANK_URL ? new BankHttpClient(config.env.BANK_URL) : new BankSimulator()));
