/** 提供被执行人财产状况通知书: to the applicant, asking for the respondent's property leads */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '提供被执行人财产状况通知书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => [
    `本院受理的你（单位）申请执行${d.respondentNames}一案（${d.caseNumber}），依照《最高人民法院关于民事执行中财产调查若干问题的规定》第一条的规定，申请执行人应当提供被执行人的财产线索。`,
    '请你（单位）在收到本通知之日起七日内，向本院书面提供所了解的被执行人的财产状况或者财产线索（包括银行存款、不动产、车辆、股权、到期债权等），并说明来源。',
  ],
});
