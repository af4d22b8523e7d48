/** 事项委托函 (EN 2 ¶2, 4 ¶2): one act (`entrustedMatter`) asked of `entrustedCourt`. */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '事项委托函',
  addressee: (d) => `${d.required<string>('entrustedCourt')}：`,
  body: (d) => [
    `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），需在你院辖区内办理下列事项：${d.required<string>('entrustedMatter')}。`,
    '现通过执行指挥中心综合管理平台委托你院协助办理，请办结后及时将结果回复本院。',
  ],
});
