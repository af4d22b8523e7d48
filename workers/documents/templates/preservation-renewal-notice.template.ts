/** 保全续行提示书: the renewal warning before a measure's term ends (PP 18) */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '保全续行提示书',
  addressee: (d) => `${d.applicant.name}：`,
  body: (d) => [
    `本院对${d.respondentNames}采取的财产保全措施（${d.variables.measure?.target ?? d.variables.measureTarget ?? ''}）将于${d.dateText(d.required('measureExpiresAt'))}期限届满。`,
    '如需继续保全，请于保全期限届满七日前向本院书面申请续行保全；期限届满未续行的，保全措施自动失效。',
  ],
});
