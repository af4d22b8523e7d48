/**
 * credit.check-eligibility — 审查纳入条件. Whether the respondents may be listed as 失信 (SX 3: not
 * with adequate security or sufficient seized assets; SX 4: not a minor — also read from an
 * 18-digit 身份证号's birth date), and the listing's term (SX 2: ground 1 none; grounds 2–6
 * `listingTermYears`, default 2, at most 5 with the 1–3-year extension). 限制消费 alone needs only
 * the unperformed notice (XG 1) and is always allowed here.
 *
 * Variables: `sanctionType` ("restriction" | "blacklist"), `sanctionGround` ("1"–"6", for 失信),
 * `securityAdequate`, `seizedAssetsSufficient`, `debtorIsMinor`, `respondents`, `listingTermYears`.
 * Result: `listingAllowed`, `exclusionReasons` (list), `listingTermYears` (null without a term),
 * and for the 失信决定书 `dishonestyReason` and `dishonestyYears`.
 */
import { defineWorker } from '../core/define-worker.js';
import { respondentsOf, wrongVariable } from './credit-entries.js';
import { CREDIT_CHECK_ELIGIBILITY } from './job-types.js';

export const SX_GROUNDS: Record<string, string> = {
  '1': '有履行能力而拒不履行生效法律文书确定的义务',
  '2': '以伪造证据、暴力、威胁等方法妨碍、抗拒执行',
  '3': '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
  '4': '违反财产报告制度',
  '5': '违反限制消费令',
  '6': '无正当理由拒不履行执行和解协议',
};

/** age in whole years on `at` from an 18-digit 居民身份证号码, or undefined */
export function ageFromIdNumber(idNumber: string | undefined, at: Date): number | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(idNumber ?? '');
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = at.getUTCFullYear() - year;
  if (at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day)) age--;
  return age;
}

export default defineWorker<Record<string, any>>({
  type: CREDIT_CHECK_ELIGIBILITY,
  description: '失信/限高纳入条件审查 (SX 1–4)',
  handler(job, ctx) {
    const v = job.variables;
    if (v.sanctionType !== 'restriction' && v.sanctionType !== 'blacklist') {
      throw new Error(wrongVariable('sanctionType', 'restriction（限制消费）或 blacklist（纳入失信被执行人名单）', v.sanctionType));
    }
    const respondents = respondentsOf(v);
    if (v.sanctionType === 'restriction') {
      return { listingAllowed: true, exclusionReasons: [], listingTermYears: null, dishonestyYears: null };
    }
    const ground = String(v.sanctionGround ?? '');
    if (!SX_GROUNDS[ground]) throw new Error(wrongVariable('sanctionGround', '1–6 之一（SX 1 纳入失信名单的情形）', v.sanctionGround));
    const exclusionReasons: string[] = [];
    if (v.securityAdequate === true) exclusionReasons.push('已提供充分有效担保（SX 3）');
    if (v.seizedAssetsSufficient === true) exclusionReasons.push('已查封、扣押、冻结的财产足以清偿（SX 3）');
    const minors = respondents.filter((r) => r.kind !== 'organization' && (ageFromIdNumber(r.idNumber, ctx.now()) ?? 18) < 18);
    if (v.debtorIsMinor === true || minors.length > 0) {
      exclusionReasons.push(`被执行人${minors.length ? minors.map((r) => r.name).join('、') : ''}为未成年人（SX 4）`);
    }
    let listingTermYears: number | null = null;
    if (ground !== '1') {
      listingTermYears = v.listingTermYears ?? 2;
      if (!Number.isInteger(listingTermYears) || listingTermYears! < 2 || listingTermYears! > 5) {
        throw new Error(wrongVariable('listingTermYears', '2 至 5 年的整数（SX 2：纳入期限 2 年，可延长 1 至 3 年）', v.listingTermYears));
      }
    }
    return {
      listingAllowed: exclusionReasons.length === 0,
      exclusionReasons,
      listingTermYears,
      dishonestyReason: SX_GROUNDS[ground],
      dishonestyYears: listingTermYears,
    };
  },
});
