/** 受托立案通知书 (EN 7): to the `entrustingCourt`, with our `entrustedCaseNumber` and `caseOfficer`. */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '受托立案通知书',
  heading: '立案通知书',
  addressee: (d) => `${d.required<string>('entrustingCourt')}：`,
  body: (d) => [
    `你院${d.variables.entrustingCaseNumber ?? d.caseNumber}号委托执行函及材料收悉。经审查，本院已立案执行，案号为${d.required<string>('entrustedCaseNumber')}，承办人为${d.required<string>('caseOfficer')}。`,
    '本院将依法执行，并及时将执行情况函告你院。',
  ],
});
