/** 执行通知书: to each respondent, ordering performance */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '执行通知书',
  addressee: (d) => `${d.respondentNames}：`,
  body: (d) => [
    `${d.applicant.name}与你（单位）一案，${d.basisText}已经发生法律效力。申请执行人${d.applicant.name}向本院申请强制执行，本院已于立案后依法受理，案号为${d.caseNumber}。`,
    `依照《中华人民共和国民事诉讼法》第二百五十一条的规定，责令你（单位）自收到本通知之日起立即履行生效法律文书确定的义务：支付${d.claimAmountText}，并负担迟延履行期间的债务利息及执行费用。`,
    '逾期不履行的，本院将依法强制执行，并可依法将你（单位）纳入失信被执行人名单、限制高消费。',
  ],
});
