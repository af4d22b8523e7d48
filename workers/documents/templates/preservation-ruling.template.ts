/** 保全裁定书: 民事裁定书（财产保全）, CPL 103/104; PP 4, 5 — the measure (`measureType`, `measureTarget`) and the security given */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

const KINDS: Record<string, string> = { 'pre-suit': '诉前财产保全', 'in-suit': '诉讼财产保全', 'pre-enforcement': '执行前财产保全' };
const MEASURES: Record<string, string> = { deposit: '冻结', movables: '查封、扣押', 'real-estate': '查封' };

export default defineTemplate({
  kind: '保全裁定书',
  heading: '民事裁定书',
  body: (d) => {
    const kind = KINDS[d.variables.preservationKind] ?? '财产保全';
    const measure = MEASURES[d.variables.measureType] ?? '查封、扣押、冻结';
    const security = typeof d.variables.securityAmount === 'number' && d.variables.securityAmount > 0 ? `，并提供了${formatAmount(d.variables.securityAmount)}的担保` : '';
    return [
      `申请人：${d.applicant.name}。`,
      `被申请人：${d.respondentNames}。`,
      `申请人${d.applicant.name}向本院申请${kind}，请求对被申请人${d.respondentNames}价值${d.claimAmountText}的财产采取保全措施${security}。`,
      `本院经审查认为，申请人的申请符合法律规定。依照《中华人民共和国民事诉讼法》第一百零三条${d.variables.preservationKind === 'pre-suit' ? '、第一百零四条' : ''}、第一百零五条的规定，裁定如下：`,
      `${measure}被申请人${d.respondentNames}名下${d.required<string>('measureTarget')}，以价值${d.claimAmountText}为限。`,
      '本裁定立即开始执行。如不服本裁定，可以自收到裁定书之日起五日内向本院申请复议一次。复议期间不停止裁定的执行。',
    ];
  },
});
