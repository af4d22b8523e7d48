/**
 * 网络查控 inquiry: the SPC's 总对总 system (banks, securities, payment platforms, vehicles,
 * 工商) and the province's 点对点 system (不动产, 户籍, 公积金, 税务). Neither is reachable from
 * here: `InquirySimulator` answers deterministically, and `InquiryHttpClient` is used when
 * `INQUIRY_URL` is set.
 */
import type { WorkerContext } from '../../core/context.js';

export type InquirySystem = '总对总' | '点对点';
export const INQUIRY_SYSTEMS: InquirySystem[] = ['总对总', '点对点'];

export type AssetKind = 'deposit' | 'securities' | 'vehicle' | 'real-estate' | 'equity' | 'housing-fund';

export interface Respondent {
  name: string;
  idNumber: string;
  kind?: 'person' | 'organization';
}

export interface FoundAsset {
  /** stable id of the asset (system, holder, account or registration number) */
  id: string;
  kind: AssetKind;
  system: InquirySystem;
  holder: string;
  idNumber: string;
  /** bank, registry or company */
  institution: string;
  /** bank account, plate or certificate number */
  reference: string;
  description: string;
  /** deposits: the balance in 元; other assets: an estimated value, when known */
  amount?: number;
}

export interface InquiryAdapter {
  readonly name: string;
  inquire(system: InquirySystem, respondent: Respondent, caseNumber: string): Promise<FoundAsset[]>;
}

/**
 * Deterministic local simulator, chosen by the last character of the idNumber (X counts as 0),
 * so tests and demos pick their path by the respondent they register:
 *
 * | last digit | 总对总 | 点对点 |
 * |---|---|---|
 * | 0, 1, 2 | nothing | nothing |
 * | 3 | deposit 20,000 at 中国农业银行桐柏县支行 | nothing |
 * | 4 | deposits 150,000 (农行) and 60,000 (桐柏农商银行) | nothing |
 * | 5 | deposit 5,000 (农行) | nothing |
 * | 6 | vehicle 豫R·6xxxx | real estate (桐柏县城关镇) |
 * | 7 | nothing | real estate |
 * | 8, 9 | deposit 30,000 (农行) | real estate |
 */
export class InquirySimulator implements InquiryAdapter {
  readonly name = 'InquirySimulator';

  async inquire(system: InquirySystem, respondent: Respondent, _caseNumber: string): Promise<FoundAsset[]> {
    return simulatedAssets(system, respondent);
  }
}

const lastDigit = (idNumber: string) => {
  const c = idNumber.trim().slice(-1).toUpperCase();
  return c === 'X' ? 0 : Number.parseInt(c, 10) || 0;
};

export function simulatedAssets(system: InquirySystem, r: Respondent): FoundAsset[] {
  const d = lastDigit(r.idNumber);
  const tail = r.idNumber.slice(-6);
  const deposit = (bank: string, code: string, amount: number): FoundAsset => ({
    id: `deposit:${code}${tail}`,
    kind: 'deposit',
    system,
    holder: r.name,
    idNumber: r.idNumber,
    institution: bank,
    reference: `${code}${tail}`,
    description: `${bank}账户 ${code}${tail}`,
    amount,
  });
  if (system === '总对总') {
    if (d === 3) return [deposit('中国农业银行桐柏县支行', '622848', 20000)];
    if (d === 4) return [deposit('中国农业银行桐柏县支行', '622848', 150000), deposit('桐柏农村商业银行', '621779', 60000)];
    if (d === 5) return [deposit('中国农业银行桐柏县支行', '622848', 5000)];
    if (d === 8 || d === 9) return [deposit('中国农业银行桐柏县支行', '622848', 30000)];
    if (d === 6) {
      return [{ id: `vehicle:豫R${tail}`, kind: 'vehicle', system, holder: r.name, idNumber: r.idNumber, institution: '南阳市公安局交通管理支队', reference: `豫R·6${tail.slice(-4)}`, description: `小型轿车 豫R·6${tail.slice(-4)}`, amount: 80000 }];
    }
    return [];
  }
  if (d >= 6) {
    return [{
      id: `real-estate:${tail}`,
      kind: 'real-estate',
      system,
      holder: r.name,
      idNumber: r.idNumber,
      institution: '桐柏县不动产登记中心',
      reference: `豫(2020)桐柏县不动产权第00${tail}号`,
      description: `桐柏县城关镇淮源大道${Number(tail.slice(-3))}号房产`,
      amount: 300000,
    }];
  }
  return [];
}

/** the court's inquiry gateway over HTTP: POST {url}/inquiries { system, respondent, caseNumber } → { assets } */
export class InquiryHttpClient implements InquiryAdapter {
  readonly name = 'InquiryHttpClient';
  constructor(private readonly url: string) {}

  async inquire(system: InquirySystem, respondent: Respondent, caseNumber: string): Promise<FoundAsset[]> {
    const response = await fetch(`${this.url.replace(/\/$/, '')}/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ system, respondent, caseNumber }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`网络查控系统 ${this.url} 应答 HTTP ${response.status}：${await response.text()}`);
    const body = (await response.json()) as { assets?: FoundAsset[] };
    if (!Array.isArray(body.assets)) throw new Error(`网络查控系统 ${this.url} 的应答缺少 assets 列表`);
    return body.assets;
  }
}

export const getInquirySystem = (ctx: WorkerContext): InquiryAdapter =>
  ctx.courtSystems.get('inquiry', (config) => (config.env.INQUIRY_URL ? new InquiryHttpClient(config.env.INQUIRY_URL) : new InquirySimulator()));
