/** 受理通知书: to the applicant, the case is accepted and numbered */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '受理通知书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => [
    `你（单位）申请执行${d.respondentNames}一案，申请执行依据为${d.basisText}，申请执行标的额${d.claimAmountText}。经审查，符合受理条件，本院决定立案执行，案号为${d.caseNumber}。`,
    '请你（单位）在收到本通知后，积极向本院提供被执行人的财产线索，并注意本案承办人的联系方式。执行过程中如有新的财产线索，可随时向本院提交。',
  ],
});
