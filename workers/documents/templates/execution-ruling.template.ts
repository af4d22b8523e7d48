/**
 * 执行裁定书 for a measure on property: header or variable `measure` is 冻结, 扣划 or 查封;
 * `measureAmount` (元), `measureAsset` (a text such as 中国银行桐柏支行账户 6216…), `measureTerm`
 * (years) complete it.
 */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';
import { shown } from '../../core/failure-text.js';

const MEASURES: Record<string, string> = { 冻结: '冻结', 扣划: '扣划', 查封: '查封', 扣押: '扣押' };

export default defineTemplate({
  kind: '执行裁定书',
  body: (d) => {
    const measure = String(d.headers.measure ?? d.variables.measure ?? '');
    if (!MEASURES[measure]) throw new Error(`流程变量或任务头 measure 应为 ${Object.keys(MEASURES).join('、')} 之一，实际为 ${shown(measure)}`);
    const asset = String(d.variables.measureAsset ?? '被执行人的财产');
    const amount = formatAmount(d.variables.measureAmount ?? d.variables.claimAmount);
    const term = d.variables.measureTerm ? `，期限为${d.variables.measureTerm}年` : '';
    const ordered =
      measure === '扣划'
        ? `扣划被执行人${d.respondentNames}在${asset}的存款${amount}。`
        : measure === '冻结'
          ? `冻结被执行人${d.respondentNames}在${asset}的存款${amount}${term}。`
          : `${measure}被执行人${d.respondentNames}名下的${asset}${term}。`;
    return [
      `申请执行人：${d.applicant.name}。`,
      `被执行人：${d.respondentNames}。`,
      `本院依据${d.basisText}，于立案后受理申请执行人${d.applicant.name}申请执行被执行人${d.respondentNames}一案。被执行人未按执行通知履行法律文书确定的义务。依照《中华人民共和国民事诉讼法》第二百五十三条、第二百五十四条的规定，裁定如下：`,
      ordered,
      '本裁定立即执行。',
    ];
  },
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
