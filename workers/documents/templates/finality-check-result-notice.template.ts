/** 终本后财产查询结果告知书: the 6-monthly check after 终本 and its result, to the applicant (ZB 9) */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '终本后财产查询结果告知书',
  heading: '财产查询结果告知书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => {
    const check = d.variables.lastCheck ?? {};
    return [
      `你（单位）申请执行${d.respondentNames}一案，本院已裁定终结本次执行程序。依照《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第九条的规定，本院于${d.dateText(check.checkedAt)}通过网络执行查控系统对被执行人的财产进行了第${check.checkNumber ?? '　'}次查询。`,
      check.propertyFound ? `查询发现被执行人有可供执行的财产：${(check.assets ?? []).map((a: { description?: string }) => a.description).join('；')}。本院将依法恢复执行。` : '本次查询未发现被执行人有可供执行的财产。',
      '你（单位）发现被执行人有可供执行财产的，可以随时向本院提供财产线索或申请恢复执行；申请恢复执行不受申请执行时效期间的限制。',
    ];
  },
});
