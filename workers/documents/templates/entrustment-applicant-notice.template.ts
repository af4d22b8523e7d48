/** 委托执行告知书 (EN 7): tells the applicant the case went to `entrustedCourt` (case number `entrustedCaseNumber`). */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '委托执行告知书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => [
    `你申请执行${d.respondentNames}一案（${d.caseNumber}），因被执行人在本院辖区内无可供执行的财产，其财产在${d.required<string>('entrustedCourt')}辖区，本院已依照《最高人民法院关于委托执行若干问题的规定》委托该院执行。`,
    `受托法院已立案，案号为${d.variables.entrustedCaseNumber ?? '（待告知）'}${d.variables.entrustedOfficer ? `，承办人为${d.variables.entrustedOfficer}` : ''}。此后执行事项请与受托法院联系。`,
    '受托法院自收到委托函件之日起六个月内未执行完毕的，你可以向其上级人民法院申请提级执行或者指定执行。',
  ],
});
