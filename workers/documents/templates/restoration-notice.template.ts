/** 恢复执行通知书: the case resumes (执恢), to the respondents */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '恢复执行通知书',
  addressee: (d) => `${d.respondentNames}：`,
  body: (d) => [
    `${d.applicant.name}申请执行你（单位）一案，本院${d.variables.originalCaseNumber ? `曾以${d.variables.originalCaseNumber}号` : ''}裁定终结本次执行程序。现因${d.variables.restorationReason ?? '发现被执行人有可供执行的财产'}，本院依法恢复执行，案号为${d.caseNumber}。`,
    '责令你（单位）自收到本通知之日起立即履行生效法律文书确定的义务。逾期不履行的，本院将依法强制执行。',
  ],
});
