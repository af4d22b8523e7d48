/** 委托评估函 (RP 16–19): to the chosen `appraiser`, for `asset` ({ description, location }). */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '委托评估函',
  addressee: (d) => `${d.required<string>('appraiser')}：`,
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string; location?: string };
    return [
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），需确定下列财产的处置参考价。经${d.variables.appraiserSelection === 'lottery' ? '摇号' : '当事人协商'}确定，委托你单位进行评估。`,
      `评估标的：${asset.description ?? '（财产）'}，坐落（存放）于${asset.location ?? '（所在地）'}。`,
      `请你单位在收到本函之日起三十日内出具评估报告；需要延长期限的，应当在期限届满五日前书面申请，每次延长十五日，最多两次。`,
    ];
  },
  closing: () => ['附：财产权属及现状调查材料'],
});
