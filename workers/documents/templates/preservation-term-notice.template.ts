/** 保全期限告知书: tells the applicant when the measure expires and how to renew it (PP 18) */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '保全期限告知书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => {
    const measure = d.variables.measure ?? {};
    return [
      `你（单位）申请对${d.respondentNames}采取的财产保全措施，本院已于${d.dateText(measure.startedAt)}${measure.measureName ?? '采取保全措施'}（${measure.target ?? d.variables.measureTarget ?? ''}）。`,
      `该保全措施的期限至${d.dateText(d.required('measureExpiresAt'))}届满。依照《最高人民法院关于人民法院办理财产保全案件若干问题的规定》第十八条的规定，申请保全人申请续行财产保全的，应当在保全期限届满七日前向本院提出；逾期申请或者不申请的，自行承担不能续行保全的法律后果。`,
    ];
  },
});
