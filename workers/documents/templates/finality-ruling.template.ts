/** 终本裁定书: 终结本次执行程序 (最高人民法院《关于严格规范终结本次执行程序的规定（试行）》) */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

export default defineTemplate({
  kind: '终本裁定书',
  heading: '执行裁定书',
  body: (d) => [
    `申请执行人：${d.applicant.name}。`,
    `被执行人：${d.respondentNames}。`,
    `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），已向被执行人发出执行通知书、报告财产令，通过网络执行查控系统和传统查控方式对被执行人的财产进行了调查，已采取限制消费措施并将符合条件的被执行人纳入失信被执行人名单。本案已执行到位${formatAmount(d.variables.amountRecovered ?? 0)}。`,
    '经调查，未发现被执行人有其他可供执行的财产。申请执行人已知悉本次执行程序的终结。依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条的规定，裁定如下：',
    `终结本次执行程序。申请执行人发现被执行人有可供执行财产的，可以再次申请执行。再次申请不受申请执行时效期间的限制。`,
    '本裁定送达后立即生效。',
  ],
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
