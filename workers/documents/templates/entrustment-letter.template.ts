/** 委托执行函: to the court where the property is (`entrustedCourt`, `entrustedMatter`) */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '委托执行函',
  addressee: (d) => `${d.required<string>('entrustedCourt')}：`,
  body: (d) => [
    `本院受理的${d.applicant.name}申请执行${d.respondentNames}一案（${d.caseNumber}），执行依据为${d.basisText}，执行标的额${d.claimAmountText}。因被执行人的财产在你院辖区，依照《最高人民法院关于委托执行若干问题的规定》，特委托你院${d.variables.entrustedMatter ?? '执行'}。`,
    '随函附送立案审批表、执行依据副本、申请执行书、被执行人财产状况等材料。请你院在收到委托函件后十五日内立案，并将执行结果及时函告本院。',
  ],
  closing: () => ['附：委托执行材料清单一份'],
});
