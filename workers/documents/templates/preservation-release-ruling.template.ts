/** 解除保全裁定书: 民事裁定书（解除保全）, PP 23 — `releaseReason` */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '解除保全裁定书',
  heading: '民事裁定书',
  body: (d) => [
    `申请人：${d.applicant.name}。`,
    `被申请人：${d.respondentNames}。`,
    `本院在${d.caseNumber}财产保全一案中，已对被申请人${d.respondentNames}的财产（${d.variables.measure?.target ?? d.variables.measureTarget ?? ''}）采取保全措施。现因${d.required<string>('releaseReason')}，依照《最高人民法院关于人民法院办理财产保全案件若干问题的规定》第二十三条的规定，裁定如下：`,
    `解除对被申请人${d.respondentNames}上述财产的保全措施。`,
    '本裁定立即开始执行。',
  ],
});
